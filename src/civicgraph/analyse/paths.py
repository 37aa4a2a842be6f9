"""How two entities connect: shortest paths, each step with its facts and their evidence.

Paths are searched on the undirected view of the projection (a relation links two
entities whichever way it points); each step then lists every fact between the two
nodes, in its own direction, with the document spans that state it (Web Annotation
``oa:TextPositionSelector`` / ``oa:TextQuoteSelector``, read back from the store).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx
import pyoxigraph as ox

from civicgraph.analyse.projection import node_label
from civicgraph.analyse.sparql import load_query
from civicgraph.errors import QueryError
from civicgraph.languages import LANGUAGES
from civicgraph.sparql.binding import bind_values
from civicgraph.triplesource import TripleSource, term_text


@dataclass(frozen=True)
class EvidenceSpan:
    """A piece of evidence: a span of a held document, or a cited source without text."""

    iri: str
    source: str
    start: int | None
    end: int | None
    exact: str | None


@dataclass(frozen=True)
class StepFact:
    """One fact between two neighbouring nodes of a path, in the direction it is stated."""

    subject: str
    predicate: str
    object: str
    label: str
    fact: str
    role: str
    evidence: tuple[EvidenceSpan, ...]


@dataclass(frozen=True)
class PathStep:
    """A hop from one node to the next, with every fact that links them."""

    source: str
    source_label: str
    target: str
    target_label: str
    facts: tuple[StepFact, ...]


@dataclass(frozen=True)
class NetworkPath:
    """One shortest path: its nodes and its steps."""

    nodes: tuple[str, ...]
    steps: tuple[PathStep, ...]


@dataclass(frozen=True)
class PathReport:
    """All shortest paths (up to a limit) between two entities."""

    source: str
    target: str
    length: int
    paths: tuple[NetworkPath, ...]


def resolve_entity(graph: nx.MultiDiGraph, name: str) -> str:
    """The node ``name`` denotes: an id, an IRI, a label in any language, or the one node whose
    label contains every word of ``name``; otherwise a ``QueryError`` with the closest ids."""
    if name in graph:
        return name
    wanted = name.casefold().strip()
    by_label: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("iri") == name:
            return str(node)
        for language in LANGUAGES:
            label = str(data.get(f"label_{language}", ""))
            if label:
                by_label.setdefault(label.casefold(), set()).add(str(node))
    exact = by_label.get(wanted, set())
    if len(exact) == 1:
        return next(iter(exact))
    words = wanted.split()
    partial = exact or {
        node
        for label, nodes in by_label.items()
        if all(word in label for word in words)
        for node in nodes
    }
    if len(partial) == 1:
        return next(iter(partial))
    if len(partial) > 1:
        shown = ", ".join(sorted(partial)[:5])
        raise QueryError(f"{name!r} matches {len(partial)} entities", hint=f"use an id: {shown}")
    candidates = {str(node): {str(node)} for node in graph} | by_label
    close = difflib.get_close_matches(wanted, sorted(candidates), n=3, cutoff=0.4)
    suggested = sorted({node for match in close for node in candidates[match]})
    hint = f"did you mean {', '.join(suggested)}?" if suggested else "see 'civicgraph graph stats'"
    raise QueryError(f"unknown entity {name!r}", hint=hint)


def read_evidence(source: TripleSource, evidence_iri: str) -> EvidenceSpan:
    """The document span behind one evidence IRI (an excerpt or a cited source)."""
    text = bind_values(load_query("evidence"), {"evidence": ox.NamedNode(evidence_iri)})
    for row in source.select(text, limit=1):
        document, start, end = (term_text(row[name]) for name in ("source", "start", "end"))
        exact = row["exact"]
        return EvidenceSpan(
            iri=evidence_iri,
            source=document or evidence_iri,
            start=int(start) if start else None,
            end=int(end) if end else None,
            exact=term_text(exact) if exact is not None else None,
        )
    return EvidenceSpan(iri=evidence_iri, source=evidence_iri, start=None, end=None, exact=None)


class _EvidenceReader:
    def __init__(self, source: TripleSource) -> None:
        self.source = source
        self.cache: dict[str, EvidenceSpan] = {}

    def __call__(self, evidence: str) -> tuple[EvidenceSpan, ...]:
        spans = []
        for item in evidence.split():
            if item not in self.cache:
                self.cache[item] = read_evidence(self.source, item)
            spans.append(self.cache[item])
        return tuple(sorted(spans, key=lambda span: (span.source, span.start or 0, span.iri)))


def _step(
    graph: nx.MultiDiGraph, u: str, v: str, *, lang: str, evidence: _EvidenceReader
) -> PathStep:
    facts: list[StepFact] = []
    for subject, obj in ((u, v), (v, u)):
        for _key, data in sorted(graph.get_edge_data(subject, obj, default={}).items()):
            facts.append(
                StepFact(
                    subject=subject,
                    predicate=str(data["predicate"]),
                    object=obj,
                    label=str(data.get(f"label_{lang}") or data["predicate"]),
                    fact=str(data["fact"]),
                    role=str(data.get("role", "")),
                    evidence=evidence(str(data.get("evidence", ""))),
                )
            )
    return PathStep(
        source=u,
        source_label=node_label(graph, u, lang),
        target=v,
        target_label=node_label(graph, v, lang),
        facts=tuple(facts),
    )


def find_paths(
    triples: TripleSource,
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    limit: int = 5,
    lang: str = "en",
) -> PathReport:
    """The shortest paths (at most ``limit``) from ``source`` to ``target``, explained.

    ``source`` and ``target`` are resolved with ``resolve_entity``; no path is a
    ``QueryError`` naming both ends.
    """
    start, end = resolve_entity(graph, source), resolve_entity(graph, target)
    undirected = graph.to_undirected(as_view=True)
    try:
        found = list(islice(nx.all_shortest_paths(undirected, start, end), max(limit, 1) * 20))
    except nx.NetworkXNoPath as error:
        raise QueryError(
            f"no path between {start!r} and {end!r}",
            hint="they are in different components; see 'civicgraph graph stats'",
        ) from error
    chosen = sorted(tuple(str(n) for n in path) for path in found)[: max(limit, 1)]
    evidence = _EvidenceReader(triples)
    paths = tuple(
        NetworkPath(
            nodes=nodes,
            steps=tuple(
                _step(graph, u, v, lang=lang, evidence=evidence) for u, v in pairwise(nodes)
            ),
        )
        for nodes in chosen
    )
    return PathReport(source=start, target=end, length=len(chosen[0]) - 1, paths=paths)


def ego_network(graph: nx.MultiDiGraph, center: str, *, radius: int = 1) -> nx.MultiDiGraph:
    """The sub-network within ``radius`` hops of ``center`` (either direction), as a copy."""
    if radius < 0:
        raise QueryError(f"--radius must be 0 or more, got {radius}", hint="e.g. --radius 1")
    node = resolve_entity(graph, center)
    ego = nx.ego_graph(graph, node, radius=radius, undirected=True)
    result = nx.MultiDiGraph()
    result.graph.update(graph.graph)
    result.graph["center"] = node
    result.add_nodes_from(sorted(ego.nodes(data=True)))
    result.add_edges_from(sorted(ego.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    return result
