"""Pushing to and querying a real SPARQL 1.1 store (``oxigraph serve``), and its failures."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph import remote
from civicgraph.build import build_dataset
from civicgraph.cli import main
from civicgraph.iris import Iris
from civicgraph.pipeline import graphs_for_validation
from civicgraph.remote import (
    PUSH_GRAPH_PREFIX,
    EndpointError,
    push_dataset,
    resolve_endpoint,
)
from civicgraph.sparql.client import Endpoint, SparqlClient
from civicgraph.stats import collect_stats
from civicgraph.store import replace_store
from civicgraph.triplesource import EmbeddedSource, EndpointSource, TripleSource
from civicgraph.validate import validate_ntriples, validate_store
from tests.seed import IRIS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
BASE = "https://w3id.org/civicgraph"
ONTOLOGY_GRAPH = f"{BASE}/graph/ontology"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def local() -> ox.Store:
    store = ox.Store()
    store.bulk_extend(build_dataset(DATA, ONTOLOGY, iris=Iris(BASE)).quads)
    return store


@pytest.fixture
def built_store(tmp_path: Path, local: ox.Store) -> Path:
    path = tmp_path / "store"
    replace_store(path, local.quads_for_pattern(None, None, None), iris=IRIS)
    return path


def _remote(endpoint: Endpoint) -> EndpointSource:
    return EndpointSource(endpoint, iris=IRIS)


def _count(source: TripleSource, query: str = COUNT) -> int:
    rows = list(source.select(query))
    return int(rows[0]["n"].value)  # type: ignore[union-attr]


def test_push_then_stats_match_the_embedded_store(oxigraph_server, local) -> None:
    """After a push, stats computed through the endpoint equal the embedded store's."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    result = push_dataset(local, endpoint, iris=IRIS)
    assert result.protocol == "graph-store"
    remote = _remote(endpoint)
    assert _count(remote) == len(local)
    assert collect_stats(remote) == collect_stats(EmbeddedSource(local, iris=IRIS))


def test_validation_through_the_endpoint_matches_local(oxigraph_server, local) -> None:
    """Validating the graphs fetched from the endpoint gives the local report's results."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    push_dataset(local, endpoint, iris=IRIS)
    data, ontology = graphs_for_validation(_remote(endpoint), ONTOLOGY_GRAPH)
    remote_report = validate_ntriples(data, ontology=ontology, shapes_path=SHAPES)
    local_report = validate_store(local, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH)
    assert remote_report.conforms == local_report.conforms
    assert remote_report.keys == local_report.keys
    assert remote_report.triples_validated == local_report.triples_validated


def test_push_adds_or_replaces(oxigraph_server, local) -> None:
    """A plain push keeps what the target graphs held; --replace swaps it out.

    (Blank nodes of the ontology cannot be matched across uploads, so only --replace
    makes a re-push idempotent.)
    """
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    entities = f"{BASE}/graph/entities"
    remote = _remote(endpoint)
    from civicgraph.remote import run_update  # noqa: PLC0415

    run_update(endpoint, f"INSERT DATA {{ GRAPH <{entities}> {{ <urn:x> <urn:p> <urn:o> }} }}")
    extra = "ASK { GRAPH ?g { <urn:x> <urn:p> <urn:o> } }"
    push_dataset(local, endpoint, iris=IRIS)
    assert _count(remote) == len(local) + 1
    assert remote.ask(extra)
    push_dataset(local, endpoint, replace=True, iris=IRIS)
    push_dataset(local, endpoint, replace=True, iris=IRIS)
    assert _count(remote) == len(local)
    assert not remote.ask(extra)
    assert SparqlClient(endpoint).named_graphs(thorough=True, pushing=True) == []


def test_push_into_one_graph(oxigraph_server, local) -> None:
    """--graph puts every triple of every named graph into the one graph given."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    result = push_dataset(local, endpoint, graph="http://example.org/civic", iris=IRIS)
    assert list(result.graphs) == ["http://example.org/civic"]
    remote = _remote(endpoint)
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/civic> { ?s ?p ?o } }"
    distinct = len({(q.subject, q.predicate, q.object) for q in local})
    assert _count(remote, query) == distinct


def test_sparql_update_fallback_when_no_graph_store(oxigraph_server, local) -> None:
    """A store without a Graph Store endpoint (404) gets SPARQL Update batches instead."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url, store_url=f"{server.url}/no-such-service")
    result = push_dataset(local, endpoint, batch=100, iris=IRIS)
    assert result.protocol == "sparql-update"
    assert _count(_remote(endpoint)) == len(local)


_BLANK_SHAPE = (
    # For each blank node of the ontology graph: how many triples it is the subject of and
    # the object of. A list cut between two batches would become two half-lists.
    "SELECT ?out ?in (COUNT(*) AS ?nodes) WHERE {"
    " { SELECT ?b (COUNT(DISTINCT ?o) AS ?out) (COUNT(DISTINCT ?s) AS ?in) WHERE {"
    f"   GRAPH <{ONTOLOGY_GRAPH}> {{ ?b ?p ?o OPTIONAL {{ ?s ?q ?b }} FILTER(isBlank(?b)) }}"
    " } GROUP BY ?b } } GROUP BY ?out ?in ORDER BY ?out ?in"
)


def test_sparql_update_fallback_keeps_blank_nodes_whole(oxigraph_server, local) -> None:
    """Blank nodes sent through SPARQL Update, one triple per batch, keep every triple of
    each blank node on one node (the ontology's OWL lists stay lists)."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url, store_url=f"{server.url}/no-such-service")
    push_dataset(local, endpoint, batch=1, replace=True, iris=IRIS)
    remote = _remote(endpoint)
    shape = [tuple(term.value for term in row) for row in local.query(_BLANK_SHAPE)]  # type: ignore[union-attr]
    assert shape, "the ontology graph has blank nodes"
    assert [tuple(term.value for term in row) for row in remote.select(_BLANK_SHAPE).rows] == shape  # type: ignore[union-attr]


def test_failed_push_leaves_targets_as_they_were(oxigraph_server, local) -> None:
    """A push that fails after some uploads leaves the target graphs and no temporary graphs."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    push_dataset(local, endpoint, iris=IRIS)
    remote = _remote(endpoint)
    before = _count(remote)
    calls = []

    def flaky(e, graph, data, first):
        calls.append(graph)
        if len(calls) == 3:
            raise EndpointError("connection reset")
        from civicgraph.remote import _Uploader  # noqa: PLC0415

        return _Uploader(1000).send(e, graph, data + b"<urn:new> <urn:p> <urn:o> .\n", first)

    with pytest.raises(EndpointError, match="connection reset"):
        push_dataset(local, endpoint, replace=True, upload=flaky, iris=IRIS)
    assert _count(remote) == before
    assert SparqlClient(endpoint).named_graphs(thorough=True, pushing=True) == []


def test_cli_push_reports_and_succeeds(oxigraph_server, built_store) -> None:
    """`civicgraph push` uploads the built store and says how many triples went where."""
    server = oxigraph_server()
    result = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", server.url]
    )
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output
    assert "graph-store" in result.output


def test_cli_connection_refused_is_one_line(built_store) -> None:
    """An endpoint nobody listens on gives one 'connection refused' line and exit code 2."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", f"http://127.0.0.1:{port}"]
    )
    assert result.exit_code == 2
    assert "connection refused" in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_cli_timeout_is_one_line(built_store, silent_server) -> None:
    """An endpoint that never answers times out with one line and exit code 2."""
    result = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", silent_server, "--timeout", "0.5"]
    )
    assert result.exit_code == 2
    assert "timed out" in result.output


def test_http_error_names_the_status(oxigraph_server, local) -> None:
    """An update URL that answers 404 fails with the HTTP status in the message."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url, update_url=f"{server.url}/nowhere")
    with pytest.raises(EndpointError, match="HTTP 404"):
        push_dataset(local, endpoint, iris=IRIS)


CRAFTED = "http://example.org/g> } ; DROP ALL ; INSERT DATA { GRAPH <http://example.org/x"


def test_a_graph_that_is_not_an_iri_is_refused_before_any_request(fault_server, local) -> None:
    """A crafted --graph cannot become SPARQL: it is refused in one line, nothing is sent."""
    server = fault_server()
    with pytest.raises(EndpointError, match=r"--graph is not an IRI") as raised:
        push_dataset(local, resolve_endpoint(server.url), graph=CRAFTED, iris=IRIS)
    assert "\n" not in str(raised.value)
    assert server.requests == []


def test_cli_refuses_a_graph_that_is_not_an_iri(fault_server, built_store) -> None:
    server = fault_server()
    result = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", server.url, "--graph", CRAFTED]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: --graph is not an IRI")
    assert len(result.output.strip().splitlines()) == 1
    assert server.requests == []


def test_the_clean_up_after_a_failed_push_drops_only_its_temporary_graph(
    fault_server, local, monkeypatch
) -> None:
    """The store fails after the upload; the clean-up update names the temporary graph,
    written as a term, and nothing else."""
    monkeypatch.setattr(remote, "drop_leftovers", lambda _endpoint: [])  # a store of none
    server = fault_server()
    server.mode, server.status, server.body = "status", 500, b"swap failed"
    endpoint = resolve_endpoint(server.url)
    uploaded: list[ox.NamedNode] = []

    def upload(_endpoint, graph, _data, _first) -> str:
        uploaded.append(graph)
        return "graph-store"

    with pytest.raises(EndpointError, match="HTTP 500"):
        push_dataset(local, endpoint, graph="http://example.org/civic", upload=upload, iris=IRIS)
    assert server.requests[-1].body.decode() == f"DROP SILENT GRAPH {uploaded[0]}"
    assert not any(b"DROP ALL" in r.body for r in server.requests)
    assert str(uploaded[0]).startswith(f"<{PUSH_GRAPH_PREFIX}")


def test_push_to_a_web_page_fails(fault_server, built_store) -> None:
    """A URL that answers every request with an HTML page and 200 is not a store."""
    server = fault_server()
    server.mode = "html"
    result = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", server.url]
    )
    assert result.exit_code == 2
    assert "text/html" in result.output
    # the first request lists the leftovers of earlier pushes: a query, caught there
    assert "not SPARQL JSON results" in result.output


def test_nothing_is_swapped_in_unless_the_store_holds_what_was_sent(oxigraph_server, local) -> None:
    """An upload that answers yes but stores nothing (a wrong --store-url that a web server
    accepts) is caught by counting the temporary graph before the swap."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    push_dataset(local, endpoint, iris=IRIS)
    remote = _remote(endpoint)
    before = _count(remote)
    with pytest.raises(EndpointError, match=r"uploaded \d+ triples to .*holds 0 there"):
        push_dataset(local, endpoint, replace=True, upload=lambda *_: "graph-store", iris=IRIS)
    assert _count(remote) == before


# -- a push killed midway, and a server that drips ------------------------------------------

FIRST_ONLY = "person/only-in-the-first-version"


def _push_killed_after_uploading(store: Path, url: str) -> None:
    """In a forked process: push, and SIGKILL this process once every graph is uploaded
    (the first count of an upload comes after the last upload)."""

    def kill(*_args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    remote._check_uploaded = kill  # type: ignore[assignment]
    main(["push", "--store", str(store), "--endpoint", url, "--replace"], prog_name="civicgraph")


def _json(args: list[str]) -> object:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_killed_push_leaves_nothing_counted_and_the_next_push_removes_it(
    oxigraph_server, tmp_path: Path, built_store: Path
) -> None:
    """Killed after uploading the data with an entity it later loses, a push leaves its
    temporary graphs; queries and stats never count them, and the next push (of the data
    without that entity) drops them: the endpoint then answers as the store does."""
    server = oxigraph_server()
    endpoint = resolve_endpoint(server.url)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "entities" / "people.yaml").open("a", encoding="utf-8") as people:
        people.write(f'\n  - id: {FIRST_ONLY}\n    type: Person\n    label: {{en: "Only First"}}\n')
    first = tmp_path / "first"
    replace_store(first, build_dataset(data, ONTOLOGY, iris=IRIS).quads, iris=IRIS)

    child = multiprocessing.get_context("fork").Process(
        target=_push_killed_after_uploading, args=(first, server.url)
    )
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -signal.SIGKILL
    left = SparqlClient(endpoint).named_graphs(pushing=True)
    assert left, "the killed push left its temporary graphs"
    assert all(g.startswith(PUSH_GRAPH_PREFIX) for g in left)
    about = ["query", "triples_about", "--param", f"subject={FIRST_ONLY}", "--format", "ntriples"]
    assert bool(
        SparqlClient(endpoint).results(f"ASK {{ GRAPH ?g {{ <{BASE}/id/{FIRST_ONLY}> ?p ?o }} }}")
    )
    stats = ["stats", "--json", "--endpoint", server.url]
    assert _json(stats)["totalTriples"] == 0  # type: ignore[index]

    pushed = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", server.url, "--replace"]
    )
    assert pushed.exit_code == 0, pushed.output
    assert SparqlClient(endpoint).named_graphs(thorough=True, pushing=True) == []
    assert not bool(
        SparqlClient(endpoint).results(f"ASK {{ GRAPH ?g {{ <{BASE}/id/{FIRST_ONLY}> ?p ?o }} }}")
    )
    result = CliRunner().invoke(main, [*about, "--endpoint", server.url])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ""
    assert _json(stats) == _json(["stats", "--json", "--store", str(built_store)])
    counts = ["query", "counts_by_class", "--format", "json"]
    assert _json([*counts, "--endpoint", server.url]) == _json(
        [*counts, "--store", str(built_store)]
    )


def test_a_push_to_a_server_that_drips_stops_at_its_deadline(fault_server, built_store) -> None:
    """A server that answers a byte at a time without Content-Length: the deadline shuts
    the socket, and the cut body is a timeout, not an answer; the push ends after one
    request's deadline, not one per graph, and says it timed out."""
    server = fault_server()
    server.mode, server.send_length = "drip-body", False
    server.drip_interval, server.drip_limit = 0.2, 10_000
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["push", "--store", str(built_store), "--endpoint", server.url, "--timeout", "3"]
    )
    took = time.monotonic() - started
    assert result.exit_code == 2
    assert "timed out after 3 s without a complete answer" in result.output
    assert "empty body" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert len(server.requests) == 1, [r.method for r in server.requests]
    assert took < 6, f"{took:.1f} s"
