"""The embedded store: an on-disk Oxigraph database under a project-local folder.

A build replaces the store as a whole: the new database is written beside the old one
and swapped in with renames, so a failed build leaves the previous store untouched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import StoreError

DEFAULT_STORE = Path(".civicgraph") / "store"


def open_store(path: Path, *, read_only: bool = True) -> ox.Store:
    """Open a store built by ``civicgraph build``; a missing one is a clear error."""
    if not (path / "CURRENT").exists():
        raise StoreError(
            "no store here",
            path=path,
            hint="run 'civicgraph build' first (or pass --store to the folder it wrote)",
        )
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise StoreError(
            f"cannot open the store: {error}",
            path=path,
            hint="another civicgraph process may be writing it; wait and retry",
        ) from error


def replace_store(path: Path, quads: Iterable[ox.Quad]) -> int:
    """Write ``quads`` into a fresh store and swap it in for the one at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"{path.name}.new-{os.getpid()}")
    retired = path.with_name(f"{path.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        store.bulk_extend(quads)
        store.flush()
        count = len(store)
        del store
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if path.exists():
        path.rename(retired)
    staging.rename(path)
    shutil.rmtree(retired, ignore_errors=True)
    return count


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store holding ``quads`` (tests, and exports that merge graphs)."""
    store = ox.Store()
    store.bulk_extend(quads)
    return store
