"""The SPARQL 1.1 Protocol (queries only) and the media types of answers.

https://www.w3.org/TR/sparql11-protocol/ §2.1: a query comes as ``GET ?query=``, as a
``POST`` of an HTML form (``application/x-www-form-urlencoded``) or directly
(``application/sparql-query``), with ``default-graph-uri`` and ``named-graph-uri`` to set
the dataset. Without them the default graph is the union of the named graphs, as for
every civicgraph query. Answers are written by pyoxigraph's serialisers in the format
the ``Accept`` header (or ``?format=``) asks for. Updates are refused: the store is
opened read-only and the server never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.iris import Iris
from civicgraph.namespaces import PREFIXES
from civicgraph.results import render_csv
from civicgraph.serve.headers import weighted
from civicgraph.serve.queries import QueryForm, QueryResult, UpdateRefusedError, results_json

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
"""``?format=`` names, for links and clients that cannot set ``Accept``."""

_CHARSET = "; charset=utf-8"


@dataclass(frozen=True)
class ProtocolRequest:
    query: str
    default_graphs: list[str]
    named_graphs: list[str]


def read_request(
    method: str,
    content_type: str,
    params: list[tuple[str, str]],
    form: list[tuple[str, str]],
    body: bytes,
) -> ProtocolRequest:
    """The query and its dataset from a GET, a form POST or a direct POST."""
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    fields = list(params)
    query: str | None = None
    if method == "POST":
        if media == "application/sparql-update":
            raise UpdateRefusedError(
                "this endpoint is read-only: SPARQL Update is not accepted",
                hint="run updates on your own copy of the data",
            )
        if media == "application/sparql-query":
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise QueryError("the query is not UTF-8") from error
        elif media in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            fields += form
        else:
            raise QueryError(
                f"cannot read a POST of {media or 'no content type'}",
                hint="send application/sparql-query or application/x-www-form-urlencoded",
            )
    names = [name for name, _ in fields]
    if "update" in names:
        raise UpdateRefusedError(
            "this endpoint is read-only: SPARQL Update is not accepted",
            hint="run updates on your own copy of the data",
        )
    queries = [value for name, value in fields if name == "query"]
    if query is None:
        if len(queries) != 1:
            raise QueryError(
                "give exactly one query" if queries else "no query given",
                hint="pass ?query=SELECT … (SPARQL 1.1 Protocol §2.1)",
            )
        query = queries[0]
    elif queries:
        raise QueryError("a direct POST carries the query in its body, not also as ?query=")
    return ProtocolRequest(
        query=query,
        default_graphs=_graph_iris(fields, "default-graph-uri"),
        named_graphs=_graph_iris(fields, "named-graph-uri"),
    )


def _graph_iris(fields: list[tuple[str, str]], name: str) -> list[str]:
    """The graphs a dataset parameter names, refused here so the error names the parameter."""
    values = [value for field, value in fields if field == name]
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise QueryError(
                f"{name}: {value!r} is not an IRI ({error})",
                hint="give a graph's full IRI, e.g. from SELECT DISTINCT ?g { GRAPH ?g {} }",
            ) from error
    return values


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the ``Accept`` header ranks best (RFC 9110 §12.5.1); the first when absent."""
    if not accept:
        return offers[0]
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for media, quality, position in weighted(accept):
        for rank, offer in enumerate(offers):
            kind = offer.split("/")[0]
            specificity = (
                2 if media == offer else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
            )
            if specificity < 0:
                continue
            key = (quality, specificity, -position * 100 - rank)
            if best is None or key > best:
                best, chosen = key, offer
    return chosen


def answer_media(form: QueryForm, accept: str | None, format_name: str | None) -> str | None:
    """The media type to answer in, or ``None`` when nothing acceptable is offered."""
    offers = list(RESULT_TYPES if form in {QueryForm.SELECT, QueryForm.ASK} else GRAPH_TYPES)
    if format_name:
        media = FORMAT_NAMES.get(format_name.lower())
        return media if media in offers else None
    return negotiate(accept, offers)


def serialise(answer: QueryResult, media: str, *, iris: Iris) -> tuple[bytes, str]:
    """The answer's bytes in ``media`` and the Content-Type to send."""
    if answer.form in {QueryForm.CONSTRUCT, QueryForm.DESCRIBE}:
        return serialise_triples(answer.triples, media, iris=iris)
    # the W3C JSON results of the rows read (up to the cap), re-read by pyoxigraph to
    # write the other formats with its own serialisers
    results_format = RESULT_TYPES[media]
    if results_format == ox.QueryResultsFormat.CSV and answer.form is QueryForm.SELECT:
        # the one CSV writer, which keeps a spreadsheet from running a cell as a formula
        return render_csv(answer.variables, answer.rows), media + _CHARSET
    document = results_json(answer, iris=iris)
    if results_format == ox.QueryResultsFormat.JSON:
        return document, media + _CHARSET
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    output = parsed.serialize(format=results_format)
    assert output is not None
    return output, media + _CHARSET


def serialise_triples(
    triples: tuple[ox.Triple, ...], media: str, *, iris: Iris
) -> tuple[bytes, str]:
    rdf_format = GRAPH_TYPES[media]
    prefixes = None
    if rdf_format == ox.RdfFormat.TURTLE:
        prefixes = dict(PREFIXES)
        prefixes["id"] = iris.id_prefix
    output = ox.serialize(sorted(triples, key=str), format=rdf_format, prefixes=prefixes)
    assert output is not None
    return output, media + _CHARSET
