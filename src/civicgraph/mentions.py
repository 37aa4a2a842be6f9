"""Find where a source names a known entity, Kazakh endings included, and check coverage.

A curated record is the source of truth, but a curator can miss a sentence or a name.
This module finds the spans where the text names an entity of the authority file, with
the name matcher drafting uses (``civicgraph.ingest.matching``: Парламентінің, БҰҰДБ-ның,
«Маулена Ашимбаева», UNDP's), and reports the ones no fact about that entity cites, the
sentences no evidence touches, and the sentences only partly cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from civicgraph.ingest.matching import EntityIndex
from civicgraph.model import Entity

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")

MIN_CITED_SHARE = 0.75
"""A sentence with less of its letters inside excerpts than this is reported as partly
cited: each clause of a sentence usually states a fact, so a dropped fact shows up here
even when its words name no entity of the authority file."""


@dataclass(frozen=True, order=True)
class TextMention:
    """A span of a source text that names an entity."""

    start: int
    end: int
    entity_id: str
    surface: str
    """The words as the text writes them (inflected)."""


@dataclass(frozen=True)
class CoverageReport:
    """What a source states that its records do not cite."""

    source_id: str
    mentions: tuple[TextMention, ...]
    uncovered_mentions: tuple[TextMention, ...]
    uncovered_sentences: tuple[tuple[int, int, str], ...]
    partly_cited_sentences: tuple[tuple[int, int, float, str], ...] = ()
    """(start, end, share of letters cited, text) of sentences cited below the threshold."""

    @property
    def complete(self) -> bool:
        return (
            not self.uncovered_mentions
            and not self.uncovered_sentences
            and not self.partly_cited_sentences
        )


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, as coverage counts them."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]


def find_mentions(
    text: str,
    entities: Iterable[Entity],
    *,
    language: str,
    index: EntityIndex | None = None,
) -> list[TextMention]:
    """Every span naming an entity by a label or alias in ``language``, as drafting finds them.

    A name inside a longer name of another entity ("Сенат" inside "Сенат Төрағасы") is a
    mention too, as drafting proposes it. A span two entities share names both.
    """
    index = index if index is not None else EntityIndex(entities, language)
    return sorted(
        TextMention(m.start, m.end, entity_id, text[m.start : m.end])
        for match in index.find(text)
        for m in (match, *match.inner)
        for entity_id in m.entity_ids
    )


def is_cited(
    mention: TextMention,
    spans_by_entity: Mapping[str, list[tuple[int, int]]],
    index: EntityIndex,
) -> bool:
    """Whether a fact cites the name: an excerpt of a fact about its entity overlaps it, or an
    excerpt holding it is of a fact about an entity whose own name names it — Kazakhstan in
    «БҰҰДБ-ның Қазақстандағы Тұрақты өкілі», cited for the representative's participation,
    the Senate in «Сенат Төрағасы», cited for the Chairman's holding."""
    start, end = mention.start, mention.end
    if any(s < end and start < e for s, e in spans_by_entity.get(mention.entity_id, ())):
        return True
    return any(
        mention.entity_id in index.parts(other) and any(s <= start and end <= e for s, e in spans)
        for other, spans in spans_by_entity.items()
    )


def check_coverage(
    source_id: str,
    text: str,
    entities: Mapping[str, Entity],
    *,
    language: str,
    spans_by_entity: Mapping[str, list[tuple[int, int]]],
    all_spans: Iterable[tuple[int, int]],
    min_cited_share: float = MIN_CITED_SHARE,
) -> CoverageReport:
    """Mentions no fact cites (``is_cited``); sentences without any evidence.

    ``spans_by_entity`` maps an entity id to the excerpts of the facts that name it
    (as subject, object or n-ary role); ``all_spans`` are every excerpt of the source.
    """
    index = EntityIndex(entities.values(), language)
    mentions = find_mentions(text, entities.values(), language=language, index=index)
    cited = {(m.start, m.end) for m in mentions if is_cited(m, spans_by_entity, index)}
    # A span two entities share is covered when a fact about either cites it: the curator
    # chose which one it names.
    uncovered = tuple(m for m in mentions if (m.start, m.end) not in cited)
    spans = list(all_spans)
    cited_chars = [False] * len(text)
    for start, end in spans:
        cited_chars[start:end] = [True] * (end - start)
    sentences: list[tuple[int, int, str]] = []
    partly: list[tuple[int, int, float, str]] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        letters = [i for i in range(match.start(), match.end()) if text[i].isalnum()]
        if not sentence or not letters:
            continue
        share = sum(cited_chars[i] for i in letters) / len(letters)
        if share == 0:
            sentences.append((match.start(), match.end(), sentence))
        elif share < min_cited_share:
            partly.append((match.start(), match.end(), share, sentence))
    return CoverageReport(
        source_id=source_id,
        mentions=tuple(mentions),
        uncovered_mentions=uncovered,
        uncovered_sentences=tuple(sentences),
        partly_cited_sentences=tuple(partly),
    )
