"""Check that a built dataset cites every sentence of its sources and every name in them.

Joins the mention finder (``mentions``) with the excerpts the build emitted: a name of a
known entity in a source is covered when an excerpt of some fact about that entity
overlaps it; a sentence is covered when any excerpt overlaps it.
"""

from __future__ import annotations

from civicgraph.mentions import CoverageReport, check_coverage
from civicgraph.model import Corpus
from civicgraph.sparql.text import load_sparql
from civicgraph.triplesource import TripleSource, term_text


def check_corpus_coverage(corpus: Corpus, source: TripleSource) -> list[CoverageReport]:
    """One report per held source document of ``corpus``, against the facts ``source``
    holds."""
    spans: dict[str, dict[str, list[tuple[int, int]]]] = {}
    every: dict[str, list[tuple[int, int]]] = {}
    iris = source.iris
    document_prefix = iris.source("")
    answer = source.select(load_sparql("entity_evidence_spans"))
    for row in answer.rows:
        document_iri, entity, start, end = map(term_text, row)
        document = document_iri.removeprefix(document_prefix)
        entity_id = iris.id_of(entity)
        span = (int(start), int(end))
        every.setdefault(document, []).append(span)
        if entity_id is not None:
            spans.setdefault(document, {}).setdefault(entity_id, []).append(span)
    return [
        check_coverage(
            source.id,
            source.text,
            corpus.entities,
            language=source.language,
            spans_by_entity=spans.get(source.id, {}),
            all_spans=every.get(source.id, []),
        )
        for source in sorted(corpus.sources.values(), key=lambda s: s.id)
        if source.text is not None
    ]
