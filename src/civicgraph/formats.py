"""The one registry of the formats civicgraph writes, and the writer of its RDF formats.

Each ``Format`` names a format as users type it (``--format``, ``?format=``), the media
types it is sent as and accepted under, its file extension, what it carries (RDF, with or
without named graphs, or query results) and who writes it. Media types, extensions and
dataset support are pyoxigraph's own (``RdfFormat``, ``QueryResultsFormat``), and so is
every writer but four civicgraph adds: JSON-LD compacted with the shipped context
(``civicgraph.jsonld``), the CSV writer that keeps a spreadsheet from running a cell as a
formula (``civicgraph.results.render_csv``), a table for people and JSON lines for pipes.

Every place that lists formats derives its list from ``FORMATS`` when it is asked:
``civicgraph export``, releases and the downloads of ``civicgraph serve`` write every
RDF format; ``civicgraph query --format`` offers every format; content negotiation offers
entity pages and CONSTRUCT/DESCRIBE answers in every RDF format and SELECT/ASK answers in
every W3C results format; VoID and a release's catalogue describe a dump per RDF format.
Adding a format is one entry here. N3 is left out: pyoxigraph writes it, but it is a
W3C Team Submission that other stores read differently, not a Recommendation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox

from civicgraph.jsonld import compact_nquads, dump_json

CHARSET = "; charset=utf-8"


class Writer(Enum):
    """Who writes a format's bytes."""

    OXIGRAPH = "pyoxigraph's serialiser"
    JSONLD = "civicgraph.jsonld: compacted with the shipped context"
    CSV = "civicgraph.results.render_csv: cells that begin a formula made text"
    TABLE = "civicgraph.results.render_table: aligned columns for a terminal"
    JSONL = "civicgraph.results: one JSON object of plain values per row"


@dataclass(frozen=True)
class Format:
    """One format: what it is called, sent and accepted as, carries, and who writes it."""

    name: str
    """As users type it: ``--format turtle``, ``?format=turtle``."""
    title: str
    """As people call it, for pages: "Turtle", "SPARQL Results in JSON"."""
    media_types: tuple[str, ...]
    """The first is sent; all are accepted (pyoxigraph reads each back to this format)."""
    extension: str
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None
    writer: Writer = Writer.OXIGRAPH
    aliases: tuple[str, ...] = ()
    """Other names accepted for it: its file extension where that differs."""

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """The Content-Type sent: every format here is text in UTF-8."""
        return self.media_type + CHARSET

    @property
    def keeps_graphs(self) -> bool:
        """Whether it keeps named graphs; the other RDF formats merge them."""
        return self.rdf is not None and self.rdf.supports_datasets

    def called(self, name: str) -> bool:
        return name.lower() in {self.name, *self.aliases}


def _rdf(
    name: str, rdf: ox.RdfFormat, *more_media: str, writer: Writer = Writer.OXIGRAPH
) -> Format:
    aliases = (rdf.file_extension,) if rdf.file_extension != name else ()
    return Format(
        name, rdf.name, (rdf.media_type, *more_media), rdf.file_extension, rdf=rdf,
        writer=writer, aliases=aliases,
    )  # fmt: skip


def _results(
    results: ox.QueryResultsFormat, *more_media: str, writer: Writer = Writer.OXIGRAPH
) -> Format:
    # "SPARQL Results in JSON" -> json: the word users type, not pyoxigraph's .srj
    name = results.name.rsplit(" ", 1)[-1].lower()
    media = results.media_type.split(";", 1)[0]
    aliases = (results.file_extension,) if results.file_extension != name else ()
    return Format(
        name, results.name, (media, *more_media), results.file_extension, results=results,
        writer=writer, aliases=aliases,
    )  # fmt: skip


FORMATS: tuple[Format, ...] = (
    _rdf("turtle", ox.RdfFormat.TURTLE),
    _rdf("ntriples", ox.RdfFormat.N_TRIPLES, "text/plain"),
    _rdf("nquads", ox.RdfFormat.N_QUADS),
    _rdf("trig", ox.RdfFormat.TRIG),
    _rdf("rdfxml", ox.RdfFormat.RDF_XML, "application/xml"),
    _rdf("jsonld", ox.RdfFormat.JSON_LD, writer=Writer.JSONLD),
    _results(ox.QueryResultsFormat.JSON, "application/json"),
    _results(ox.QueryResultsFormat.XML, "application/xml"),
    _results(ox.QueryResultsFormat.CSV, writer=Writer.CSV),
    _results(ox.QueryResultsFormat.TSV),
    Format("table", "table", ("text/plain",), "txt", writer=Writer.TABLE),
    Format("jsonl", "JSON lines", ("application/jsonl",), "jsonl", writer=Writer.JSONL),
)
"""Every format, in the order lists show them; the first RDF and results ones are the
defaults of negotiation (Turtle, SPARQL JSON)."""


def rdf_formats() -> tuple[Format, ...]:
    """The RDF formats: exports, releases, downloads, entity and CONSTRUCT answers."""
    return tuple(f for f in FORMATS if f.rdf is not None)


def results_formats() -> tuple[Format, ...]:
    """The W3C query results formats: SELECT and ASK answers over HTTP."""
    return tuple(f for f in FORMATS if f.results is not None)


def query_formats() -> tuple[Format, ...]:
    """Every format ``civicgraph query --format`` offers, results and RDF (the table first)."""
    return tuple(sorted(FORMATS, key=lambda f: f.writer is not Writer.TABLE))


def find_format(name: str, among: Iterable[Format] | None = None) -> Format | None:
    """The format of that name or alias among ``among`` (every format by default)."""
    return next((f for f in (FORMATS if among is None else among) if f.called(name)), None)


def format_named(name: str, among: Iterable[Format] | None = None) -> Format:
    """``find_format``, for a name the code itself gives: ``KeyError`` when unknown."""
    found = find_format(name, among)
    if found is None:
        raise KeyError(name)
    return found


def rdf_format(name: str) -> Format:
    """An RDF format by name; ``KeyError`` for any other name."""
    return format_named(name, rdf_formats())


def media_types(formats: Iterable[Format]) -> list[str]:
    """Every media type the formats are accepted under, each once, in order."""
    return list(dict.fromkeys(media for f in formats for media in f.media_types))


def by_media_type(media: str, among: Sequence[Format]) -> Format | None:
    """The first of ``among`` accepted under ``media`` (its parameters ignored)."""
    essence = media.split(";", 1)[0].strip().lower()
    return next((f for f in among if essence in f.media_types), None)


def write_rdf(
    statements: Iterable[ox.Triple] | Iterable[ox.Quad],
    fmt: Format,
    *,
    prefixes: Mapping[str, str] | None = None,
    merge: bool = True,
) -> bytes:
    """The statements in RDF format ``fmt``, in the order given.

    A format that cannot keep named graphs gets each triple of a named graph once, its
    graph dropped; ``merge=False`` tells that there is nothing to merge (statements all in
    the default graph, each once: an export's N-Triples), and spares a pass over them
    (Turtle of a million triples: 3.0 s with it, 2.0 s without). ``prefixes`` go where the
    syntax has them (Turtle, TriG, RDF/XML).
    """
    if fmt.rdf is None:
        raise ValueError(f"{fmt.name} is not an RDF format")
    if merge and not fmt.keeps_graphs:
        statements = _merged(statements)
    if fmt.writer is Writer.JSONLD:
        nquads = ox.serialize(statements, format=ox.RdfFormat.N_QUADS) or b""
        return dump_json(compact_nquads(nquads.decode("utf-8")))
    return ox.serialize(statements, format=fmt.rdf, prefixes=dict(prefixes or {})) or b""


def _merged(statements: Iterable[ox.Triple] | Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """Each statement once as a triple."""
    seen: set[ox.Triple] = set()
    for statement in statements:
        triple = statement.triple if isinstance(statement, ox.Quad) else statement
        if triple not in seen:
            seen.add(triple)
            yield triple


__all__ = [
    "FORMATS",
    "Format",
    "Writer",
    "by_media_type",
    "find_format",
    "format_named",
    "media_types",
    "query_formats",
    "rdf_format",
    "rdf_formats",
    "results_formats",
    "write_rdf",
]
