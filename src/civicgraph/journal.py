"""Change several files of ``data/`` as one unit, and keep everyone else out meanwhile.

::

    data/.lock        the one lock of a project's data (filelock): held by every command
                      that writes data/ (source add and remove, draft, draft review, link
                      wikidata and link review) while it reads and writes, and by a build
                      while it reads data/
    data/.journal/    a change under way: the new content of each file, then plan.json

A change (``commit_files``) writes every new file (or new folder) into the journal
first, then ``plan.json`` (written beside and renamed: its rename is the commit point),
then moves each into place, moves each folder it removes into the journal, and removes the
journal. Killed at any point, it leaves either no
plan (the journal is removed: data/ is as before) or a plan (the files not yet moved are
moved: data/ is as after). ``data_lock`` does that recovery each time it is taken, so
the next command that reads or writes data/ finds it whole and says in one line what
it recovered (``Recovery``). Every file system change goes through one of ``STEPS``,
so a test can kill the process after any of them.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import filelock

from civicgraph.errors import CivicGraphError
from civicgraph.io import describe_os_error, write_bytes_atomic

LOCK_FILE = ".lock"
JOURNAL_FOLDER = ".journal"
PLAN_FILE = "plan.json"
WHAT_FILE = "what"
"""What the change is, written first, so that a rollback can say what it undid."""
LOCK_TIMEOUT = 120.0
"""Seconds a command waits for another one holding data/ (a review takes a second or two)."""


class DataLockError(CivicGraphError):
    """Another command holds the project's data, or its journal cannot be recovered."""


@dataclass(frozen=True)
class Recovery:
    """What ``data_lock`` found of a change that was killed, and what it did with it."""

    what: str | None
    """What the change was (``review of forum``), when it got as far as saying so."""
    completed: bool
    """True: it had been committed and was carried out; False: it was rolled back."""
    files: tuple[str, ...] = ()
    """The files it changed, relative to data/ (those of a completed change)."""

    def __str__(self) -> str:
        change = f"an interrupted {self.what or 'change of data/'}"
        if self.completed:
            return f"recovered {change}: completed it ({', '.join(self.files)})"
        return f"recovered {change}: rolled it back, data/ is as before it"


# -- the steps a test may stop after -----------------------------------------------------


STEPS = ("_begin", "_write", "_move", "_remove")
"""The functions through which a change touches the file system, one step each."""


def _begin(journal: Path) -> None:
    journal.mkdir()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(exist_ok=True)  # a new folder's files are staged in a folder of their own
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source.replace(target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# -- the lock ------------------------------------------------------------------------------


@contextmanager
def data_lock(
    data_dir: Path,
    *,
    timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[Recovery | None]:
    """Hold the lock of ``data_dir``, first finishing or undoing a change that was killed;
    yield what was recovered (``None`` when nothing was).

    A folder that does not exist (its loader will say so) or cannot be written (a
    read-only copy of data) cannot be changed under the reader: both are read without
    the lock. ``on_wait`` is called once when another command holds it.
    """
    if not data_dir.is_dir():
        yield None  # the loader says what is missing; filelock would create the folder
        return
    lock = filelock.FileLock(data_dir / LOCK_FILE)
    try:
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire(timeout=timeout)
    except filelock.Timeout as error:
        raise DataLockError(
            f"another civicgraph command is reading or changing data/ (waited {timeout:g} s)",
            path=data_dir / LOCK_FILE,
            hint="wait for it to finish (a review or a build), then run this again",
        ) from error
    except OSError as error:
        if error.errno not in _NOT_WRITABLE:
            raise DataLockError(
                f"cannot take the lock of data/: {describe_os_error(error)}",
                path=data_dir / LOCK_FILE,
                hint="check the folder's permissions",
            ) from error
        if (data_dir / JOURNAL_FOLDER).exists():
            raise DataLockError(
                "a change of data/ was interrupted, and data/ cannot be written to recover it",
                path=data_dir / JOURNAL_FOLDER,
                hint="make the folder writable and run the command again",
            ) from error
        yield None  # read-only or absent: nobody can change it under the reader
        return
    try:
        yield recover(data_dir)
    finally:
        lock.release()


_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


# -- changes and their recovery ------------------------------------------------------------


def recover_data(data_dir: Path) -> Recovery | None:
    """Take and release the lock of ``data_dir``: what a killed change left is recovered.
    Commands call it first, to say in one line what was recovered (every reader and writer
    of data/ recovers when it takes the lock, but only this says so)."""
    if not (data_dir / JOURNAL_FOLDER).exists():
        return None  # nothing to recover: no need to take the lock, nor to create its file
    with data_lock(data_dir) as recovered:
        return recovered


Content = bytes | Mapping[str, bytes]
"""What ``commit_files`` puts at a path: a file's bytes, or a new folder's files by name
(the folder appears whole, with one rename, even to a reader that takes no lock)."""


def commit_files(
    data_dir: Path,
    writes: Mapping[Path, Content],
    *,
    what: str,
    removals: Collection[Path] = (),
) -> None:
    """Replace the files ``writes`` names (inside ``data_dir``) with their new content and
    take away the files or folders ``removals`` names, all or none; call it holding
    ``data_lock(data_dir)``."""
    journal = data_dir / JOURNAL_FOLDER
    entries: list[dict[str, str]] = []
    try:
        _begin(journal)
        _write(journal / WHAT_FILE, what.encode("utf-8"))
        for number, (target, content) in enumerate(writes.items()):
            staged = f"{number}.new"
            if isinstance(content, bytes):
                _write(journal / staged, content)
            else:
                for name, data in content.items():
                    _write(journal / staged / name, data)
            entries.append({"staged": staged, "target": _relative(target, data_dir)})
        for number, target in enumerate(removals, start=len(entries)):
            entries.append({"removed": f"{number}.gone", "target": _relative(target, data_dir)})
        plan = json.dumps({"what": what, "files": entries}, ensure_ascii=False, indent=1)
        _write(journal / f"{PLAN_FILE}.new", plan.encode("utf-8"))
        _move(journal / f"{PLAN_FILE}.new", journal / PLAN_FILE)
    except OSError as error:
        shutil.rmtree(journal, ignore_errors=True)
        raise DataLockError(
            f"cannot write: {describe_os_error(error)}; nothing was changed",
            path=journal,
            hint="check free disk space and the folder's permissions",
        ) from error
    try:
        _carry_out(data_dir, entries)
    except OSError as error:
        raise DataLockError(
            f"cannot write: {describe_os_error(error)}; the change is kept in {journal} "
            "and will be completed by the next command",
            path=data_dir,
            hint="free disk space or fix the folder's permissions, then run any command on data/",
        ) from error


def write_file(data_dir: Path, path: Path, data: bytes, *, what: str) -> None:
    """Write a file a command was told to write (``--out``): inside ``data_dir`` as one
    change of data/ (call it holding the lock), anywhere else atomically."""
    if _within(path, data_dir):
        commit_files(data_dir, {path: data}, what=what)
    else:
        write_bytes_atomic(path, data)


def recover(data_dir: Path) -> Recovery | None:
    """Finish a committed change that was killed, or drop an uncommitted one."""
    journal = data_dir / JOURNAL_FOLDER
    if not journal.exists():
        return None
    plan_path = journal / PLAN_FILE
    if not plan_path.is_file():
        try:
            what: str | None = (journal / WHAT_FILE).read_text(encoding="utf-8")
        except (OSError, ValueError):
            what = None
        _remove(journal)
        # killed before it wrote anything, or after it had finished: nothing to say
        return None if what is None else Recovery(what=what, completed=False)
    try:
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        files = [_entry(f) for f in plan["files"]]
        what = str(plan["what"])
        for entry in files:
            _inside(data_dir, entry["target"])
            _inside(journal, entry.get("staged") or entry["removed"])
    except (OSError, ValueError, KeyError, TypeError, DataLockError) as error:
        raise DataLockError(
            f"the journal of an interrupted change cannot be read ({error})",
            path=plan_path,
            hint="restore data/ from version control, then remove data/.journal",
        ) from error
    try:
        _carry_out(data_dir, files)
    except OSError as error:
        raise DataLockError(
            f"an interrupted {what} cannot be completed: {describe_os_error(error)}",
            path=journal,
            hint="free disk space or fix the folder's permissions; a file or folder put where "
            "the change writes must be moved away first",
        ) from error
    return Recovery(what=what, completed=True, files=tuple(f["target"] for f in files))


def _carry_out(data_dir: Path, files: list[dict[str, str]]) -> None:
    """Move each staged file into place (those already moved are gone from the journal)
    and each removed one into the journal, then remove the journal: the plan after the
    description, so that a journal left with a plan is completed again and one left with
    neither was finished."""
    journal = data_dir / JOURNAL_FOLDER
    for entry in files:
        target = data_dir / entry["target"]
        if "removed" in entry:
            if os.path.lexists(target):  # a link goes, never what it points to
                _move(target, journal / entry["removed"])
            continue
        staged = journal / entry["staged"]
        if staged.exists():
            _move(staged, target)
    _remove(journal / WHAT_FILE)  # first: a journal with a plan is still completed
    _remove(journal / PLAN_FILE)
    _remove(journal)


def _entry(planned: object) -> dict[str, str]:
    """One entry of a plan as read back: a file or folder staged, or one removed."""
    if not isinstance(planned, dict):
        raise TypeError(f"entry {planned!r} is not an object")
    key = "removed" if "removed" in planned else "staged"
    return {key: str(planned[key]), "target": str(planned["target"])}


def _relative(target: Path, data_dir: Path) -> str:
    # the folder resolved, never the target: a linked source folder is removed as a link
    return (target.parent.resolve() / target.name).relative_to(data_dir.resolve()).as_posix()


def _within(path: Path, data_dir: Path) -> bool:
    return (path.parent.resolve() / path.name).is_relative_to(data_dir.resolve())


def _inside(folder: Path, relative: str) -> None:
    """Refuse a journal entry that would write outside its folder."""
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or ".." in parts:
        raise DataLockError(f"entry {relative!r} is outside {folder}")


__all__ = [
    "JOURNAL_FOLDER",
    "LOCK_FILE",
    "Content",
    "DataLockError",
    "Recovery",
    "commit_files",
    "data_lock",
    "recover",
    "recover_data",
    "write_file",
]
