"""Nothing a visitor sends outlives its request: distinct large queries leave no worker
fuller, reconciliation batches keep no page waiting, a worker that could not open the
store serves again once the store is back, a broken worker pool is made whole, and pages
and /sparql always read one store generation. The soak test sends every attack at once
and checks that every page kind answers within seconds of the last."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from civicgraph.build import build_dataset
from civicgraph.errors import QueryError
from civicgraph.linking.rdf import link_quads
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve import explorer as explorer_module
from civicgraph.serve.explorer import Explorer
from civicgraph.serve.isolation import Job, QueryPool
from civicgraph.store import read_manifest, replace_store
from civicgraph.triplesource import EmbeddedSource
from tests.seed import DATA, IRIS, ONTOLOGY, iri
from tests.serve_support import (
    CATALOGUE,
    Answer,
    RunningServer,
    build_seed_store,
    descendants,
    fetch,
    is_running,
    serve,
)

JSON = "application/sparql-results+json"
SMALL = "SELECT ?x WHERE { VALUES ?x { 1 2 } }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PERSON = "/id/person/maulen-ashimbayev"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("resources") / "store")


def sparql(url: str, text: str, *, timeout: float = 60.0) -> Answer:
    return fetch(
        f"{url}/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
        timeout=timeout,
    )


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def large_query(number: int, size: int = 4_000_000) -> str:
    """A text of ``size`` bytes, distinct by ``number``, that reads and runs at once."""
    return f"# {number} " + "x" * (size - 40) + "\nASK {}"


def test_distinct_large_queries_leave_the_workers_answering(store_path: Path) -> None:
    # a worker kept the shape of every text it read, up to 512 of them: 4 MB each fills
    # the --query-memory of a worker within ~100 queries, then every query failed
    with serve(store_path, "--query-workers", "1", "--query-memory", "768") as server:
        for number in range(150):
            assert sparql(server.url, large_query(number), timeout=20).status == 200, number
        assert sparql(server.url, SMALL).status == 200
        page = fetch(f"{server.url}/query?{urllib.parse.urlencode({'sparql': SMALL})}")
        assert page.status == 200


def test_the_query_page_remembers_no_label_of_a_visitors_answer(store_path: Path) -> None:
    settings = ServeSettings(store_path=store_path, catalogue=CATALOGUE, query_workers=1, iris=IRIS)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        explorer = client.app.app.state.site.explorer  # type: ignore[attr-defined]
        made_up = (
            "SELECT ?x WHERE { VALUES ?n { "
            + " ".join(str(n) for n in range(500))
            + ' } BIND(IRI(CONCAT("http://example.org/made-up/", STR(?n))) AS ?x) }'
        )
        before = set(explorer._label_cache)
        answer = client.get("/query", params={"sparql": made_up, "lang": "en"})
        assert answer.status_code == 200
        assert "http://example.org/made-up/499" in answer.text
        remembered = set(explorer._label_cache) - before
        assert not any("made-up" in key for key, _ in remembered)


def heavy_batch(number: int) -> str:
    """A batch at every bound: 100 queries, each matching many names and weighing 50
    property values for each candidate (a store call per candidate): ~2.5 s of work."""
    return json.dumps(
        {
            f"q{number}-{i}": {
                "query": "the",
                "limit": 100,
                "properties": [{"pid": "rdf:type", "v": [f"civ:Nothing{j}" for j in range(50)]}],
            }
            for i in range(100)
        }
    )


def reconcile(url: str, raw: str) -> Answer:
    return fetch(
        f"{url}/reconcile", data=urllib.parse.urlencode({"queries": raw}).encode(), timeout=120
    )


def test_large_reconciliation_batches_keep_no_page_waiting(store_path: Path) -> None:
    with (
        serve(store_path, "--timeout", "10", "--concurrency", "2") as server,
        ThreadPoolExecutor(6) as clients,
    ):
        batches = [clients.submit(reconcile, server.url, heavy_batch(n)) for n in range(6)]
        time.sleep(1)  # every batch has reached the server
        started = time.monotonic()
        page = fetch(f"{server.url}{PERSON}?lang=en")
        search = fetch(f"{server.url}/search?q=Ashimbayev&lang=en")
        took = time.monotonic() - started
        still_running = sum(not batch.done() for batch in batches)
        statuses = [batch.result().status for batch in batches]
    assert (page.status, search.status) == (200, 200)
    assert still_running >= 2
    assert took < 2
    # a batch is answered, or refused at the deadline (503) having stopped its work
    assert set(statuses) <= {200, 503}


def rebuild_with_label(store_path: Path, label: str) -> None:
    quads = list(build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads)
    quads.append(
        ox.Quad(
            ox.NamedNode(iri("person/maulen-ashimbayev")),
            ox.NamedNode(LABEL),
            ox.Literal(label, language="de"),
            ox.NamedNode("https://w3id.org/civicgraph/graph/entities"),
        )
    )
    replace_store(store_path, quads, iris=IRIS)


def labels_seen(server: RunningServer) -> tuple[bool, bool]:
    """Whether the page and /sparql show the label a rebuild added."""
    page = fetch(f"{server.url}{PERSON}?lang=de").text
    found = sparql(server.url, f'ASK {{ ?s <{LABEL}> "Neue Beschriftung"@de }}').text
    return "Neue Beschriftung" in page, '"boolean":true' in found.replace(" ", "")


def replace_worker(server: RunningServer) -> None:
    """Have the query worker killed at a deadline, so that a new one opens the store."""
    assert sparql(server.url, RUNAWAY).status == 503


def test_pages_and_sparql_read_the_generation_the_server_opened(tmp_path: Path) -> None:
    store_path = build_seed_store(tmp_path / "store")
    with serve(store_path, "--timeout", "1", "--query-workers", "1") as server:
        assert labels_seen(server) == (False, False)
        rebuild_with_label(store_path, "Neue Beschriftung")
        replace_worker(server)  # the new worker opens the served generation, not the new one
        assert labels_seen(server) == (False, False)


def test_when_the_served_generation_is_gone_pages_and_sparql_move_together(
    tmp_path: Path,
) -> None:
    store_path = build_seed_store(tmp_path / "store")
    with serve(store_path, "--timeout", "1", "--query-workers", "1") as server:
        served = read_manifest(store_path).generation
        rebuild_with_label(store_path, "Neue Beschriftung")
        rebuild_with_label(store_path, "Neue Beschriftung")  # the second removes the first
        assert not (store_path / served).exists()
        replace_worker(server)
        # the new worker cannot open the gone generation: the server moves to the current
        # one, pages and queries together, and answers again without a restart
        assert wait_for(lambda: sparql(server.url, SMALL).status == 200, seconds=10)
        assert labels_seen(server) == (True, True)


def test_a_worker_replaced_while_the_store_is_away_serves_again_once_it_is_back(
    tmp_path: Path,
) -> None:
    store_path = build_seed_store(tmp_path / "store")
    away = tmp_path / "away"
    with serve(store_path, "--timeout", "1", "--query-workers", "1") as server:
        assert sparql(server.url, SMALL).status == 200
        store_path.rename(away)  # as a curator moving it, or a rebuild from nothing
        replace_worker(server)
        assert sparql(server.url, SMALL).status == 500
        away.rename(store_path)
        assert wait_for(lambda: sparql(server.url, SMALL).status == 200, seconds=10)
        assert fetch(f"{server.url}{PERSON}?lang=en").status == 200


def test_a_pool_whose_idle_worker_was_killed_is_made_whole(store_path: Path) -> None:
    # pebble gives a pool up for good when a worker dies while no task runs (as the
    # kernel's out-of-memory killer may choose an idle one): every later query failed
    before = descendants(os.getpid())
    pool = QueryPool(EmbeddedSource.open(store_path, iris=IRIS).opener(), workers=1)
    pool.start()
    try:
        started = descendants(os.getpid()) - before
        workers = [pid for pid in started if _parent(pid) not in {os.getpid()}]
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        assert wait_for(lambda: not any(is_running(pid) for pid in workers), seconds=10)
        time.sleep(0.5)  # the pool has seen its worker go

        async def ask() -> bytes:
            for _ in range(20):
                try:
                    return (await pool.answer(Job(SMALL, 10, 5))).body
                except (QueryError, RuntimeError):  # pebble: "Unexpected error within the Pool"
                    await asyncio.sleep(0.2)
            raise AssertionError("the pool never answered again")

        assert b'"value":"2"' in asyncio.run(ask()).replace(b" ", b"")
    finally:
        pool.close()


def _parent(pid: int) -> int:
    text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    return int(text[text.rindex(")") + 2 :].split()[1])


EVERY_PAGE = [
    "/?lang=en",
    "/search?q=Ashimbayev&lang=ru",
    f"{PERSON}?lang=kk",
    f"{PERSON}?format=turtle",
    "/id/source/maslikhat-council-extended-meeting?span=384-434",
    "/query?lang=en",
    "/query?name=regions_by_role&lang=en",
    "/query?name=regions_by_role&format=csv",
    f"/query?{urllib.parse.urlencode({'sparql': SMALL})}",
    "/.well-known/void",
    "/reconcile",
    "/reconcile/suggest/entity?prefix=Ash",
    "/reconcile/preview?id=person/maulen-ashimbayev",
    "/static/style.css",
    f"/sparql?{urllib.parse.urlencode({'query': SMALL})}",
]


def attacks(url: str) -> list[Callable[[], Answer]]:
    """Every attack of this module and of the isolation and refusal tests, as calls."""
    deep = '{"q0": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}"
    slow_to_read = "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o != 1) " * 3000 + "}"
    lateral = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } LATERAL { } }"
    calls: list[Callable[[], Answer]] = []
    calls += [lambda: sparql(url, RUNAWAY) for _ in range(4)]
    calls += [lambda n=n: sparql(url, large_query(n, 1_000_000)) for n in range(20)]
    calls += [lambda n=n: reconcile(url, heavy_batch(n)) for n in range(6)]
    calls += [lambda: reconcile(url, deep), lambda: sparql(url, slow_to_read)]
    calls += [lambda: sparql(url, lateral), lambda: fetch(f"{url}/static/%00")]
    calls += [lambda: fetch(f"{url}/", headers={"X-Padding": "a" * 100_000})]
    calls += [lambda: fetch(f"{url}/search?q={'a' * 50}&lang=en") for _ in range(30)]
    return calls


@pytest.fixture(scope="module")
def soaked(store_path: Path) -> Iterator[RunningServer]:
    limits = ("--timeout", "2", "--query-workers", "2", "--concurrency", "2")
    with serve(store_path, *limits, "--query-memory", "1024") as server:
        yield server


def test_soak_every_page_answers_within_seconds_of_the_last_attack(
    soaked: RunningServer,
) -> None:
    with ThreadPoolExecutor(16) as clients:
        answers = [clients.submit(call) for call in attacks(soaked.url)]
        statuses = [answer.result().status for answer in answers]
    last = time.monotonic()
    assert not [status for status in statuses if status >= 500 and status != 503]
    for page in EVERY_PAGE:
        answer = fetch(f"{soaked.url}{page}", timeout=10)
        assert answer.status == 200, (page, answer.status, answer.text[:200])
    assert time.monotonic() - last < 5
    # nothing the attacks started is still running: only the workers remain
    assert wait_for(lambda: len(descendants(soaked.process.pid)) <= 4, seconds=5)


@pytest.mark.parametrize("bound", [0, 10**9])
def test_document_texts_kept_for_evidence_are_bounded_in_bytes(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    """The texts pages read for the sentence around a span are weighed in bytes: none is
    kept past the bound, and a page shows the same sentences whether its text was kept."""
    monkeypatch.setattr(explorer_module, "_SOURCE_CACHE_BYTES", bound)
    explorer = Explorer(EmbeddedSource.open(store_path, iris=IRIS))
    page = explorer.entity(iri("person/maulen-ashimbayev"), "en")
    again = explorer.entity(iri("person/maulen-ashimbayev"), "en")
    spans = [e for _, facts in page.groups for fact in facts for e in fact.evidence]
    assert any(e.before or e.after for e in spans)
    assert again == page
    assert explorer._sources.currsize <= bound
    assert (explorer._sources.currsize > 0) == (bound > 0)
