"""What a visitor sends that `civicgraph serve` cannot use is refused with a 4xx naming why,
never a 500: a NUL in a path, a name no catalogue file can have, a form that is not one,
reconciliation JSON with NaN, huge numbers, wrong types or deep nesting, a request head
too large (431). Headers never choose the addresses the server publishes, and listening
beyond loopback is said in one warning."""

from __future__ import annotations

import json
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from starlette.testclient import TestClient

from civicgraph.cli import main
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve.isolation import Job, QueryPool, WorkersRestartingError
from tests.seed import IRIS
from tests.serve_support import CATALOGUE, Answer, RunningServer, build_seed_store, fetch, serve

VOID_ENDPOINT = "http://rdfs.org/ns/void#sparqlEndpoint"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("refusals") / "store")


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[RunningServer]:
    with serve(store_path, "--timeout", "5", "--max-header", "8192") as running:
        yield running


def reconcile(server: RunningServer, raw: str) -> Answer:
    return fetch(f"{server.url}/reconcile", data=urllib.parse.urlencode({"queries": raw}).encode())


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/static/%00", 404),
        ("/static/style.css%00.css", 404),
        ("/static/" + "a" * 5000, 404),
        ("/query?name=" + "a" * 5000, 400),
        ("/query?name=%00", 400),
        ("/query?name=..%2F..%2Fetc%2Fpasswd", 400),
    ],
)
def test_a_path_or_name_the_system_cannot_look_up_is_not_found(
    server: RunningServer, path: str, status: int
) -> None:
    answer = fetch(server.url + path + ("&" if "?" in path else "?") + "lang=en")
    assert answer.status == status, answer.text[:300]
    if status == 400:
        assert "unknown query" in answer.text


@pytest.mark.parametrize("route", ["/sparql", "/reconcile"])
def test_a_form_that_is_not_what_its_content_type_says_is_a_400(
    server: RunningServer, route: str
) -> None:
    answer = fetch(
        f"{server.url}{route}",
        data=b"query=ASK%7B%7D",
        headers={"Content-Type": "multipart/form-data; boundary=x", "Accept": "text/plain"},
    )
    assert answer.status == 400
    said = json.loads(answer.body)["error"] if route == "/reconcile" else answer.text
    assert said.strip() == "the form could not be read as its Content-Type says"


BAD_BATCHES = {
    "NaN limit": ('{"q0": {"query": "a", "limit": NaN}}', "NaN is not a number in JSON"),
    "Infinity limit": ('{"q0": {"query": "a", "limit": Infinity}}', "Infinity is not a number"),
    "huge limit": ('{"q0": {"query": "a", "limit": 1e999}}', "limit must be a positive number"),
    "long integer": (
        '{"q0": {"query": "a", "limit": 1' + "0" * 5000 + "}}",
        "not JSON the service",
    ),
    "type a number": ('{"q0": {"query": "a", "type": 5}}', "type must be a string or a list"),
    "type of objects": ('{"q0": {"query": "a", "type": [{}]}}', "type must be a string or a list"),
    "query a number": ('{"q0": {"query": 5}}', "query must be a string"),
    "pid an object": (
        '{"q0": {"query": "a", "properties": [{"pid": {}, "v": "x"}]}}',
        "pid must be a string",
    ),
    "value a list": (
        '{"q0": {"query": "a", "properties": [{"pid": "rdf:type", "v": [[1]]}]}}',
        "a property value must be",
    ),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "deep query": ('{"q0": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}", "nested too deeply"),
    "long text": (json.dumps({"q0": {"query": "a" * 501}}), "longer than 500 characters"),
    "too many values": (
        json.dumps({"q0": {"query": "a", "properties": [{"pid": "p", "v": ["x"] * 51}]}}),
        "more than 50 property values",
    ),
    "too many queries": (
        json.dumps({f"q{i}": {"query": "a"} for i in range(101)}),
        "101 queries in one batch; at most 100 are read",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_BATCHES))
def test_a_reconciliation_batch_the_service_cannot_read_is_a_400_saying_why(
    server: RunningServer, case: str
) -> None:
    raw, reason = BAD_BATCHES[case]
    answer = reconcile(server, raw)
    assert answer.status == 400, answer.text[:300]
    assert reason in json.loads(answer.body)["error"]


def test_a_batch_at_every_bound_is_answered(server: RunningServer) -> None:
    batch = {
        f"q{i}": {
            "query": "Ashimbayev",
            "limit": 100,
            "type": "Person",
            "properties": [{"pid": "rdf:type", "v": ["civ:Person"] * 50}],
        }
        for i in range(100)
    }
    answer = reconcile(server, json.dumps(batch))
    assert answer.status == 200, answer.text[:300]
    assert len(json.loads(answer.body)) == 100


def test_a_request_head_larger_than_max_header_is_refused_with_431(server: RunningServer) -> None:
    too_long = fetch(f"{server.url}/", headers={"X-Padding": "a" * 20_000})
    assert too_long.status == 431
    assert too_long.text == "request line and header fields larger than 8192 bytes\n"
    long_line = fetch(f"{server.url}/search?q={'a' * 20_000}")
    assert long_line.status == 431
    # a POST whose head is small passes, however large its body
    body = fetch(
        f"{server.url}/sparql",
        data=("#" + "x" * 100_000 + "\nASK {}").encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert body.status == 200
    assert fetch(f"{server.url}/", headers={"X-Padding": "a" * 4000}).status == 200


def test_headers_never_choose_the_addresses_the_server_publishes(server: RunningServer) -> None:
    forged = {
        "Host": "evil.example",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.9",
        "Forwarded": "host=evil.example;proto=https",
        "Accept": "application/n-triples",
    }
    void = fetch(f"{server.url}/.well-known/void", headers=forged)
    assert void.status == 200
    assert f"<{VOID_ENDPOINT}> <{server.url}/sparql>" in void.text
    assert "evil" not in void.text
    manifest = fetch(f"{server.url}/reconcile", headers={**forged, "Accept": "application/json"})
    assert manifest.status == 200
    described = json.loads(manifest.body)
    assert described["view"]["url"] == f"{server.url}/id/{{{{id}}}}"
    assert described["preview"]["url"].startswith(f"{server.url}/reconcile/preview")
    assert described["suggest"]["entity"]["service_url"] == f"{server.url}/reconcile"
    assert "evil" not in manifest.text


def test_public_url_names_the_server_in_void_and_the_manifest(store_path: Path) -> None:
    public = "https://data.example.org/civic"
    with serve(store_path, "--public-url", public) as running:
        void = fetch(f"{running.url}/.well-known/void", headers={"Accept": "text/turtle"})
        manifest = json.loads(fetch(f"{running.url}/reconcile").body)
    assert f"<{public}/sparql>" in void.text
    assert manifest["suggest"]["entity"]["service_url"] == f"{public}/reconcile"
    refused = CliRunner().invoke(
        main, ["serve", "--store", str(store_path), "--public-url", "javascript:alert(1)"]
    )
    assert refused.exit_code == 2
    assert "--public-url 'javascript:alert(1)' is not an http(s) address" in refused.output


def said_when_serving(store_path: Path, host: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `civicgraph serve --host HOST` says before it serves (the server not run)."""

    def run(server: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        for listener in sockets or []:
            listener.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    result = CliRunner().invoke(
        main, ["serve", "--store", str(store_path), "--host", host, "--port", "0"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_listening_beyond_loopback_is_said_in_one_warning_with_its_bounds(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = said_when_serving(store_path, "0.0.0.0", monkeypatch)  # noqa: S104 - the case tested
    warnings = [line for line in said.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    (warning,) = warnings
    assert "listening on 0.0.0.0, not a loopback address" in warning
    assert "the explorer, /sparql and /reconcile are open to every machine" in warning
    for bound in ("--timeout", "--query-workers", "--query-memory", "--max-rows", "--max-body"):
        assert bound in warning, bound
    assert "docs/security.md" in warning
    for loopback in ("127.0.0.1", "localhost"):
        assert "warning" not in said_when_serving(store_path, loopback, monkeypatch)


def fuzzed(server: RunningServer, path: str, **params: str) -> int:
    return fetch(f"{server.url}{path}?{urllib.parse.urlencode(params)}").status


NASTY = [
    "\x00",
    "NaN",
    "Infinity",
    "-1",
    "1e309",
    "9" * 5000,
    "",
    "[",
    "{",
    "<",
    "%ff",
    "..",
    "\u202e",
]
ROUTES = [
    "/",
    "/search",
    "/id/person/maulen-ashimbayev",
    "/id/source/maslikhat-council-extended-meeting",
    "/query",
    "/sparql",
    "/.well-known/void",
    "/reconcile",
    "/reconcile/suggest/entity",
    "/reconcile/preview",
]
PARAMETERS = ["lang", "q", "span", "format", "name", "sparql", "query", "prefix", "type", "id"]


def test_no_nasty_parameter_value_reaches_a_traceback(server: RunningServer) -> None:
    """Every route, every parameter a route reads, values that broke servers before."""
    failures = [
        (route, name, value[:20], status)
        for route in ROUTES
        for name in PARAMETERS
        for value in NASTY
        if (status := fuzzed(server, route, **{name: value})) >= 500
    ]
    assert failures == []


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", "Сұрау орындаушылары тоқтап, қайта іске қосылып жатыр."),
        ("ru", "Обработчики запросов остановились и запускаются заново."),
        ("en", "The query workers stopped and are being started again."),
    ],
)
def test_the_query_page_says_a_restarting_pool_in_its_language(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    async def restarting(self: QueryPool, job: Job) -> None:
        raise WorkersRestartingError("the query workers stopped and are being started again")

    monkeypatch.setattr(QueryPool, "answer", restarting)
    settings = ServeSettings(store_path=store_path, catalogue=CATALOGUE, query_workers=1, iris=IRIS)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        page = client.get("/query", params={"sparql": "ASK {}", "lang": lang})
        plain = client.get("/sparql", params={"query": "ASK {}"})
    assert page.status_code == 503
    assert words in page.text
    assert "started again" not in page.text or lang == "en"
    assert (plain.status_code, plain.text) == (
        503,
        "the query workers stopped and are being started again\n",
    )
