"""Write the dataset in every RDF format of the registry (``civicgraph.formats``), deterministically.

Oxigraph writes the RDF syntaxes; JSON-LD is compacted with civicgraph's shipped context
(``civicgraph.jsonld``). Every instance has an IRI minted from an id, the ontology's few
blank nodes get labels from their order in civic.ttl, and exports start from the
canonical snapshot (civicgraph.snapshot: graph by graph, lines sorted), so the same input
gives byte-identical files. Files are written atomically: a failed export leaves nothing.

``entail_alignments`` materialises the standard types the ontology aligns its classes
to, for stores without an RDFS reasoner.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from enum import Enum
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from civicgraph.errors import ExportError
from civicgraph.formats import Format, Writer
from civicgraph.io import atomic_writer
from civicgraph.iris import Iris
from civicgraph.jsonld import snapshot_to_jsonld
from civicgraph.namespaces import PREFIXES
from civicgraph.snapshot import NQUADS_FILE, NTRIPLES_FILE, Snapshot, statement
from civicgraph.snapshot_writer import SnapshotWriter
from civicgraph.sparql.text import load_sparql

ALIGNMENTS_GRAPH = "alignments"
"""Named graph of the types ``entail_alignments`` adds, so a user can tell them apart."""


class Entailment(Enum):
    """What ``export --entail`` may add to the dataset."""

    ALIGNMENTS = "alignments"


def write_snapshot(snapshot: Snapshot, export_format: Format, out: IO[bytes]) -> None:
    """Write the snapshot to ``out`` in ``export_format``, streaming from its files: the
    line formats as they are, the others re-serialised by Oxigraph as it parses (its
    writers keep the input order). JSON-LD is made in memory (pyld works on a whole
    document): ~0.2 ms and a few KB a quad, a format for releases of moderate size."""
    if export_format.rdf in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        name = NQUADS_FILE if export_format.rdf == ox.RdfFormat.N_QUADS else NTRIPLES_FILE
        for chunk in snapshot.chunks(name):
            out.write(chunk)
        return
    if export_format.writer is Writer.JSONLD:
        out.write(snapshot_to_jsonld(snapshot))
        return
    prefixes = dict(sorted(PREFIXES.items()))
    # Lenient parsing skips re-validating IRIs that Oxigraph's serialiser wrote from
    # validated terms (Turtle at 1M triples: 3.3 s -> 2.0 s with the quads passed on as
    # they come; N-Triples gives them in the default graph, which Turtle writes as is).
    name, syntax = (
        (NQUADS_FILE, ox.RdfFormat.N_QUADS)
        if export_format.keeps_graphs
        else (NTRIPLES_FILE, ox.RdfFormat.N_TRIPLES)
    )
    path = snapshot.path(name)
    if path is not None and not snapshot.held:
        quads = ox.parse(path=str(path), format=syntax, lenient=True)
    else:
        data = snapshot.nquads if name == NQUADS_FILE else snapshot.ntriples
        quads = ox.parse(data, format=syntax, lenient=True)
    if export_format.rdf is None:
        raise ValueError(f"{export_format.name} is not an RDF format")
    ox.serialize(quads, out, format=export_format.rdf, prefixes=prefixes)


def serialize_snapshot(snapshot: Snapshot, export_format: Format) -> bytes:
    """The snapshot in ``export_format``, as bytes (``write_snapshot`` into memory)."""
    buffer = io.BytesIO()
    write_snapshot(snapshot, export_format, buffer)
    return buffer.getvalue()


_TYPE_STATEMENTS = re.compile(
    rb"^\S+ <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> .*$", re.M
)


def entail_alignments(snapshot: Snapshot, *, iris: Iris, scratch: Path | None = None) -> Snapshot:
    """The snapshot plus, in the ``alignments`` graph, every instance's standard types.

    The types come from a SPARQL CONSTRUCT over the ontology graph's ``rdfs:subClassOf*``
    (``sparql/alignment_types.rq``), so they follow civic.ttl as it is published with
    the data. It runs on the ontology and each graph's type statements a piece at a
    time, and the result is written as a new snapshot into ``scratch`` (in memory
    without one), so the dataset is never held whole.
    """
    ontology = ox.NamedNode(iris.graph("ontology"))
    graph = iris.graph(ALIGNMENTS_GRAPH)
    query = load_sparql("alignment_types")
    store = ox.Store()
    for block in snapshot.graphs:
        if block.name == ontology.value:
            store.bulk_load(snapshot.block(block), ox.RdfFormat.N_QUADS, lenient=True)
    writer = SnapshotWriter(scratch)
    added = 0
    for block in snapshot.graphs:
        tail = len(block.suffix)
        for chunk in snapshot.block_chunks(block):
            for line in chunk.splitlines():
                writer.add(block.name, line[:-tail])
            if block.name == ontology.value:
                continue
            types = b"\n".join(_TYPE_STATEMENTS.findall(chunk))
            if not types:
                continue
            piece = ox.NamedNode(block.name) if block.name else ox.DefaultGraph()
            store.bulk_load(types, ox.RdfFormat.N_QUADS, lenient=True)
            triples = store.query(query, substitutions={ox.Variable("ontology"): ontology})
            assert isinstance(triples, ox.QueryTriples)
            for triple in triples:
                writer.add(graph, statement(triple.subject, triple.predicate, triple.object))
                added += 1
            store.clear_graph(piece)
    if not added:
        writer.close()
        return snapshot
    return writer.finish()


def export_to(
    snapshot: Snapshot,
    export_format: Format,
    out: IO[bytes],
    *,
    iris: Iris,
    entail: Entailment | None = None,
    path: Path | None = None,
) -> None:
    """Write the export to ``out``, after the chosen entailment; ``ExportError`` (naming
    ``path``) if it cannot be serialised."""
    with contextlib.ExitStack() as stack:
        if entail is Entailment.ALIGNMENTS:
            scratch = None
            if not snapshot.held and snapshot.folder is not None:
                scratch = Path(
                    stack.enter_context(tempfile.TemporaryDirectory(prefix="civicgraph-export-"))
                )
            snapshot = entail_alignments(snapshot, iris=iris, scratch=scratch)
        try:
            write_snapshot(snapshot, export_format, out)
        except (ValueError, SyntaxError) as error:
            raise ExportError(
                f"cannot serialise as {export_format.name}: {error}", path=path
            ) from error


def export_bytes(
    snapshot: Snapshot,
    export_format: Format,
    *,
    iris: Iris,
    entail: Entailment | None = None,
    out: Path | None = None,
) -> bytes:
    """The export's bytes, after the chosen entailment (for small datasets and tests)."""
    buffer = io.BytesIO()
    export_to(snapshot, export_format, buffer, entail=entail, iris=iris, path=out)
    return buffer.getvalue()


def export_dataset(
    dataset: ox.Store | Snapshot,
    export_format: Format,
    out: Path,
    *,
    iris: Iris,
    entail: Entailment | None = None,
) -> int:
    """Write a store's or snapshot's dataset to ``out`` atomically; return the bytes written."""
    if out.is_dir():
        raise ExportError(
            "is a folder; an export is written to a file",
            path=out,
            hint=f"name the file, e.g. {out / ('civicgraph.' + export_format.extension)}",
        )
    snapshot = dataset if isinstance(dataset, Snapshot) else Snapshot.from_store(dataset)
    try:
        with atomic_writer(out) as handle:
            export_to(snapshot, export_format, handle, entail=entail, iris=iris, path=out)
    except OSError as error:
        raise ExportError(f"cannot write: {error.strerror or error}", path=out) from error
    return out.stat().st_size
