"""Check that a built dataset cites every sentence of its sources and every name in them.

Joins the mention finder (``mentions``) with the excerpts the build emitted: a name of a
known entity in a source is covered when an excerpt of some fact about that entity
overlaps it; a sentence is covered when any excerpt overlaps it.
"""

from __future__ import annotations

import pyoxigraph as ox

from civicgraph.iris import Iris
from civicgraph.mentions import CoverageReport, check_coverage
from civicgraph.model import Corpus
from civicgraph.sparql.text import load_sparql


def check_corpus_coverage(corpus: Corpus, store: ox.Store, *, iris: Iris) -> list[CoverageReport]:
    """One report per held source of ``corpus``, against the facts in ``store``."""
    spans: dict[str, dict[str, list[tuple[int, int]]]] = {}
    every: dict[str, list[tuple[int, int]]] = {}
    result = store.query(load_sparql("entity_evidence_spans"), use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    source_prefix = iris.source("")
    for row in result:
        document = str(row["document"].value).removeprefix(source_prefix)
        entity_id = iris.id_of(str(row["entity"].value))
        span = (int(row["start"].value), int(row["end"].value))
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
