"""The small picture of an entity's neighbourhood on its page: its ego network, drawn as SVG.

The network is the projection of the facts that name the entity
(``civicgraph.analyse.projection.project_facts``: the same edges ``civicgraph graph``
draws, read from the ``TripleSource`` for those facts only), cut to the entity and its
neighbours (its ego network), at most ``MAX_NEIGHBOURS`` of them: those with
most facts in common with it, then by name. The layout is networkx's ``shell_layout``
(the entity in the middle, its neighbours on a ring, ordered by kind and name): no
randomness, so a page is the same bytes on every run and over every store. The template
(``_neighbourhood.html``) writes the SVG: no script, a ``<title>`` for the whole picture
and for every node and edge in the page's language, each neighbour a link to its page.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from civicgraph.analyse.draw import group_of
from civicgraph.analyse.projection import node_label, term_label

MAX_NEIGHBOURS = 16
"""Neighbours the picture shows; the caption says how many there are in all."""
WIDTH, HEIGHT = 760, 400
"""The picture's coordinates (it is scaled to the width of its column)."""
_RING = (150.0, 160.0)
"""Half-axes of the ellipse the neighbours sit on: what is left of the width on either
side holds a name of ``_LABEL`` characters."""
_LABEL = 20
"""Characters of a name written beside its node; the node's title carries all of it."""


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    label: str
    title: str
    href: str | None
    colour: str
    anchor: str
    """``start``, ``middle`` or ``end``: its name is written away from the centre."""
    label_x: float
    label_y: float
    centre: bool = False


@dataclass(frozen=True)
class EdgeLine:
    x1: float
    y1: float
    x2: float
    y2: float
    title: str


@dataclass(frozen=True)
class Neighbourhood:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[EdgeLine, ...]
    total: int
    """Neighbours in all (the picture shows at most ``MAX_NEIGHBOURS``)."""
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def shown(self) -> int:
        return len(self.nodes) - 1


def picture(
    graph: nx.MultiDiGraph, focus: str, lang: str, *, title: str, href_of: dict[str, str]
) -> Neighbourhood | None:
    """The picture of ``focus`` (a node id) and its neighbours in ``graph``; ``None`` when
    it has none. ``href_of``: each node's page."""
    if focus not in graph:
        return None
    # the graph holds the facts naming ``focus`` only: its neighbours are their other ends
    shared: Counter[str] = Counter()
    for u, v in (*graph.out_edges(focus), *graph.in_edges(focus)):
        if u != v:
            shared[v if u == focus else u] += 1
    if not shared:
        return None
    by_weight = sorted(shared, key=lambda n: (-shared[n], node_label(graph, n, lang), n))
    kept = by_weight[:MAX_NEIGHBOURS]
    ring = sorted(kept, key=lambda n: (group_of(_type(graph, n))[0], node_label(graph, n, lang), n))
    shown = {focus, *ring}
    # two shells of scale 2: the centre, and the ring at radius 1 (the ellipse's half-axes)
    positions = nx.shell_layout(graph.subgraph(shown), nlist=[[focus], ring], scale=2)
    centre_x, centre_y = WIDTH / 2, HEIGHT / 2

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return (round(centre_x + float(x) * _RING[0], 1), round(centre_y - float(y) * _RING[1], 1))

    nodes = [_node(graph, focus, lang, place(focus), href_of, centre=True)]
    nodes.extend(_node(graph, n, lang, place(n), href_of) for n in ring)
    lines = []
    drawn = graph.subgraph(shown).edges(data=True)
    for u, v, data in sorted(drawn, key=lambda e: (e[0], e[1], e[2]["fact"])):
        if u != v:
            (x1, y1), (x2, y2) = place(u), place(v)
            said = str(data.get(f"label_{lang}") or data.get("predicate", ""))
            lines.append(
                EdgeLine(
                    x1,
                    y1,
                    x2,
                    y2,
                    f"{node_label(graph, u, lang)} — {said} — {node_label(graph, v, lang)}",
                )
            )
    unique = tuple(dict.fromkeys(lines))
    return Neighbourhood(title, tuple(nodes), unique, len(shared))


def _type(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("type", ""))


def _node(
    graph: nx.MultiDiGraph,
    node: str,
    lang: str,
    at: tuple[float, float],
    href_of: dict[str, str],
    *,
    centre: bool = False,
) -> Node:
    label = node_label(graph, node, lang)
    kind = term_label(graph, _type(graph, node), lang)
    x, y = at
    dx, dy = x - WIDTH / 2, y - HEIGHT / 2
    if centre or abs(dx) < 1:
        anchor, label_x, label_y = "middle", x, y + (24 if dy >= 0 else -16)
    else:
        anchor = "start" if dx > 0 else "end"
        angle = math.atan2(dy, dx)
        label_x, label_y = x + 12 * math.cos(angle), y + 12 * math.sin(angle) + 4
    short = label if len(label) <= _LABEL else label[: _LABEL - 1].rstrip() + "…"
    return Node(
        x,
        y,
        short,
        f"{label} ({kind})",
        href_of.get(node),
        group_of(_type(graph, node))[1],
        anchor,
        round(label_x, 1),
        round(label_y, 1),
        centre,
    )


__all__ = ["MAX_NEIGHBOURS", "EdgeLine", "Neighbourhood", "Node", "picture"]
