"""The embedded store: a project-local folder holding Oxigraph databases and their snapshots.

::

    .civicgraph/store/
      manifest.json   which generation is current; format, base IRI and build time
      lock            held by the one build writing the store
      gen-<time>-<pid>/
        db/           Oxigraph on disk (RocksDB): indexed SPARQL queries
        dataset.nq    the canonical snapshot (civicgraph.snapshot): exports, validation, push
        dataset.nt
        snapshot.json

A build writes a new generation folder beside the current one, then switches
``manifest.json`` to it with one ``os.replace``: a reader sees the old store or the new
one, never a mix and never none, and a build killed at any point leaves the old store as
it was. Builds take the lock, so only one writes at a time; under it they remove what
killed builds left (generation folders the manifest does not name). The generation a
build replaced stays until the build after it ends, so that a reader who read the old
manifest just before the switch can still read the files it points to. The database is filled by Oxigraph's bulk loader from the snapshot's
N-Quads in a background thread (it releases the GIL), so the build's validation runs on
the other core meanwhile.

A build replaces only a folder that is a civicgraph store (its manifest says so), an
older civicgraph's store, or an empty one: ``--store data`` is refused, not wiped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import filelock
import pyoxigraph as ox

from civicgraph.errors import StoreError
from civicgraph.io import short_repr, write_bytes_atomic
from civicgraph.iris import Iris
from civicgraph.memory import release_free_memory
from civicgraph.snapshot import MANIFEST_FILE as SNAPSHOT_FILE
from civicgraph.snapshot import NQUADS_FILE, Snapshot

T = TypeVar("T")

DEFAULT_STORE = Path(".civicgraph") / "store"
DATABASE_FOLDER = "db"
MANIFEST = "manifest.json"
LOCK = "lock"
STORE_FORMAT = 2
"""Version of the folder layout; 1 was one database and snapshot at the folder's top."""
_MARK = "civicgraph-store"
_GENERATION_PREFIX = "gen-"
_GENERATION_NAME = re.compile(r"gen-[A-Za-z0-9-]+")
LOCK_TIMEOUT = 600.0
"""Seconds a build waits for another build of the same store before giving up."""

_REBUILD = "run 'civicgraph build' to rebuild it"


@dataclass(frozen=True)
class StoreManifest:
    """What ``manifest.json`` says: the current generation and how it was built."""

    generation: str
    base: str
    built: str
    """UTC time of the build, ISO 8601."""
    quads: int
    previous: str | None = None
    """The generation this one replaced: kept for readers until the next build ends."""

    def to_json(self) -> bytes:
        payload = {
            _MARK: STORE_FORMAT,
            "generation": self.generation,
            "previous": self.previous,
            "base": self.base,
            "built": self.built,
            "quads": self.quads,
        }
        return (json.dumps(payload, indent=1, sort_keys=True) + "\n").encode()


def _older_layout(path: Path) -> bool:
    """A store of an older civicgraph: a bare database, or database and snapshot on top."""
    return (path / "CURRENT").is_file() or (
        (path / DATABASE_FOLDER).is_dir() and (path / SNAPSHOT_FILE).is_file()
    )


def _parse_manifest(path: Path) -> StoreManifest | None:
    """The manifest of the store at ``path``; ``None`` when the folder has none of ours."""
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except PermissionError as error:
        raise StoreError(
            f"cannot read the store: {error.strerror}",
            path=path,
            hint="check the folder's permissions",
        ) from error
    except ValueError as error:
        # not "no store here": a build would then refuse the folder for its manifest.json
        raise StoreError(
            f"damaged {MANIFEST}: not JSON ({error})",
            path=path,
            hint="if this folder is a civicgraph store, remove the folder and run 'civicgraph build'",
        ) from error
    except OSError:
        return None
    if not isinstance(data, dict) or _MARK not in data:
        return None
    if data[_MARK] != STORE_FORMAT:
        raise StoreError(
            f"store format {data[_MARK]!r} is not {STORE_FORMAT}",
            path=path,
            hint=f"this civicgraph cannot read it; {_REBUILD}",
        )
    try:
        manifest = StoreManifest(
            generation=str(data["generation"]),
            base=str(data["base"]),
            built=str(data["built"]),
            quads=int(data["quads"]),
            previous=str(data["previous"]) if data.get("previous") else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise StoreError(f"damaged {MANIFEST}: {error}", path=path, hint=_REBUILD) from error
    # The manifest names folders the store opens and removes: a name that is not one of
    # its own generation folders would point outside the store.
    for name in filter(None, (manifest.generation, manifest.previous)):
        if not _GENERATION_NAME.fullmatch(name):
            raise StoreError(
                f"damaged {MANIFEST}: {short_repr(name)} is not a generation folder of this store",
                path=path,
                hint=_REBUILD,
            )
    return manifest


def read_manifest(path: Path) -> StoreManifest:
    """The manifest of the store built at ``path``; a clear error when there is none."""
    manifest = _parse_manifest(path)
    if manifest is not None:
        return manifest
    if _older_layout(path):
        raise StoreError(
            "this store was written by an older civicgraph",
            path=path,
            hint=_REBUILD,
        )
    raise StoreError(
        "no store here",
        path=path,
        hint="run 'civicgraph build' first (or pass --store to the folder it wrote)",
    )


def built_base(path: Path) -> str | None:
    """The base IRI the store at ``path`` was built with, or ``None`` when there is no store."""
    manifest = _parse_manifest(path)
    return manifest.base if manifest is not None else None


def current_folder(path: Path) -> Path:
    """The folder of the store's current generation: its database and snapshot."""
    return path / read_manifest(path).generation


def _from_current(path: Path, opener: Callable[[Path], T]) -> T:
    """``opener`` on the current generation; once more if a build switched and removed
    that generation between reading the manifest and opening it."""
    folder = current_folder(path)
    try:
        return opener(folder)
    except StoreError:
        if folder.exists() or current_folder(path) == folder:
            raise
        return opener(current_folder(path))


def open_store(path: Path, *, read_only: bool = True) -> ox.Store:
    """Open the database of a store built by ``civicgraph build``."""
    return _from_current(path, lambda folder: _open_database(path, folder, read_only=read_only))


def open_generation(path: Path, generation: str) -> ox.Store:
    """Open one generation of the store read-only, whichever the manifest names now.

    For a reader that must go on with the generation it started with (``civicgraph
    serve``'s query workers read the one its pages read): a build keeps the generation
    it replaced until the build after it ends.
    """
    if not _GENERATION_NAME.fullmatch(generation):
        raise StoreError(f"{short_repr(generation)} is not a generation folder", path=path)
    return _open_database(path, path / generation, read_only=True)


def open_store_generation(path: Path) -> tuple[ox.Store, str]:
    """The database of a built store, read-only, and the generation it belongs to (what
    the data's version is: a rebuild makes a new one)."""
    return _from_current(
        path, lambda folder: (_open_database(path, folder, read_only=True), folder.name)
    )


def _open_database(path: Path, folder: Path, *, read_only: bool) -> ox.Store:
    database = folder / DATABASE_FOLDER
    if not (database / "CURRENT").is_file():
        raise StoreError(
            "the store is damaged (its database is missing)", path=folder, hint=_REBUILD
        )
    try:
        return ox.Store.read_only(str(database)) if read_only else ox.Store(str(database))
    except OSError as error:
        raise StoreError(
            f"cannot open the store: {error}",
            path=path,
            hint="check the folder's permissions, or another civicgraph process is writing it",
        ) from error
    except RuntimeError as error:  # RocksDB reports corruption as a RuntimeError
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise StoreError(
            f"the store's database is damaged: {first_line}", path=database, hint=_REBUILD
        ) from error


def open_snapshot(path: Path) -> Snapshot:
    """Read the canonical snapshot of a store built by ``civicgraph build``."""
    return _from_current(path, Snapshot.read)


def _is_ours(entry: Path) -> bool:
    """Names a build writes before its first manifest: anything else is not ours to delete."""
    name = entry.name
    return (
        name == LOCK
        or name.startswith(_GENERATION_PREFIX)
        or (name.startswith(f".{MANIFEST}.") and name.endswith(".tmp"))
    )


def check_replaceable(path: Path) -> None:
    """Refuse to build into a folder that is not a civicgraph store (nor empty, nor absent)."""
    if not path.exists():
        return
    if not path.is_dir():
        raise StoreError(
            "not a folder; refusing to build a store here", path=path, hint="pass another --store"
        )
    if _parse_manifest(path) is not None or _older_layout(path):
        return
    try:
        foreign = [entry.name for entry in path.iterdir() if not _is_ours(entry)]
    except OSError as error:
        raise StoreError(f"cannot read the folder: {error.strerror}", path=path) from error
    if foreign:
        raise StoreError(
            f"not a civicgraph store (it holds {sorted(foreign)[0]!r} and no store "
            f"{MANIFEST}); refusing to replace it",
            path=path,
            hint="pass --store a new or empty folder, or the folder 'civicgraph build' wrote",
        )


def _remove_leftovers(path: Path, keep: set[str]) -> None:
    """Remove what killed builds and older layouts left: everything but ``keep`` and ours."""
    for entry in path.iterdir():
        if entry.name in keep or entry.name in {MANIFEST, LOCK}:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _generations(manifest: StoreManifest | None) -> set[str]:
    """The generations a store keeps: the current one and the one it replaced."""
    if manifest is None:
        return set()
    return {manifest.generation} | ({manifest.previous} if manifest.previous else set())


def _writable(error: OSError, path: Path) -> StoreError:
    return StoreError(
        f"cannot write the store: {error.strerror or error}",
        path=path,
        hint="check free disk space and the folder's permissions",
    )


class StagedStore:
    """A new generation being written beside the current one; ``install`` switches to it.

    Holds the store's lock from creation to ``install`` or ``discard``. The database loads
    in a background thread; ``install`` waits for it, ``discard`` waits and removes the
    generation. Use as a context manager so that an error anywhere discards it.
    """

    def __init__(
        self,
        path: Path,
        snapshot: Snapshot | None,
        *,
        iris: Iris,
        lock_timeout: float = LOCK_TIMEOUT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        """``on_wait`` is called once if another build holds the lock, before waiting.

        Without a ``snapshot``, the caller writes one into ``staging`` and calls ``load``.
        """
        self.path = path
        self.iris = iris
        check_replaceable(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._lock = filelock.FileLock(path / LOCK)
            try:
                self._lock.acquire(timeout=0)
            except filelock.Timeout:
                if on_wait is not None:
                    on_wait()
                self._lock.acquire(timeout=lock_timeout)
        except filelock.Timeout as error:
            raise StoreError(
                f"another build is writing this store (waited {lock_timeout:g} s)",
                path=path,
                hint="wait for it to finish, then run the build again",
            ) from error
        except OSError as error:
            raise _writable(error, path) from error
        self._error: BaseException | None = None
        self._count = 0
        self._loader: threading.Thread | None = None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        self.staging = path / f"{_GENERATION_PREFIX}{stamp}-{os.getpid()}"
        try:
            check_replaceable(path)  # again: another process may have written it meanwhile
            current = _parse_manifest(path)
            _remove_leftovers(path, _generations(current))
            self.staging.mkdir()
            if snapshot is not None:
                snapshot.write(self.staging)
        except OSError as error:
            self.discard()
            raise _writable(error, path) from error
        except BaseException:
            self.discard()
            raise
        if snapshot is not None:
            self.load(Snapshot.read(self.staging))

    def load(self, snapshot: Snapshot) -> None:
        """Fill the new generation's database from ``snapshot``, the one in ``staging``,
        in a background thread."""
        self._loader = threading.Thread(
            target=self._load, args=(snapshot,), name="civicgraph-store-load"
        )
        self._loader.start()

    def _load(self, snapshot: Snapshot) -> None:
        try:
            database = ox.Store(str(self.staging / DATABASE_FOLDER))
            load_snapshot(database, snapshot)
            database.flush()
            self._count = snapshot.quad_count
            del database
        except BaseException as error:  # handed to the caller's thread in _wait
            self._error = error

    def _wait(self) -> None:
        if self._loader is not None:
            self._loader.join()
        if self._error is not None:
            raise StoreError(
                f"cannot write the store: {self._error}",
                path=self.path,
                hint="check free disk space and permissions",
            ) from self._error

    def install(self) -> int:
        """Wait for the database, switch the manifest to it; return its number of quads."""
        try:
            if self._loader is None:
                raise StoreError("nothing was loaded into the new store", path=self.path)
            self._wait()
            replaced = _parse_manifest(self.path)
            manifest = StoreManifest(
                generation=self.staging.name,
                base=self.iris.base,
                built=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                quads=self._count,
                previous=replaced.generation if replaced else None,
            )
            write_bytes_atomic(self.path / MANIFEST, manifest.to_json())
        except BaseException:
            self.discard()
            raise
        _remove_leftovers(self.path, _generations(manifest))
        self._lock.release()
        return self._count

    def discard(self) -> None:
        if self._loader is not None:
            self._loader.join()
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.release()

    def __enter__(self) -> StagedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock.is_locked:
            self.discard()


def replace_store(path: Path, quads: Iterable[ox.Quad] | Snapshot, *, iris: Iris) -> int:
    """Write ``quads`` (or a ready snapshot) as a new store and swap it in for ``path``."""
    snapshot = quads if isinstance(quads, Snapshot) else Snapshot.from_quads(quads)
    with StagedStore(path, snapshot, iris=iris) as staged:
        return staged.install()


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store holding ``quads`` (tests, coverage checks)."""
    store = ox.Store()
    store.bulk_extend(quads)
    return store


LOAD_BYTES = 16 * 2**20
"""N-Quads handed to Oxigraph's bulk loader at a time (~85,000 quads). The loader keeps
what it is given in memory while it sorts it into the database's files (~1 KB a quad;
its own target is 2 GB a thread), so a snapshot goes in as several loads. Measured on
the 1M corpus: 16 MB loads peak 150 MB lower than 48 MB ones, in the same time."""


def load_snapshot(store: ox.Store, snapshot: Snapshot) -> None:
    """Load ``snapshot`` into an empty ``store`` with Oxigraph's bulk loader.

    The N-Quads go in ``LOAD_BYTES`` at a time, read from the file: memory stays bounded
    whatever the size. The bulk loader gives blank nodes fresh random labels; the
    ontology's few blank nodes have stable ones (civicgraph.ontology), so graphs that
    hold any are loaded again through the parser, which keeps them. Parsing is lenient
    (no IRI re-validation: ~25% faster): Oxigraph's own serialiser wrote these lines from
    terms it had validated.
    """
    with_blank_nodes = snapshot.blocks_with_blank_nodes()
    if len(with_blank_nodes) < len(snapshot.graphs):
        for piece in snapshot.chunks(NQUADS_FILE, size=LOAD_BYTES):
            store.bulk_load(piece, ox.RdfFormat.N_QUADS, lenient=True)
            release_free_memory()  # what sorting this load took, before the next one
    for block in with_blank_nodes:
        store.clear_graph(ox.NamedNode(block.name) if block.name else ox.DefaultGraph())
    if with_blank_nodes:
        text = b"".join(snapshot.block(b) for b in with_blank_nodes)
        store.bulk_extend(ox.parse(text, format=ox.RdfFormat.N_QUADS))


def memory_store_from_snapshot(snapshot: Snapshot) -> ox.Store:
    """The snapshot loaded into memory: full scans run ~10× faster than on disk."""
    store = ox.Store()
    load_snapshot(store, snapshot)
    return store
