"""Write the dataset as Turtle, N-Triples, TriG, N-Quads or JSON-LD, deterministically.

All serialisation is Oxigraph's own. Every instance has an IRI minted from an id, the
ontology's few blank nodes get labels from their order in civic.ttl, and quads are
written graph by graph in sorted order, so the same input gives byte-identical files.
Files are written atomically: a failed export leaves nothing.
"""

from __future__ import annotations

import io
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import ExportError
from civicgraph.io import write_bytes_atomic
from civicgraph.namespaces import PREFIXES


class ExportFormat(Enum):
    """Formats ``civicgraph export`` writes; triple formats merge all named graphs."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    TRIG = "trig"
    NQUADS = "nquads"
    JSONLD = "jsonld"

    @property
    def rdf_format(self) -> ox.RdfFormat:
        return {
            ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
            ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
            ExportFormat.TRIG: ox.RdfFormat.TRIG,
            ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
            ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
        }[self]

    @property
    def keeps_graphs(self) -> bool:
        return self in {ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD}

    @property
    def extension(self) -> str:
        return {
            ExportFormat.TURTLE: "ttl",
            ExportFormat.NTRIPLES: "nt",
            ExportFormat.TRIG: "trig",
            ExportFormat.NQUADS: "nq",
            ExportFormat.JSONLD: "jsonld",
        }[self]


def _sorted_unique_lines(data: bytes) -> bytes:
    """Sort N-Triples/N-Quads lines; canonical lines make the byte order a total order."""
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + b"\n" if lines else b""


def _graphs(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    named = sorted(store.named_graphs(), key=str)
    return [ox.DefaultGraph(), *named]


def _graph_lines(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bytes:
    return _sorted_unique_lines(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b"")


def canonical_nquads(store: ox.Store) -> bytes:
    """Every quad as N-Quads, graph by graph (sorted by IRI), each graph's lines sorted.

    The store's own order depends on its history; grouping by graph keeps each graph in
    one block when the stream is re-serialised as TriG or JSON-LD.
    """
    parts = []
    for graph in _graphs(store):
        lines = _graph_lines(store, graph)
        if not lines:
            continue
        if isinstance(graph, ox.DefaultGraph):
            parts.append(lines)
        else:
            suffix = f" {graph} .".encode()
            parts.append(b"\n".join(line[:-2] + suffix for line in lines.splitlines()) + b"\n")
    return b"".join(parts)


def canonical_ntriples(store: ox.Store) -> bytes:
    """The union of all graphs as sorted N-Triples, each triple once."""
    buffer = io.BytesIO()
    for graph in _graphs(store):
        store.dump(buffer, ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return _sorted_unique_lines(buffer.getvalue())


def serialize_dataset(store: ox.Store, export_format: ExportFormat) -> bytes:
    """The store's content in ``export_format``, as bytes, in a canonical order.

    The line formats are sorted with a byte sort; the others are re-serialised by Oxigraph
    from that sorted stream, whose writers keep the input order.
    """
    if export_format is ExportFormat.NQUADS:
        return canonical_nquads(store)
    if export_format is ExportFormat.NTRIPLES:
        return canonical_ntriples(store)
    prefixes = dict(sorted(PREFIXES.items()))
    if export_format.keeps_graphs:
        quads = ox.parse(canonical_nquads(store), format=ox.RdfFormat.N_QUADS)
        return ox.serialize(quads, format=export_format.rdf_format, prefixes=prefixes) or b""
    triples = (q.triple for q in ox.parse(canonical_ntriples(store), format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(triples, format=export_format.rdf_format, prefixes=prefixes) or b""


def export_dataset(store: ox.Store, export_format: ExportFormat, out: Path) -> int:
    """Write the dataset to ``out`` atomically; return the number of bytes written."""
    try:
        data = serialize_dataset(store, export_format)
    except (ValueError, OSError) as error:
        raise ExportError(
            f"cannot serialise as {export_format.value}: {error}", path=out
        ) from error
    write_bytes_atomic(out, data)
    return len(data)
