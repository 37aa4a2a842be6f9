"""The one place ``civicgraph serve`` reaches the query layer: load, bind and run queries.

Every page and the SPARQL endpoint go through these functions, so that a change in how
query texts are read and bound (``civicgraph.sparql``) or labels fetched
(``civicgraph.query``) is adapted here alone.

``execute`` reads an answer lazily and stops at the row cap or at the deadline; a query
that has not answered by then (a sort or a group must finish before its first row) is
stopped by killing its process, for the queries visitors write
(``civicgraph.serve.isolation``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.io import short_repr
from civicgraph.query import QueryResult as _QueryResult
from civicgraph.query import fetch_labels, shorten_iri
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

__all__ = [
    "Answer",
    "CatalogueQuery",
    "QueryForm",
    "QueryTimeoutError",
    "Term",
    "UpdateRefusedError",
    "bound_text",
    "catalogue",
    "catalogue_query",
    "execute",
    "labels",
    "names_dataset",
    "page_query",
    "query_form",
    "results_json",
    "run",
    "run_text",
    "run_values",
    "shipped_query",
    "shorten_iri",
]


T = TypeVar("T")
_CATALOGUE_NAME = re.compile(r"[\w-]{1,120}")


class UpdateRefusedError(QueryError):
    """A SPARQL Update reached the read-only server."""


class QueryTimeoutError(QueryError):
    """A query ran past its time limit."""


@dataclass(frozen=True)
class Answer:
    """What a query answered, read up to the row cap."""

    form: QueryForm
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False

    def records(self) -> list[dict[str, Term]]:
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]


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


def run(
    store: ox.Store,
    query: CatalogueQuery,
    params: Mapping[str, str] | None = None,
    *,
    base: str,
    limit: int | None = None,
    timeout: float | None = None,
) -> Answer:
    """Bind the typed parameters (never pasted: see ``civicgraph.query``) and run."""
    text = bound_text(query, params, base=base)
    return execute(store, text, query.form, limit=limit, timeout=timeout)


def run_values(
    store: ox.Store,
    query: CatalogueQuery,
    rows: Sequence[Mapping[str, Term]],
    *,
    timeout: float | None = None,
) -> Answer:
    """Run ``query`` once for many values of its parameters: one VALUES row each.

    No rows is no answer, not the query run unbound over the whole graph.
    """
    if not rows:
        return Answer(query.form)
    return execute(store, bind_values(query, rows), query.form, limit=None, timeout=timeout)


def bound_text(query: CatalogueQuery, params: Mapping[str, str] | None = None, *, base: str) -> str:
    """The query text with its parameters bound, as it would be sent to an endpoint."""
    return bind_values(query, bind_parameters(query, params or {}, base=base))


def query_form(text: str) -> QueryForm:
    """The form of a query written by a user, once it is known to be one the server runs.

    An update is refused, and so is SERVICE: the server never writes, and never calls
    out to an address a visitor chose.
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
    return refuse_unrunnable(query, embedded=True)


def run_text(
    store: ox.Store,
    text: str,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Answer:
    """Run a query written by a user; a syntax error names the line and column."""
    return execute(
        store,
        text,
        query_form(text),
        limit=limit,
        timeout=timeout,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
    )


def execute(
    store: ox.Store,
    text: str,
    form: QueryForm,
    *,
    limit: int | None,
    timeout: float | None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    own_dataset: bool = False,
) -> Answer:
    """Run a text already checked by ``query_form`` or bound from the catalogue.

    The dataset is the one the request names (``default_graphs``, ``named_graphs``), else
    the one the text names (``own_dataset``: FROM, FROM NAMED), else the union of every
    graph as the default graph (SPARQL 1.1 Protocol, 2.1.4).
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    protocol_dataset = bool(default_graphs or named_graphs)
    try:
        answer = store.query(
            text,
            # the union overrides a FROM: it is the default only when no one names another
            use_default_graph_as_union=not default_graphs and (protocol_dataset or not own_dataset),
            default_graph=[ox.NamedNode(g) for g in default_graphs] if default_graphs else None,
            named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs else None,
        )
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from error
    except (OSError, ValueError) as error:
        raise QueryError(f"the store could not answer: {error}") from error
    _check_deadline(deadline, timeout)
    if isinstance(answer, ox.QueryBoolean):
        return Answer(form=QueryForm.ASK, boolean=bool(answer))
    # pyoxigraph's answers must be dropped on the thread that made them, so none may
    # outlive this call in a traceback: each is deleted before the deadline is judged
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        # a solution iterates its values in projection order (None where unbound): twice
        # as fast as looking each one up by name
        rows, state = _read((tuple(s) for s in answer), limit, deadline)
        del answer
        if state == "late":
            _check_deadline(deadline, timeout)
        return Answer(QueryForm.SELECT, variables, tuple(rows), truncated=state == "cut")
    triples, state = _read(iter(answer), limit, deadline)
    del answer
    if state == "late":
        _check_deadline(deadline, timeout)
    return Answer(form, triples=tuple(triples), truncated=state == "cut")


def _read(items: Iterator[T], limit: int | None, deadline: float | None) -> tuple[list[T], str]:
    """Up to ``limit`` items, and ``"cut"`` if more were left or ``"late"`` past the deadline."""
    read: list[T] = []
    for item in items:
        if limit is not None and len(read) >= limit:
            return read, "cut"
        read.append(item)
        if deadline is not None and len(read) % 256 == 0 and time.monotonic() > deadline:
            return read, "late"
    return read, "whole"


def results_json(answer: Answer) -> bytes:
    """A SELECT or ASK answer in the W3C SPARQL JSON results format."""
    result = _QueryResult(
        form=answer.form, variables=answer.variables, rows=answer.rows, boolean=answer.boolean
    )
    return render_result(result, "json").encode("utf-8")


def _check_deadline(deadline: float | None, timeout: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g} s and was stopped",
            hint="narrow it with more patterns or a LIMIT",
        )


def labels(store: ox.Store, iri_values: set[str], *, lang: str) -> dict[str, str]:
    """One label per IRI, in ``lang`` or the fallback languages."""
    return fetch_labels(iri_values, lang=lang, store=store)
