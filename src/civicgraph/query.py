"""Run a query on the embedded Oxigraph store or on a SPARQL 1.1 endpoint, and collect it.

The text, the header and the binding of parameters are ``civicgraph.sparql``'s job; this
module runs the bound query and gathers what it answered (``QueryResult``).

The dataset: catalogue queries are written against a default graph that is the union of
all named graphs (``ontology``, ``entities``, ``provenance``, ``links``, ``source/<id>``), and
use ``GRAPH ?g`` only when they want to know which graph a triple is in. The embedded
store is queried with ``use_default_graph_as_union``; on an endpoint (SPARQL 1.1
Protocol §2.1: ``default-graph-uri`` sets the dataset) the runner lists the named graphs
and passes each as ``default-graph-uri``; both run the same bound text
(``civicgraph.sparql.binding``), so the same query gives the same answers on any SPARQL 1.1
endpoint, whether or not it was started with a union default graph. A triple
stated in two graphs appears twice in that union, which is why the catalogue's queries
use ``DISTINCT``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from civicgraph import iris
from civicgraph.errors import QueryError
from civicgraph.languages import fallback_order
from civicgraph.namespaces import PREFIXES
from civicgraph.sparql.binding import Term, bind_parameters, bind_values
from civicgraph.sparql.client import Endpoint, SparqlClient, resolve_endpoint
from civicgraph.sparql.text import (
    CatalogueQuery,
    QueryForm,
    refuse_unrunnable,
    shipped_query,
    syntax_error,
)


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
        return {_text(term) for term in self.column(name) if term is not None}

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
        values = [[None if term is None else _text(term) for term in row] for row in self.rows]
        return pandas.DataFrame(values, columns=list(self.variables))


def _text(term: Term) -> str:
    """An IRI as its IRI, a literal as its lexical form; a quoted triple (RDF-star), which
    has neither, in N-Triples."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def run_query(
    query: CatalogueQuery,
    *,
    store: ox.Store | None = None,
    endpoint: Endpoint | str | None = None,
    params: Mapping[str, str] | None = None,
    base: str = iris.DEFAULT_BASE,
    lang: str | None = None,
    limit: int | None = None,
    timeout: float = 60.0,
) -> QueryResult:
    """Bind, run and collect one query on the store or the endpoint (exactly one of them).

    With ``lang``, each IRI in the answer gets a label in that language, falling back to
    the other languages of ``civicgraph.languages`` and then any (``QueryResult.labels``).
    ``limit`` keeps the first N rows. Updates are refused, and so is a SERVICE clause on
    the embedded store, which has no deadline for the remote call. An endpoint given as a
    URL is resolved as every command resolves it, with ``timeout`` as its deadline.
    """
    if (store is None) == (endpoint is None):
        raise QueryError("give either a store or an endpoint")
    if isinstance(endpoint, str):
        endpoint = resolve_endpoint(endpoint, timeout=timeout)
    refuse_unrunnable(query, embedded=store is not None)
    bindings = bind_parameters(query, params or {}, base=base)
    text = bind_values(query, bindings)
    started = time.perf_counter()
    if store is not None:
        result = _run_embedded(store, text, query)
    else:
        assert endpoint is not None
        result = _run_endpoint(endpoint, text, query)
    elapsed = time.perf_counter() - started
    rows = result.rows[:limit] if limit is not None else result.rows
    triples = result.triples[:limit] if limit is not None else result.triples
    labels: dict[str, str] = {}
    if lang is not None:
        iri_values = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
        labels = fetch_labels(iri_values, lang=lang, store=store, endpoint=endpoint)
    return QueryResult(
        form=result.form,
        variables=result.variables,
        rows=rows,
        boolean=result.boolean,
        triples=triples,
        elapsed=elapsed,
        labels=labels,
    )


def _collect(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, form: QueryForm
) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form=QueryForm.ASK, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in answer)
        return QueryResult(form=QueryForm.SELECT, variables=variables, rows=rows)
    return QueryResult(form=form, triples=tuple(answer))


def _run_embedded(store: ox.Store, text: str, query: CatalogueQuery) -> QueryResult:
    try:
        answer = store.query(text, use_default_graph_as_union=True)
        return _collect(answer, query.form)
    except SyntaxError as error:
        raise syntax_error(error, path=query.path or query.name) from error
    except OSError as error:
        raise QueryError(f"the store failed: {error}", path=query.path) from error


def _endpoint_request(
    endpoint: Endpoint,
    text: str,
    *,
    graph_form: bool,
    default_graphs: Sequence[str],
) -> ox.QuerySolutions | ox.QueryBoolean | bytes:
    """Ask the endpoint through the one client: checked results, or N-Triples bytes."""
    client = SparqlClient(endpoint)
    # naming the default graphs empties the dataset's named graphs (Protocol §2.1.4),
    # so each is named again for the queries that use GRAPH ?g
    if graph_form:
        return client.construct(text, default_graphs=default_graphs, named_graphs=default_graphs)
    return client.results(text, default_graphs=default_graphs, named_graphs=default_graphs)


def list_named_graphs(endpoint: Endpoint) -> list[str]:
    """The endpoint's named graphs, to make their union the default graph of each query."""
    return SparqlClient(endpoint).named_graphs()


def _run_endpoint(endpoint: Endpoint, text: str, query: CatalogueQuery) -> QueryResult:
    graphs = list_named_graphs(endpoint)
    graph_form = query.form in {QueryForm.CONSTRUCT, QueryForm.DESCRIBE}
    answer = _endpoint_request(endpoint, text, graph_form=graph_form, default_graphs=graphs)
    if isinstance(answer, bytes):
        return QueryResult(
            form=query.form, triples=tuple(ox.parse(answer, format=ox.RdfFormat.N_TRIPLES))
        )
    return _collect(answer, query.form)


LABEL_BATCH = 1_000
"""IRIs per label request: Virtuoso 7.2.5 refuses a VALUES block of a few thousand terms
(3,000 passed, 5,000 failed), which a full listing at a million triples asks labels for."""


def fetch_labels(
    iri_values: Iterable[str],
    *,
    lang: str,
    store: ox.Store | None = None,
    endpoint: Endpoint | None = None,
) -> dict[str, str]:
    """One label per IRI: in ``lang``, else the other languages in order, else any, else none."""
    wanted = [ox.NamedNode(v) for v in sorted(iri_values)]
    if not wanted:
        return {}
    label_query = shipped_query("civicgraph.sparql", "labels")
    rows: list[tuple[Term | None, Term | None]] = []
    for start in range(0, len(wanted), LABEL_BATCH):
        batch = wanted[start : start + LABEL_BATCH]
        text = bind_values(label_query, [{"s": subject} for subject in batch])
        if store is not None:
            found = _run_embedded(store, text, label_query)
        else:
            assert endpoint is not None
            found = _run_endpoint(endpoint, text, label_query)
        rows.extend(zip(found.column("s"), found.column("label"), strict=True))
    order = list(fallback_order(lang))
    best: dict[str, tuple[int, str]] = {}
    for subject, label in rows:
        if subject is None or not isinstance(label, ox.Literal):
            continue
        language = (label.language or "").lower()
        rank = order.index(language) if language in order else len(order)
        current = best.get(subject.value)  # type: ignore[union-attr]
        if current is None or (rank, label.value) < current:
            best[subject.value] = (rank, label.value)  # type: ignore[union-attr]
    return {iri: label for iri, (_, label) in best.items()}


def shorten_iri(iri: str, *, base: str = iris.DEFAULT_BASE) -> str:
    """``civ:Person``, ``person/maulen-ashimbayev``: compact names for tables."""
    entity_id = iris.entity_id_from_iri(base, iri)
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
    "list_named_graphs",
    "run_query",
    "shorten_iri",
]
