"""What the records of a source already state, so that drafting it again marks those proposals.

A curator may draft a source that already has records (the seed article, or a second pass
after a first review). Proposals the records already state are kept, marked
``recorded``, so the draft still shows everything the text says, and an accept by kind
never records a fact twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from civicgraph.evidence import find_occurrences
from civicgraph.ingest.matching import EntityIndex
from civicgraph.ingest.proposals import ROLE_TERMS, Proposal
from civicgraph.io import read_yaml
from civicgraph.mentions import TextMention, is_cited


@dataclass
class RecordedFacts:
    """The spans, holdings, participations and quotes one records file states."""

    spans_by_entity: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    holdings: set[tuple[str, str]] = field(default_factory=set)
    participations: set[tuple[str, str]] = field(default_factory=set)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)


def read_recorded(records_path: Path, text: str) -> RecordedFacts:
    """The facts of ``records_path`` located in ``text``; nothing when the file does not exist."""
    recorded = RecordedFacts()
    if not records_path.is_file():
        return recorded
    document = read_yaml(records_path)
    facts = document.get("facts") if isinstance(document, dict) else None
    for fact in facts if isinstance(facts, list) else []:
        if not isinstance(fact, dict):
            continue
        spans = _spans(fact, text)
        for value in _ids(fact):
            recorded.spans_by_entity.setdefault(value, []).extend(spans)
        kind = fact.get("type")
        if kind == "PostHolding":
            recorded.holdings.add((str(fact.get("holder")), str(fact.get("post"))))
        elif kind == "Participation":
            roles = fact.get("participationRole")
            for role in roles if isinstance(roles, list) else [roles]:
                recorded.participations.add((str(fact.get("participant")), str(role)))
        elif kind == "Quote":
            recorded.quote_spans.extend(spans)
    return recorded


def is_recorded(proposal: Proposal, recorded: RecordedFacts, index: EntityIndex) -> bool:
    """Whether the records already state what ``proposal`` proposes; a mention as coverage
    counts it cited (``civicgraph.mentions.is_cited``)."""
    x = proposal.extra
    if proposal.kind == "mention" and proposal.entity is not None:
        mention = TextMention(proposal.start, proposal.end, proposal.entity, proposal.quote)
        return is_cited(mention, recorded.spans_by_entity, index)
    if proposal.kind == "post_holding":
        return (str(x["person"]), str(x["post"])) in recorded.holdings
    if proposal.kind == "participation":
        return (str(x["person"]), ROLE_TERMS[str(x["role"])]) in recorded.participations
    if proposal.kind == "quote":
        return _overlaps(proposal, recorded.quote_spans)
    return False


def _overlaps(proposal: Proposal, spans: list[tuple[int, int]]) -> bool:
    return any(s < proposal.end and proposal.start < e for s, e in spans)


def _ids(fact: dict[str, object]) -> set[str]:
    ids: set[str] = set()
    for key, value in fact.items():
        if key in ("evidence", "note"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and "/" in item and " " not in item:
                ids.add(item)
    return ids


def _spans(fact: dict[str, object], text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    evidence = fact.get("evidence")
    for item in evidence if isinstance(evidence, list) else []:
        quote = item.get("quote") if isinstance(item, dict) else None
        if not isinstance(quote, str) or not quote:
            continue
        starts = find_occurrences(text, quote)
        occurrence = item.get("occurrence")
        if isinstance(occurrence, int) and 0 < occurrence <= len(starts):
            starts = [starts[occurrence - 1]]
        spans.extend((start, start + len(quote)) for start in starts)
    return spans
