"""What a draft proposes: one typed value per proposal, and the draft of one source."""

from __future__ import annotations

from dataclasses import dataclass, field

from civicgraph.facts import KINDS

__all__ = ["KINDS", "Draft", "Proposal"]


@dataclass(frozen=True)
class Proposal:
    """One thing the text says, with the exact words that say it (``text[start:end] == quote``)."""

    kind: str
    entity: str | None
    """The authority id (or the proposed id of a new entity or event); ``None`` when ambiguous."""
    label: str
    type: str
    """Local name of the ``civ:`` class of what is proposed."""
    quote: str
    start: int
    end: int
    confidence: float
    why: str
    extra: dict[str, object] = field(default_factory=dict)
    """The keys of its kind: person, post, event, role, date, basis, status, speaker,
    candidates, spelling (docs/ingest.md)."""

    def as_dict(self, n: int) -> dict[str, object]:
        return {
            "n": n,
            "kind": self.kind,
            "entity": self.entity,
            "label": self.label,
            "type": self.type,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "why": self.why,
            **self.extra,
        }


@dataclass(frozen=True)
class Draft:
    """Every proposal for one held source, numbered from 1 in text order."""

    source_id: str
    language: str
    sha256: str
    published: str | None
    proposals: tuple[Proposal, ...]

    def numbered(self) -> list[tuple[int, Proposal]]:
        return list(enumerate(self.proposals, start=1))
