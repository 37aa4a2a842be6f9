"""Validation in parts against validation of the whole, on a large snapshot with violations.

Takes a store's snapshot (``civicgraph build --skip-validation`` of a gen_corpus corpus),
adds violations of every shape — the broken fixtures of ``tests/fixtures/shapes`` in a
graph of their own, and statements that break real nodes of the corpus (a second label
in one language, an event held by a person, a participant that is a text, an excerpt
without its source's type…) — writes the result as a new snapshot, and validates it
whole and in parts, each in a process of its own. Prints the time and peak memory of
each and whether the two give the same results (focus node, path, constraint component,
severity, message, value and named source shape).

    python benchmarks/validate_parts.py --store /tmp/store-1m [--engine pyshacl-turbo]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
BASE = "https://w3id.org/civicgraph"
CIV = "https://w3id.org/civicgraph/ontology#"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
INJECTED = f"{BASE}/graph/injected"


def _id(entity: str) -> str:
    return f"<{BASE}/id/{entity}>"


def injected_statements(every: int) -> list[bytes]:
    """Violations on real nodes of a gen_corpus corpus: every ``every``-th of its events,
    people and participations gets one."""
    out: list[str] = []
    for n in range(0, 40_000, every):
        out.append(f'{_id(f"person/p{n}")} {RDFS_LABEL} "second kk label {n}"@kk')
        out.append(f"{_id(f'event/e{n}')} <{CIV}heldBy> {_id(f'person/p{n}')}")
        out.append(f'{_id(f"participation/e{n}-1")} <{CIV}participant> "somebody {n}"')
        out.append(
            f'{_id(f"holding/e{n}-1")} <{CIV}endDate> "2000-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
        )
    return [line.encode() for line in out]


def write_injected(store: Path, folder: Path, every: int) -> int:
    """The store's snapshot, the fixtures and the injected statements, as a new snapshot."""
    import pyoxigraph as ox  # noqa: PLC0415

    from civicgraph.snapshot import statement  # noqa: PLC0415
    from civicgraph.snapshot_writer import SnapshotWriter  # noqa: PLC0415
    from civicgraph.store import open_snapshot  # noqa: PLC0415

    snapshot = open_snapshot(store)
    writer = SnapshotWriter(folder)
    for block in snapshot.graphs:
        tail = len(block.suffix)
        for chunk in snapshot.block_chunks(block):
            for line in chunk.splitlines():
                writer.add(block.name, line[:-tail])
    for path in sorted(FIXTURES.glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            writer.add(INJECTED, statement(triple.subject, triple.predicate, triple.object))
    extra = injected_statements(every)
    for line in extra:
        writer.add(INJECTED, line)
    return writer.finish().quad_count


def worker(folder: Path, engine: str, parts: int) -> None:
    from civicgraph.snapshot import Snapshot  # noqa: PLC0415
    from civicgraph.validate import validate_snapshot  # noqa: PLC0415

    started = time.perf_counter()
    report = validate_snapshot(
        Snapshot.read(folder),
        shapes_path=SHAPES,
        ontology_graph=f"{BASE}/graph/ontology",
        engine=engine,
        part_triples=parts,
    )
    elapsed = time.perf_counter() - started
    results = sorted(
        [
            r.focus_node,
            r.path,
            r.constraint,
            r.severity,
            r.message,
            r.value,
            r.source_shape if ":" in r.source_shape else None,
        ]
        for r in report.results
    )
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "conforms": report.conforms,
                "results": results,
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a store built from a gen_corpus corpus")
    parser.add_argument("--engine", default="pyshacl-turbo")
    parser.add_argument("--every", type=int, default=97, help="inject on every n-th entity")
    parser.add_argument("--part-triples", type=int, default=150_000, help="statements a part holds")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        worker(args.worker, args.engine, args.parts)
        return 0
    if args.store is None:
        parser.error("--store is required")
    with tempfile.TemporaryDirectory(prefix="civicgraph-validate-parts-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        quads = write_injected(args.store, folder, args.every)
        print(f"snapshot with violations: {quads} quads ({time.perf_counter() - started:.1f} s)")
        runs = {}
        for label, parts in (("whole", 0), ("parts", args.part_triples)):
            command = [sys.executable, __file__, "--worker", str(folder), "--engine", args.engine]
            command += ["--parts", str(parts)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            runs[label] = json.loads(done.stdout)
            run = runs[label]
            print(
                f"{label:6} {run['seconds']:8.1f} s {run['peak_rss_mb']:8.0f} MB "
                f"conforms={run['conforms']} results={len(run['results'])}"
            )
        same = runs["whole"]["results"] == runs["parts"]["results"]
        kinds = {tuple(r[1:3]) for r in runs["whole"]["results"]}
        print(f"{len(kinds)} (path, constraint) kinds; same results: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
