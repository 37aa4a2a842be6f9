"""What `civicgraph serve` refuses and limits: markup, long and large queries, big bodies,
too many at once, and errors that must not show their internals."""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from civicgraph.cli import main
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve.explorer import Explorer
from civicgraph.store import open_store
from civicgraph.triplesource import EmbeddedSource
from tests.seed import IRIS, iri
from tests.serve_support import CATALOGUE, build_seed_store

MARKUP = "<script>alert('x')</script><b>Bold & Co</b>"
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("safety") / "store")


@pytest.fixture
def client_for(store_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Clients with the limits a test asks for, each stopped (query workers too) after it."""
    with contextlib.ExitStack() as stack:

        def make(store: ox.Store | None = None, **limits: object) -> TestClient:
            settings = ServeSettings(
                store_path=store_path, iris=IRIS, catalogue=CATALOGUE, **limits
            )  # type: ignore[arg-type]
            source = EmbeddedSource(store, iris=IRIS, path=store_path) if store else None
            client = TestClient(create_app(settings, source=source), raise_server_exceptions=False)
            return stack.enter_context(client)

        yield make


def test_markup_in_labels_is_escaped_everywhere(
    store_path: Path, client_for: Callable[..., TestClient]
) -> None:
    store = ox.Store()
    store.bulk_extend(open_store(store_path).quads_for_pattern(None, None, None, None))
    store.add(
        ox.Quad(
            ox.NamedNode(iri("person/maulen-ashimbayev")),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(MARKUP, language="de"),
            ox.NamedNode("https://w3id.org/civicgraph/graph/entities"),
        )
    )
    client = client_for(store)
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;Bold &amp; Co&lt;/b&gt;"
    for url in ("/id/person/maulen-ashimbayev", "/search?q=alert", "/search?q=" + MARKUP):
        page = client.get(url).text
        assert "<script>" not in page, url
        assert "<b>" not in page, url
    assert escaped in client.get("/id/person/maulen-ashimbayev").text
    assert escaped in client.get("/search?q=alert").text
    answer = client.get("/query", params={"sparql": f'SELECT ("{MARKUP}" AS ?x) WHERE {{}}'})
    assert "<script>" not in answer.text
    assert escaped in answer.text


def test_row_cap_cuts_answers_and_says_so(client_for: Callable[..., TestClient]) -> None:
    client = client_for(row_cap=3)
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["civicgraph-truncated"] == "3"
    page = client.get("/query", params={"sparql": "SELECT ?s WHERE { ?s ?p ?o }", "lang": "en"})
    assert "Results cut at 3 rows" in page.text
    small = client.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
    assert "civicgraph-truncated" not in small.headers


def test_a_query_past_its_time_is_stopped_with_503(client_for: Callable[..., TestClient]) -> None:
    client = client_for(timeout=0.2, row_cap=100_000_000)
    started = time.monotonic()
    response = client.get("/sparql", params={"query": CROSS_PRODUCT})
    assert response.status_code == 503
    assert "the query ran longer than 0.2 s and was stopped" in response.text
    assert time.monotonic() - started < 5
    page = client.get("/query", params={"sparql": CROSS_PRODUCT, "lang": "en"})
    assert page.status_code == 503
    assert "ran longer than 0.2 s" in page.text


def test_large_request_bodies_are_refused_with_413(client_for: Callable[..., TestClient]) -> None:
    client = client_for(max_body=2048)
    padding = "#" + "x" * 4096 + "\n"
    response = client.post(
        "/sparql",
        content=(padding + "ASK {}").encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 413
    assert "request body larger than 2048 bytes" in response.text
    small = client.post(
        "/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert small.status_code == 200


@pytest.mark.parametrize("concurrency", [1, 2])
def test_store_calls_are_bounded_by_the_concurrency_setting(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def slow_search(self: Explorer, text: str, lang: str, *, limit: int = 20) -> list[object]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.2)
        with lock:
            running -= 1
        return []

    monkeypatch.setattr(Explorer, "search", slow_search)
    settings = ServeSettings(
        store_path=store_path, catalogue=CATALOGUE, concurrency=concurrency, iris=IRIS
    )
    app = create_app(settings)

    async def many() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers = await asyncio.gather(*(client.get(f"/search?q=a{i}") for i in range(5)))
        return [answer.status_code for answer in answers]

    assert asyncio.run(many()) == [200] * 5
    assert most == concurrency


def test_an_unexpected_error_shows_no_internals(
    client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail at /srv/private/path.py line 12")

    monkeypatch.setattr(Explorer, "home", broken)
    response = client_for().get("/?lang=en")
    assert response.status_code == 500
    assert "The server could not answer this request." in response.text
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text


def test_serve_binds_loopback_unless_told_and_needs_a_store(tmp_path: Path) -> None:
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--host TEXT" in help_text
    assert "[default: 127.0.0.1]" in help_text
    missing = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 2
    assert "no store here" in missing.output
    assert "civicgraph build" in missing.output


def test_a_query_abandoned_at_its_deadline_keeps_its_slot_until_it_ends(
    client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the store cannot stop a query, so one past its deadline still runs in its thread:
    # were its slot freed, each timed-out request would add one more busy thread
    running = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()

    def endless_search(self: Explorer, text: str, lang: str, *, limit: int = 20) -> list[object]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        release.wait(10)
        with lock:
            running -= 1
        return []

    monkeypatch.setattr(Explorer, "search", endless_search)
    client = client_for(timeout=0.2, concurrency=1)
    try:
        first = client.get("/search", params={"q": "a"}, headers={"Accept": "text/plain"})
        second = client.get("/search", params={"q": "b"}, headers={"Accept": "text/plain"})
    finally:
        release.set()
    assert first.status_code == 503
    assert second.status_code == 503
    assert "too many queries are running" in second.text
    assert most == 1


# sorted, so every row of the cross product is held before the first is sent: on the seed
# graph ~10^10 rows, gigabytes within a second
MEMORY_HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def test_a_query_past_the_worker_memory_limit_is_refused_and_its_worker_replaced(
    client_for: Callable[..., TestClient],
) -> None:
    # a worker takes ~600 MB of address space once the store is open
    client = client_for(query_memory_mb=1024, timeout=60, query_workers=1)
    started = time.monotonic()
    response = client.get("/sparql", params={"query": MEMORY_HUNGRY})
    assert response.status_code == 503
    assert response.text.startswith(
        "the query needed more memory than --query-memory allows (1024 MiB);"
        " its worker was replaced"
    )
    assert time.monotonic() - started < 30  # stopped by the limit, not by the deadline
    small = client.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
    assert small.status_code == 200
    page = client.get("/query", params={"sparql": MEMORY_HUNGRY, "lang": "en"})
    assert page.status_code == 503
    assert "more memory than --query-memory allows" in page.text


def test_an_answer_larger_than_max_answer_is_refused_whole_not_cut(
    client_for: Callable[..., TestClient],
) -> None:
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    whole = client_for(row_cap=100_000).get("/sparql", params={"query": every})
    assert whole.status_code == 200
    size = len(whole.content)
    assert size > 4096
    client = client_for(row_cap=100_000, max_answer=4096, query_workers=1)
    response = client.get("/sparql", params={"query": every})
    assert response.status_code == 503
    assert response.text == (
        f"the answer is {size} bytes, more than --max-answer allows (4096)"
        " (hint: select fewer or shorter values, or add a LIMIT)\n"
    )
    small = client.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
    assert small.status_code == 200
    assert "civicgraph-truncated" not in small.headers
    page = client.get("/query", params={"sparql": every, "lang": "en"})
    assert page.status_code == 503
    assert "more than --max-answer allows (4096)" in page.text


LIMITS = (
    "--timeout",
    "--max-rows",
    "--max-answer",
    "--max-body",
    "--concurrency",
    "--query-workers",
    "--query-memory",
    "--page-cache",
)


def test_serve_help_names_every_limit_in_its_paragraph_and_its_example() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    # as wrapped on a terminal, where a line may break after an option's inner hyphen
    described, _, options = re.sub(r"-\n\s*", "-", result.output).partition("Options:")
    paragraph = described[described.index("Limits:") : described.index("Example:")]
    example = described[described.index("Example:") :]
    for option in LIMITS:
        assert option in options, option
        assert option in paragraph, option
        assert option in example, option


def test_a_query_memory_too_small_to_open_the_store_is_refused_before_serving(
    store_path: Path,
) -> None:
    """Below what a worker needs to open the store every worker would die at its start:
    refused in one line before anything listens, naming the floor; 0 (no limit) is kept."""
    result = CliRunner().invoke(
        main, ["serve", "--store", str(store_path), "--port", "0", "--query-memory", "300"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: --query-memory 300 MB is less than a query worker needs to open the store"
        " (about 600 MB) (hint: give at least 768, or 0 for no limit)"
    ]
    assert "serving" not in result.output
    assert ServeSettings(store_path=store_path, query_memory_mb=0, iris=IRIS).query_memory_mb == 0
