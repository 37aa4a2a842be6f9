"""A built store into Virtuoso, the two ways its users load it, with the time of each.

Starts a Virtuoso Open Source of its own (``tests/virtuoso.py``: Debian's
``virtuoso-opensource``, 127.0.0.1, a fresh database in ``--work``), then:

- ``export``: ``civicgraph export --format nquads`` into a folder the server may read, and
  Virtuoso's bulk loader on it (``ld_dir``, ``rdf_loader_run``, ``checkpoint``);
- ``push`` (with ``--push``): ``civicgraph push --replace`` over HTTP, ``--batch-size``
  triples a request;

and after each, the bound catalogue calls of ``CALLS`` through ``--endpoint`` and on the
embedded store, timed as the command line runs them, and compared. Prints seconds and
triples per second of each step.

    python benchmarks/virtuoso_load.py --store /data/bench/10M/store --work /data/virtuoso
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.virtuoso import PASSWORD, USER, start_virtuoso  # noqa: E402 - the test suite's server

CALLS = [
    ("who_opened_event", "event=event/e1"),
    ("participants_by_event", "event=event/e1"),
    ("activities_by_person", "person=person/p1"),
    ("evidence_of_entity", "subject=person/p1"),
    ("partners_by_programme", "programme=programme/g1"),
    ("counts_by_class", None),
]


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    command = [str(Path(sys.executable).parent / "civicgraph"), *args]
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:1])} failed ({done.returncode}): {done.stderr.strip()}")
    return time.perf_counter() - started, done.stdout


def _compare_calls(store: Path, endpoint: str) -> list[dict[str, object]]:
    rows = []
    for name, param in CALLS:
        flags = ["--format", "csv"] + ([f"--param={param}"] if param else [])
        local_s, local = _cli("query", name, *flags, "--store", str(store))
        remote_s, remote = _cli("query", name, *flags, "--endpoint", endpoint)
        same = sorted(local.splitlines()) == sorted(remote.splitlines())
        rows.append(
            {
                "call": f"{name} {param or ''}".strip(),
                "rows": len(local.splitlines()) - 1,
                "virtuoso_s": remote_s,
                "embedded_s": local_s,
                "same": same,
            }
        )
        print(f"  {rows[-1]}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="a new folder for the server")
    parser.add_argument("--buffers", type=int, default=170_000, help="8 KB pages of cache")
    parser.add_argument("--push", action="store_true", help="also time civicgraph push")
    parser.add_argument("--batch-size", default="20000")
    args = parser.parse_args(argv)
    manifest = json.loads((args.store / "manifest.json").read_text(encoding="utf-8"))
    quads = int(manifest["quads"])
    load = args.work / "load"
    load.mkdir(parents=True)
    report: dict[str, object] = {"quads": quads}
    server = start_virtuoso(args.work / "db", dirs=[load], buffers=args.buffers)
    try:
        seconds, _ = _cli(
            "export",
            "--store",
            str(args.store),
            "--format",
            "nquads",
            "--out",
            str(load / "civicgraph.nq"),
        )
        report["export_s"] = seconds
        print(f"export --format nquads: {seconds:.1f} s", flush=True)
        started = time.perf_counter()
        server.bulk_load(load, "*.nq", "https://w3id.org/civicgraph/graph/default")
        seconds = time.perf_counter() - started
        report["bulk_load_s"] = seconds
        print(
            f"ld_dir + rdf_loader_run + checkpoint: {seconds:.1f} s ({quads / seconds:,.0f} quads/s)",
            flush=True,
        )
        report["after_bulk_load"] = _compare_calls(args.store, server.query_url)
        if args.push:
            seconds, output = _cli(
                "push",
                "--store",
                str(args.store),
                "--endpoint",
                server.query_url,
                "--replace",
                "--batch-size",
                args.batch_size,
                env={"CIVICGRAPH_ENDPOINT_USER": USER, "CIVICGRAPH_ENDPOINT_PASSWORD": PASSWORD},
            )
            report["push_s"] = seconds
            print(
                f"push --replace: {seconds:.1f} s ({quads / seconds:,.0f} triples/s): {output.strip()}",
                flush=True,
            )
            report["after_push"] = _compare_calls(args.store, server.query_url)
    finally:
        server.stop()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
