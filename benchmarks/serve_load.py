"""A bounded load on `civicgraph serve` over 127.0.0.1: entity pages, /sparql's overhead,
and the per-entity evidence queries against the catalogue's evidence_by_subject.

Not a test: it prints figures (and writes them as JSON with --out). The server runs in
its own process, started here on a free port and stopped at the end.

    python benchmarks/serve_load.py --size seed
    python benchmarks/serve_load.py --size 100k --work /tmp/serve-100k   # the store is kept
    python benchmarks/serve_load.py --size 1M --work /tmp/serve-1m --requests 2000
    python benchmarks/serve_load.py --size 1M --work /tmp/serve-1m --virtuoso

With ``--virtuoso`` the store's N-Quads are bulk-loaded into a Virtuoso Open Source
started here (Debian's ``virtuoso-opensource``, as tests/virtuoso.py starts it), and
``civicgraph serve --endpoint`` over it is measured instead: ``entity_page_over_virtuoso``,
the entity-page load with ``--page-cache 0``.

What is measured:

- ``entity_page_cache_off``: ``--requests`` GETs of entity pages (HTML, every fact with
  its evidence), ``--concurrency`` at a time, each worker on its own keep-alive
  connection, rotating over people of the corpus, from a server started with
  ``--page-cache 0``: every request is rendered from the store. p50, p95, p99, pages/s,
  errors (any answer but 200) and the server's CPU per page;
- ``entity_page_cache_warm``: the same load on a server with its default page cache,
  after one untimed visit of every page: the figures of pages asked again;
- ``sparql_overhead``: one query (the evidence of one person's facts) run ``--repeat``
  times on the embedded store, and as many times through ``/sparql`` with JSON results:
  p50 of each and their difference;
- ``runaway``: ``--query-workers`` queries that never finish by themselves (a count over
  a cross product) sent to ``/sparql`` at once, and meanwhile 200 entity pages: the
  pages' p50/p95 and errors, and each runaway query's status and seconds (503 at about
  the server's ``--timeout``);
- ``evidence``: the catalogue's ``evidence_by_subject`` bound to one person against the
  page's ``evidence_of_entity`` (same person), on the embedded store, p50, and whether they
  give the same spans; with ``--evidence-unbound``, also one run of ``evidence_by_subject``
  with no subject (every fact's evidence: about 100 s at 1M triples).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import gen_corpus  # noqa: E402

from civicgraph.build import build_dataset, build_from_corpus  # noqa: E402
from civicgraph.iris import Iris  # noqa: E402
from civicgraph.linking.rdf import link_quads  # noqa: E402
from civicgraph.ontology import load_ontology  # noqa: E402
from civicgraph.query import QueryResult, run_query  # noqa: E402
from civicgraph.serve import queries  # noqa: E402
from civicgraph.sparql.text import find_query  # noqa: E402
from civicgraph.store import built_base, open_store, replace_store  # noqa: E402
from civicgraph.triplesource import EmbeddedSource  # noqa: E402

BASE = "https://w3id.org/civicgraph"
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
CATALOGUE = ROOT / "queries"
PEOPLE = (
    "PREFIX civ: <https://w3id.org/civicgraph/ontology#> "
    "SELECT ?p WHERE { ?p a civ:Person } ORDER BY ?p LIMIT 500"
)


def build_store(size: str, folder: Path) -> None:
    if built_base(folder) is not None:
        print(f"reusing the store in {folder}")
        return
    started = time.perf_counter()
    if size == "seed":
        dataset = build_dataset(ROOT / "data", ONTOLOGY, iris=Iris(BASE), extra_quads=link_quads)
    else:
        corpus = gen_corpus.generate_corpus(gen_corpus.parse_size(size))
        dataset = build_from_corpus(corpus, load_ontology(ONTOLOGY), iris=Iris(BASE))
    count = replace_store(folder, dataset.snapshot, iris=Iris(BASE))
    print(f"built {count} quads in {time.perf_counter() - started:.1f} s -> {folder}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start_server(
    store: Path | str, port: int, concurrency: int, log: Path, *extra: str
) -> subprocess.Popen[bytes]:
    """``civicgraph serve`` of the store folder ``store``, or of the endpoint URL ``store``."""
    where = ["--store", str(store)] if isinstance(store, Path) else ["--endpoint", store]
    command = [
        str(Path(sys.executable).parent / "civicgraph"),
        "serve",
        *where,
        "--port",
        str(port),
        "--queries",
        str(CATALOGUE),
        "--concurrency",
        str(concurrency),
        *extra,
    ]
    with log.open("wb") as sink:  # a pipe nobody reads would stall the server when full
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/.well-known/void")
            connection.getresponse().read()
            return process
        except OSError as error:
            if process.poll() is not None:
                raise RuntimeError(log.read_text(encoding="utf-8")) from error
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load(port: int, paths: list[str], requests: int, concurrency: int) -> dict[str, float]:
    """``requests`` GETs, ``concurrency`` workers each on one keep-alive connection."""
    latencies: list[float] = []
    errors = 0
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for index in counter:
            path = paths[index % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": "text/html"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                outcome = str(response.status)
            except OSError as error:
                ok = False
                outcome = type(error).__name__
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += not ok
                statuses[outcome] = statuses.get(outcome, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": statuses,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "per_second": len(latencies) / wall,
    }


def server_cpu_seconds(server: subprocess.Popen[bytes]) -> float | None:
    """CPU time the server process has used (user + system), where /proc tells it."""
    try:
        fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_load(
    server: subprocess.Popen[bytes], port: int, paths: list[str], args: argparse.Namespace
) -> dict[str, object]:
    """The load's latencies, and the server's CPU per page over the same requests."""
    before = server_cpu_seconds(server)
    figures: dict[str, object] = dict(load(port, paths, args.requests, args.concurrency))
    after = server_cpu_seconds(server)
    if before is not None and after is not None:
        figures["server_cpu_ms_per_page"] = (after - before) * 1000 / args.requests
    figures["load_average"] = os.getloadavg()[0]
    return figures


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=30)


def runaway(port: int, paths: list[str], queries_at_once: int) -> dict[str, object]:
    """Entity pages while ``queries_at_once`` runaway queries hold every query worker."""
    answers: list[tuple[int, float, float]] = []  # status, seconds, when it ended

    def one() -> None:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))
        response = connection.getresponse()
        response.read()
        ended = time.perf_counter()
        answers.append((response.status, ended - started, ended))

    threads = [threading.Thread(target=one) for _ in range(queries_at_once)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # they reach their workers
    pages = load(port, paths, 200, 4)
    pages_done = time.perf_counter()
    for thread in threads:
        thread.join()
    return {
        "queries": [{"status": s, "seconds": round(t, 2)} for s, t, _ in answers],
        "pages_while_running": pages,
        "pages_ended_before_queries": all(pages_done < ended for _, _, ended in answers),
    }


def p50(function, repeat: int) -> float:
    started = time.perf_counter()
    function()  # warm-up
    if time.perf_counter() - started > 1.0:
        repeat = 3  # a slow query is timed a few times only
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def over_virtuoso(
    store_path: Path, work: Path, paths: list[str], args: argparse.Namespace
) -> dict[str, object]:
    """The store bulk-loaded into a fresh Virtuoso, and serve --endpoint over it, cache off."""
    sys.path.insert(0, str(ROOT))
    from tests.virtuoso import start_virtuoso  # noqa: PLC0415 - only this mode needs it

    load = work / "load"
    load.mkdir(exist_ok=True)
    started = time.perf_counter()
    open_store(store_path).dump(load / "civicgraph.nq", format=ox.RdfFormat.N_QUADS)
    exported = time.perf_counter() - started
    database = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=work))
    server = start_virtuoso(database, dirs=[load], buffers=170_000)
    try:
        started = time.perf_counter()
        server.bulk_load(load, "*.nq", f"{BASE}/graph/default")
        loaded = time.perf_counter() - started
        port = free_port()
        serving = start_server(
            server.query_url,
            port,
            args.server_concurrency,
            work / "server-virtuoso.log",
            *("--layout", "virtuoso", "--timeout", str(args.timeout), "--page-cache", "0"),
        )
        try:
            # untimed: the home page and a search wait for what the server reads once
            # (counts, every name), which it otherwise reads beside the load
            for warm in ("/", "/search?q=p1"):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                connection.request("GET", warm)
                connection.getresponse().read()
            load_figures = timed_load(serving, port, paths, args)
        finally:
            stop(serving)
    finally:
        server.stop()
    return {"export_s": exported, "bulk_load_s": loaded, **load_figures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="seed", help="seed, 10k, 100k, 1M or a number")
    parser.add_argument("--work", type=Path, default=None, help="folder for the store (kept)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--server-concurrency", type=int, default=4)
    parser.add_argument("--query-workers", type=int, default=2, help="the server's")
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's, seconds")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--evidence-unbound", action="store_true", help="also time evidence_by_subject unbound"
    )
    parser.add_argument(
        "--virtuoso", action="store_true", help="serve over Virtuoso holding the store instead"
    )
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="serve-load-"))
    store_path = work / "store"
    build_store(args.size.lower(), store_path)

    store = open_store(store_path)
    people = [s["p"].value for s in store.query(PEOPLE, use_default_graph_as_union=True)]
    prefix = f"{BASE}/id/"
    paths = [urllib.parse.quote(f"/id/{p[len(prefix) :]}") for p in people]
    if args.virtuoso:
        figures = {"size": args.size, "quads": len(store), "people": len(people)}
        del store
        figures["entity_page_over_virtuoso"] = over_virtuoso(store_path, work, paths, args)
        print(json.dumps(figures, indent=2))
        page = figures["entity_page_over_virtuoso"]
        print(
            f"entity page over Virtuoso, cache off: p50/p95/p99 {page['p50_ms']:.0f}/"
            f"{page['p95_ms']:.0f}/{page['p99_ms']:.0f} ms, {page['per_second']:.0f} pages/s,"
            f" {page['errors']} errors"
        )
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0
    person = people[len(people) // 2]
    figures: dict[str, object] = {
        "size": args.size,
        "quads": len(store),
        "people": len(people),
    }

    # the page's per-entity evidence query against the catalogue's, on the embedded store
    page_query = queries.shipped_query("evidence_of_entity")
    catalogue_query = find_query("evidence_by_subject", CATALOGUE)
    subject_id = person[len(prefix) :]

    source = EmbeddedSource(store, iris=Iris(BASE))

    def page() -> QueryResult:
        return run_query(page_query, source, params={"subject": person})

    def catalogue() -> QueryResult:
        return run_query(catalogue_query, source, params={"subject": subject_id})

    spans = {(r[0], r[3], r[4]) for r in page().rows}
    catalogue_spans = {(r[0], r[5], r[6]) for r in catalogue().rows}
    evidence: dict[str, object] = {
        "entity_evidence_p50_ms": p50(page, args.repeat),
        "evidence_by_subject_p50_ms": p50(catalogue, min(args.repeat, 11)),
        # the page also shows statements naming the person as their object
        "catalogue_spans_within_page": catalogue_spans <= spans,
        "page_spans": len(spans),
        "catalogue_spans": len(catalogue_spans),
    }
    if args.evidence_unbound:
        started = time.perf_counter()
        listing = run_query(catalogue_query, source, timeout=3600)
        evidence["evidence_by_subject_unbound_ms"] = (time.perf_counter() - started) * 1000
        evidence["evidence_by_subject_unbound_rows"] = len(listing.rows)
    figures["evidence"] = evidence

    port = free_port()
    server_log = work / "server.log"
    server = start_server(
        store_path,
        port,
        args.server_concurrency,
        server_log,
        *("--query-workers", str(args.query_workers), "--timeout", str(args.timeout)),
        *("--page-cache", "0"),
    )
    try:
        # /sparql against the embedded store: the same text, JSON results on both sides
        text = queries.bound_text(page_query, {"subject": person}, iris=Iris(BASE))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = urllib.parse.urlencode({"query": text})

        def over_http() -> bytes:
            connection.request(
                "POST",
                "/sparql",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
            response = connection.getresponse()
            payload = response.read()
            assert response.status == 200, payload[:200]
            return payload

        def embedded() -> bytes:
            answer = store.query(text, use_default_graph_as_union=True)
            return answer.serialize(format=ox.QueryResultsFormat.JSON)

        http_ms = p50(over_http, args.repeat)
        embedded_ms = p50(embedded, args.repeat)
        figures["sparql_overhead"] = {
            "embedded_p50_ms": embedded_ms,
            "http_p50_ms": http_ms,
            "overhead_ms": http_ms - embedded_ms,
        }
        figures["entity_page_cache_off"] = timed_load(server, port, paths, args)
        figures["runaway"] = runaway(port, paths, args.query_workers)
    finally:
        stop(server)

    port = free_port()
    server = start_server(store_path, port, args.server_concurrency, server_log)
    try:
        load(port, paths, len(paths), 1)  # the first visit of every page renders it
        figures["entity_page_cache_warm"] = timed_load(server, port, paths, args)
    finally:
        stop(server)

    print(json.dumps(figures, indent=2))
    for name, label in (
        ("entity_page_cache_off", "entity page, cache off (every request rendered)"),
        ("entity_page_cache_warm", "entity page, cache warm (pages asked again)"),
    ):
        page = figures[name]
        assert isinstance(page, dict)
        print(
            f"{label}: p50/p95/p99 {page['p50_ms']:.0f}/{page['p95_ms']:.0f}/"
            f"{page['p99_ms']:.0f} ms, {page['per_second']:.0f} pages/s, "
            f"{page['errors']} errors, server CPU "
            f"{page.get('server_cpu_ms_per_page', float('nan')):.1f} ms/page"
        )
    print(f"server log: {server_log}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
