"""The SPARQL visitors write runs in worker processes killed at its deadline: a runaway
query is answered 503 and its process is gone, pages and other queries go on meanwhile,
and nothing outlives the server. Also: a taken port is told before anything is served."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from civicgraph.cli import main
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve.isolation import Job, QueryPool
from civicgraph.serve.queries import QueryTimeoutError
from civicgraph.store import open_store
from civicgraph.triplesource import EmbeddedSource
from tests.seed import IRIS
from tests.serve_support import CATALOGUE, build_seed_store, descendants, is_running, serve

# A count over the cross product of every triple three times: constant memory, and
# hours of work for the engine even on the seed graph (~2,500 quads, ~10^10 rows)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "SELECT ?x WHERE { VALUES ?x { 1 2 } }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("isolation") / "store")


def ask(url: str, query: str) -> tuple[int, str]:
    """Status and text of a GET of ``/sparql`` (or any page, when ``query`` is empty)."""
    address = f"{url}/sparql?{urllib.parse.urlencode({'query': query})}" if query else url
    request = urllib.request.Request(address, headers={"Accept": f"{JSON}, text/html"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_runaway_query_is_answered_503_at_its_deadline_and_its_worker_killed(
    store_path: Path,
) -> None:
    with serve(store_path, "--timeout", "1", "--query-workers", "1") as server:
        assert ask(server.url, SMALL)[0] == 200
        before = descendants(server.process.pid)
        started = time.monotonic()
        status, text = ask(server.url, RUNAWAY)
        elapsed = time.monotonic() - started
        assert status == 503
        assert text == (
            "the query ran longer than 1 s and was stopped"
            " (hint: narrow it with more patterns or a LIMIT)\n"
        )
        assert 0.9 < elapsed < 15
        # the one worker that ran it no longer exists; a new one answers the next query
        assert wait_for(lambda: bool(before - descendants(server.process.pid)))
        killed = before - descendants(server.process.pid)
        assert len(killed) == 1
        assert wait_for(lambda: not any(is_running(pid) for pid in killed))
        assert ask(server.url, SMALL)[0] == 200


def test_pages_and_other_queries_answer_while_runaway_queries_run(store_path: Path) -> None:
    workers = 3
    with (
        serve(
            store_path,
            *("--timeout", "5", "--query-workers", str(workers), "--concurrency", "1"),
        ) as server,
        ThreadPoolExecutor(workers - 1) as clients,
    ):
        runaway = [clients.submit(ask, server.url, RUNAWAY) for _ in range(workers - 1)]
        time.sleep(0.5)  # let them reach their workers
        page = ask(f"{server.url}/id/person/maulen-ashimbayev?lang=en", "")
        query = ask(server.url, SMALL)
        still_running = [not answer.done() for answer in runaway]
        assert page[0] == 200
        assert "Maulen Ashimbayev" in page[1]
        assert query[0] == 200
        assert '"value":"2"' in query[1].replace(" ", "")
        assert still_running == [True] * (workers - 1)
        assert [answer.result()[0] for answer in runaway] == [503] * (workers - 1)


def test_the_server_stops_leaving_no_process_behind(store_path: Path) -> None:
    with serve(store_path, "--timeout", "3", "--query-workers", "2") as server:
        with ThreadPoolExecutor(1) as clients:
            running = clients.submit(ask, server.url, RUNAWAY)
            time.sleep(0.5)
            started = descendants(server.process.pid)
            assert len(started) >= 2  # at least the two workers
            server.process.terminate()
            server.process.wait(timeout=60)
            assert running.result()[0] == 503  # answered before the server went
        assert server.process.stderr is not None
        said = server.process.stderr.read().decode()
    assert f"on {server.url}/ (Ctrl+C stops)" in said
    assert wait_for(lambda: not any(is_running(pid) for pid in started))


def test_stopping_the_server_stops_a_running_query_at_once(store_path: Path) -> None:
    with (
        serve(store_path, "--timeout", "30", "--query-workers", "1") as server,
        ThreadPoolExecutor(1) as clients,
    ):
        running = clients.submit(ask, server.url, RUNAWAY)
        time.sleep(1)  # it reaches the worker
        started = descendants(server.process.pid)
        stopping = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=60)
        took = time.monotonic() - stopping
        answered = running.result()
    assert took < 5
    assert answered == (503, "the server is stopping (hint: try again once it is back)\n")
    assert wait_for(lambda: not any(is_running(pid) for pid in started), seconds=5)


def test_a_query_waits_for_a_free_worker_only_until_its_deadline(store_path: Path) -> None:
    pool = QueryPool(EmbeddedSource.open(store_path, iris=IRIS).opener(), workers=1)
    pool.start()

    async def two() -> None:
        first = asyncio.create_task(pool.answer(Job(RUNAWAY, 10, 2.0)))
        await asyncio.sleep(0)  # the first takes the only worker
        with pytest.raises(QueryTimeoutError, match="too many queries are running"):
            await pool.answer(Job(SMALL, 10, 0.3))
        with pytest.raises(QueryTimeoutError, match="ran longer than 2 s"):
            await first
        # the killed worker's slot is free again
        reply = await pool.answer(Job(SMALL, 10, 5))
        assert b'"value":"1"' in reply.body.replace(b" ", b"")

    try:
        asyncio.run(two())
    finally:
        pool.close()


def test_serve_on_a_port_in_use_says_so_in_one_line_and_never_serving(
    store_path: Path,
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as held:
        port = held.getsockname()[1]
        result = CliRunner().invoke(
            main,
            ["serve", "--store", str(store_path), "--queries", str(CATALOGUE), "--port", str(port)],
        )
    assert result.exit_code == 2
    assert "serving" not in result.output
    assert result.output.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
        " (hint: another program listens there: stop it or choose another --port)"
    ]


def worker_pids_of(pool_owner: int, before: set[int]) -> set[int]:
    """The query workers started since ``before``: forked by the fork server, not by us."""
    started = descendants(pool_owner) - before
    return {pid for pid in started if parent_of(pid) != pool_owner}


def parent_of(pid: int) -> int:
    text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    return int(text[text.rindex(")") + 2 :].split()[1])


def test_a_worker_that_dies_mid_query_is_answered_503_and_replaced(store_path: Path) -> None:
    before = descendants(os.getpid())
    settings = ServeSettings(store_path=store_path, catalogue=CATALOGUE, query_workers=1, iris=IRIS)
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as client,
        ThreadPoolExecutor(1) as clients,
    ):
        (worker,) = worker_pids_of(os.getpid(), before)
        pending = clients.submit(client.get, "/sparql", params={"query": RUNAWAY})
        time.sleep(0.5)  # it reaches the worker
        os.kill(worker, signal.SIGKILL)  # as the kernel does when memory runs out
        answer = pending.result()
        assert answer.status_code == 503
        assert answer.text.startswith("the query's worker stopped (exit code -9)")
        assert "more memory than there is" in answer.text
        assert client.get("/sparql", params={"query": SMALL}).status_code == 200


def test_a_worker_that_cannot_open_the_store_fails_the_request_without_details(
    store_path: Path, tmp_path: Path
) -> None:
    # the pages' store is open, but the workers' path has no store (moved away)
    settings = ServeSettings(
        store_path=tmp_path / "gone", catalogue=CATALOGUE, query_workers=1, iris=IRIS
    )
    pages = EmbeddedSource(open_store(store_path), iris=IRIS, path=tmp_path / "gone")
    app = create_app(settings, source=pages)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/sparql", params={"query": SMALL})
        assert answer.status_code == 500
        assert str(tmp_path) not in answer.text
        page = client.get("/query", params={"sparql": SMALL, "lang": "en"})
        assert page.status_code == 500
        assert "The server could not answer this request." in page.text


def test_serve_help_tells_every_limit_with_an_example() -> None:
    help_text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    described = help_text[help_text.index("Limits:") : help_text.index("Example:")]
    for limit in ("--timeout", "--max-rows", "--max-body", "--concurrency", "--query-workers"):
        assert limit in described, limit
    assert "then 503" in help_text
    assert "refused with 413" in help_text
    assert "Civicgraph-Truncated" in help_text
    assert (
        "civicgraph serve --port 8080 --timeout 5 --max-rows 1000 \\ --max-body 65536"
        " --concurrency 8 --query-workers 2"
    ) in help_text


def test_a_client_that_comes_as_soon_as_serving_is_said_is_answered(store_path: Path) -> None:
    # the server still starts its query workers then: the client waits, it is not refused
    command = [
        str(Path(sys.executable).parent / "civicgraph"),
        *("serve", "--store", str(store_path), "--queries", str(CATALOGUE), "--port", "0"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert process.stderr is not None
        said = process.stderr.readline().decode()
        address = re.search(r"on (http://127\.0\.0\.1:\d+)/ ", said)
        assert address, said
        assert ask(f"{address.group(1)}/id/person/maulen-ashimbayev", "")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=60)


def post(url: str, query: str) -> tuple[int, str]:
    """Status and text of a direct POST of ``query`` to ``/sparql``."""
    request = urllib.request.Request(
        f"{url}/sparql",
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


# Texts that take the grammar far longer to read than any deadline, each under 200 KB
SLOW_TO_READ = {
    "values": "SELECT * WHERE { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(20000)) + " } }",
    "filters": "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o != 1) " * 3000 + "}",
}


@pytest.mark.parametrize("shape", sorted(SLOW_TO_READ))
def test_a_query_slow_to_read_is_read_in_its_worker_under_its_deadline(
    store_path: Path, shape: str
) -> None:
    with (
        serve(store_path, "--timeout", "2", "--query-workers", "1") as server,
        ThreadPoolExecutor(1) as clients,
    ):
        started = time.monotonic()
        slow = clients.submit(post, server.url, SLOW_TO_READ[shape])
        time.sleep(0.5)  # it is being read
        page_started = time.monotonic()
        page = ask(f"{server.url}/id/person/maulen-ashimbayev?lang=en", "")
        page_took = time.monotonic() - page_started
        still_reading = not slow.done()
        status, text = slow.result()
        took = time.monotonic() - started
    assert page[0] == 200
    assert "Maulen Ashimbayev" in page[1]
    assert page_took < 5
    assert still_reading
    assert (status, text) == (
        503,
        "the query ran longer than 2 s and was stopped"
        " (hint: narrow it with more patterns or a LIMIT)\n",
    )
    assert took < 10
