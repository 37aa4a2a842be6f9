"""Run a query on a ``TripleSource`` and collect what it answered: the one query runner.

The text, the header and the binding of parameters are ``civicgraph.sparql``'s job; where
the triples are (the embedded store or a SPARQL 1.1 endpoint) and which dataset a query
sees is ``civicgraph.triplesource``'s. This module binds, runs and collects
(``QueryResult``), under one deadline and up to a row limit, and fetches labels.

Catalogue queries are written against a default graph that is the union of all named
graphs (``ontology``, ``entities``, ``provenance``, ``links``, ``source/<id>``) and use
``GRAPH ?g`` only when they want to know which graph a triple is in; every source gives
them that dataset, so the same query gives the same answers on the embedded store and on
any SPARQL 1.1 endpoint. A triple stated in two graphs appears twice in that union,
which is why the catalogue's queries use ``DISTINCT``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.iris import Iris
from civicgraph.languages import fallback_order
from civicgraph.namespaces import PREFIXES
from civicgraph.sparql.binding import Term, bind_parameters, bind_values
from civicgraph.sparql.text import (
    CatalogueQuery,
    QueryForm,
    QuerySyntaxError,
    refuse_unrunnable,
    shipped_query,
)
from civicgraph.triplesource import TripleSource, term_text


class Row(Mapping[str, "Term | None"]):
    """One solution of a SELECT query: each variable of the query to its term, ``None``
    where it is unbound (as pyoxigraph's ``QuerySolution`` answers), in the query's order.
    A ``Mapping``: ``row["person"]``, ``dict(row)``, ``row.items()``; an unknown name is a
    ``KeyError`` naming the variables there are."""

    __slots__ = ("_index", "_values")

    def __init__(self, variables: Sequence[str], values: Sequence[Term | None]) -> None:
        self._index = {name: number for number, name in enumerate(variables)}
        self._values = tuple(values)

    def __getitem__(self, name: str) -> Term | None:
        try:
            return self._values[self._index[name]]
        except KeyError:
            raise KeyError(f"no variable {name!r}; the row has {', '.join(self._index)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Row({', '.join(f'{k}={v}' for k, v in self.items())})"


@dataclass(frozen=True)
class QueryResult:
    """What a query answered: solutions, a boolean or triples, depending on its form.

    Iterable as rdflib's and pyoxigraph's results are: a SELECT gives a ``Row`` per
    solution, a CONSTRUCT or DESCRIBE its triples, an ASK its boolean once; ``len`` counts
    them, and ``bool`` is the ASK's answer, else whether there is any.
    """

    form: QueryForm
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False
    """More rows (or triples) were left than the limit allowed."""
    elapsed: float = 0.0
    labels: dict[str, str] = field(default_factory=dict)
    """Chosen label per IRI, when labels were asked for (``lang``)."""

    def __iter__(self) -> Iterator[Row | ox.Triple | bool]:
        if self.form is QueryForm.ASK:
            return iter((bool(self.boolean),))
        if self.form.gives_rdf:
            return iter(self.triples)
        return (Row(self.variables, values) for values in self.rows)

    def __len__(self) -> int:
        if self.form is QueryForm.ASK:
            return 1
        return len(self.triples) if self.form.gives_rdf else len(self.rows)

    def __bool__(self) -> bool:
        if self.form is QueryForm.ASK:
            return bool(self.boolean)
        return len(self) > 0

    def column(self, name: str) -> list[Term | None]:
        """The values of one variable, row by row."""
        try:
            index = self.variables.index(name)
        except ValueError as error:
            raise QueryError(
                f"no column {name!r}", hint=f"columns: {', '.join(self.variables)}"
            ) from error
        return [row[index] for row in self.rows]

    def values(self, name: str) -> set[str]:
        """The distinct string values of one variable (IRIs as IRIs, literals as their text)."""
        return {term_text(term) for term in self.column(name) if term is not None}

    def records(self) -> list[dict[str, Term]]:
        """Each row as a mapping of the bound variables."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def to_pandas(self) -> Any:  # noqa: ANN401 - a pandas.DataFrame; pandas is optional
        """The solutions as a ``pandas.DataFrame``: one column per variable, each cell the
        term's text (IRIs as IRIs, literals as their lexical form), unbound as ``None``."""
        try:
            import pandas  # noqa: PLC0415 - optional dependency (the pandas extra)
        except ImportError as error:
            raise QueryError(
                "to_pandas() needs pandas, which is not installed",
                hint="pip install 'civicgraph[pandas]', or use .records() for rows as dicts",
            ) from error
        values = [[None if term is None else term_text(term) for term in row] for row in self.rows]
        return pandas.DataFrame(values, columns=list(self.variables))


def run_query(
    query: CatalogueQuery,
    source: TripleSource,
    *,
    params: Mapping[str, str] | None = None,
    lang: str | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Bind, run and collect one query of the catalogue (or a ``.rq`` file) on ``source``.

    Parameters are bound under the source's base. With ``lang``, each IRI in the answer
    gets a label in that language, falling back to the other languages of
    ``civicgraph.languages`` and then any (``QueryResult.labels``). ``limit`` keeps the
    first N rows. The query and its labels share one deadline, ``timeout`` (the source's
    own when not given). Updates are refused, and so is a SERVICE clause on a source that
    cannot bound the remote call by a deadline (the embedded store).
    """
    refuse_unrunnable(query, embedded=not source.runs_services)
    bindings = bind_parameters(query, params or {}, iris=source.iris)
    seconds = source.timeout if timeout is None else timeout
    deadline = time.monotonic() + seconds
    try:
        result = run_text(
            source, bind_values(query, bindings), query.form, limit=limit, timeout=seconds
        )
    except QuerySyntaxError as error:
        raise QuerySyntaxError(
            error.message,
            path=query.path or query.name,
            line=error.line or 0,
            column=error.column,
            hint=error.hint,
        ) from None
    if lang is None:
        return result
    named = {t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)}
    labels = fetch_labels(source, named, lang=lang, timeout=max(deadline - time.monotonic(), 0))
    return QueryResult(
        form=result.form,
        variables=result.variables,
        rows=result.rows,
        boolean=result.boolean,
        triples=result.triples,
        truncated=result.truncated,
        elapsed=result.elapsed,
        labels=labels,
    )


def run_text(
    source: TripleSource,
    text: str,
    form: QueryForm,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    own_dataset: bool = False,
) -> QueryResult:
    """Run a text whose ``form`` is known (bound from the catalogue, or checked by
    ``civicgraph.sparql.text.inspect``) on ``source``: up to ``limit`` rows or triples,
    stopped at ``timeout`` (``QueryTimeoutError``).

    The dataset is the one the request names (``default_graphs``, ``named_graphs``), else
    the one the text names (``own_dataset``: FROM, FROM NAMED), else the union of the
    dataset's graphs (``civicgraph.triplesource``).
    """
    graphs = {"default_graphs": default_graphs, "named_graphs": named_graphs}
    started = time.perf_counter()
    if form is QueryForm.ASK:
        boolean = source.ask(text, timeout=timeout, own_dataset=own_dataset, **graphs)
        return QueryResult(form, boolean=boolean, elapsed=time.perf_counter() - started)
    if form is QueryForm.SELECT:
        solutions = source.select(
            text, timeout=timeout, limit=limit, own_dataset=own_dataset, **graphs
        )
        return QueryResult(
            form,
            variables=solutions.variables,
            rows=solutions.rows,
            truncated=solutions.truncated,
            elapsed=time.perf_counter() - started,
        )
    if form.gives_rdf:
        triples = source.construct(
            text, timeout=timeout, limit=limit, own_dataset=own_dataset, **graphs
        )
        return QueryResult(
            form,
            triples=triples.triples,
            truncated=triples.truncated,
            elapsed=time.perf_counter() - started,
        )
    raise QueryError(
        "this is a SPARQL update; civicgraph only reads, updates are not run",
        hint="change the records and run 'civicgraph build' instead",
    )


LABEL_BATCH = 1_000
"""IRIs per label request: Virtuoso 7.2.5 refuses a VALUES block of a few thousand terms
(3,000 passed, 5,000 failed), which a full listing at a million triples asks labels for."""


def fetch_labels(
    source: TripleSource,
    iri_values: Iterable[str],
    *,
    lang: str,
    timeout: float | None = None,
) -> dict[str, str]:
    """One label per IRI: in ``lang``, else the other languages in order, else any, else
    none; every batch of IRIs within one deadline."""
    wanted = [ox.NamedNode(v) for v in sorted(iri_values)]
    if not wanted:
        return {}
    label_query = shipped_query("civicgraph.sparql", "labels")
    seconds = source.timeout if timeout is None else timeout
    deadline = time.monotonic() + seconds
    rows: list[tuple[Term | None, ...]] = []
    for start in range(0, len(wanted), LABEL_BATCH):
        batch = wanted[start : start + LABEL_BATCH]
        text = bind_values(label_query, [{"s": subject} for subject in batch])
        left = deadline - time.monotonic()
        found = source.select(text, timeout=left if left > 0 else 0.0)
        rows.extend(found.rows)
    order = list(fallback_order(lang))
    best: dict[str, tuple[int, str]] = {}
    for subject, label in rows:
        if not isinstance(subject, ox.NamedNode) or not isinstance(label, ox.Literal):
            continue
        language = (label.language or "").lower()
        rank = order.index(language) if language in order else len(order)
        current = best.get(subject.value)
        if current is None or (rank, label.value) < current:
            best[subject.value] = (rank, label.value)
    return {iri: label for iri, (_, label) in best.items()}


def shorten_iri(iri: str, *, iris: Iris) -> str:
    """``civ:Person``, ``person/maulen-ashimbayev``: compact names for tables."""
    entity_id = iris.id_of(iri)
    if entity_id is not None:
        return entity_id
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


__all__ = [
    "QueryResult",
    "Row",
    "fetch_labels",
    "run_query",
    "run_text",
    "shorten_iri",
]
