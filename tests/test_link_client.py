"""The SPARQL client's etiquette and failure handling, against a scripted local HTTP server."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from civicgraph.errors import LinkError
from civicgraph.linking.candidates import (
    fill_values,
    find_candidate_ids,
    load_query,
    lookup_literals,
)
from civicgraph.linking.client import ClientSettings, SparqlClient
from civicgraph.model import Entity
from civicgraph.sparql.client import projected_variables

GOOD = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}
).encode()
QUERY = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"


class Script:
    """What the fake endpoint answers, one step per request; the last step repeats."""

    def __init__(self) -> None:
        self.steps: list[tuple[int, dict[str, str], bytes] | str] = []
        self.requests: list[dict[str, str]] = []


@pytest.fixture
def endpoint() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self.rfile.read(length)
            script.requests.append(dict(self.headers))
            index = min(len(script.requests) - 1, len(script.steps) - 1)
            step = script.steps[index]
            if step == "hang":
                time.sleep(0.6)
                step = (200, {"Content-Type": "application/sparql-results+json"}, GOOD)
            assert not isinstance(step, str)
            status, headers, body = step
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", script
    server.shutdown()
    server.server_close()


JSON_HEADERS = {"Content-Type": "application/sparql-results+json"}


def make_client(url: str, tmp_path: Path, **options: object) -> tuple[SparqlClient, list[float]]:
    waits: list[float] = []
    settings = ClientSettings(
        endpoint=url,
        cache_dir=tmp_path / "cache",
        timeout=float(options.pop("timeout", 5.0)),  # type: ignore[arg-type]
        retries=int(options.pop("retries", 3)),  # type: ignore[call-overload]
        backoff_base=0.001,
        backoff_cap=0.5,
        requests_per_second=0,
        contact="tests@example.org",
    )
    return SparqlClient(settings, sleep=waits.append), waits


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.json"))


def test_success_is_cached_and_sent_with_a_descriptive_user_agent(endpoint, tmp_path):
    url, script = endpoint
    script.steps = [(200, JSON_HEADERS, GOOD)]
    client, _ = make_client(url, tmp_path)
    assert client.select(QUERY)[0]["x"]["value"] == "ok"
    assert client.select(QUERY)[0]["x"]["value"] == "ok"
    assert len(script.requests) == 1, "the second answer comes from the cache"
    agent = script.requests[0]["User-Agent"]
    assert agent.startswith("civicgraph/")
    assert "tests@example.org" in agent
    assert len(cache_files(tmp_path)) == 1


def test_429_waits_as_retry_after_says_then_succeeds(endpoint, tmp_path):
    url, script = endpoint
    script.steps = [(429, {"Retry-After": "7"}, b"slow down"), (200, JSON_HEADERS, GOOD)]
    client, waits = make_client(url, tmp_path)
    assert client.select(QUERY)
    assert waits == [0.5], "Retry-After (7 s) is honoured but capped by backoff_cap"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_with_exponential_backoff(endpoint, tmp_path, status):
    url, script = endpoint
    script.steps = [(status, {}, b"oops"), (status, {}, b"oops"), (200, JSON_HEADERS, GOOD)]
    client, waits = make_client(url, tmp_path)
    assert client.select(QUERY)
    assert waits == [0.001, 0.002]


def test_persistent_503_fails_in_one_line_and_caches_nothing(endpoint, tmp_path):
    url, script = endpoint
    script.steps = [(503, {"Retry-After": "0"}, b"<html>down</html>")]
    client, _ = make_client(url, tmp_path, retries=2)
    with pytest.raises(LinkError) as caught:
        client.select(QUERY)
    message = str(caught.value)
    assert "HTTP 503" in message
    assert "gave up after 3 attempts" in message
    assert "\n" not in message
    assert len(script.requests) == 3
    assert cache_files(tmp_path) == []


def test_malformed_json_is_retried_and_never_cached(endpoint, tmp_path):
    url, script = endpoint
    script.steps = [(200, JSON_HEADERS, b'{"results": {"bindings": [')]
    client, _ = make_client(url, tmp_path, retries=1)
    with pytest.raises(LinkError, match="not SPARQL JSON results"):
        client.select(QUERY)
    assert cache_files(tmp_path) == []
    script.steps = [(200, JSON_HEADERS, GOOD)]
    script.requests.clear()
    assert client.select(QUERY)[0]["x"]["value"] == "ok"


def test_html_error_page_with_status_200_is_reported(endpoint, tmp_path):
    url, script = endpoint
    script.steps = [(200, {"Content-Type": "text/html"}, b"<html><body>Maintenance</body></html>")]
    client, _ = make_client(url, tmp_path, retries=1)
    with pytest.raises(LinkError, match=r"HTTP 200, text/html: .*not SPARQL JSON results"):
        client.select(QUERY)
    assert cache_files(tmp_path) == []


def test_bad_query_is_not_retried(endpoint, tmp_path):
    url, script = endpoint
    script.steps = [(400, {}, b"parse error")]
    client, _ = make_client(url, tmp_path)
    with pytest.raises(LinkError, match=r"HTTP 400, no media type: 'parse error'"):
        client.select(QUERY)
    assert len(script.requests) == 1


def test_timeout_is_retried_then_reported(endpoint, tmp_path):
    url, script = endpoint
    script.steps = ["hang"]
    client, _ = make_client(url, tmp_path, timeout=0.2, retries=1)
    with pytest.raises(LinkError, match="gave up after 2 attempts"):
        client.select(QUERY)
    assert cache_files(tmp_path) == []


def test_connection_refused_is_reported_in_one_line(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client, waits = make_client(f"http://127.0.0.1:{port}/sparql", tmp_path, retries=2)
    with pytest.raises(LinkError) as caught:
        client.select(QUERY)
    assert "connection refused (gave up after 3 attempts)" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert len(waits) == 2


def test_offline_reads_the_cache_and_never_opens_a_socket(endpoint, tmp_path, monkeypatch):
    url, script = endpoint
    script.steps = [(200, JSON_HEADERS, GOOD)]
    online, _ = make_client(url, tmp_path)
    online.select(QUERY)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("offline mode opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    offline = SparqlClient(ClientSettings(**{**online.settings.__dict__, "offline": True}))
    assert offline.select(QUERY)[0]["x"]["value"] == "ok"
    with pytest.raises(LinkError, match="offline and the answer is not in the cache"):
        offline.select(QUERY + " # another")


def test_rate_limit_spaces_requests():
    waits: list[float] = []
    now = [100.0]
    client = SparqlClient(
        ClientSettings(requests_per_second=2), sleep=waits.append, clock=lambda: now[0]
    )
    client._respect_rate_limit()
    now[0] += 0.1
    client._respect_rate_limit()
    assert waits == [pytest.approx(0.4)]


WRONG_SHAPE = GOOD.replace(b'"x"', b'"zzz"')


def test_an_answer_of_the_wrong_shape_is_retried_and_never_cached(endpoint, tmp_path):
    """Results binding other variables than the query asks for are refused, not cached."""
    url, script = endpoint
    script.steps = [(200, JSON_HEADERS, WRONG_SHAPE)]
    client, _ = make_client(url, tmp_path, retries=1)
    with pytest.raises(LinkError, match="answered variables zzz where the query asks for x"):
        client.select(QUERY)
    assert len(script.requests) == 2
    assert cache_files(tmp_path) == []


@pytest.mark.parametrize(
    "damaged",
    [
        b"{truncated",
        WRONG_SHAPE,
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 1}]}}',
        # a row that leaves ?x unbound, and a boolean where rows are asked for
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{}]}}',
        b'{"head": {}, "boolean": true}',
    ],
)
def test_a_damaged_or_wrong_shape_cache_file_is_ignored_counted_and_replaced(
    endpoint, tmp_path, damaged
):
    """A cache file that is damaged, or an older version wrote from a wrong-shape answer,
    does not crash later runs: offline it counts as not cached; online it is replaced."""
    url, script = endpoint
    script.steps = [(200, JSON_HEADERS, GOOD)]
    client, _ = make_client(url, tmp_path)
    path = client.cache_path(QUERY)
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(damaged)
    offline = SparqlClient(ClientSettings(**{**client.settings.__dict__, "offline": True}))
    with pytest.raises(LinkError, match="offline and the answer is not in the cache"):
        offline.select(QUERY)
    assert offline.cache_discarded == 1
    path.write_bytes(damaged)
    assert client.select(QUERY)[0]["x"]["value"] == "ok"
    assert client.cache_discarded == 1
    assert json.loads(path.read_bytes()) == json.loads(GOOD)


def test_a_dripping_endpoint_is_bounded_by_the_timeout(fault_server, tmp_path):
    """--timeout is one deadline per request, so one byte a second cannot hang the linker."""
    server = fault_server()
    server.mode = "drip-body"
    client, _ = make_client(f"{server.url}/sparql", tmp_path, timeout=1.5, retries=1)
    started = time.monotonic()
    with pytest.raises(LinkError, match=r"timed out after 1\.5 s without a complete answer"):
        client.select(QUERY)
    assert time.monotonic() - started < 6


def test_a_damaged_cache_row_is_not_a_crash_of_the_linker(tmp_path: Path) -> None:
    """A cached candidates answer whose row lacks ?item was read as a row, and the linker
    stopped on KeyError 'item'; offline it is now a cache miss, named in one line."""
    entity = Entity(id="org/senate", type="Organisation", labels={"en": "Senate"})
    client = SparqlClient(
        ClientSettings(
            endpoint="http://127.0.0.1:9/sparql",
            cache_dir=tmp_path / "cache",
            offline=True,
            contact="tests@example.org",
        )
    )
    query = fill_values(load_query("candidates"), sorted(lookup_literals(entity)))
    path = client.cache_path(query)
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "head": {"vars": ["name", "item"]},
                "results": {"bindings": [{"name": {"type": "literal", "value": "Senate"}}]},
            }
        )
    )
    with pytest.raises(LinkError, match="offline and the answer is not in the cache"):
        find_candidate_ids(client, [entity])
    assert client.cache_discarded == 1
    assert not path.exists()


def test_an_endpoint_row_without_a_variable_is_one_line(endpoint, tmp_path):
    """The same answer from an endpoint is refused in words and never cached."""
    url, script = endpoint
    script.steps = [
        (200, JSON_HEADERS, b'{"head": {"vars": ["x"]}, "results": {"bindings": [{}]}}')
    ]
    client, _ = make_client(url, tmp_path, retries=0)
    with pytest.raises(
        LinkError, match=r"answered row 1 without \?x, which every row of this query binds"
    ):
        client.select(QUERY)
    assert cache_files(tmp_path) == []


@pytest.mark.parametrize("name", ["candidates", "details", "labels"])
def test_the_linker_knows_what_each_of_its_queries_projects(name: str) -> None:
    """Answers are checked against the variables a query projects; a query whose text
    (comments included) says SERVICE is not run to find them, and its answers would go
    unchecked: the word stays out of the linker's queries."""
    assert projected_variables(fill_values(load_query(name), ['"x"@en'])) is not None
