"""Write the dataset as Turtle, N-Triples, TriG, N-Quads or JSON-LD, deterministically.

All serialisation is Oxigraph's own. Every instance has an IRI minted from an id, the
ontology's few blank nodes get labels from their order in civic.ttl, and exports start
from the canonical snapshot (civicgraph.snapshot: graph by graph, lines sorted), so the
same input gives byte-identical files.
Files are written atomically: a failed export leaves nothing.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import ExportError
from civicgraph.io import write_bytes_atomic
from civicgraph.namespaces import PREFIXES
from civicgraph.snapshot import Snapshot


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


def serialize_snapshot(snapshot: Snapshot, export_format: ExportFormat) -> bytes:
    """The snapshot in ``export_format``: the line formats as they are, the others
    re-serialised by Oxigraph from them (its writers keep the input order)."""
    if export_format is ExportFormat.NQUADS:
        return snapshot.nquads
    if export_format is ExportFormat.NTRIPLES:
        return snapshot.ntriples
    prefixes = dict(sorted(PREFIXES.items()))
    # Lenient parsing skips re-validating IRIs that Oxigraph's serialiser wrote from
    # validated terms (Turtle at 1M triples: 3.3 s -> 2.0 s with the quads passed on as
    # they come; N-Triples gives them in the default graph, which Turtle writes as is).
    if export_format.keeps_graphs:
        quads = ox.parse(snapshot.nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    else:
        quads = ox.parse(snapshot.ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return ox.serialize(quads, format=export_format.rdf_format, prefixes=prefixes) or b""


def serialize_dataset(store: ox.Store, export_format: ExportFormat) -> bytes:
    """A store's content in ``export_format``, in the canonical order of a snapshot."""
    return serialize_snapshot(Snapshot.from_store(store), export_format)


def export_dataset(dataset: ox.Store | Snapshot, export_format: ExportFormat, out: Path) -> int:
    """Write a store's or snapshot's dataset to ``out`` atomically; return the bytes written."""
    snapshot = dataset if isinstance(dataset, Snapshot) else Snapshot.from_store(dataset)
    try:
        data = serialize_snapshot(snapshot, export_format)
    except (ValueError, OSError) as error:
        raise ExportError(
            f"cannot serialise as {export_format.value}: {error}", path=out
        ) from error
    write_bytes_atomic(out, data)
    return len(data)
