"""Where `civicgraph build` holds its memory: resident memory sampled through its phases.

Runs the build of ``--data`` into ``--store`` (``Project.build``, as ``civicgraph build``
does) in this process, reads ``/proc/self/status`` every ``--every`` seconds on a thread
of its own, and marks where each phase starts (reading sources, entities, records; the
merges of the sorted runs; the database load beside the shapes' type index and parts).
Prints, per phase, its time and the peak of each kind of resident memory while it ran:
``anon`` (what the process allocated: Python objects, Oxigraph's and RocksDB's buffers),
``file`` (pages of mapped files: counted in the peak a user sees, but the kernel drops
them under pressure) and their sum ``rss``. With ``--trace`` it also records the memory
Python allocated (tracemalloc) at each mark, to tell Python's own structures from
native ones (about twice as slow).

    python benchmarks/build_phases.py --data DIR/data --store DIR/store --out DIR/phases.json
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_FIELDS = ("VmRSS", "RssAnon", "RssFile", "VmHWM")


def _status() -> dict[str, int]:
    """The resident memory fields of /proc/self/status, in MB."""
    found: dict[str, int] = {}
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in _FIELDS:
                found[name] = int(value.split()[0]) // 1024
    return found


class PhaseLog:
    """Phase marks and memory samples, both stamped with seconds since the start."""

    def __init__(self, every: float, *, trace: bool) -> None:
        self.started = time.perf_counter()
        self.every = every
        self.trace = trace
        self.samples: list[tuple[float, dict[str, int]]] = []
        self.marks: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def now(self) -> float:
        return time.perf_counter() - self.started

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append((self.now(), _status()))

    def start(self) -> None:
        self.mark("start")
        self._sampler.start()

    def stop(self) -> None:
        self._stop.set()
        self._sampler.join()
        self.mark("end")

    def mark(self, name: str) -> None:
        entry: dict[str, Any] = {"phase": name, "at": round(self.now(), 2), **_status()}
        if self.trace:
            current, peak = tracemalloc.get_traced_memory()
            entry["python_mb"] = current // 2**20
            entry["python_peak_mb"] = peak // 2**20
            tracemalloc.reset_peak()
        self.marks.append(entry)
        print(json.dumps(entry), file=sys.stderr, flush=True)

    def phases(self) -> list[dict[str, Any]]:
        """Each phase from its mark to the next: seconds and peak anon/file/rss MB."""
        out: list[dict[str, Any]] = []
        for mark, following in zip(self.marks, self.marks[1:], strict=False):
            inside = [s for t, s in self.samples if mark["at"] <= t < following["at"]]
            inside += [mark, following]
            phase = {
                "phase": mark["phase"],
                "seconds": round(following["at"] - mark["at"], 1),
                "anon_mb": max(s["RssAnon"] for s in inside),
                "file_mb": max(s["RssFile"] for s in inside),
                "rss_mb": max(s["VmRSS"] for s in inside),
            }
            if self.trace:
                phase["python_peak_mb"] = following["python_peak_mb"]
            out.append(phase)
        return out


def _marked(log: PhaseLog, owner: Any, name: str, phase: str, *, after: str | None = None) -> None:
    """Mark ``phase`` when ``owner.name`` is called (and ``after`` when it returns)."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log.mark(phase)
        result = original(*args, **kwargs)
        if after is not None:
            log.mark(after)
        return result

    setattr(owner, name, wrapper)


def _instrument(log: PhaseLog) -> None:
    from civicgraph import build, snapshot_writer, store, validate  # noqa: PLC0415
    from civicgraph.snapshot import NTRIPLES_FILE  # noqa: PLC0415

    _marked(log, build.CorpusFiles, "sources", "read sources")
    _marked(log, build.CorpusFiles, "entities", "read entities")
    _marked(log, build.CorpusFiles, "record_files", "read records")
    _marked(log, snapshot_writer.SnapshotWriter, "_merge_quads", "merge quads")
    _marked(log, snapshot_writer.SnapshotWriter, "_assemble_nquads", "assemble dataset.nq")
    _marked(log, snapshot_writer, "write_manifest", "snapshot written")
    _marked(log, store.StagedStore, "load", "load started")
    _marked(log, store.StagedStore, "_load", "load (thread)", after="load ended")
    _marked(log, validate, "TypeIndex", "type index")
    _marked(log, validate, "cut_parts", "parts")
    _marked(log, store.StagedStore, "install", "install")
    writer = snapshot_writer.atomic_writer

    def writing(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == NTRIPLES_FILE:
            log.mark("merge triples")
        return writer(path, *args, **kwargs)

    snapshot_writer.atomic_writer = writing  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--trace", action="store_true", help="record Python's allocations too")
    parser.add_argument("--out", type=Path, help="write the marks, phases and samples as JSON")
    args = parser.parse_args()

    from civicgraph.project import Project  # noqa: PLC0415

    if args.trace:
        tracemalloc.start()
    log = PhaseLog(args.every, trace=args.trace)
    _instrument(log)
    project = Project(
        args.store.parent,
        data=args.data,
        store=args.store,
        ontology=ROOT / "ontology" / "civic.ttl",
        shapes=ROOT / "ontology" / "shapes.ttl",
    )
    log.start()
    outcome = project.build()
    log.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result = {
        "quads": outcome.quads,
        "conforms": outcome.report.conforms if outcome.report is not None else None,
        "seconds": round(log.now(), 1),
        "peak_rss_mb": peak,
        "phases": log.phases(),
        "marks": log.marks,
        "samples": [{"at": round(t, 2), **s} for t, s in log.samples],
    }
    print(f"{outcome.quads:,} quads, {result['seconds']} s, peak {peak} MB")
    print(
        f"{'phase':24}{'s':>8}{'anon':>8}{'file':>8}{'rss':>8}" + ("  python" if args.trace else "")
    )
    for phase in result["phases"]:
        row = f"{phase['phase']:24}{phase['seconds']:>8}{phase['anon_mb']:>8}"
        row += f"{phase['file_mb']:>8}{phase['rss_mb']:>8}"
        if args.trace:
            row += f"{phase['python_peak_mb']:>8}"
        print(row)
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
