"""Project the RDF dataset onto a networkx ``MultiDiGraph``: entities as nodes, facts as edges.

The projection reads the store with one SPARQL query per relation family (files under
``sparql/``), never by looping over every triple in Python, so it stays fast on large
stores (Oxigraph answers the joins). The view is documented in ``docs/analysis.md``:

* nodes are the entities of the authority graph (``<base>/graph/entities``) with their
  class, labels in kk/en/ru and reviewed Wikidata id (``skos:exactMatch`` in
  ``<base>/graph/links``);
* binary facts (reified ``civ:Assertion`` nodes in source graphs) between two entities
  are edges named by their predicate;
* n-ary facts (participation, post holding, mention, statements, programme–region role)
  are collapsed into labelled edges that keep their attributes (roles, capacity, status,
  dates, event) — or, with ``keep_nary``, kept as nodes of their own;
* ontology, provenance and label triples are never edges.

Every edge names the fact it comes from (``fact``) and its evidence (``evidence``: the
excerpt or source IRIs, space-separated; ``evidence_count``), so a path can be explained.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from civicgraph.analyse.sparql import load_query
from civicgraph.errors import QueryError
from civicgraph.facts import FACT_KINDS, FAMILIES, Edge, EdgeValue
from civicgraph.iris import Iris
from civicgraph.languages import LANGUAGES, fallback_order
from civicgraph.sparql.binding import bind_values
from civicgraph.terms import civ
from civicgraph.triplesource import TripleSource, term_text

BINARY = "binary"
"""The family of reified statements about entities: part of every view."""

NODE_ATTRIBUTES = ("kind", "type", "iri", "label_kk", "label_en", "label_ru", "wikidata")
"""Every node carries exactly these attributes (strings, ``""`` when unknown)."""

EDGE_TEXT_ATTRIBUTES = (
    "predicate",
    "family",
    "label_kk",
    "label_en",
    "label_ru",
    "fact",
    "fact_type",
    "evidence",
    "role",
    "capacity",
    "status",
    "start_date",
    "end_date",
    "event",
    "context",
)
"""Every edge carries these string attributes (``""`` when not applicable) and the
integer ``evidence_count``."""

Attributes = dict[str, Any]
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_Row = Mapping[str, _Term | None]


@dataclass(frozen=True)
class ProjectionView:
    """Which part of the dataset becomes the network, and how n-ary facts are shown."""

    keep_nary: bool = False
    """Keep n-ary facts as nodes (kind ``fact``) linked to what they mention."""
    families: frozenset[str] = field(default_factory=lambda: frozenset(FAMILIES))
    """Relation families to include (collapsed view); binary facts are always a family."""
    exclude_types: frozenset[str] = frozenset()
    """Entity classes (local names, e.g. ``Topic``) left out of the network."""

    def __post_init__(self) -> None:
        unknown = sorted(self.families - set(FAMILIES))
        if unknown:
            raise QueryError(
                f"unknown relation family {unknown[0]!r}", hint=f"choose from {', '.join(FAMILIES)}"
            )


DEFAULT_VIEW = ProjectionView()


@dataclass
class _Context:
    source: TripleSource
    bindings: dict[str, _Term]
    term_labels: dict[str, dict[str, str]]
    timeout: float | None = None

    @property
    def iris(self) -> Iris:
        return self.source.iris

    def rows(self, name: str) -> Iterator[dict[str, _Term | None]]:
        query = load_query(name)
        used = {var: value for var, value in self.bindings.items() if f"?{var}" in query}
        return iter(self.source.select(bind_values(query, used), timeout=self.timeout))

    def node_id(self, iri: str) -> str:
        """The ``kind/slug`` id for IRIs this base minted; other IRIs stay whole."""
        return self.iris.id_of(iri) or iri

    def labels(self, term: str) -> dict[str, str]:
        return self.term_labels.get(local_name(term), {})


def local_name(iri: str) -> str:
    """``https://w3id.org/civicgraph/ontology#partOf`` → ``partOf``."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _text(solution: _Row, name: str) -> str:
    return term_text(solution[name])


def _words(value: str) -> list[str]:
    return sorted(value.split())


def _edge(
    family: str,
    predicate: str,
    labels: dict[str, str],
    *,
    fact: str,
    fact_type: str,
    evidence: str,
    **extra: str,
) -> Attributes:
    evidence_items = _words(evidence)
    attributes: Attributes = dict.fromkeys(EDGE_TEXT_ATTRIBUTES, "")
    attributes.update(
        predicate=predicate,
        family=family,
        fact=fact,
        fact_type=fact_type,
        evidence=" ".join(evidence_items),
        evidence_count=len(evidence_items),
    )
    for language in LANGUAGES:
        attributes[f"label_{language}"] = labels.get(language, predicate)
    attributes.update(extra)
    return attributes


_Edge = tuple[str, str, str, Attributes]


def _load_term_labels(context: _Context) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in context.rows("term_labels"):
        term, label = row["term"], row["label"]
        if isinstance(label, ox.Literal) and label.language:
            labels.setdefault(local_name(term_text(term)), {}).setdefault(
                label.language, label.value
            )
    return labels


def _nodes(context: _Context, view: ProjectionView) -> Iterator[tuple[str, Attributes]]:
    for row in context.rows("nodes"):
        iri = _text(row, "entity")
        node_type = local_name(_text(row, "type"))
        if node_type in view.exclude_types:
            continue
        wikidata = _text(row, "wikidata")
        yield (
            context.node_id(iri),
            {
                "kind": "entity",
                "type": node_type,
                "iri": iri,
                "label_kk": _text(row, "labelKk"),
                "label_en": _text(row, "labelEn"),
                "label_ru": _text(row, "labelRu"),
                "wikidata": wikidata.rsplit("/", 1)[-1] if wikidata else "",
            },
        )


def _family_edges(context: _Context, families: Iterable[str]) -> Iterator[_Edge]:
    """The edges of ``families``, as the table of fact kinds says (``civicgraph.facts``):
    each family's query is run once, and each of its rows gives an edge of each spec."""
    by_query: dict[str, list[Edge]] = {}
    for kind in FACT_KINDS:
        for spec in kind.edges:
            if spec.family in families:
                by_query.setdefault(spec.query, []).append(spec)
    for query, specs in by_query.items():
        for row in context.rows(query):
            for spec in specs:
                yield from _row_edges(context, spec, row)


def _row_edges(context: _Context, spec: Edge, row: _Row) -> Iterator[_Edge]:
    start = next((_given(row, s) for s in spec.source if _given(row, s)), "")
    if not start:
        return
    fact = context.node_id(_text(row, "fact"))
    predicate = _given(row, spec.predicate)
    if spec.predicate.startswith("?"):
        predicate = local_name(predicate)
    named_by = next((_given(row, t) for t in spec.labels if _given(row, t)), predicate)
    fact_type = _given(row, spec.fact_type)
    attributes = _edge(
        spec.family,
        predicate,
        context.labels(named_by),
        fact=fact,
        fact_type=local_name(fact_type) if spec.fact_type.startswith("?") else fact_type,
        evidence=_text(row, "evidences"),
        **{name: _value(context, row, value) for name, value in spec.values.items()},
    )
    ends = _words(_given(row, spec.target)) if spec.many else [_given(row, spec.target)]
    for end in ends:
        yield (context.node_id(start), context.node_id(end), f"{predicate}|{fact}", attributes)


def _given(row: _Row, name: str) -> str:
    """A column's text for ``?column``, else the word itself."""
    return _text(row, name[1:]) if name.startswith("?") else name


def _value(context: _Context, row: _Row, value: EdgeValue) -> str:
    text = _text(row, value.column)
    if value.form == "id":
        return context.node_id(text) if text else ""
    if value.form == "ids":
        return " ".join(context.node_id(one) for one in _words(text))
    if value.form == "term":
        return local_name(text) if text else ""
    if value.form == "terms":
        return " ".join(local_name(one) for one in _words(text))
    return text


def _nary_graph(context: _Context) -> tuple[dict[str, Attributes], list[_Edge]]:
    """Fact nodes and their edges for the ``keep_nary`` view."""
    nodes: dict[str, Attributes] = {}
    edges: list[_Edge] = []
    for row in context.rows("nary"):
        fact_iri = _text(row, "fact")
        fact = context.node_id(fact_iri)
        fact_type = local_name(_text(row, "type"))
        evidence = _text(row, "evidences")
        node = nodes.setdefault(
            fact,
            {
                "kind": "fact",
                "type": fact_type,
                "iri": fact_iri,
                **{
                    f"label_{lang}": context.labels(fact_type).get(lang, fact_type)
                    for lang in LANGUAGES
                },
                "wikidata": "",
                "roles": "",
            },
        )
        predicate = local_name(_text(row, "predicate"))
        target = _text(row, "object")
        if target in civ:
            node["roles"] = " ".join(sorted({*node["roles"].split(), local_name(target)}))
            continue
        edges.append(
            (
                fact,
                context.node_id(target),
                f"{predicate}|{fact}",
                _edge(
                    "nary",
                    predicate,
                    context.labels(predicate),
                    fact=fact,
                    fact_type=fact_type,
                    evidence=evidence,
                ),
            )
        )
    return nodes, edges


def project_graph(
    source: TripleSource, *, view: ProjectionView = DEFAULT_VIEW, timeout: float | None = None
) -> nx.MultiDiGraph:
    """Project the dataset ``source`` holds onto a ``MultiDiGraph`` of entities and facts,
    as ``view`` says; each of its queries under ``timeout`` (the source's own when not given).

    Nodes are keyed by entity id (``person/maulen-ashimbayev``) and edges by
    ``predicate|fact``; both are inserted in sorted order, so the graph and everything
    written from it is deterministic. Edges whose ends are not in the view are dropped.
    """
    iris = source.iris
    context = _Context(
        source,
        {
            "ontologyGraph": ox.NamedNode(iris.graph("ontology")),
            "entitiesGraph": ox.NamedNode(iris.graph("entities")),
            "linksGraph": ox.NamedNode(iris.graph("links")),
            "sourcePrefix": ox.Literal(iris.graph("source/")),
        },
        {},
        timeout,
    )
    term_labels = _load_term_labels(context)
    context.term_labels = term_labels
    nodes = dict(_nodes(context, view))
    edges: list[_Edge] = list(_family_edges(context, [BINARY]))
    if view.keep_nary:
        fact_nodes, fact_edges = _nary_graph(context)
        for attributes in nodes.values():
            attributes["roles"] = ""
        nodes.update(fact_nodes)
        edges.extend(fact_edges)
    else:
        edges.extend(_family_edges(context, view.families - {BINARY}))
    graph = nx.MultiDiGraph(base=iris.base, view="nary" if view.keep_nary else "collapsed")
    graph.graph["term_labels"] = term_labels
    graph.add_nodes_from(sorted(nodes.items()))
    graph.add_edges_from(
        _sorted_edges(edge for edge in edges if edge[0] in nodes and edge[1] in nodes)
    )
    return graph


def _sorted_edges(edges: Iterable[_Edge]) -> list[_Edge]:
    return sorted(edges, key=lambda edge: (edge[0], edge[1], edge[2]))


def node_label(graph: nx.MultiDiGraph, node: str, lang: str) -> str:
    """The node's label in ``lang``, else in the fallback order of ``languages``, else its id."""
    data = graph.nodes[node]
    for language in fallback_order(lang):
        label = data.get(f"label_{language}", "")
        if label:
            return str(label)
    return node


def term_label(graph: nx.MultiDiGraph, term: str, lang: str) -> str:
    """The ontology's label of ``term`` (a local name) in ``lang``, else the name itself."""
    labels: dict[str, str] = graph.graph.get("term_labels", {}).get(term, {})
    return labels.get(lang) or labels.get("en") or term
