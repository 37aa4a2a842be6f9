"""The embedded store: a project-local folder holding an Oxigraph database and its snapshot.

::

    .civicgraph/store/
      db/             Oxigraph on disk (RocksDB): indexed SPARQL queries
      dataset.nq      the canonical snapshot (civicgraph.snapshot): exports, validation, push
      dataset.nt
      snapshot.json

A build replaces the folder as a whole: the new one is written beside the old one and
swapped in with renames, so a failed build leaves the previous store untouched. The
database is filled by Oxigraph's bulk loader from the snapshot's N-Quads in a background
thread (it releases the GIL), so the build's validation runs on the other core meanwhile.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import StoreError
from civicgraph.snapshot import Snapshot

DEFAULT_STORE = Path(".civicgraph") / "store"
DATABASE_FOLDER = "db"


def _database(path: Path) -> Path:
    return path / DATABASE_FOLDER


def _check_store(path: Path) -> None:
    if (path / "CURRENT").exists():
        raise StoreError(
            "this store was written by an older civicgraph (a database without a snapshot)",
            path=path,
            hint="run 'civicgraph build' to rebuild it",
        )
    if not (_database(path) / "CURRENT").exists():
        raise StoreError(
            "no store here",
            path=path,
            hint="run 'civicgraph build' first (or pass --store to the folder it wrote)",
        )


def open_store(path: Path, *, read_only: bool = True) -> ox.Store:
    """Open the database of a store built by ``civicgraph build``."""
    _check_store(path)
    database = _database(path)
    try:
        return ox.Store.read_only(str(database)) if read_only else ox.Store(str(database))
    except OSError as error:
        raise StoreError(
            f"cannot open the store: {error}",
            path=path,
            hint="another civicgraph process may be writing it; wait and retry",
        ) from error


def open_snapshot(path: Path) -> Snapshot:
    """Read the canonical snapshot of a store built by ``civicgraph build``."""
    _check_store(path)
    return Snapshot.read(path)


class StagedStore:
    """A new store being written beside the current one; ``install`` swaps it in.

    The database loads in a background thread; ``install`` waits for it, ``discard``
    waits and removes the staging folder. Use as a context manager so that an error
    anywhere discards it.
    """

    def __init__(self, path: Path, snapshot: Snapshot) -> None:
        self.path = path
        self.snapshot = snapshot
        path.parent.mkdir(parents=True, exist_ok=True)
        self.staging = path.with_name(f"{path.name}.new-{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        self._error: BaseException | None = None
        self._count = 0
        try:
            snapshot.write(self.staging)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        self._loader = threading.Thread(target=self._load, name="civicgraph-store-load")
        self._loader.start()

    def _load(self) -> None:
        try:
            database = ox.Store(str(_database(self.staging)))
            load_snapshot(database, self.snapshot)
            database.flush()
            self._count = len(database)
            del database
        except BaseException as error:  # handed to the caller's thread in _wait
            self._error = error

    def _wait(self) -> None:
        self._loader.join()
        if self._error is not None:
            raise StoreError(
                f"cannot write the store: {self._error}",
                path=self.path,
                hint="check free disk space and permissions",
            ) from self._error

    def install(self) -> int:
        """Wait for the database, swap the new store in; return its number of quads."""
        try:
            self._wait()
        except BaseException:
            self.discard()
            raise
        retired = self.path.with_name(f"{self.path.name}.old-{os.getpid()}")
        if self.path.exists():
            self.path.rename(retired)
        self.staging.rename(self.path)
        shutil.rmtree(retired, ignore_errors=True)
        return self._count

    def discard(self) -> None:
        self._loader.join()
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> StagedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.staging.exists():
            self.discard()


def replace_store(path: Path, quads: Iterable[ox.Quad] | Snapshot) -> int:
    """Write ``quads`` (or a ready snapshot) as a new store and swap it in for ``path``."""
    snapshot = quads if isinstance(quads, Snapshot) else Snapshot.from_quads(quads)
    with StagedStore(path, snapshot) as staged:
        return staged.install()


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store holding ``quads`` (tests, coverage checks)."""
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def load_snapshot(store: ox.Store, snapshot: Snapshot) -> None:
    """Load ``snapshot`` into an empty ``store`` with Oxigraph's bulk loader.

    The bulk loader gives blank nodes fresh random labels; the ontology's few blank nodes
    have stable ones (civicgraph.ontology), so graphs that hold any go in through the
    parser, which keeps them. Everything else never becomes a Python object. Parsing is
    lenient (no IRI re-validation: ~25% faster): Oxigraph's own serialiser wrote these
    lines from terms it had validated.
    """
    with_blank_nodes = [b for b in snapshot.graphs if b"_:" in snapshot.block(b)]
    if with_blank_nodes:
        text = b"".join(snapshot.block(b) for b in with_blank_nodes)
        store.bulk_extend(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    if len(with_blank_nodes) == len(snapshot.graphs):
        return
    skip = {b.name for b in with_blank_nodes}
    rest = b"".join(snapshot.block(b) for b in snapshot.graphs if b.name not in skip)
    store.bulk_load(rest, ox.RdfFormat.N_QUADS, lenient=True)


def memory_store_from_snapshot(snapshot: Snapshot) -> ox.Store:
    """The snapshot loaded into memory: full scans run ~10× faster than on disk."""
    store = ox.Store()
    load_snapshot(store, snapshot)
    return store
