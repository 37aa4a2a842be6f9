"""The one place ``civicgraph serve`` reaches the query layer: load, bind and check queries.

Every page and the SPARQL endpoint go through these functions and through the one query
runner (``civicgraph.query.run_query``/``run_text``) on the server's ``TripleSource``, so
a change in how query texts are read and bound (``civicgraph.sparql``), run or labelled
(``civicgraph.query``) is adapted there alone. Answers are ``civicgraph.query.QueryResult``.

The runner reads an answer up to the row cap and stops at the deadline while it reads; a
visitor's query that has not answered by then (a sort or a group must finish before its
first row) is stopped by killing its process (``civicgraph.serve.isolation``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from civicgraph.errors import QueryError, QueryTimeoutError
from civicgraph.io import short_repr
from civicgraph.iris import Iris
from civicgraph.query import QueryResult, run_text, shorten_iri
from civicgraph.resources import catalogue_dir
from civicgraph.results import render_result
from civicgraph.sparql.binding import Term, bind_parameters, bind_values
from civicgraph.sparql.text import (
    CatalogueQuery,
    QueryForm,
    Shape,
    find_query,
    load_catalogue,
    parse_query,
    refuse_unrunnable,
)
from civicgraph.sparql.text import shipped_query as _shipped
from civicgraph.triplesource import TripleSource

__all__ = [
    "CatalogueQuery",
    "QueryForm",
    "QueryResult",
    "QueryTimeoutError",
    "Term",
    "UpdateRefusedError",
    "bound_text",
    "catalogue",
    "catalogue_query",
    "names_dataset",
    "page_query",
    "query_form",
    "results_json",
    "run_values",
    "shipped_query",
    "shorten_iri",
]


_CATALOGUE_NAME = re.compile(r"[\w-]{1,120}")


class UpdateRefusedError(QueryError):
    """A SPARQL Update reached the read-only server."""


def page_query(name: str) -> CatalogueQuery:
    """A query the pages use, shipped in ``civicgraph/serve/sparql/``."""
    return _shipped("civicgraph.serve", name, folder="sparql")


@cache
def shipped_query(name: str) -> CatalogueQuery:
    """A query of the catalogue shipped with civicgraph, whatever ``--queries`` says."""
    return find_query(name, catalogue_dir())


def catalogue(folder: Path) -> list[CatalogueQuery]:
    return load_catalogue(folder)


def catalogue_query(name: str, folder: Path) -> CatalogueQuery:
    """A query of the catalogue by its name; a name no file of it could have is unknown
    before any file is looked up (a path, a NUL, more than a file name may hold)."""
    if not _CATALOGUE_NAME.fullmatch(name):
        raise QueryError(
            f"unknown query {short_repr(name)}", hint="choose a query of the catalogue"
        )
    return find_query(name, folder)


def run_values(
    source: TripleSource,
    query: CatalogueQuery,
    rows: Sequence[Mapping[str, Term]],
    *,
    timeout: float | None = None,
) -> QueryResult:
    """Run ``query`` once for many values of its parameters: one VALUES row each.

    No rows is no answer, not the query run unbound over the whole graph.
    """
    if not rows:
        return QueryResult(query.form)
    return run_text(source, bind_values(query, rows), query.form, timeout=timeout)


def bound_text(
    query: CatalogueQuery, params: Mapping[str, str] | None = None, *, iris: Iris
) -> str:
    """The query text with its parameters bound, as it would be sent to an endpoint."""
    return bind_values(query, bind_parameters(query, params or {}, iris=iris))


def query_form(text: str) -> QueryForm:
    """The form of a query written by a user, once it is known to be one the server runs.

    An update is refused, and so is SERVICE: the server never writes, and never calls
    out to an address a visitor chose (nor has an endpoint call one for it).
    """
    return _shape(text).form


def names_dataset(text: str) -> bool:
    """Whether a text ``query_form`` accepted names its own dataset (FROM, FROM NAMED)."""
    return _shape(text).dataset


def _shape(text: str) -> Shape:
    try:
        return _refuse_unrunnable(text)
    except RecursionError as error:
        # the grammar reads groups by recursion: a text nested deeper than Python's stack
        # is refused as the one line any other unreadable query gets
        raise QueryError(
            "the query is nested too deeply to be read",
            hint="use fewer nested { } groups",
        ) from error


def _refuse_unrunnable(text: str) -> Shape:
    query = parse_query(text, name="query")
    if query.form is QueryForm.UPDATE:
        raise UpdateRefusedError(
            "this endpoint is read-only: SPARQL Update is not accepted",
            hint="run updates on your own copy of the data",
        )
    shape = refuse_unrunnable(query, embedded=False)
    if shape.services:
        # over an endpoint too: a visitor's query must not make the endpoint call out
        raise QueryError(
            f"SERVICE {shape.services[0]} is not run: this server never calls an address"
            " a query names",
            hint="query that service yourself, without SERVICE",
        )
    return shape


def results_json(answer: QueryResult, *, iris: Iris) -> bytes:
    """A SELECT or ASK answer in the W3C SPARQL JSON results format."""
    return render_result(answer, "json", iris=iris).encode("utf-8")
