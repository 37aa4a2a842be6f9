"""Write the dataset as Turtle, N-Triples, TriG, N-Quads or JSON-LD, deterministically.

All serialisation is Oxigraph's own. Every node has an IRI minted from an id (no blank
nodes), and Oxigraph orders quads by their encoded terms, so the same input gives
byte-identical files. Files are written atomically: a failed export leaves nothing.
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


def canonical_nquads(store: ox.Store) -> bytes:
    """Every quad of the store as sorted N-Quads: the store's own order depends on its history."""
    return _sorted_unique_lines(store.dump(format=ox.RdfFormat.N_QUADS) or b"")


def canonical_ntriples(store: ox.Store) -> bytes:
    """The union of all graphs as sorted N-Triples, each triple once."""
    buffer = io.BytesIO()
    for graph in store.named_graphs():
        store.dump(buffer, ox.RdfFormat.N_TRIPLES, from_graph=graph)
    store.dump(buffer, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
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
        if export_format is ExportFormat.JSONLD:
            return ox.serialize(quads, format=export_format.rdf_format) or b""
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
