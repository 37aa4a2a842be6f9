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
from civicgraph.iris import Iris
from civicgraph.languages import LANGUAGES, fallback_order
from civicgraph.sparql.binding import bind_values
from civicgraph.terms import civ
from civicgraph.triplesource import TripleSource, term_text

FAMILIES = ("binary", "participation", "holding", "mention", "statement", "programme-region")
"""Relation families: each is one SPARQL query and a kind of edge."""

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


def _text(solution: Mapping[str, _Term | None], name: str) -> str:
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


def _binary_edges(context: _Context) -> Iterator[_Edge]:
    for row in context.rows("binary"):
        predicate = local_name(_text(row, "predicate"))
        fact = context.node_id(_text(row, "fact"))
        yield (
            context.node_id(_text(row, "subject")),
            context.node_id(_text(row, "object")),
            f"{predicate}|{fact}",
            _edge(
                "binary",
                predicate,
                context.labels(predicate),
                fact=fact,
                fact_type="Assertion",
                evidence=_text(row, "evidences"),
            ),
        )


def _participation_edges(context: _Context) -> Iterator[_Edge]:
    for row in context.rows("participation"):
        fact = context.node_id(_text(row, "fact"))
        participant = context.node_id(_text(row, "participant"))
        event = context.node_id(_text(row, "event"))
        common = {
            "fact": fact,
            "fact_type": "Participation",
            "evidence": _text(row, "evidences"),
            "role": " ".join(local_name(role) for role in _words(_text(row, "roles"))),
            "capacity": " ".join(context.node_id(c) for c in _words(_text(row, "capacities"))),
            "event": event,
        }
        yield (
            participant,
            event,
            f"participatedIn|{fact}",
            _edge("participation", "participatedIn", context.labels("Participation"), **common),
        )
        for item in _words(_text(row, "presentedItems")):
            yield (
                participant,
                context.node_id(item),
                f"presented|{fact}",
                _edge("participation", "presented", context.labels("presented"), **common),
            )


def _holding_edges(context: _Context) -> Iterator[_Edge]:
    for row in context.rows("holding"):
        fact = context.node_id(_text(row, "fact"))
        attested = _text(row, "attestedAt")
        yield (
            context.node_id(_text(row, "holder")),
            context.node_id(_text(row, "post")),
            f"holds|{fact}",
            _edge(
                "holding",
                "holds",
                context.labels("PostHolding"),
                fact=fact,
                fact_type="PostHolding",
                evidence=_text(row, "evidences"),
                status=local_name(_text(row, "holdingStatus"))
                if _text(row, "holdingStatus")
                else "",
                start_date=_text(row, "startDate"),
                end_date=_text(row, "endDate"),
                event=context.node_id(attested) if attested else "",
            ),
        )


def _mention_edges(context: _Context) -> Iterator[_Edge]:
    for row in context.rows("mention"):
        fact = context.node_id(_text(row, "fact"))
        event = _text(row, "atEvent")
        source = event or _text(row, "contextSpeaker")
        if not source:
            continue
        mention_context = _text(row, "mentionContext")
        yield (
            context.node_id(source),
            context.node_id(_text(row, "entity")),
            f"mentions|{fact}",
            _edge(
                "mention",
                "mentions",
                context.labels("Mention"),
                fact=fact,
                fact_type="Mention",
                evidence=_text(row, "evidences"),
                event=context.node_id(event) if event else "",
                context=context.node_id(mention_context) if mention_context else "",
            ),
        )


def _statement_edges(context: _Context) -> Iterator[_Edge]:
    for row in context.rows("statement"):
        fact = context.node_id(_text(row, "fact"))
        relation = local_name(_text(row, "relation"))
        event = _text(row, "atEvent")
        yield (
            context.node_id(_text(row, "speaker")),
            context.node_id(_text(row, "target")),
            f"{relation}|{fact}",
            _edge(
                "statement",
                relation,
                context.labels(relation),
                fact=fact,
                fact_type=local_name(_text(row, "kind")),
                evidence=_text(row, "evidences"),
                event=context.node_id(event) if event else "",
            ),
        )


def _programme_region_edges(context: _Context) -> Iterator[_Edge]:
    for row in context.rows("programme_region"):
        fact = context.node_id(_text(row, "fact"))
        role = _text(row, "regionRole")
        labels = context.labels(role) if role else context.labels("ProgrammeRegion")
        yield (
            context.node_id(_text(row, "programme")),
            context.node_id(_text(row, "region")),
            f"programmeRegion|{fact}",
            _edge(
                "programme-region",
                "programmeRegion",
                labels,
                fact=fact,
                fact_type="ProgrammeRegion",
                evidence=_text(row, "evidences"),
                role=local_name(role) if role else "",
                start_date=_text(row, "startDate"),
                end_date=_text(row, "endDate"),
            ),
        )


_COLLAPSED = {
    "participation": _participation_edges,
    "holding": _holding_edges,
    "mention": _mention_edges,
    "statement": _statement_edges,
    "programme-region": _programme_region_edges,
}


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
    edges: list[_Edge] = list(_binary_edges(context))
    if view.keep_nary:
        fact_nodes, fact_edges = _nary_graph(context)
        for attributes in nodes.values():
            attributes["roles"] = ""
        nodes.update(fact_nodes)
        edges.extend(fact_edges)
    else:
        for family in FAMILIES[1:]:
            if family in view.families:
                edges.extend(_COLLAPSED[family](context))
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
