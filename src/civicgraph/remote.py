"""Push the dataset to, and query it in, any SPARQL 1.1 store.

Protocols, not products:

- upload: SPARQL 1.1 Graph Store HTTP Protocol (§5.3 ``PUT`` of a graph), falling back to
  SPARQL 1.1 Update ``INSERT {…} WHERE {}`` in batches when the store has no Graph Store
  endpoint;
- swap: one SPARQL 1.1 Update request of ``MOVE``/``ADD`` operations (§3.2.5, §3.2.4);
- version: the same update writes the push's id and time into ``<base>/graph/version``
  (``civicgraph.triplesource``), so whoever reads the endpoint can tell that it changed.
  Queries go through ``civicgraph.triplesource.EndpointSource``.

Every request goes through the one endpoint client (``civicgraph.sparql.client``), which
keeps credentials to their origin, bounds each request by one deadline and checks what
comes back. Every graph IRI written into SPARQL Update text is a parsed ``NamedNode``
written by Oxigraph, so no value can change the meaning of the update.

A push never writes the target graphs directly: each graph is first uploaded to a
temporary graph, and only when every upload has succeeded, and the query endpoint counts
every triple in its temporary graph, does one update request move them into place. A
push that fails midway drops its temporary graphs and leaves the targets as they were
(the swap is one request, which Oxigraph, Fuseki, GraphDB and Virtuoso each run as one
transaction; see ``docs/scale.md``). The swap names its graphs without ``SILENT``: a
``MOVE SILENT`` from a temporary graph that is gone empties its target (Oxigraph 0.5),
where a plain ``MOVE`` fails the whole request.

Temporary graphs are named under ``PUSH_GRAPH_PREFIX`` (``urn:civicgraph:push:<token>:<n>``),
outside every dataset's graphs, and no listing of graphs counts them. A push killed
before it could drop them (or timed out, when dropping would wait as long again) leaves
them there, invisible to queries, stats and validation; the next push drops every graph
under that prefix before it uploads.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from civicgraph.iris import Iris
from civicgraph.snapshot import DEFAULT_GRAPH, Snapshot
from civicgraph.sparql.client import (
    DEFAULT_TIMEOUT,
    LAYOUTS,
    PASSWORD_ENV,
    PUSH_GRAPH_PREFIX,
    USER_ENV,
    Endpoint,
    EndpointError,
    SparqlClient,
    resolve_endpoint,
)
from civicgraph.store import open_snapshot
from civicgraph.triplesource import VERSION_GRAPH, version_quads

DEFAULT_BATCH = 20_000
"""Triples per SPARQL Update request when the Graph Store Protocol is not available."""

_GSP_UNSUPPORTED = {404, 405, 415, 501}


def graph_iri(value: str, *, what: str = "--graph") -> ox.NamedNode:
    """``value`` as an IRI term, or one line saying it is not one (it is never pasted)."""
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise EndpointError(
            f"{what} is not an IRI: {value!r} ({error})",
            hint="give an absolute IRI such as https://example.org/graph/civic",
        ) from None


def run_update(endpoint: Endpoint, update: str) -> None:
    """Send one SPARQL 1.1 Update request (Protocol §2.2.2, direct POST)."""
    SparqlClient(endpoint).update(update)


def _batches(ntriples: bytes, size: int) -> Iterator[bytes]:
    # A blank node is fresh in each update request, so every triple naming one goes in a
    # single request (the ontology's few OWL lists); the rest is cut into ``size`` lines.
    lines = ntriples.splitlines(keepends=True)
    blank = [line for line in lines if b"_:" in line]
    named = [line for line in lines if b"_:" not in line]
    if blank:
        yield b"".join(blank)
    for start in range(0, len(named), size):
        yield b"".join(named[start : start + size])


def _insert_graph(endpoint: Endpoint, graph: ox.NamedNode, ntriples: bytes, batch: int) -> None:
    # ``INSERT {…} WHERE {}``, not ``INSERT DATA``: Virtuoso refuses blank nodes in
    # INSERT DATA (SP031), and every SPARQL 1.1 store takes them in a template (§3.1.3).
    client = SparqlClient(endpoint)
    for chunk in _batches(ntriples, batch):
        client.update(f"INSERT {{ GRAPH {graph} {{\n{chunk.decode('utf-8')}}} }} WHERE {{}}")


# -- push -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushResult:
    """What a push did: graphs written, triples sent, and which protocol carried them."""

    graphs: dict[str, int]
    """Target graph IRI → triples sent to it."""
    protocol: str
    """``graph-store`` or ``sparql-update``."""

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def dataset_graphs(dataset: ox.Store | Snapshot, *, into: str | None = None) -> dict[str, bytes]:
    """Each named graph as N-Triples (from the store's snapshot), or all of them in ``into``."""
    snapshot = dataset if isinstance(dataset, Snapshot) else Snapshot.from_store(dataset)
    names = [name for name in snapshot.graph_names() if name != DEFAULT_GRAPH]
    if into is not None:
        return {into: snapshot.ntriples_except([DEFAULT_GRAPH])}
    return {name: snapshot.graph_ntriples(name) for name in names}


def push_dataset(
    store: ox.Store | Snapshot | Path,
    endpoint: Endpoint,
    *,
    iris: Iris,
    graph: str | None = None,
    replace: bool = False,
    batch: int = DEFAULT_BATCH,
    upload: Callable[[Endpoint, ox.NamedNode, bytes], str] | None = None,
) -> PushResult:
    """Upload the graphs of ``store`` (a store folder, a store or its snapshot), or all of
    them into ``graph``, swapped in at once.

    Without ``replace`` the triples are added to what the target graphs hold; with it the
    target graphs are replaced. Either way the version graph of ``iris`` is replaced by
    this push's id and time. ``upload`` is for tests (it returns the protocol used).
    """
    into = graph_iri(graph) if graph is not None else None
    if isinstance(store, Path):
        store = open_snapshot(store)
    graphs = {
        graph_iri(name, what="graph name"): data
        for name, data in dataset_graphs(store, into=into.value if into else None).items()
    }
    drop_leftovers(endpoint)
    token = uuid.uuid4().hex
    temporary = {
        target: graph_iri(f"{PUSH_GRAPH_PREFIX}{token}:{number}")
        for number, target in enumerate(graphs)
    }
    send = upload or (lambda e, g, d: _upload(e, g, d, batch=batch))
    protocols: set[str] = set()
    try:
        for target, data in graphs.items():
            protocols.add(send(endpoint, temporary[target], data))
        for target, data in graphs.items():
            _check_uploaded(endpoint, temporary[target], data)
    except EndpointError as error:
        if not error.timed_out:  # a stalled server would keep the user waiting once more
            _drop_quietly(endpoint, temporary.values())
        raise
    except BaseException:
        _drop_quietly(endpoint, temporary.values())
        raise
    operation = "MOVE" if replace else "ADD"
    swap = [f"{operation} GRAPH {temporary[t]} TO GRAPH {t}" for t in graphs]
    if not replace:
        swap += [f"DROP SILENT GRAPH {temporary[t]}" for t in graphs]
    swap += _version_update(iris, token)
    try:
        run_update(endpoint, " ;\n".join(swap))
    except EndpointError as error:
        if not error.timed_out:
            _drop_quietly(endpoint, temporary.values())
        raise
    counts = {target.value: data.count(b"\n") for target, data in graphs.items()}
    return PushResult(graphs=counts, protocol="+".join(sorted(protocols)) or "none")


def drop_leftovers(endpoint: Endpoint) -> list[str]:
    """Drop what earlier pushes left under ``PUSH_GRAPH_PREFIX``; return their names."""
    leftovers = SparqlClient(endpoint).named_graphs(thorough=True, pushing=True)
    if leftovers:
        run_update(
            endpoint,
            " ;\n".join(f"DROP SILENT GRAPH {graph_iri(g, what='graph name')}" for g in leftovers),
        )
    return leftovers


def _version_update(iris: Iris, push_id: str) -> list[str]:
    """Operations replacing the version graph with this push's id and time."""
    pushed = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    triples = " ".join(
        f"{q.subject} {q.predicate} {q.object} ." for q in version_quads(iris, push_id, pushed)
    )
    graph = ox.NamedNode(iris.graph(VERSION_GRAPH))
    return [f"DROP SILENT GRAPH {graph}", f"INSERT DATA {{ GRAPH {graph} {{ {triples} }} }}"]


def _check_uploaded(endpoint: Endpoint, graph: ox.NamedNode, data: bytes) -> None:
    # Whatever the upload answered, the swap happens only when the store holds the
    # triples: a server that says yes to everything (a web page) is caught here.
    sent = len({line for line in data.splitlines() if line.strip()})
    count = _count_triples(endpoint, graph)
    if count != sent:
        raise EndpointError(
            f"uploaded {sent} triples to {graph.value}, but {endpoint.query_url} holds "
            f"{'an unreadable count' if count is None else count} there; nothing was swapped in",
            hint="check --layout, --update-url and --store-url: they may not reach this store",
        )


def _count_triples(endpoint: Endpoint, graph: ox.NamedNode) -> int | None:
    answer = SparqlClient(endpoint).results(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    )
    rows = list(answer) if isinstance(answer, ox.QuerySolutions) else []
    held = rows[0]["n"] if rows else None
    return int(held.value) if isinstance(held, ox.Literal) and held.value.isdigit() else None


def _upload(endpoint: Endpoint, graph: ox.NamedNode, data: bytes, *, batch: int) -> str:
    if endpoint.store_url is not None:
        try:
            SparqlClient(endpoint).put_graph(graph, data)
        except EndpointError as error:
            if error.status not in _GSP_UNSUPPORTED:
                raise
        else:
            return "graph-store"
    _insert_graph(endpoint, graph, data, batch)
    return "sparql-update"


def _drop_quietly(endpoint: Endpoint, graphs: Iterable[ox.NamedNode]) -> None:
    # When the store is unreachable the temporary graphs stay, named so they can be found.
    with contextlib.suppress(EndpointError):
        run_update(endpoint, " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))


__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_TIMEOUT",
    "LAYOUTS",
    "PASSWORD_ENV",
    "USER_ENV",
    "Endpoint",
    "EndpointError",
    "PushResult",
    "dataset_graphs",
    "drop_leftovers",
    "graph_iri",
    "push_dataset",
    "resolve_endpoint",
    "run_update",
]
