"""Where the triples are: one interface to the embedded store and to any SPARQL 1.1 endpoint.

A ``TripleSource`` answers SELECT, ASK and CONSTRUCT queries (SPARQL 1.1 Query §16) with
pyoxigraph terms, each call under one deadline, and says which named graphs make up the
dataset, how many triples they hold and which version of the data it serves. Two
implementations:

- ``EmbeddedSource``: an Oxigraph store (the built one, read-only, or one in memory);
- ``EndpointSource``: any SPARQL 1.1 endpoint, asked through the one endpoint client
  (``civicgraph.sparql.client``: credentials kept to their origin, one deadline per
  request, checked answers, the store's layout).

The dataset a query sees (SPARQL 1.1 Protocol §2.1.4): the graphs the request names, else
the ones the text names (FROM, FROM NAMED; ``own_dataset``), else the union of the
dataset's named graphs as the default graph, with every one of them also named — what
the query catalogue is written against. The embedded store gets that union from
Oxigraph (``use_default_graph_as_union``); an endpoint gets each of the dataset's graphs
as ``default-graph-uri`` and ``named-graph-uri``, so the same text gives the same
answers on any SPARQL 1.1 store, started with a union default graph or not.

The dataset's graphs are those under ``<base>/graph/``, without the temporary graphs of a
push (``urn:civicgraph:push:…``) and without the version graph (below); when none is under the base (a
push with ``--graph`` elsewhere), every graph but those. An endpoint is asked for them by
the dataset's own VoID description (the subsets the build lists in ``<base>/graph/metadata``,
pushed in the same swap): listing a large store's graphs by their triples does not finish
on Virtuoso; a store holding no such description is asked for its graphs.

Versions: the embedded store's version is its generation (the build that wrote it,
``civicgraph.store``). ``civicgraph push`` writes into ``<base>/graph/version`` one
triple, ``<base>/id/dataset/civicgraph dct:identifier "<push id>"`` (and the time in
``dct:modified``), in the same update that swaps the pushed graphs in, so an endpoint's
version changes with every push; data loaded some other way has none (``None``).

The deadline of an embedded query is judged while its answer is read: a query that
computes for long before its first solution (a sort, a count over a cross product)
cannot be stopped inside the process, which is why ``civicgraph serve`` runs the queries
visitors write in worker processes it can kill (``civicgraph.serve.isolation``).
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from civicgraph.errors import QueryError, QueryTimeoutError, StoreError
from civicgraph.iris import Iris
from civicgraph.metadata import METADATA_GRAPH, dataset_iri
from civicgraph.snapshot import Snapshot
from civicgraph.sparql.client import (
    DEFAULT_TIMEOUT,
    PUSH_GRAPH_PREFIX,
    Endpoint,
    EndpointError,
    SparqlClient,
)
from civicgraph.sparql.text import syntax_error
from civicgraph.store import load_snapshot, open_generation, open_store_generation
from civicgraph.terms import dct, void, xsd

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
T = TypeVar("T")

VERSION_GRAPH = "version"
"""``<base>/graph/version``: what ``push`` writes to say which push the endpoint holds."""

NAMED_GRAPHS_AT_MOST = 16
"""Graphs one request to an endpoint names (as default-graph-uri and named-graph-uri):
Virtuoso 7.2.5 fails a request naming 50 (30 pass), and worse, answers ``events_all``
(SELECT DISTINCT, FILTER NOT EXISTS, ORDER BY) with no rows when it names 22 distinct
graphs (21 answer all; tests/test_virtuoso_load.py has 22). A dataset of more graphs (one per
source: thousands at a million triples) is asked of the store's own default dataset,
which must then be the union of its graphs, as Virtuoso's is."""

_DEADLINE_STEP = 256
"""Solutions read between two looks at the clock."""


def term_text(term: Term | None) -> str:
    """An IRI as its IRI, a literal as its lexical form, a blank node as its label, a
    quoted triple (RDF-star) in N-Triples; ``""`` for an unbound variable."""
    if term is None:
        return ""
    return str(term) if isinstance(term, ox.Triple) else term.value


@dataclass(frozen=True)
class Solutions:
    """A SELECT answer: the projected variables and the rows, read up to a limit."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool = False
    """More rows were left than the limit allowed."""

    def __iter__(self) -> Iterator[dict[str, Term | None]]:
        """Each row by variable name; unbound variables are ``None``."""
        for row in self.rows:
            yield dict(zip(self.variables, row, strict=True))

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT or DESCRIBE answer, read up to a limit."""

    triples: tuple[ox.Triple, ...]
    truncated: bool = False

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)


@dataclass(frozen=True)
class Request:
    """One query as a source runs it: its text, its dataset, its row limit and deadline."""

    text: str
    seconds: float
    """The deadline, in seconds from ``started``."""
    started: float
    """``time.monotonic()`` when the call began."""
    limit: int | None = None
    default_graphs: Sequence[str] = ()
    named_graphs: Sequence[str] = ()
    own_dataset: bool = False

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    def left(self) -> float:
        """Seconds until the deadline; a timeout when none are left."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _timed_out(self.seconds)
        return left

    def check(self) -> None:
        """A timeout if the deadline has passed."""
        self.left()

    def overdue(self) -> bool:
        return time.monotonic() >= self.deadline


class TripleSource(abc.ABC):
    """Where the triples of one dataset are, asked in SPARQL.

    ``timeout`` is the deadline of a call that gives none. Every query raises
    ``QueryTimeoutError`` when its deadline passes, ``QueryError`` for a query the store
    refuses or one of another form, and ``StoreError`` (``EndpointError``) when the store
    cannot be reached.
    """

    runs_services: bool = False
    """Whether a SERVICE clause may be run here (under the call's deadline)."""
    named_at_most: int | None = None
    """The most graphs one query may name; ``None``: no limit."""

    def __init__(self, *, iris: Iris, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.iris = iris
        self.timeout = timeout

    # -- queries ------------------------------------------------------------------

    def select(
        self,
        text: str,
        *,
        timeout: float | None = None,
        limit: int | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        own_dataset: bool = False,
    ) -> Solutions:
        """A SELECT query's solutions, the first ``limit`` of them when one is given.

        The dataset is the one the request names (``default_graphs``, ``named_graphs``),
        else the one the text names (``own_dataset``: FROM, FROM NAMED), else the union
        of the dataset's graphs."""
        return self._select(
            self._request(
                text,
                timeout=timeout,
                limit=limit,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                own_dataset=own_dataset,
            )
        )

    def ask(
        self,
        text: str,
        *,
        timeout: float | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        own_dataset: bool = False,
    ) -> bool:
        """An ASK query's answer (the dataset as for ``select``)."""
        return self._ask(
            self._request(
                text,
                timeout=timeout,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                own_dataset=own_dataset,
            )
        )

    def construct(
        self,
        text: str,
        *,
        timeout: float | None = None,
        limit: int | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        own_dataset: bool = False,
    ) -> Triples:
        """A CONSTRUCT or DESCRIBE query's triples, the first ``limit`` of them (the
        dataset as for ``select``)."""
        return self._construct(
            self._request(
                text,
                timeout=timeout,
                limit=limit,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                own_dataset=own_dataset,
            )
        )

    def _request(
        self,
        text: str,
        *,
        timeout: float | None = None,
        limit: int | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        own_dataset: bool = False,
    ) -> Request:
        seconds = self.timeout if timeout is None else timeout
        return Request(
            text, seconds, time.monotonic(), limit, default_graphs, named_graphs, own_dataset
        )

    @abc.abstractmethod
    def _select(self, request: Request) -> Solutions: ...

    @abc.abstractmethod
    def _ask(self, request: Request) -> bool: ...

    @abc.abstractmethod
    def _construct(self, request: Request) -> Triples: ...

    # -- the dataset --------------------------------------------------------------

    def graphs(self) -> list[str]:
        """The dataset's named graphs, sorted (see the module's docstring)."""
        names = self._all_graphs()
        version = self.iris.graph(VERSION_GRAPH)
        candidates = [g for g in names if g != version and not g.startswith(PUSH_GRAPH_PREFIX)]
        own = [g for g in candidates if g.startswith(self.iris.graph_prefix)]
        return own or candidates

    def count(self, graph: str | None = None, *, timeout: float | None = None) -> int:
        """Triples in ``graph``, or in all the dataset's graphs (a triple stated in two
        graphs counts twice, as ``civicgraph stats`` counts)."""
        named = [graph] if graph is not None else self.graphs()
        where = f"GRAPH {ox.NamedNode(graph)}" if graph is not None else "GRAPH ?g"
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} {{ ?s ?p ?o }} }}"
        request = self._request(text, timeout=timeout)
        total = 0
        # a few graphs a request where a store refuses a request naming thousands
        step = self.named_at_most or max(len(named), 1)
        for start in range(0, len(named), step):
            batch = named[start : start + step]
            answer = self.select(text, timeout=request.left(), named_graphs=batch)
            held = answer.rows[0][0] if answer.rows else None
            total += int(held.value) if isinstance(held, ox.Literal) else 0
        return total

    @abc.abstractmethod
    def ntriples(self, graph: str, *, timeout: float | None = None) -> bytes:
        """Every triple of one graph as N-Triples (validation reads the dataset so)."""

    @abc.abstractmethod
    def version(self) -> str | None:
        """A value that changes when the data changes; ``None`` when the store has none."""

    @abc.abstractmethod
    def opener(self) -> Callable[[], TripleSource]:
        """How another process opens this same source: a picklable call (``civicgraph
        serve`` runs the queries visitors write in worker processes)."""

    @abc.abstractmethod
    def _all_graphs(self) -> list[str]:
        """Every named graph of the store, sorted."""


def _timed_out(seconds: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query ran longer than {seconds:g} s and was stopped",
        hint="narrow it with more patterns or a LIMIT",
    )


def _read(items: Iterator[T], request: Request) -> tuple[list[T], bool]:
    """Up to the request's limit of items and whether more were left; past its deadline it
    stops, and the caller raises the timeout once the engine's answer is dropped (a
    traceback through this frame would keep the answer alive, to be dropped later on
    another thread, which pyoxigraph refuses)."""
    read: list[T] = []
    for item in items:
        if request.limit is not None and len(read) >= request.limit:
            return read, True
        read.append(item)
        if len(read) % _DEADLINE_STEP == 0 and request.overdue():
            break
    return read, False


def _wrong_form(wanted: str) -> QueryError:
    others = {"SELECT": "ask() or construct()", "ASK": "select() or construct()"}
    article = "an" if wanted == "ASK" else "a"
    return QueryError(
        f"not {article} {wanted} query", hint=f"use {others.get(wanted, 'select() or ask()')}"
    )


class EmbeddedSource(TripleSource):
    """An Oxigraph store: the one ``civicgraph build`` wrote, or one in memory.

    Full scans (the network projection, a release's change log) run about ten times
    faster on a store in memory than on the disk store, and the disk store answers
    selective queries in microseconds: ``from_snapshot`` and ``open`` give each.
    """

    def __init__(
        self,
        store: ox.Store,
        *,
        iris: Iris,
        version: str | None = None,
        path: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """``version``: the data's version (the store's generation); a store that never
        changes under its source may leave it out and gets one of its own."""
        super().__init__(iris=iris, timeout=timeout)
        self.store = store
        self.path = path
        """The store folder the database was opened from; ``None`` for a store in memory."""
        self._generation = version
        self._version = version or f"memory-{uuid.uuid4().hex}"
        self._graph_names: list[str] | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        iris: Iris,
        timeout: float = DEFAULT_TIMEOUT,
        generation: str | None = None,
    ) -> EmbeddedSource:
        """The store built at ``path``, read-only: ``generation`` (kept until the build
        after the next one), else the current one; its version is the generation opened."""
        if generation is not None:
            store = open_generation(path, generation)
        else:
            store, generation = open_store_generation(path)
        return cls(store, iris=iris, version=generation, path=path, timeout=timeout)

    @classmethod
    def from_snapshot(
        cls, snapshot: Snapshot, *, iris: Iris, version: str | None = None
    ) -> EmbeddedSource:
        """A snapshot loaded into memory (Oxigraph's bulk loader)."""
        store = ox.Store()
        load_snapshot(store, snapshot)
        return cls(store, iris=iris, version=version)

    @classmethod
    def from_nquads(cls, nquads: bytes, *, iris: Iris) -> EmbeddedSource:
        """N-Quads written by Oxigraph (a release's dataset) in memory, read leniently."""
        store = ox.Store()
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
        return cls(store, iris=iris)

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], *, iris: Iris) -> EmbeddedSource:
        """Quads in memory (tests, small datasets)."""
        store = ox.Store()
        store.bulk_extend(quads)
        return cls(store, iris=iris)

    def _query(self, request: Request) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        default, named = request.default_graphs, request.named_graphs
        try:
            answer = self.store.query(
                request.text,
                # the union overrides a FROM: it is the default only when no one names another
                use_default_graph_as_union=not default and (bool(named) or not request.own_dataset),
                default_graph=[ox.NamedNode(g) for g in default] or None,
                named_graphs=[ox.NamedNode(g) for g in named] or None,
            )
        except SyntaxError as error:
            raise syntax_error(error, path=None) from None
        except (OSError, ValueError) as error:
            raise QueryError(f"the store could not answer: {error}") from None
        if request.overdue():
            del answer  # dropped here, on the thread that made it
            request.check()
        return answer

    def _select(self, request: Request) -> Solutions:
        answer = self._query(request)
        if not isinstance(answer, ox.QuerySolutions):
            del answer  # pyoxigraph's answers are dropped on the thread that made them
            raise _wrong_form("SELECT")
        variables = tuple(v.value for v in answer.variables)
        try:
            # a solution iterates its values in projection order (None where unbound): twice
            # as fast as looking each one up by name
            rows, cut = _read((tuple(s) for s in answer), request)
        finally:
            del answer
        request.check()
        return Solutions(variables, tuple(rows), cut)

    def _ask(self, request: Request) -> bool:
        answer = self._query(request)
        if not isinstance(answer, ox.QueryBoolean):
            del answer
            raise _wrong_form("ASK")
        return bool(answer)

    def _construct(self, request: Request) -> Triples:
        answer = self._query(request)
        if not isinstance(answer, ox.QueryTriples):
            del answer
            raise _wrong_form("CONSTRUCT or DESCRIBE")
        try:
            triples, cut = _read(iter(answer), request)
        finally:
            del answer
        request.check()
        return Triples(tuple(triples), cut)

    def ntriples(self, graph: str, *, timeout: float | None = None) -> bytes:
        del timeout  # a dump reads triples already in memory or on disk: no query runs
        dump = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        return dump or b""

    def version(self) -> str:
        return self._version

    def opener(self) -> Callable[[], TripleSource]:
        """The same generation of the store folder, opened read-only (a store in memory
        cannot be opened elsewhere)."""
        if self.path is None:
            raise StoreError(
                "a store in memory cannot be opened by another process",
                hint="serve a built store (civicgraph build)",
            )
        return partial(
            EmbeddedSource.open,
            self.path,
            iris=self.iris,
            timeout=self.timeout,
            generation=self._generation,
        )

    def _all_graphs(self) -> list[str]:
        if self._graph_names is None:
            self._graph_names = sorted(
                g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)
            )
        return self._graph_names


NO_GRAPH = "urn:civicgraph:no-graph"
"""A graph no store holds. Asked with it as its only default graph and no named graph, an
endpoint answers a query over an empty dataset (Protocol §2.1.4), which is what the
dataset of an endpoint without its graphs is. The endpoint evaluates it, never
civicgraph's own engine, which would call a SERVICE the query names from here."""


class EndpointSource(TripleSource):
    """A SPARQL 1.1 endpoint holding the dataset (pushed there by ``civicgraph push``).

    The dataset's graphs are listed once and kept until ``version()`` sees the data
    change: a command asks several queries of the same data, a server asks for the
    version before it trusts what it keeps.
    """

    runs_services = True
    named_at_most = NAMED_GRAPHS_AT_MOST

    def __init__(self, endpoint: Endpoint, *, iris: Iris) -> None:
        super().__init__(iris=iris, timeout=endpoint.timeout)
        self.endpoint = endpoint
        self._graph_names: list[str] | None = None
        self._seen_version: str | None = None

    def _client(self, request: Request) -> SparqlClient:
        """The one endpoint client, its deadline what is left of the request's."""
        return SparqlClient(dataclasses.replace(self.endpoint, timeout=request.left()))

    @contextlib.contextmanager
    def _within(self, request: Request) -> Iterator[None]:
        """A request that ran out of time is the call's timeout, said with the call's
        deadline (the client only knew what was left of it)."""
        try:
            yield
        except EndpointError as error:
            if not error.timed_out:
                raise
            raise QueryTimeoutError(
                f"{self.endpoint.query_url}: timed out after {request.seconds:g} s "
                "without a complete answer",
                hint="the server is slow or stalled, or the query too large; "
                "raise --timeout or narrow the query",
            ) from None

    def _dataset(self, request: Request) -> tuple[Sequence[str], Sequence[str]]:
        """The graphs to name in the request: ``NO_GRAPH`` alone when the dataset has none
        (a request naming no graph would see the whole store: a push's temporary graphs,
        others')."""
        if request.default_graphs or request.named_graphs or request.own_dataset:
            return request.default_graphs, request.named_graphs
        # naming the default graphs empties the dataset's named graphs (Protocol §2.1.4),
        # so each is named again for the queries that use GRAPH ?g
        graphs = self.graphs()
        if not graphs:
            return (NO_GRAPH,), ()
        if len(graphs) > self.named_at_most:
            return (), ()  # more than a request may name: the store's own union
        return graphs, graphs

    def _results(self, request: Request) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        default, named = self._dataset(request)
        with self._within(request):
            return self._client(request).results(
                request.text, default_graphs=default, named_graphs=named
            )

    def _select(self, request: Request) -> Solutions:
        answer = self._results(request)
        if not isinstance(answer, ox.QuerySolutions):
            raise _wrong_form("SELECT")
        variables = tuple(v.value for v in answer.variables)
        rows = [tuple(solution) for solution in answer]
        del answer  # dropped on this thread (see civicgraph.sparql.client)
        cut = request.limit is not None and len(rows) > request.limit
        return Solutions(variables, tuple(rows[: request.limit] if cut else rows), cut)

    def _ask(self, request: Request) -> bool:
        answer = self._results(request)
        if not isinstance(answer, ox.QueryBoolean):
            del answer
            raise _wrong_form("ASK")
        return bool(answer)

    def _construct(self, request: Request) -> Triples:
        answer = self._ntriples(request)
        triples = [quad.triple for quad in ox.parse(answer, format=ox.RdfFormat.N_TRIPLES)]
        cut = request.limit is not None and len(triples) > request.limit
        return Triples(tuple(triples[: request.limit] if cut else triples), cut)

    def _ntriples(self, request: Request) -> bytes:
        default, named = self._dataset(request)
        with self._within(request):
            return self._client(request).construct(
                request.text, default_graphs=default, named_graphs=named
            )

    def ntriples(self, graph: str, *, timeout: float | None = None) -> bytes:
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
        return self._ntriples(self._request(text, timeout=timeout, named_graphs=(graph,)))

    def version(self) -> str | None:
        found = self._pushed(dct.identifier)
        version = found[-1] if found else None
        if version != self._seen_version:
            self._seen_version, self._graph_names = version, None
        return version

    def pushed_at(self) -> datetime | None:
        """When the data was pushed: the time ``push`` wrote beside the version (``None``
        for data loaded some other way)."""
        found = self._pushed(dct.modified)
        try:
            return datetime.fromisoformat(found[-1]) if found else None
        except ValueError:
            return None

    def _pushed(self, prop: ox.NamedNode) -> list[str]:
        """The values ``push`` wrote for the dataset's ``prop`` in the version graph,
        sorted; asked of the whole store, as the version graph is not one of the dataset's."""
        graph = ox.NamedNode(self.iris.graph(VERSION_GRAPH))
        dataset = ox.NamedNode(dataset_iri(self.iris))
        text = f"SELECT ?value WHERE {{ GRAPH {graph} {{ {dataset} {prop} ?value }} }}"
        request = self._request(text, own_dataset=True)
        with self._within(request):
            answer = self._client(request).results(text)
        found = (
            sorted(s["value"].value for s in answer if isinstance(s["value"], ox.Literal))
            if isinstance(answer, ox.QuerySolutions)
            else []
        )
        del answer
        return found

    def opener(self) -> Callable[[], TripleSource]:
        return partial(EndpointSource, self.endpoint, iris=self.iris)

    def _all_graphs(self) -> list[str]:
        if self._graph_names is None:
            request = self._request("")
            with self._within(request):
                described = self._described_graphs(request)
                self._graph_names = described or self._client(request).named_graphs(thorough=True)
        return self._graph_names

    def _described_graphs(self, request: Request) -> list[str]:
        """The graphs the dataset's VoID description lists, and the one holding it: one
        indexed question, where listing a large store's graphs by their triples takes
        longer than any deadline (Virtuoso 7.2.5 at 1M triples ends it at its own
        transaction timeout). None when the description is not in its graph (a push
        with ``--graph``, data of another build)."""
        metadata = ox.NamedNode(self.iris.graph(METADATA_GRAPH))
        dataset = ox.NamedNode(dataset_iri(self.iris))
        text = f"SELECT ?g WHERE {{ GRAPH {metadata} {{ {dataset} {void.subset} ?g }} }}"
        answer = self._client(request).results(text)
        names = (
            {s["g"].value for s in answer if isinstance(s["g"], ox.NamedNode)}
            if isinstance(answer, ox.QuerySolutions)
            else set()
        )
        del answer  # dropped on this thread (see civicgraph.sparql.client)
        return sorted({*names, metadata.value}) if names else []


def version_quads(iris: Iris, push_id: str, pushed: str) -> list[ox.Quad]:
    """What ``push`` writes into the version graph: the push's id and its time."""
    graph = ox.NamedNode(iris.graph(VERSION_GRAPH))
    dataset = ox.NamedNode(dataset_iri(iris))
    return [
        ox.Quad(dataset, dct.identifier, ox.Literal(push_id), graph),
        ox.Quad(dataset, dct.modified, ox.Literal(pushed, datatype=xsd.dateTime), graph),
    ]


__all__ = [
    "NAMED_GRAPHS_AT_MOST",
    "NO_GRAPH",
    "VERSION_GRAPH",
    "EmbeddedSource",
    "EndpointSource",
    "Request",
    "Solutions",
    "TripleSource",
    "Triples",
    "term_text",
    "version_quads",
]
