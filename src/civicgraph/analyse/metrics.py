"""Measure the projected network: sizes, density, components and node centrality.

Centrality follows networkx's definitions (degree, betweenness, eigenvector on the
undirected simple graph; PageRank on the directed graph with parallel edges as weights).
PageRank is computed here by power iteration because networkx's own needs SciPy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from civicgraph.analyse.projection import node_label
from civicgraph.errors import QueryError


class Measure(StrEnum):
    """The centrality measures ``rank_nodes`` knows."""

    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"


@dataclass(frozen=True)
class NetworkStats:
    """Figures about a projected network."""

    nodes: int
    edges: int
    nodes_per_type: dict[str, int]
    edges_per_predicate: dict[str, int]
    density: float
    """Directed density of the simple graph underneath (parallel edges counted once)."""
    components: int
    """Weakly connected components."""
    largest_component: int
    isolated: int


@dataclass(frozen=True)
class CentralityScore:
    """One node's score under one measure, with its rank (1 = most central)."""

    rank: int
    node: str
    label: str
    type: str
    score: float


def measure_network(graph: nx.MultiDiGraph) -> NetworkStats:
    """Count nodes and edges by type and predicate, density and weak components."""
    components = sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)
    types = Counter(str(data.get("type", "")) for _, data in graph.nodes(data=True))
    predicates = Counter(str(data.get("predicate", "")) for _, _, data in graph.edges(data=True))
    return NetworkStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        nodes_per_type=dict(sorted(types.items())),
        edges_per_predicate=dict(sorted(predicates.items())),
        density=float(nx.density(nx.DiGraph(graph))) if graph.number_of_nodes() > 1 else 0.0,
        components=len(components),
        largest_component=components[0] if components else 0,
        isolated=sum(1 for node in graph if graph.degree(node) == 0),
    )


def _undirected_simple(graph: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


def _weighted_digraph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    weighted = nx.DiGraph()
    weighted.add_nodes_from(graph)
    for u, v in graph.edges():
        weight = weighted[u][v]["weight"] + 1 if weighted.has_edge(u, v) else 1
        weighted.add_edge(u, v, weight=weight)
    return weighted


def pagerank(
    graph: nx.DiGraph, *, alpha: float = 0.85, tolerance: float = 1.0e-10, max_iterations: int = 500
) -> dict[str, float]:
    """PageRank by power iteration, as networkx defines it (uniform teleport and dangling)."""
    count = graph.number_of_nodes()
    if count == 0:
        return {}
    out_weight = {node: float(graph.out_degree(node, weight="weight")) for node in graph}
    scores = dict.fromkeys(graph, 1.0 / count)
    for _ in range(max_iterations):
        dangling = alpha * sum(scores[node] for node, weight in out_weight.items() if weight == 0)
        updated = dict.fromkeys(graph, (1.0 - alpha) / count + dangling / count)
        for u, v, weight in graph.edges(data="weight"):
            updated[v] += alpha * scores[u] * weight / out_weight[u]
        error = sum(abs(updated[node] - scores[node]) for node in graph)
        scores = updated
        if error < count * tolerance:
            return scores
    raise QueryError(
        f"PageRank did not converge in {max_iterations} iterations", hint="try --measure degree"
    )


def centrality(graph: nx.MultiDiGraph, measure: Measure) -> dict[str, float]:
    """Every node's score under ``measure``."""
    if measure is Measure.PAGERANK:
        return pagerank(_weighted_digraph(graph))
    simple = _undirected_simple(graph)
    if measure is Measure.DEGREE:
        return dict(nx.degree_centrality(simple))
    if measure is Measure.BETWEENNESS:
        return dict(nx.betweenness_centrality(simple, normalized=True))
    try:
        return dict(nx.eigenvector_centrality(simple, max_iter=1000))
    except nx.PowerIterationFailedConvergence as error:
        raise QueryError(
            "eigenvector centrality did not converge", hint="try --measure pagerank or degree"
        ) from error


def rank_nodes(
    graph: nx.MultiDiGraph, *, measure: Measure = Measure.DEGREE, top: int = 10, lang: str = "en"
) -> list[CentralityScore]:
    """The ``top`` nodes by ``measure``, ties broken by node id (deterministic)."""
    if top < 1:
        raise QueryError(f"--top must be at least 1, got {top}", hint="e.g. --top 10")
    scores = centrality(graph, measure)
    ranked = sorted(scores.items(), key=lambda item: (-round(item[1], 12), item[0]))[:top]
    return [
        CentralityScore(
            rank=position,
            node=node,
            label=node_label(graph, node, lang),
            type=str(graph.nodes[node].get("type", "")),
            score=score,
        )
        for position, (node, score) in enumerate(ranked, start=1)
    ]
