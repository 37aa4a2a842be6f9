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


def merged_triples_store(store: ox.Store) -> ox.Store:
    """All named graphs merged into the default graph of a new in-memory store.

    Oxigraph's store keeps one copy of a triple that several graphs state, which is what
    a triple-only format needs.
    """
    merged = ox.Store()
    merged.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store.quads_for_pattern(None, None, None)
    )
    return merged


def serialize_dataset(store: ox.Store, export_format: ExportFormat) -> bytes:
    """The store's content in ``export_format``, as bytes."""
    prefixes = dict(sorted(PREFIXES.items()))
    buffer = io.BytesIO()
    if export_format.keeps_graphs:
        kwargs = {} if export_format is ExportFormat.NQUADS else {"prefixes": prefixes}
        if export_format is ExportFormat.JSONLD:
            kwargs = {}
        store.dump(buffer, export_format.rdf_format, **kwargs)  # type: ignore[arg-type]
    else:
        merged = merged_triples_store(store)
        kwargs = {"prefixes": prefixes} if export_format is ExportFormat.TURTLE else {}
        merged.dump(buffer, export_format.rdf_format, from_graph=ox.DefaultGraph(), **kwargs)  # type: ignore[arg-type]
    return buffer.getvalue()


def export_dataset(store: ox.Store, export_format: ExportFormat, out: Path) -> int:
    """Write the dataset to ``out`` atomically; return the number of bytes written."""
    try:
        data = serialize_dataset(store, export_format)
    except (ValueError, OSError) as error:
        raise ExportError(f"cannot serialise as {export_format.value}: {error}", path=out) from error
    write_bytes_atomic(out, data)
    return len(data)
