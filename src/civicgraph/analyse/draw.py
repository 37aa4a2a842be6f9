"""Draw the network as an SVG or PNG: nodes coloured by type, labelled edges, a legend.

Labels are in the chosen language and set in DejaVu Sans, which covers Cyrillic with the
Kazakh letters (ә ғ қ ң ө ұ ү һ і). SVG keeps text as text (``svg.fonttype: none``), so
the picture stays searchable and small; a fixed layout seed and hash salt and no date
metadata make the same graph give the same file. Needs matplotlib (the ``draw`` extra).
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from civicgraph.analyse.projection import node_label, term_label
from civicgraph.errors import CivicGraphError, ExportError
from civicgraph.io import write_bytes_atomic

FONT = "DejaVu Sans"
LAYOUT_SEED = 7
FORMATS = ("svg", "png")

_GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # (legend term, node types in the group, colour)
    ("Person", ("Person",), "#d62728"),
    ("Group", ("Group",), "#ff9896"),
    (
        "Organisation",
        (
            "Organisation",
            "Legislature",
            "LegislativeChamber",
            "Council",
            "Government",
            "LocalRepresentativeBody",
            "InternationalOrganisation",
        ),
        "#1f77b4",
    ),
    ("Post", ("Post",), "#aec7e8"),
    ("Event", ("Event", "Meeting"), "#ff7f0e"),
    ("Programme", ("Programme",), "#2ca02c"),
    ("Place", ("Place", "Country", "Region", "District", "City"), "#8c564b"),
    ("Reform", ("Reform", "LegalAct"), "#9467bd"),
    ("Goal", ("Goal", "Agenda"), "#bcbd22"),
    ("Topic", ("Topic",), "#17becf"),
    ("Priority", ("Priority",), "#e377c2"),
    ("Principle", ("Principle",), "#7f7f7f"),
    ("BodyKind", ("BodyKind",), "#c49c94"),
    (
        "Fact",
        (
            "Participation",
            "PostHolding",
            "Mention",
            "Quote",
            "ReportedStatement",
            "Conclusion",
            "ProgrammeRegion",
            "Statement",
        ),
        "#c7c7c7",
    ),
)
_OTHER_COLOUR = "#dbdb8d"


@dataclass(frozen=True)
class Drawing:
    """What ``draw_network`` wrote."""

    path: Path
    format: str
    nodes: int
    edges: int
    size: int


def _group_of(node_type: str) -> tuple[str, str]:
    for term, types, colour in _GROUPS:
        if node_type in types:
            return term, colour
    return node_type, _OTHER_COLOUR


def _wrap(text: str, width: int = 22, lines: int = 3) -> str:
    wrapped = textwrap.wrap(text, width=width) or [text]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder="…"),
        ]
    return "\n".join(wrapped)


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((u, v) for u, v in graph.edges() if u != v))
    k = 3.0 / math.sqrt(max(simple.number_of_nodes(), 1))
    positions = nx.spring_layout(simple, seed=LAYOUT_SEED, k=k, iterations=300)
    return {str(node): (float(x), float(y)) for node, (x, y) in positions.items()}


def render_network(
    graph: nx.MultiDiGraph, *, fmt: str = "svg", lang: str = "en", title: str | None = None
) -> bytes:
    """The picture of ``graph`` as SVG or PNG bytes."""
    if fmt not in FORMATS:
        raise ExportError(f"cannot draw {fmt!r}", hint="write a .svg or .png file")
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional dependency, only for drawing
        from matplotlib.figure import Figure  # noqa: PLC0415
        from matplotlib.lines import Line2D  # noqa: PLC0415
        from matplotlib.patches import FancyArrowPatch  # noqa: PLC0415
    except ImportError as error:
        raise ExportError(
            "drawing needs matplotlib",
            hint="pip install 'civicgraph[draw]' (or pip install matplotlib)",
        ) from error

    positions = _layout(graph)
    with mpl.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT],
            "svg.fonttype": "none",
            "svg.hashsalt": "civicgraph",
            "path.simplify": True,
        }
    ):
        figure = Figure(figsize=(22, 16), dpi=100)
        axes = figure.add_axes((0.01, 0.01, 0.98, 0.94))
        axes.set_axis_off()
        # Edges: one arrow per ordered pair, its labels joined (parallel facts share a line).
        pair_labels: dict[tuple[str, str], list[str]] = {}
        for u, v, data in sorted(
            graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("predicate")))
        ):
            label = str(data.get(f"label_{lang}") or data.get("predicate", ""))
            labels = pair_labels.setdefault((u, v), [])
            if label not in labels:
                labels.append(label)
        for (u, v), labels in sorted(pair_labels.items()):
            (x1, y1), (x2, y2) = positions[u], positions[v]
            axes.add_patch(
                FancyArrowPatch(
                    (x1, y1),
                    (x2, y2),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color="#9a9a9a",
                    linewidth=0.8,
                    shrinkA=9,
                    shrinkB=9,
                    zorder=1,
                )
            )
            axes.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2,
                _wrap(" / ".join(labels), width=26, lines=2),
                fontsize=6.5,
                color="#555555",
                ha="center",
                va="center",
                zorder=2,
                bbox={
                    "boxstyle": "round,pad=0.1",
                    "facecolor": "white",
                    "edgecolor": "none",
                    "alpha": 0.7,
                },
            )
        # Nodes, one scatter per colour group so the legend names each group once.
        groups: dict[tuple[str, str], list[str]] = {}
        for node in sorted(graph):
            groups.setdefault(_group_of(str(graph.nodes[node].get("type", ""))), []).append(node)
        handles = []
        for (term, colour), nodes in sorted(groups.items()):
            xs = [positions[node][0] for node in nodes]
            ys = [positions[node][1] for node in nodes]
            axes.scatter(xs, ys, s=260, c=colour, edgecolors="#333333", linewidths=0.6, zorder=3)
            handles.append(
                Line2D(
                    [0],
                    [0],
                    marker="o",
                    linestyle="",
                    markersize=11,
                    markerfacecolor=colour,
                    markeredgecolor="#333333",
                    label=term_label(graph, term, lang),
                )
            )
            for node in nodes:
                x, y = positions[node]
                axes.text(
                    x,
                    y - 0.035,
                    _wrap(node_label(graph, node, lang)),
                    fontsize=8,
                    ha="center",
                    va="top",
                    zorder=4,
                )
        axes.legend(handles=handles, loc="upper left", fontsize=10, frameon=True, framealpha=0.9)
        xs = [x for x, _ in positions.values()] or [0.0]
        ys = [y for _, y in positions.values()] or [0.0]
        axes.set_xlim(min(xs) - 0.15, max(xs) + 0.15)
        axes.set_ylim(min(ys) - 0.15, max(ys) + 0.1)
        if title:
            figure.suptitle(title, fontsize=16)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def draw_network(
    graph: nx.MultiDiGraph, path: Path, *, lang: str = "en", title: str | None = None
) -> Drawing:
    """Draw ``graph`` to ``path`` (``.svg`` or ``.png``, by its suffix), atomically."""
    fmt = path.suffix.lower().lstrip(".")
    data = render_network(graph, fmt=fmt, lang=lang, title=title)
    try:
        write_bytes_atomic(path, data)
    except CivicGraphError as error:
        raise ExportError(error.message, path=path, hint=error.hint) from error
    return Drawing(
        path=path,
        format=fmt,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        size=len(data),
    )
