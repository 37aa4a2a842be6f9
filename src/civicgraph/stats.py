"""Count what the dataset holds: triples per graph, entities per class, facts, evidence, labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from civicgraph.iris import Iris
from civicgraph.sparql.text import load_sparql


@dataclass(frozen=True)
class DatasetStats:
    """Figures about a built dataset, keyed by short names (graph names, class IRIs)."""

    triples_per_graph: dict[str, int]
    entities_per_class: dict[str, int]
    facts_per_class: dict[str, tuple[int, int]]
    """class IRI → (facts, facts with evidence)."""
    labels_per_language: dict[str, int]
    excerpts: int

    @property
    def total_triples(self) -> int:
        return sum(self.triples_per_graph.values())

    @property
    def facts(self) -> int:
        return sum(total for total, _ in self.facts_per_class.values())

    @property
    def facts_with_evidence(self) -> int:
        return sum(evidenced for _, evidenced in self.facts_per_class.values())


class SparqlSource(Protocol):
    """Anything that answers SPARQL SELECT as Oxigraph solutions: the store or an endpoint."""

    def query(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...


def _rows(store: SparqlSource, name: str) -> list[ox.QuerySolution]:
    result = store.query(load_sparql(name))
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _int(term: object) -> int:
    assert isinstance(term, ox.Literal)
    return int(term.value)


def collect_stats(store: SparqlSource, *, iris: Iris) -> DatasetStats:
    """Run the statistics queries against the embedded store or a remote endpoint."""
    graph_prefix = iris.graph_prefix
    entities_graph = iris.graph("entities")
    source_prefix = iris.graph("source/")
    ontology_graph = iris.graph("ontology")
    per_graph = {
        str(row["graph"].value).removeprefix(graph_prefix): _int(row["triples"])
        for row in _rows(store, "triples_per_graph")
    }
    per_class = {
        str(row["class"].value): _int(row["entities"])
        for row in _rows(store, "entities_per_class")
        if row["graph"].value == entities_graph
    }
    facts: dict[str, tuple[int, int]] = {}
    for row in _rows(store, "facts_per_class"):
        if not str(row["graph"].value).startswith(source_prefix):
            continue
        total, evidenced = facts.get(str(row["class"].value), (0, 0))
        facts[str(row["class"].value)] = (
            total + _int(row["facts"]),
            evidenced + _int(row["withEvidence"]),
        )
    labels: dict[str, int] = {}
    for row in _rows(store, "labels_per_language"):
        if row["graph"].value != ontology_graph:
            language = str(row["language"].value)
            labels[language] = labels.get(language, 0) + _int(row["labels"])
    excerpts_rows = _rows(store, "excerpt_count")
    return DatasetStats(
        triples_per_graph=per_graph,
        entities_per_class=per_class,
        facts_per_class=facts,
        labels_per_language=labels,
        excerpts=_int(excerpts_rows[0]["excerpts"]) if excerpts_rows else 0,
    )
