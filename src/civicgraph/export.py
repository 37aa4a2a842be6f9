"""Write the dataset in every RDF format of the registry (``civicgraph.formats``), deterministically.

Oxigraph writes the RDF syntaxes; JSON-LD is compacted with civicgraph's shipped context
(``civicgraph.jsonld``); formats without named graphs merge them. Every instance has an IRI minted from an id, the ontology's few
blank nodes get labels from their order in civic.ttl, and exports start from the
canonical snapshot (civicgraph.snapshot: graph by graph, lines sorted), so the same input
gives byte-identical files. Files are written atomically: a failed export leaves nothing.

``entail_alignments`` materialises the standard types the ontology aligns its classes
to, for stores without an RDFS reasoner.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import ExportError
from civicgraph.formats import Format, Writer, write_rdf
from civicgraph.io import write_bytes_atomic
from civicgraph.iris import Iris
from civicgraph.jsonld import snapshot_to_jsonld
from civicgraph.namespaces import PREFIXES
from civicgraph.snapshot import Snapshot
from civicgraph.sparql.text import load_sparql

ALIGNMENTS_GRAPH = "alignments"
"""Named graph of the types ``entail_alignments`` adds, so a user can tell them apart."""


class Entailment(Enum):
    """What ``export --entail`` may add to the dataset."""

    ALIGNMENTS = "alignments"


def serialize_snapshot(snapshot: Snapshot, export_format: Format) -> bytes:
    """The snapshot in ``export_format``: the line formats as they are, JSON-LD compacted
    with the shipped context, the others re-serialised by Oxigraph (its writers keep the
    input order)."""
    if export_format.rdf == ox.RdfFormat.N_QUADS:
        return snapshot.nquads
    if export_format.rdf == ox.RdfFormat.N_TRIPLES:
        return snapshot.ntriples
    if export_format.writer is Writer.JSONLD:
        return snapshot_to_jsonld(snapshot)
    prefixes = dict(sorted(PREFIXES.items()))
    # Lenient parsing skips re-validating IRIs that Oxigraph's serialiser wrote from
    # validated terms (Turtle at 1M triples: 3.3 s -> 2.0 s with the quads passed on as
    # they come; N-Triples gives them in the default graph, which Turtle writes as is).
    if export_format.keeps_graphs:
        quads = ox.parse(snapshot.nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    else:
        quads = ox.parse(snapshot.ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return write_rdf(quads, export_format, prefixes=prefixes, merge=False)


def entail_alignments(snapshot: Snapshot, *, iris: Iris) -> Snapshot:
    """The snapshot plus, in the ``alignments`` graph, every instance's standard types.

    The types come from a SPARQL CONSTRUCT over the ontology graph's ``rdfs:subClassOf*``
    (``sparql/alignment_types.rq``), so they follow civic.ttl as it is published with
    the data.
    """
    store = ox.Store()
    store.bulk_load(snapshot.nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    ontology = ox.NamedNode(iris.graph("ontology"))
    triples = store.query(
        load_sparql("alignment_types"), substitutions={ox.Variable("ontology"): ontology}
    )
    graph = ox.NamedNode(iris.graph(ALIGNMENTS_GRAPH))
    added = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]  # type: ignore[union-attr]
    if not added:
        return snapshot
    existing = ox.parse(snapshot.nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    return Snapshot.from_quads([*existing, *added])


def export_bytes(
    snapshot: Snapshot,
    export_format: Format,
    *,
    iris: Iris,
    entail: Entailment | None = None,
    out: Path | None = None,
) -> bytes:
    """The export's bytes, after the chosen entailment; ``ExportError`` (naming ``out``)
    if it cannot be serialised."""
    if entail is Entailment.ALIGNMENTS:
        snapshot = entail_alignments(snapshot, iris=iris)
    try:
        return serialize_snapshot(snapshot, export_format)
    except (ValueError, OSError) as error:
        raise ExportError(f"cannot serialise as {export_format.name}: {error}", path=out) from error


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
    data = export_bytes(snapshot, export_format, entail=entail, iris=iris, out=out)
    write_bytes_atomic(out, data)
    return len(data)
