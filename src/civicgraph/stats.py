"""Count what the dataset holds: triples per graph, entities per class, facts, evidence, labels."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from civicgraph.sparql.text import load_sparql
from civicgraph.triplesource import Solutions, TripleSource, term_text


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


def _rows(source: TripleSource, name: str) -> Solutions:
    return source.select(load_sparql(name))


def _int(term: object) -> int:
    assert isinstance(term, ox.Literal)
    return int(term.value)


def collect_stats(source: TripleSource) -> DatasetStats:
    """Run the statistics queries on the dataset ``source`` holds."""
    iris = source.iris
    graph_prefix = iris.graph_prefix
    entities_graph = iris.graph("entities")
    source_prefix = iris.graph("source/")
    ontology_graph = iris.graph("ontology")
    # Past the graphs a request may name, an endpoint answers from its whole store: its
    # own graphs (Virtuoso's system graphs) are left out here.
    dataset = set(source.graphs())
    per_graph = {
        term_text(row["graph"]).removeprefix(graph_prefix): _int(row["triples"])
        for row in _rows(source, "triples_per_graph")
        if term_text(row["graph"]) in dataset
    }
    per_class = {
        term_text(row["class"]): _int(row["entities"])
        for row in _rows(source, "entities_per_class")
        if term_text(row["graph"]) == entities_graph
    }
    facts: dict[str, tuple[int, int]] = {}
    for row in _rows(source, "facts_per_class"):
        if not term_text(row["graph"]).startswith(source_prefix):
            continue
        total, evidenced = facts.get(term_text(row["class"]), (0, 0))
        facts[term_text(row["class"])] = (
            total + _int(row["facts"]),
            evidenced + _int(row["withEvidence"]),
        )
    labels: dict[str, int] = {}
    for row in _rows(source, "labels_per_language"):
        if term_text(row["graph"]) != ontology_graph and term_text(row["graph"]) in dataset:
            language = term_text(row["language"])
            labels[language] = labels.get(language, 0) + _int(row["labels"])
    excerpts_rows = list(_rows(source, "excerpt_count"))
    return DatasetStats(
        triples_per_graph=per_graph,
        entities_per_class=per_class,
        facts_per_class=facts,
        labels_per_language=labels,
        excerpts=_int(excerpts_rows[0]["excerpts"]) if excerpts_rows else 0,
    )
