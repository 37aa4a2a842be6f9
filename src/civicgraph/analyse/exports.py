"""Write the projected network as files Gephi, Cytoscape and yEd open.

Formats: GraphML (graphml.graphdrawing.org, typed ``<key>`` attributes), GEXF 1.2
(gexf.net), node-link JSON (networkx ``node_link_data``, as d3 and Cytoscape.js read it)
and CSV (an edge table plus a ``-nodes.csv`` node table, Gephi's spreadsheet import
columns ``Source``/``Target``/``Id``/``Label``). Every node and edge carries the same
typed attributes; ``label`` is in the chosen language. Nodes and edges are written in
sorted order and nothing time-dependent is written, so the same graph always gives
byte-identical files. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import networkx as nx

from civicgraph.analyse.projection import node_label
from civicgraph.errors import CivicGraphError, ExportError
from civicgraph.io import write_bytes_atomic


class GraphFormat(StrEnum):
    """File formats of ``export_network``."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True)
class NetworkExport:
    """What ``export_network`` wrote."""

    format: GraphFormat
    paths: tuple[Path, ...]
    nodes: int
    edges: int
    size: int
    """Bytes written, all files together."""


_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def prepare_network(graph: nx.MultiDiGraph, *, lang: str = "en") -> nx.MultiDiGraph:
    """A copy with scalar attributes only, ``label`` in ``lang`` and sorted nodes and edges."""
    prepared = nx.MultiDiGraph()
    for node in sorted(graph):
        data = {key: _scalar(value) for key, value in sorted(graph.nodes[node].items())}
        prepared.add_node(node, label=node_label(graph, node, lang), **data)
    for u, v, key, data in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])
    ):
        attributes = {name: _scalar(value) for name, value in sorted(data.items())}
        label = data.get(f"label_{lang}") or data.get("label_en") or data.get("predicate", "")
        prepared.add_edge(u, v, key=key, label=str(label), **attributes)
    return prepared


def render_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML text of a prepared graph (edge ids are the edge keys)."""
    return (
        "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"
    ).encode()


def render_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 text of a prepared graph, without the writer's last-modified date."""
    text = "\n".join(
        nx.generate_gexf(graph, encoding="utf-8", prettyprint=True, version="1.2draft")
    )
    return (_GEXF_DATE.sub("", text) + "\n").encode()


def render_json(graph: nx.MultiDiGraph) -> bytes:
    """Node-link JSON (``nodes``/``edges``) of a prepared graph."""
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def render_csv(graph: nx.MultiDiGraph) -> tuple[bytes, bytes]:
    """The edge table and the node table of a prepared graph."""
    node_columns = sorted({key for _, data in graph.nodes(data=True) for key in data} - {"label"})
    edge_columns = sorted(
        {key for _, _, data in graph.edges(data=True) for key in data} - {"label"}
    )
    nodes = [{"Id": node, "Label": data["label"], **data} for node, data in graph.nodes(data=True)]
    edges = [
        {"Source": u, "Target": v, "Id": key, "Label": data["label"], "Type": "Directed", **data}
        for u, v, key, data in graph.edges(keys=True, data=True)
    ]
    return (
        _csv(edges, ["Source", "Target", "Id", "Label", "Type", *edge_columns]),
        _csv(nodes, ["Id", "Label", *node_columns]),
    )


def nodes_csv_path(path: Path) -> Path:
    """Where the node table of a CSV export goes: ``edges.csv`` → ``edges-nodes.csv``."""
    return path.with_name(f"{path.stem}-nodes{path.suffix or '.csv'}")


def export_network(
    graph: nx.MultiDiGraph, path: Path, *, fmt: GraphFormat, lang: str = "en"
) -> NetworkExport:
    """Write ``graph`` to ``path`` in ``fmt`` (CSV also writes ``nodes_csv_path(path)``)."""
    prepared = prepare_network(graph, lang=lang)
    outputs: list[tuple[Path, bytes]]
    if fmt is GraphFormat.GRAPHML:
        outputs = [(path, render_graphml(prepared))]
    elif fmt is GraphFormat.GEXF:
        outputs = [(path, render_gexf(prepared))]
    elif fmt is GraphFormat.JSON:
        outputs = [(path, render_json(prepared))]
    else:
        edges, nodes = render_csv(prepared)
        outputs = [(path, edges), (nodes_csv_path(path), nodes)]
    for target, data in outputs:
        try:
            write_bytes_atomic(target, data)
        except CivicGraphError as error:
            raise ExportError(error.message, path=target, hint=error.hint) from error
    return NetworkExport(
        format=fmt,
        paths=tuple(target for target, _ in outputs),
        nodes=prepared.number_of_nodes(),
        edges=prepared.number_of_edges(),
        size=sum(len(data) for _, data in outputs),
    )
