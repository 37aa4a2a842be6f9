"""Push the dataset to, and query it in, any SPARQL 1.1 store.

Protocols, not products:

- upload: SPARQL 1.1 Graph Store HTTP Protocol (§5.3 ``PUT`` of a graph's first batch,
  §5.5 ``POST`` of the others), falling back to SPARQL 1.1 Update ``INSERT {…} WHERE {}``
  when the store has no Graph Store endpoint; batches are read from the snapshot's file
  as they are sent, so a push holds one batch, whatever the size of the dataset;
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from civicgraph.iris import Iris
from civicgraph.snapshot import DEFAULT_GRAPH, GraphBlock, Snapshot
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
"""Triples per request (a Graph Store POST, or a SPARQL Update without Graph Store)."""

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


def _slices(snapshot: Snapshot, blocks: Sequence[GraphBlock], size: int) -> Iterator[bytes]:
    """The blocks' statements as N-Triples, ``size`` lines a slice, read a piece at a time.

    A blank node is fresh in each request, so every line naming one (the ontology's few
    OWL lists) goes in the first slice, whatever its size; the rest is cut into ``size``
    lines.
    """
    with_blank_nodes = set(snapshot.blocks_with_blank_nodes())
    blank = [
        line
        for block in blocks
        if block in with_blank_nodes
        for chunk in snapshot.block_triples(block)
        for line in chunk.splitlines(keepends=True)
        if b"_:" in line
    ]
    if blank:
        yield b"".join(blank)
    del blank
    held: list[bytes] = []
    for block in blocks:
        for chunk in snapshot.block_triples(block):
            lines = chunk.splitlines(keepends=True)
            if block in with_blank_nodes:
                lines = [line for line in lines if b"_:" not in line]
            held.extend(lines)
            while len(held) >= size:
                yield b"".join(held[:size])
                del held[:size]
    if held:
        yield b"".join(held)


def _insert_graph(endpoint: Endpoint, graph: ox.NamedNode, ntriples: bytes) -> None:
    # ``INSERT {…} WHERE {}``, not ``INSERT DATA``: Virtuoso refuses blank nodes in
    # INSERT DATA (SP031), and every SPARQL 1.1 store takes them in a template (§3.1.3).
    SparqlClient(endpoint).update(
        f"INSERT {{ GRAPH {graph} {{\n{ntriples.decode('utf-8')}}} }} WHERE {{}}"
    )


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


Upload = Callable[[Endpoint, ox.NamedNode, bytes, bool], str]
"""``upload(endpoint, graph, ntriples, first)``: send one slice of a graph (the first
slice of each graph with ``first``); return the protocol that carried it."""


def push_dataset(
    store: ox.Store | Snapshot | Path,
    endpoint: Endpoint,
    *,
    iris: Iris,
    graph: str | None = None,
    replace: bool = False,
    batch: int = DEFAULT_BATCH,
    upload: Upload | None = None,
) -> PushResult:
    """Upload the graphs of ``store`` (a store folder, a store or its snapshot), or all of
    them into ``graph``, swapped in at once.

    Each graph goes ``batch`` triples a request, read from the snapshot's file as it is
    sent. Without ``replace`` the triples are added to what the target graphs hold; with
    it the target graphs are replaced. Either way the version graph of ``iris`` is
    replaced by this push's id and time. ``upload`` is for tests.
    """
    into = graph_iri(graph) if graph is not None else None
    if isinstance(store, Path):
        store = open_snapshot(store)
    snapshot = store if isinstance(store, Snapshot) else Snapshot.from_store(store)
    named = [block for block in snapshot.graphs if block.name != DEFAULT_GRAPH]
    targets: dict[ox.NamedNode, list[GraphBlock]] = (
        {into: named}
        if into is not None
        else {graph_iri(block.name, what="graph name"): [block] for block in named}
    )
    drop_leftovers(endpoint)
    token = uuid.uuid4().hex
    temporary = {
        target: graph_iri(f"{PUSH_GRAPH_PREFIX}{token}:{number}")
        for number, target in enumerate(targets)
    }
    send = upload or _Uploader(batch).send
    protocols: set[str] = set()
    try:
        for target, blocks in targets.items():
            for number, piece in enumerate(_slices(snapshot, blocks, max(1, batch))):
                protocols.add(send(endpoint, temporary[target], piece, number == 0))
        held = _count_triples(endpoint, f"{PUSH_GRAPH_PREFIX}{token}:")
        for target, blocks in targets.items():
            sent = _distinct_triples(snapshot, blocks)
            count = None if held is None else held.get(temporary[target].value, 0)
            _check_uploaded(endpoint, temporary[target], sent, count)
    except EndpointError as error:
        if not error.timed_out:  # a stalled server would keep the user waiting once more
            _drop_quietly(endpoint, temporary.values())
        raise
    except BaseException:
        _drop_quietly(endpoint, temporary.values())
        raise
    operation = "MOVE" if replace else "ADD"
    swap = [f"{operation} GRAPH {temporary[t]} TO GRAPH {t}" for t in targets]
    if not replace:
        swap += [f"DROP SILENT GRAPH {temporary[t]}" for t in targets]
    swap += _version_update(iris, token)
    try:
        run_update(endpoint, " ;\n".join(swap))
    except EndpointError as error:
        if not error.timed_out:
            _drop_quietly(endpoint, temporary.values())
        raise
    counts = {target.value: sum(b.triples for b in blocks) for target, blocks in targets.items()}
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


def _distinct_triples(snapshot: Snapshot, blocks: Sequence[GraphBlock]) -> int:
    """Distinct statements of ``blocks`` together: each block's lines are distinct; the
    named graphs of a snapshot without a default graph are its union ``dataset.nt``."""
    if len(blocks) == 1:
        return blocks[0].triples
    if not any(block.name == DEFAULT_GRAPH for block in snapshot.graphs) and len(blocks) == len(
        snapshot.graphs
    ):
        return snapshot.triple_count
    return len(
        {
            line
            for block in blocks
            for chunk in snapshot.block_triples(block)
            for line in chunk.splitlines()
        }
    )


def _check_uploaded(endpoint: Endpoint, graph: ox.NamedNode, sent: int, count: int | None) -> None:
    # Whatever the upload answered, the swap happens only when the store holds the
    # triples: a server that says yes to everything (a web page) is caught here.
    if count != sent:
        raise EndpointError(
            f"uploaded {sent} triples to {graph.value}, but {endpoint.query_url} holds "
            f"{'an unreadable count' if count is None else count} there; nothing was swapped in",
            hint="check --layout, --update-url and --store-url: they may not reach this store",
        )


def _count_triples(endpoint: Endpoint, prefix: str) -> dict[str, int] | None:
    """Triples in each graph named ``prefix…`` (an empty graph is not listed), in one
    query: a push of many graphs asks once, not once a graph (44,000 at 10M triples).
    ``None`` when the answer is not a table."""
    answer = SparqlClient(endpoint).results(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), {ox.Literal(prefix)})) }} GROUP BY ?g"
    )
    if not isinstance(answer, ox.QuerySolutions):
        return None
    counts: dict[str, int] = {}
    for row in answer:
        graph, held = row["g"], row["n"]
        if (
            isinstance(graph, ox.NamedNode)
            and isinstance(held, ox.Literal)
            and held.value.isdigit()
        ):
            counts[graph.value] = int(held.value)
    return counts


class _Uploader:
    """Sends slices by the Graph Store Protocol (``PUT`` the first of a graph, ``POST``
    the others), or by SPARQL Update once the store has shown it has no Graph Store."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.graph_store: bool | None = None

    def send(self, endpoint: Endpoint, graph: ox.NamedNode, data: bytes, first: bool) -> str:
        if endpoint.store_url is not None and self.graph_store is not False:
            client = SparqlClient(endpoint)
            try:
                (client.put_graph if first else client.post_graph)(graph, data)
            except EndpointError as error:
                if error.status not in _GSP_UNSUPPORTED:
                    raise
                self.graph_store = False
            else:
                self.graph_store = True
                return "graph-store"
        _insert_graph(endpoint, graph, data)
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
    "drop_leftovers",
    "graph_iri",
    "push_dataset",
    "resolve_endpoint",
    "run_update",
]
