"""What the records of a source already state, so that drafting it again marks those proposals.

A curator may draft a source that already has records (the seed article, or a second pass
after a first review). Proposals the records already state are kept, marked
``recorded``, so the draft still shows everything the text says, and an accept by kind
never records a fact twice. What "the same fact" means is each kind's ``recorded`` key in
``civicgraph.facts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicgraph.evidence import find_occurrences
from civicgraph.facts import BY_NAME, FACT_KINDS
from civicgraph.ingest.matching import EntityIndex
from civicgraph.ingest.proposals import Proposal
from civicgraph.io import read_yaml
from civicgraph.mentions import TextMention, is_cited

_Span = tuple[int, int]


@dataclass
class RecordedFacts:
    """The keys one records file states, by kind, each with the spans of its evidence."""

    spans: dict[tuple[str, tuple[str, ...]], list[_Span]] = field(default_factory=dict)

    def spans_by_entity(self) -> dict[str, list[_Span]]:
        """The spans of the facts naming each entity: what coverage counts as citing it."""
        return {key[0]: spans for (kind, key), spans in self.spans.items() if kind == "mention"}


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
        for kind in FACT_KINDS:
            for key in kind.record_keys(fact):
                recorded.spans.setdefault((kind.name, key), []).extend(spans)
    return recorded


def is_recorded(
    proposal: Proposal,
    item: Mapping[str, Any] | None,
    recorded: RecordedFacts,
    index: EntityIndex,
) -> bool:
    """Whether the records already state what ``proposal`` proposes (``item``: its
    records-format fact, ``drafts.record_form``); a mention as coverage counts it cited
    (``civicgraph.mentions.is_cited``), so a name inside a cited name of what it is part of
    is recorded too."""
    kind = BY_NAME[proposal.kind]
    if kind.name == "mention" and proposal.entity is not None:
        mention = TextMention(proposal.start, proposal.end, proposal.entity, proposal.quote)
        return is_cited(mention, recorded.spans_by_entity(), index)
    key = kind.proposal_key(item) if item is not None else None
    if kind.recorded is None or key is None:
        return False
    spans = recorded.spans.get((kind.name, key))
    if spans is None:
        return False
    return not kind.recorded.overlapping or any(
        s < proposal.end and proposal.start < e for s, e in spans
    )


def _spans(fact: dict[str, object], text: str) -> list[_Span]:
    spans: list[_Span] = []
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
