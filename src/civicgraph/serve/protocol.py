"""The SPARQL 1.1 Protocol (queries only) and the media types of answers.

https://www.w3.org/TR/sparql11-protocol/ §2.1: a query comes as ``GET ?query=``, as a
``POST`` of an HTML form (``application/x-www-form-urlencoded``) or directly
(``application/sparql-query``), with ``default-graph-uri`` and ``named-graph-uri`` to set
the dataset. Without them the default graph is the union of the named graphs, as for
every civicgraph query. Answers are written in the format the ``Accept`` header (or
``?format=``) asks for, among those the registry (``civicgraph.formats``) offers for the
query's form. Updates are refused: the store is opened read-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.formats import (
    Format,
    by_media_type,
    find_format,
    media_types,
    rdf_formats,
    results_formats,
)
from civicgraph.io import short_repr
from civicgraph.iris import Iris
from civicgraph.results import write_result
from civicgraph.serve.headers import weighted
from civicgraph.serve.queries import QueryForm, QueryResult, UpdateRefusedError


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


def offers(form: QueryForm) -> tuple[Format, ...]:
    """The formats an answer of this form is offered in: the W3C results formats for
    SELECT and ASK, every RDF format for CONSTRUCT and DESCRIBE."""
    return results_formats() if form in {QueryForm.SELECT, QueryForm.ASK} else rdf_formats()


def choose_format(
    offered: Sequence[Format], accept: str | None, format_name: str | None
) -> Format | None:
    """The format ``?format=`` names (by name or extension), else the one ``Accept`` ranks
    best; ``None`` when nothing acceptable is offered."""
    if format_name:
        return find_format(format_name, offered)
    media = negotiate(accept, media_types(offered))
    return by_media_type(media, offered) if media is not None else None


def answer_format(form: QueryForm, accept: str | None, format_name: str | None) -> Format | None:
    """The format to answer a query of ``form`` in, or ``None`` when nothing acceptable
    is offered."""
    return choose_format(offers(form), accept, format_name)


def not_acceptable(
    offered: Sequence[Format],
    accept: str | None,
    format_name: str | None,
    *,
    also: Sequence[str] = (),
) -> str:
    """The one line of a 406: the format asked for and what is offered instead, by the
    names ``?format=`` takes or the media types ``Accept`` takes (``also`` first)."""
    if format_name:
        names = ", ".join(f.name for f in offered)
        return f"no {short_repr(format_name)} form; try ?format= {names}"
    offers = ", ".join([*also, *media_types(offered)])
    return f"nothing offered matches Accept {short_repr(accept or '')}; offered: {offers}"


def serialise(answer: QueryResult, fmt: Format, *, iris: Iris) -> tuple[bytes, str]:
    """The answer's bytes in ``fmt`` (the one writer of ``civicgraph.results``, which
    keeps a spreadsheet from running a CSV cell as a formula) and the Content-Type."""
    return write_result(answer, fmt, iris=iris), fmt.content_type
