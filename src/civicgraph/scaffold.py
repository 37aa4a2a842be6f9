"""Create a new project folder: the layout ``civicgraph build`` reads, optionally with the example.

A project is a folder with ``data/sources``, ``data/entities``, ``data/records`` and
``data/links``; the ontology, shapes and query catalogue come with the package
(``civicgraph.resources``). The folder is assembled beside the target and moved into
place in one rename, so a failed ``init`` leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from civicgraph.errors import ProjectFolderError
from civicgraph.io import describe_os_error
from civicgraph.resources import EXAMPLE_EXCLUDED, example_dir

DATA_FOLDERS = ("sources", "entities", "records", "links")

README = """\
# A civicgraph project

Every fact in this graph points to the exact span of the document that states it.

```
data/sources/<id>/     a document byte for byte, and its source.yaml (language, SHA-256, ...)
data/entities/*.yaml   one stable id per person, body, post, place, ...
data/records/<id>.yaml the facts a document states, each with its verbatim evidence
data/links/            reviewed Wikidata links
```

Run these from this folder:

```
civicgraph build                     # data/ -> .civicgraph/store, validated before it is kept
civicgraph validate                  # SHACL report: exit 0 conforms, 1 violations
civicgraph queries                   # the query catalogue
civicgraph query who_opened_event    # one named query
civicgraph export --format turtle --out dist/civicgraph.ttl
```

The ontology, the shapes and the queries are those of the installed civicgraph.
`.civicgraph/` and `dist/` are generated: delete them at will.
"""

GITIGNORE = ".civicgraph/\ndist/\ndata/.lock\ndata/.journal/\n"
"""Generated folders, and the lock and journal of data/ (civicgraph.journal)."""


@dataclass(frozen=True)
class Scaffold:
    """What ``init_project`` wrote."""

    root: Path
    files: tuple[Path, ...]
    """Files written, relative to ``root``, sorted."""
    example: bool


def init_project(target: Path, *, example: bool = False) -> Scaffold:
    """Create the project folder ``target``; with ``example``, holding the seed article's data.

    Refuses a ``target`` that is a file or a folder that is not empty, a link to nothing,
    a path under a file; follows a link to an empty folder.
    """
    target = _where(target)
    if target.is_file() or (target.is_dir() and any(target.iterdir())):
        raise ProjectFolderError(
            "is not an empty folder",
            path=target,
            hint="give a new folder name; init never writes into an existing project",
        )
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as error:
        raise ProjectFolderError(
            f"cannot create: {describe_os_error(error)}",
            path=target,
            hint="check the folder is writable and the disk has room",
        ) from error
    try:
        _fill(staging, example=example)
        files = tuple(sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file()))
        # mkdtemp makes the folder private; a project gets the permissions of any new folder.
        staging.chmod(0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()  # empty, checked above; rename cannot replace a folder otherwise
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ProjectFolderError(
            f"cannot create: {describe_os_error(error)}; nothing was left behind",
            path=target,
            hint="check the folder is writable and the disk has room",
        ) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Scaffold(root=target, files=files, example=example)


def _where(target: Path) -> Path:
    """The folder to create: a link is followed to the empty folder it names (the user
    keeps projects elsewhere), a link to nothing and a path under a file are refused in
    words, not as "Not a directory" or "File exists"."""
    if target.is_symlink():
        pointed = target.resolve()
        if not pointed.exists():
            raise ProjectFolderError(
                f"is a link to {pointed}, which does not exist",
                path=target,
                hint="create the folder it points to, or give another name",
            )
        return pointed
    for ancestor in target.absolute().parents:
        if ancestor.exists() and not ancestor.is_dir():
            raise ProjectFolderError(
                f"cannot be created: {ancestor} is a file, not a folder",
                path=target,
                hint="give a path whose folders are folders",
            )
    return target


def _fill(root: Path, *, example: bool) -> None:
    (root / "README.md").write_text(README, encoding="utf-8")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    data = root / "data"
    if example:
        shutil.copytree(
            example_dir(),
            data,
            ignore=shutil.ignore_patterns(*EXAMPLE_EXCLUDED),
        )
    for folder in DATA_FOLDERS:
        (data / folder).mkdir(parents=True, exist_ok=True)


def _umask() -> int:
    # os.umask has no read-only form: set and restore.
    mask = os.umask(0)
    os.umask(mask)
    return mask
