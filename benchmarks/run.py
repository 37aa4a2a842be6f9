"""Benchmark civicgraph's pipeline against the naive rdflib pipeline, at 10k/100k/1M triples.

For each size, on a corpus from ``gen_corpus.py``, in separate worker processes (so each
has its own peak RSS):

civicgraph
  build      data/ (YAML, texts, checksums; written by gen_corpus) → the canonical
             snapshot's files, read one document at a time, as ``civicgraph build`` does
  validate   each engine (``--engines``; pyshacl only up to ``--pyshacl-max``), in parts
             of whole subjects (civicgraph.validate_parts)
  load       a fresh on-disk Oxigraph database filled from the snapshot's file by the
             bulk loader and switched in, as the build does (``load_ntriples``: a
             foreign N-Triples file, strict parsing; ``load_memory``: the snapshot into
             an in-memory store)
  queries    every catalogue query (``queries/*.rq`` through ``civicgraph.query``, when it
             exists) and ``benchmarks/queries/*.rq``: p50 of 5 runs after a warm-up
  export     Turtle and N-Triples (``civicgraph.export``)
  project    networkx projection (``civicgraph.analyse.projection.project_graph``)
baseline (what a user would write from the design card)
  build      the same build, then the quads into an rdflib Graph
  validate   pySHACL on that graph
  load       rdflib parsing the N-Quads into a Dataset (default graph = union)
  queries    the same queries with rdflib's SPARQL engine on that Dataset (p50 of 3,
             1 run above 100k)
  export     rdflib's Turtle and N-Triples serialisers, from the built Graph

Pipeline = build + validate (default engine) + load + all queries + Turtle export.
Prints a table (absolute times, ratio baseline/civicgraph, scaling exponent between
sizes) and writes ``dist/bench.json``.

    python benchmarks/run.py --sizes 10k            # CI smoke, seconds
    python benchmarks/run.py --sizes 10k,100k,1M    # the full run
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CATALOGUE = ROOT / "queries"
BENCH_QUERIES = HERE / "queries"
BASE = "https://w3id.org/civicgraph"
ONTOLOGY_GRAPH = f"{BASE}/graph/ontology"
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402 - a sibling script, importable once HERE is on the path

TARGETS = {
    "pipeline_ratio_min": 10.0,
    "pipeline_max_s": 90.0,
    "build_min_tps": 200_000,
    "load_min_tps": 250_000,
    "export_turtle_max_s": 2.0,
    "validate_max_s": 30.0,
    "lookup_p50_max_ms": 5.0,
    "join_p50_max_ms": 150.0,
    "aggregation_p50_max_ms": 1000.0,
    "query_max_exponent": 1.2,
    "rss_max_mb": 1024.0,
}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def _p50(function: Callable[[], Any], runs: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(runs):
        elapsed, _ = _timed(function)
        times.append(elapsed)
    return statistics.median(times)


def _query_kind(name: str, text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# kind:"):
            return line.split(":", 1)[1].strip()
    if name.startswith(("lookup", "who_", "entity_")):
        return "lookup"
    if name.startswith(("agg", "count", "stats")) or "GROUP BY" in text.upper():
        return "aggregation"
    return "join"


SAMPLE_IDS = {
    "event": "event/e1",
    "atEvent": "event/e1",
    "subject": "event/e1",
    "person": "person/p1",
    "participant": "person/p1",
    "speaker": "person/p1",
    "bySpeaker": "person/p1",
    "programme": "programme/g1",
    "partner": "org/o1",
    "body": "org/o1",
    "inBody": "org/o1",
    "post": "post/s1",
}
"""An id of gen_corpus's corpus (present at every size) for each id parameter's name."""


def all_queries() -> dict[str, tuple[str, str]]:
    """name → (kind, text) of benchmarks/queries/*.rq and of the catalogue.

    Each catalogue query runs as its full listing (``catalogue/<name>``, parameters left
    out: kind ``listing``, or ``aggregation``; its time follows the size of its answer) and,
    when it takes an entity id, bound to one entity of the corpus
    (``catalogue/<name>?<param>``: a selective join). Catalogue queries need
    ``civicgraph.sparql``; one with a required parameter runs bound only. Both pipelines
    run the same texts.
    """
    queries = {}
    for path in sorted(BENCH_QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        queries[f"bench/{path.stem}"] = (_query_kind(path.stem, text), text)
    try:
        from civicgraph.iris import Iris  # noqa: PLC0415
        from civicgraph.sparql import binding, text  # noqa: PLC0415
    except ImportError:
        return queries
    if not CATALOGUE.is_dir():
        return queries
    for entry in text.load_catalogue(CATALOGUE):
        if not any(p.required for p in entry.parameters):
            listing = binding.bind_values(
                entry, binding.bind_parameters(entry, {}, iris=Iris(BASE))
            )
            kind = _query_kind(entry.name, entry.text)
            queries[f"catalogue/{entry.name}"] = (
                kind if kind == "aggregation" else "listing",
                listing,
            )
        bound = next(
            (p.name for p in entry.parameters if p.type == "id" and p.name in SAMPLE_IDS), None
        )
        if bound is not None:
            values = {bound: SAMPLE_IDS[bound]}
            join = binding.bind_values(
                entry, binding.bind_parameters(entry, values, iris=Iris(BASE))
            )
            queries[f"catalogue/{entry.name}?{bound}"] = ("join", join)
    return queries


class _QueryTimeoutError(Exception):
    """A query ran past its time limit."""


def _alarm(signum: int, frame: object) -> None:
    raise _QueryTimeoutError


def _time_queries(
    run: Callable[[str], Any],
    runs: int,
    skip: set[str],
    result: dict[str, Any],
    *,
    budget: float,
    interrupt: bool,
) -> None:
    """Time every query: p50 of ``runs`` after a warm-up, or one run when that exceeds ``budget``.

    A run longer than ``budget`` is interrupted (SIGALRM reaches pure-Python engines such as
    rdflib's) and recorded at ``budget`` with ``timeout: true``: a lower bound. Oxigraph's
    Rust evaluation cannot be interrupted, so for it (``interrupt=False``) the real time of
    the first run is kept.
    """
    signal.signal(signal.SIGALRM, _alarm)
    for name, (kind, text) in all_queries().items():
        if name in skip:
            result["notes"].append(f"{name} skipped: projected beyond the time budget")
            continue
        try:
            if interrupt:
                signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                first, _ = _timed(lambda text=text: run(text))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            measured = runs
            if runs <= 1 or first * runs > budget:
                p50, measured = first, 1  # too slow to repeat within the budget: one cold run
            else:
                p50 = _p50(lambda text=text: run(text), runs)
        except _QueryTimeoutError:
            result["notes"].append(
                f"{name} interrupted after {budget:.0f} s (counted as {budget:.0f} s)"
            )
            result["queries"][name] = {"kind": kind, "p50": budget, "runs": 1, "timeout": True}
            continue
        except Exception as error:  # a failing query is reported, not fatal
            result["notes"].append(f"{name} failed: {str(error).splitlines()[0][:200]}")
            continue
        result["queries"][name] = {"kind": kind, "p50": p50, "runs": measured}


# -- the civicgraph pipeline -----------------------------------------------------------


def worker_pipeline(
    size: int,
    work: Path,
    *,
    engines: list[str],
    pyshacl_max: int,
    skip: set[str],
    budget: float,
) -> dict[str, Any]:
    import pyoxigraph as ox  # noqa: PLC0415

    from civicgraph.build import build_snapshot  # noqa: PLC0415
    from civicgraph.project import Project  # noqa: PLC0415
    from civicgraph.store import (  # noqa: PLC0415
        StagedStore,
        current_folder,
        memory_store_from_snapshot,
    )
    from civicgraph.validate import DEFAULT_ENGINE  # noqa: PLC0415

    result: dict[str, Any] = {"stages": {}, "queries": {}, "notes": []}
    stages = result["stages"]
    data_dir = work / "data"
    gen_corpus.write_corpus_stream(size, data_dir)
    project = Project(
        work, data=data_dir, ontology=ONTOLOGY, shapes=SHAPES, store=work / "store", base=BASE
    )

    # civicgraph build = data/ read one document at a time into the snapshot's files (this
    # stage) + the database filled from them (the load stage), which the command runs
    # beside the validation.
    staged = StagedStore(project.store, None, iris=project.iris)
    stages["build"], dataset = _timed(
        lambda: build_snapshot(data_dir, ONTOLOGY, staged.staging, iris=project.iris)
    )
    triples = dataset.snapshot.quad_count
    result["triples"] = triples

    def install() -> int:
        staged.load(dataset.snapshot)
        return staged.install()

    stages["load"], _ = _timed(install)

    def validate_engines(chosen: list[str]) -> None:
        for engine in chosen:
            if engine == "pyshacl" and triples > pyshacl_max:
                result["notes"].append(
                    f"pyshacl skipped above {pyshacl_max} triples (the baseline runs it)"
                )
                continue
            elapsed, report = _timed(lambda engine=engine: project.validate(engine=engine))
            stages[f"validate_{engine}"] = elapsed
            result.setdefault("conforms", {})[engine] = report.conforms
        result["default_engine"] = DEFAULT_ENGINE
        stages["validate"] = stages.get(f"validate_{DEFAULT_ENGINE}", math.nan)

    # The default engine runs first and the others last, so the peak RSS recorded before
    # them is the pipeline's own (pyrudof alone needs ~10 GB at 1M triples).
    ordered = [e for e in engines if e == DEFAULT_ENGINE] or [DEFAULT_ENGINE]
    validate_engines(ordered)
    folder = current_folder(project.store)
    shutil.copyfile(folder / "dataset.nq", work / "dataset.nq")
    shutil.copyfile(folder / "dataset.nt", work / "dataset.nt")

    def load_foreign_ntriples() -> int:
        fresh = ox.Store(str(work / "load-nt"))
        fresh.bulk_load(path=str(work / "dataset.nt"), format=ox.RdfFormat.N_TRIPLES)
        fresh.flush()
        return len(fresh)

    store = project.open_store()

    def time_queries_on(target: ox.Store, into: dict[str, Any]) -> None:
        _time_queries(
            lambda text: list(target.query(text, use_default_graph_as_union=True)),
            5,
            skip,
            into,
            budget=budget,
            interrupt=False,
        )

    time_queries_on(store, result)

    stages["export_turtle"], _ = _timed(lambda: project.export("turtle", work / "out.ttl"))
    # The on-disk pipeline ends here: its peak memory is recorded before the variants.
    result["peak_rss_mb"] = _peak_rss_mb()
    stages["export_ntriples"], _ = _timed(lambda: project.export("ntriples", work / "out.nt"))
    stages["load_ntriples"], _ = _timed(load_foreign_ntriples)
    shutil.rmtree(work / "load-nt", ignore_errors=True)

    # The snapshot loaded into memory (the Python API's memory_store_from_snapshot): what
    # a session of many full listings would use.
    def load_memory() -> ox.Store:
        return memory_store_from_snapshot(project.snapshot())

    stages["load_memory"], memory = _timed(load_memory)
    in_memory: dict[str, Any] = {"queries": {}, "notes": []}
    time_queries_on(memory, in_memory)
    result["queries_memory"] = in_memory["queries"]
    memory.clear()
    try:
        from civicgraph.analyse.projection import project_graph  # noqa: PLC0415, F401
    except ImportError:
        result["notes"].append("civicgraph.analyse.projection not available: projection not timed")
    else:
        stages["project"], graph = _timed(project.graph)
        result["projection"] = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
        del graph
    result["peak_rss_variants_mb"] = _peak_rss_mb()
    validate_engines([e for e in engines if e != DEFAULT_ENGINE])
    result["peak_rss_all_engines_mb"] = _peak_rss_mb()
    return result


# -- the naive baseline ----------------------------------------------------------------


def worker_baseline(
    size: int, work: Path, *, query_runs: int, skip: set[str], budget: float
) -> dict[str, Any]:
    import rdflib  # noqa: PLC0415
    from pyshacl import validate  # noqa: PLC0415

    from civicgraph.build import build_from_corpus  # noqa: PLC0415
    from civicgraph.iris import Iris  # noqa: PLC0415
    from civicgraph.ontology import load_ontology  # noqa: PLC0415

    result: dict[str, Any] = {"stages": {}, "queries": {}, "notes": []}
    stages = result["stages"]
    corpus = gen_corpus.generate_corpus(size)
    ontology = load_ontology(ONTOLOGY)

    def build(corpus: Any) -> rdflib.Graph:
        dataset = build_from_corpus(corpus, ontology, iris=Iris(BASE))
        data = dataset.snapshot.ntriples_except([ONTOLOGY_GRAPH])
        graph = rdflib.Graph()
        graph.parse(data=data, format="nt")
        return graph

    started = time.perf_counter()
    graph = build(corpus)
    stages["build"] = time.perf_counter() - started
    del corpus
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    ont = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    stages["validate"], outcome = _timed(
        lambda: validate(
            graph, shacl_graph=shapes, ont_graph=ont, inference="none", allow_warnings=True
        )
    )
    result["conforms"] = bool(outcome[0])
    del outcome
    graph += ont
    nq_path = work / "dataset.nq"
    if not nq_path.exists():
        result["notes"].append("no N-Quads from the pipeline worker; load not timed")
        return result

    def load() -> rdflib.Dataset:
        loaded = rdflib.Dataset(default_union=True)
        loaded.parse(nq_path, format="nquads")
        return loaded

    stages["load"], dataset = _timed(load)
    _time_queries(
        lambda text: list(dataset.query(text)),
        query_runs,
        skip,
        result,
        budget=budget,
        interrupt=True,
    )
    stages["export_turtle"], _ = _timed(lambda: graph.serialize(format="turtle", encoding="utf-8"))
    stages["export_ntriples"], _ = _timed(lambda: graph.serialize(format="nt", encoding="utf-8"))
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


# -- orchestration ---------------------------------------------------------------------


def _run_worker(
    kind: str, size: int, work: Path, args: argparse.Namespace, skip: set[str]
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--sizes",
        str(size),
        "--work",
        str(work),
        "--pyshacl-max",
        str(args.pyshacl_max),
        "--engines",
        ",".join(args.engines),
        "--baseline-query-runs",
        str(args.baseline_query_runs),
        "--skip",
        ",".join(sorted(skip)),
        "--query-budget",
        str(args.query_budget),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed at {size}:\n{done.stderr[-4000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _exponent(t1: float, t2: float, n1: int, n2: int) -> float | None:
    if t1 <= 0 or t2 <= 0 or n1 == n2 or any(math.isnan(x) for x in (t1, t2)):
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def _fmt(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.1f}ms"
    return f"{seconds:.2f}s"


ROWS = [
    "build",
    "validate_pyshacl-turbo",
    "validate_pyrudof",
    "validate_pyshacl",
    "load",
    "load_ntriples",
    "load_memory",
    "queries",
    "queries_memory",
    "export_turtle",
    "export_ntriples",
    "project",
    "pipeline",
    "pipeline_memory",
]
BASELINE_ROW = {
    "load_memory": "load",
    "queries_memory": "queries",
    "pipeline_memory": "pipeline",
    "validate_pyshacl-turbo": "validate",
    "validate_pyrudof": "validate",
    "validate_pyshacl": "validate",
}


def render(report: dict[str, Any]) -> str:
    sizes = report["sizes"]
    labels = [s["label"] for s in sizes]
    lines = []
    header = f"{'stage':24}" + "".join(f"{lab:>12}{'base':>10}{'×':>7}" for lab in labels)
    if len(sizes) > 1:
        header += "".join(f"{'exp ' + a + '→' + b:>16}" for a, b in itertools.pairwise(labels))
    lines.append(header)
    names = ROWS + sorted({q for s in sizes for q in s["pipeline"]["queries"]})
    for name in names:
        is_query = name not in ROWS
        row = f"{('  ' + name.split('/', 1)[-1]) if is_query else name:24.24}"
        times = []
        for s in sizes:
            ours = (
                s["pipeline"]["queries"].get(name, {}).get("p50")
                if is_query
                else s["pipeline"]["stages"].get(name)
            )
            key = name if is_query else BASELINE_ROW.get(name, name)
            base_source = s.get("baseline", {})
            base = (
                base_source.get("queries", {}).get(key, {}).get("p50")
                if is_query
                else base_source.get("stages", {}).get(key)
            )
            ratio = f"{base / ours:.1f}" if ours and base else "-"
            row += f"{_fmt(ours):>12}{_fmt(base):>10}{ratio:>7}"
            times.append(ours)
        for (s1, t1), (s2, t2) in zip(
            zip(sizes, times, strict=True), list(zip(sizes, times, strict=True))[1:], strict=False
        ):
            e = _exponent(t1, t2, s1["triples"], s2["triples"]) if t1 and t2 else None
            row += f"{(f'{e:.2f}' if e is not None else '-'):>16}"
        lines.append(row)
    lines.append(
        "peak RSS MB".ljust(24)
        + "".join(
            f"{s['pipeline']['peak_rss_mb']:>12.0f}{s.get('baseline', {}).get('peak_rss_mb', 0):>10.0f}{'':>7}"
            for s in sizes
        )
    )
    lines.append("triples".ljust(24) + "".join(f"{s['triples']:>12}{'':>17}" for s in sizes))
    lines.append("")
    lines.extend(
        f"target {t['name']}: {'met' if t['met'] else 'MISSED'} ({t['figure']})"
        for t in report["targets"]
    )
    for s in sizes:
        lines.extend(
            f"note {s['label']}: {n}"
            for n in s["pipeline"]["notes"] + s.get("baseline", {}).get("notes", [])
        )
    return "\n".join(lines)


def add_pipeline_totals(entry: dict[str, Any]) -> None:
    """Pipeline = build + validate + load + queries + Turtle export, over the queries both ran."""
    ours = entry["pipeline"]
    base = entry.get("baseline")
    common = set(ours["queries"])
    if base is not None:
        common &= set(base["queries"])
    memory = ours.get("queries_memory")
    if memory is not None:
        ours["stages"]["queries_memory"] = sum(memory[q]["p50"] for q in common if q in memory)
        parts = [
            ours["stages"].get(k)
            for k in ("build", "validate", "load_memory", "queries_memory", "export_turtle")
        ]
        ours["stages"]["pipeline_memory"] = (
            sum(p for p in parts if p is not None) if None not in parts else math.nan
        )
    for side in [ours] + ([base] if base is not None else []):
        stages = side["stages"]
        stages["queries_all"] = sum(q["p50"] for q in side["queries"].values())
        stages["queries"] = sum(side["queries"][q]["p50"] for q in common)
        parts = [stages.get(k) for k in ("build", "validate", "load", "queries", "export_turtle")]
        stages["pipeline"] = (
            sum(p for p in parts if p is not None) if None not in parts else math.nan
        )
    entry["pipeline_queries"] = sorted(common)


def plan_skips(
    entries: list[dict[str, Any]], labels: list[str], label: str, budget: float
) -> dict[str, set[str]]:
    """Queries whose time, grown to the next size, would take more than ``budget``.

    Growth is the exponent measured between the last two sizes (clamped to 1..2.5), or
    1.5 after the first size.
    """
    skips: dict[str, set[str]] = {"pipeline": set(), "baseline": set()}
    index = labels.index(label)
    if index + 1 >= len(labels):
        return skips
    ratio = gen_corpus.parse_size(labels[index + 1]) / gen_corpus.parse_size(label)
    entry = entries[-1]
    previous = entries[-2] if len(entries) > 1 else None
    for side, names in skips.items():
        result = entry.get(side)
        if result is None:
            continue
        runs = 6 if side == "pipeline" else 2
        for name in all_queries():
            query = result["queries"].get(name)
            if query is None:
                names.add(name)
                continue
            exponent = 1.5
            earlier = (previous or {}).get(side, {}).get("queries", {}).get(name)
            if earlier is not None and previous is not None:
                measured = _exponent(
                    earlier["p50"], query["p50"], previous["triples"], entry["triples"]
                )
                if measured is not None:
                    exponent = min(2.5, max(1.0, measured))
            if query["p50"] * ratio**exponent * runs > budget:
                names.add(name)
    return skips


def check_targets(size: dict[str, Any]) -> list[dict[str, Any]]:
    stages = size["pipeline"]["stages"]
    base = size.get("baseline", {}).get("stages", {})
    n = size["triples"]
    out = []

    def add(name: str, met: bool, figure: str) -> None:
        out.append({"name": f"{name} @ {size['label']}", "met": bool(met), "figure": figure})

    if base.get("pipeline"):
        ratio = base["pipeline"] / stages["pipeline"]
        add("pipeline ≥ 10× baseline", ratio >= TARGETS["pipeline_ratio_min"], f"{ratio:.1f}×")
    add(
        "pipeline ≤ 90 s", stages["pipeline"] <= TARGETS["pipeline_max_s"], _fmt(stages["pipeline"])
    )
    if "pipeline_memory" in stages:
        memory = stages["pipeline_memory"]
        if base.get("pipeline"):
            ratio = base["pipeline"] / memory
            add(
                "pipeline, queries in memory, ≥ 10× baseline",
                ratio >= TARGETS["pipeline_ratio_min"],
                f"{ratio:.1f}×",
            )
        add(
            "pipeline, queries in memory, ≤ 90 s",
            memory <= TARGETS["pipeline_max_s"],
            _fmt(memory),
        )
    add(
        "build ≥ 200k triples/s",
        n / stages["build"] >= TARGETS["build_min_tps"],
        f"{n / stages['build']:,.0f}/s",
    )
    add(
        "load ≥ 250k triples/s",
        n / stages["load"] >= TARGETS["load_min_tps"],
        f"{n / stages['load']:,.0f}/s",
    )
    add(
        "Turtle export ≤ 2 s",
        stages["export_turtle"] <= TARGETS["export_turtle_max_s"],
        _fmt(stages["export_turtle"]),
    )
    add(
        "validation ≤ 30 s",
        stages["validate"] <= TARGETS["validate_max_s"],
        _fmt(stages["validate"]),
    )
    limits = {
        "lookup": "lookup_p50_max_ms",
        "join": "join_p50_max_ms",
        "aggregation": "aggregation_p50_max_ms",
    }
    for name, q in sorted(size["pipeline"]["queries"].items()):
        if q["kind"] not in limits:
            continue  # a full listing: judged by its growth between sizes, below
        limit = TARGETS[limits[q["kind"]]]
        add(f"{name} ({q['kind']}) ≤ {limit:.0f} ms", q["p50"] * 1000 <= limit, _fmt(q["p50"]))
    for name in sorted(set(all_queries()) - set(size["pipeline"]["queries"])):
        add(f"{name} answered", False, "skipped or failed, see notes")
    rss = size["pipeline"]["peak_rss_mb"]
    add("memory ≤ 1 GB RSS", rss <= TARGETS["rss_max_mb"], f"{rss:.0f} MB")
    return out


# -- the commands at scale -------------------------------------------------------------

COMMAND_TARGETS = {
    "build_rss_max_mb": 2048.0,
    "build_rss_growth_max": 1.3,
    "build_time_per_size": 1.2,
}
"""``civicgraph build`` of a corpus n times the first one's: at most 2 GB, at most 1.3× the
first one's peak, at most 1.2·n times its time (10M: 12× the 1M build)."""


def _measured(command: list[str], log: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``command`` run as a child process."""
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # validate exits 1 on violations: still a run
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{tail}")
    return elapsed, usage.ru_maxrss / 1024


def run_commands(labels: list[str], commands: list[str], *, keep: Path | None) -> dict[str, Any]:
    """Each size: gen_corpus writes the corpus, then each command runs as a user runs it,
    in a process of its own; its wall time and peak RSS are recorded. With ``keep``, each
    size's corpus, store and exports stay in ``keep/<size>``."""
    cli = str(Path(sys.executable).parent / "civicgraph")
    sizes: list[dict[str, Any]] = []
    for label in labels:
        size = gen_corpus.parse_size(label)
        with contextlib.ExitStack() as stack:
            if keep is None:
                work = Path(
                    stack.enter_context(
                        tempfile.TemporaryDirectory(prefix=f"civicgraph-commands-{label}-")
                    )
                )
            else:
                work = keep / label
                work.mkdir(parents=True)
            data, store = work / "data", work / "store"
            entry: dict[str, Any] = {"label": label, "target": size, "commands": {}}
            runs = {
                "generate": [
                    sys.executable,
                    str(HERE / "gen_corpus.py"),
                    "--size",
                    str(size),
                    "--out",
                    str(data),
                ],
                "build": [
                    cli,
                    "build",
                    "--data",
                    str(data),
                    "--store",
                    str(store),
                    "--ontology",
                    str(ONTOLOGY),
                    "--shapes",
                    str(SHAPES),
                ],
                "validate": [cli, "validate", "--store", str(store), "--shapes", str(SHAPES)],
                "export": [
                    cli,
                    "export",
                    "--store",
                    str(store),
                    "--format",
                    "turtle",
                    "--out",
                    str(work / "out.ttl"),
                ],
                "export_nquads": [
                    cli,
                    "export",
                    "--store",
                    str(store),
                    "--format",
                    "nquads",
                    "--out",
                    str(work / "out.nq"),
                ],
            }
            for name in ["generate", *commands]:
                print(f"[{label}] {name}…", file=sys.stderr, flush=True)
                seconds, peak = _measured(runs[name], work / f"{name}.log")
                entry["commands"][name] = {"seconds": seconds, "peak_rss_mb": peak}
                if name == "build":
                    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
                    entry["triples"] = manifest["quads"]
                    entry["store_mb"] = (
                        sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 2**20
                    )
                if keep is None:
                    for output in work.glob("out.*"):
                        output.unlink()
        sizes.append(entry)
    return {"sizes": sizes, "targets": check_command_targets(sizes)}


def check_command_targets(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    builds = [s for s in sizes if "build" in s["commands"]]
    if not builds:
        return out
    first = builds[0]
    base = first["commands"]["build"]
    for entry in builds[1:]:
        build = entry["commands"]["build"]
        ratio = entry["triples"] / first["triples"]
        label = f"{entry['label']} vs {first['label']}"
        rss = build["peak_rss_mb"]
        out.append(
            {
                "name": f"build peak RSS ≤ 2 GB @ {entry['label']}",
                "met": rss <= COMMAND_TARGETS["build_rss_max_mb"],
                "figure": f"{rss:.0f} MB",
            }
        )
        growth = rss / base["peak_rss_mb"]
        out.append(
            {
                "name": f"build peak ≤ 1.3× ({label})",
                "met": growth <= COMMAND_TARGETS["build_rss_growth_max"],
                "figure": f"{growth:.2f}×",
            }
        )
        slower = build["seconds"] / base["seconds"]
        limit = COMMAND_TARGETS["build_time_per_size"] * ratio
        out.append(
            {
                "name": f"build time ≤ {limit:.0f}× ({label})",
                "met": slower <= limit,
                "figure": f"{slower:.1f}×",
            }
        )
    return out


def render_commands(report: dict[str, Any]) -> str:
    sizes = report["sizes"]
    names = [
        n
        for n in ("generate", "build", "validate", "export", "export_nquads")
        if any(n in s["commands"] for s in sizes)
    ]
    lines = [
        f"{'command':16}" + "".join(f"{s['label'] + ' s':>12}{'MB':>8}{'s/M':>8}" for s in sizes)
    ]
    for name in names:
        row = f"{name:16}"
        for s in sizes:
            run = s["commands"].get(name)
            millions = s.get("triples", s["target"]) / 1e6
            row += (
                f"{run['seconds']:>12.1f}{run['peak_rss_mb']:>8.0f}{run['seconds'] / millions:>8.1f}"
                if run
                else f"{'-':>12}{'-':>8}{'-':>8}"
            )
        lines.append(row)
    lines.append("triples".ljust(16) + "".join(f"{s.get('triples', 0):>28}" for s in sizes))
    lines.append("store MB".ljust(16) + "".join(f"{s.get('store_mb', 0):>28.0f}" for s in sizes))
    lines.extend(
        f"target {t['name']}: {'met' if t['met'] else 'MISSED'} ({t['figure']})"
        for t in report["targets"]
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0912 - one flat driver
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M,10M")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "bench.json")
    parser.add_argument("--engines", default="pyshacl-turbo,pyrudof,pyshacl")
    parser.add_argument(
        "--pyshacl-max", type=int, default=150_000, help="largest size validated by pyshacl"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive rdflib pipeline")
    parser.add_argument("--baseline-query-runs", type=int, default=3)
    parser.add_argument(
        "--query-budget", type=float, default=120.0, help="seconds one query may take, all runs"
    )
    parser.add_argument(
        "--commands",
        default="",
        help="instead of the pipelines: time these commands at each size, each in its own "
        "process (build,validate,export,export_nquads)",
    )
    parser.add_argument(
        "--keep", type=Path, help="with --commands: keep each size's files in KEEP/<size>"
    )
    parser.add_argument("--skip", default="", help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=["pipeline", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.engines = [e for e in args.engines.split(",") if e]
    args.skip = [q for q in args.skip.split(",") if q]
    if args.worker is not None:
        size = int(args.sizes)
        if args.worker == "pipeline":
            result = worker_pipeline(
                size,
                args.work,
                engines=args.engines,
                pyshacl_max=args.pyshacl_max,
                skip=set(args.skip),
                budget=args.query_budget / 4,
            )
        else:
            runs = args.baseline_query_runs if size <= 100_000 else 1
            result = worker_baseline(
                size, args.work, query_runs=runs, skip=set(args.skip), budget=args.query_budget / 4
            )
        print(json.dumps(result))
        return 0

    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.commands:
        commands = [c for c in args.commands.split(",") if c]
        result = run_commands(labels, commands, keep=args.keep)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(render_commands(result))
        print(f"\nwrote {args.out}")
        return 0
    report: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "targets": [],
        "sizes": [],
    }
    skip: dict[str, set[str]] = {"pipeline": set(), "baseline": set()}
    for label in labels:
        size = gen_corpus.parse_size(label)
        with tempfile.TemporaryDirectory(prefix=f"civicgraph-bench-{label}-") as folder:
            work = Path(folder)
            print(f"[{label}] civicgraph pipeline…", file=sys.stderr, flush=True)
            entry: dict[str, Any] = {"label": label, "target": size}
            entry["pipeline"] = _run_worker("pipeline", size, work, args, skip["pipeline"])
            entry["triples"] = entry["pipeline"]["triples"]
            if not args.no_baseline:
                print(f"[{label}] naive baseline…", file=sys.stderr, flush=True)
                entry["baseline"] = _run_worker("baseline", size, work, args, skip["baseline"])
        add_pipeline_totals(entry)
        report["sizes"].append(entry)
        skip = plan_skips(report["sizes"], labels, label, args.query_budget)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        report["targets"] = check_targets(report["sizes"][-1])
        args.out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    exponents: dict[str, dict[str, float | None]] = {}
    sizes = report["sizes"]
    for a, b in itertools.pairwise(sizes):
        key = f"{a['label']}->{b['label']}"
        for name, t1 in a["pipeline"]["stages"].items():
            t2 = b["pipeline"]["stages"].get(name)
            if t2 is not None:
                exponents.setdefault(name, {})[key] = _exponent(t1, t2, a["triples"], b["triples"])
        for side, prefix in (("queries", ""), ("queries_memory", "memory:")):
            for name, q in a["pipeline"].get(side, {}).items():
                q2 = b["pipeline"].get(side, {}).get(name)
                if q2 is not None:
                    e = _exponent(q["p50"], q2["p50"], a["triples"], b["triples"])
                    exponents.setdefault(prefix + name, {})[key] = e
    report["exponents"] = exponents
    if len(sizes) > 1:
        last = f"{sizes[-2]['label']}->{sizes[-1]['label']}"
        names = list(sizes[-1]["pipeline"]["queries"])
        names += [f"memory:{n}" for n in sizes[-1]["pipeline"].get("queries_memory", {})]
        for name in names:
            e = exponents.get(name, {}).get(last)
            if e is not None:
                report["targets"].append(
                    {
                        "name": f"{name} grows ≤ n^1.2 ({last})",
                        "met": e <= TARGETS["query_max_exponent"],
                        "figure": f"n^{e:.2f}",
                    }
                )
    args.out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    print(render(report), file=buffer)
    print(buffer.getvalue(), end="")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
