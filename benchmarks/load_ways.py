"""Time the ways of filling an Oxigraph database from a store's snapshot, each in its own process.

Not a test: the figures behind docs/scale.md's load rate. Usage::

    python benchmarks/load_ways.py --store /tmp/store-1m --work /tmp/load-ways [--ways a,b]

Each way loads the store's current ``dataset.nq`` into a fresh database under ``--work``
(on disk) or into memory, in a child process; the table gives its wall time, the CPU
time of the process (user + system: steadier than wall time on a shared machine) and its
peak RSS (``wait4``). ``build`` is what ``civicgraph build`` does: ``StagedStore`` fills
the database in its background thread; ``build+validate`` checks the shapes beside it
as the build does and reports when the database was full.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from civicgraph.project import Project
from civicgraph.snapshot import NQUADS_FILE, Snapshot
from civicgraph.store import LOAD_BYTES, StagedStore, current_folder, load_snapshot
from civicgraph.validate import validate_snapshot

ROOT = Path(__file__).resolve().parent.parent
NQ = ox.RdfFormat.N_QUADS
MB = 2**20


def _pieces(store: ox.Store, snapshot: Snapshot, size: int) -> None:
    for piece in snapshot.chunks(NQUADS_FILE, size=size):
        store.bulk_load(piece, NQ, lenient=True)


def _two_threads(store: ox.Store, snapshot: Snapshot) -> None:
    pieces = list(snapshot.chunks(NQUADS_FILE, size=LOAD_BYTES))
    threads = [
        threading.Thread(target=lambda part=part: _load_all(store, part))
        for part in (pieces[0::2], pieces[1::2])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _load_all(store: ox.Store, pieces: list[bytes]) -> None:
    for piece in pieces:
        store.bulk_load(piece, NQ, lenient=True)


def _parse_only(nquads: Path) -> None:
    for _ in ox.parse(path=str(nquads), format=NQ, lenient=True):
        pass


WAYS: dict[str, tuple[bool, Callable[[ox.Store, Snapshot, Path], None]]] = {
    # name: (on disk, fill the given empty store from the snapshot / its dataset.nq)
    "parse-only": (False, lambda store, snapshot, nquads: _parse_only(nquads)),
    "memory-path": (
        False,
        lambda store, snapshot, nquads: store.bulk_load(path=str(nquads), format=NQ, lenient=True),
    ),
    "memory-load_snapshot": (False, lambda store, snapshot, nquads: load_snapshot(store, snapshot)),
    "disk-load_snapshot": (True, lambda store, snapshot, nquads: load_snapshot(store, snapshot)),
    "disk-pieces-96MB": (True, lambda store, snapshot, nquads: _pieces(store, snapshot, 96 * MB)),
    "disk-pieces-192MB": (True, lambda store, snapshot, nquads: _pieces(store, snapshot, 192 * MB)),
    "disk-path": (
        True,
        lambda store, snapshot, nquads: store.bulk_load(path=str(nquads), format=NQ, lenient=True),
    ),
    "disk-bulk_extend": (
        True,
        lambda store, snapshot, nquads: store.bulk_extend(
            ox.parse(path=str(nquads), format=NQ, lenient=True)
        ),
    ),
    "disk-two-threads": (True, lambda store, snapshot, nquads: _two_threads(store, snapshot)),
}
BUILD_WAYS = ("build", "build+validate")


def _build(store_path: Path, work: Path, *, validate: bool) -> str:
    """Fill a staged generation as the build does; the time until it is installed."""
    project = Project(store=store_path)
    source = current_folder(store_path)
    staged_root = work / "staged-store"
    shutil.rmtree(staged_root, ignore_errors=True)
    staged = StagedStore(staged_root, None, iris=project.iris)
    for name in ("dataset.nq", "dataset.nt", "snapshot.json"):
        shutil.copyfile(source / name, staged.staging / name)
    snapshot = Snapshot.read(staged.staging)
    started = time.perf_counter()
    staged.load(snapshot)
    note = ""
    if validate:
        report = validate_snapshot(
            snapshot,
            shapes_path=ROOT / "ontology" / "shapes.ttl",
            ontology_graph=project.ontology_graph,
        )
        note = f"; shapes checked in {time.perf_counter() - started:.1f} s ({report.conforms=})"
    staged.install()
    filled = time.perf_counter() - started
    shutil.rmtree(staged_root, ignore_errors=True)
    return f"{filled:.2f}{note}"


def child(way: str, store_path: Path, work: Path) -> None:
    """Run one way and print the seconds it took (the child process's only output)."""
    if way in BUILD_WAYS:
        print(_build(store_path, work, validate=way == "build+validate"))
        return
    folder = current_folder(store_path)
    snapshot = Snapshot.read(folder)
    on_disk, fill = WAYS[way]
    database = work / f"db-{way}"
    shutil.rmtree(database, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(database)) if on_disk else ox.Store()
    fill(store, snapshot, folder / NQUADS_FILE)
    store.flush()
    print(f"{time.perf_counter() - started:.2f}")
    del store
    shutil.rmtree(database, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder (removed after)")
    parser.add_argument("--ways", default=",".join([*WAYS, *BUILD_WAYS]))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child:
        child(args.child, args.store, args.work)
        return
    quads = Snapshot.read(current_folder(args.store)).quad_count
    print(f"{quads} quads; cpu = user + system of the process; peak = its maximum RSS")
    print(f"{'way':<22} {'wall s':>8} {'quads/s':>9} {'cpu s':>7} {'peak MB':>8}")
    for way in args.ways.split(","):
        command = [sys.executable, __file__, "--store", str(args.store), "--work", str(args.work)]
        child_process = subprocess.Popen([*command, "--child", way], stdout=subprocess.PIPE)
        assert child_process.stdout is not None
        output = child_process.stdout.read().decode().strip()
        _, status, usage = os.wait4(child_process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{way} failed")
        seconds, _, note = output.partition(";")
        wall = float(seconds)
        cpu = usage.ru_utime + usage.ru_stime
        print(
            f"{way:<22} {wall:>8.1f} {quads / wall:>9,.0f} {cpu:>7.1f} "
            f"{usage.ru_maxrss / 1024:>8.0f}{';' + note if note else ''}",
            flush=True,
        )
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
