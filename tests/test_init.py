"""``civicgraph init``: a new project folder, empty or with the example, never over existing files."""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.errors import ProjectFolderError
from civicgraph.journal import LOCK_FILE
from civicgraph.resources import example_dir
from civicgraph.scaffold import DATA_FOLDERS, init_project
from tests.seed import DATA
from tests.test_packaging import LEFTOVERS


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the lock of data/, which a build there leaves."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def test_init_makes_the_layout_build_reads(tmp_path: Path) -> None:
    """An empty project has the four data folders, a README and a .gitignore, nothing else."""
    project = tmp_path / "graph"
    result = CliRunner().invoke(main, ["init", str(project)])
    assert result.exit_code == 0, result.output
    assert result.output == f"created {project} (empty, 2 files)\n"
    assert sorted(p.name for p in (project / "data").iterdir()) == sorted(DATA_FOLDERS)
    assert all(not any((project / "data" / f).iterdir()) for f in DATA_FOLDERS)
    assert "civicgraph build" in (project / "README.md").read_text(encoding="utf-8")
    assert (
        project / ".gitignore"
    ).read_text() == ".civicgraph/\ndist/\ndata/.lock\ndata/.journal/\n"


def test_init_example_copies_the_seed_data_byte_for_byte(tmp_path: Path) -> None:
    """--example holds the seed article, its source.yaml, entities, records and links unchanged."""
    project = tmp_path / "graph"
    result = CliRunner().invoke(main, ["init", str(project), "--example"])
    assert result.exit_code == 0, result.output
    copied = _tree(project / "data")
    assert copied == _tree(DATA)
    assert (
        "sources/maslikhat-council-extended-meeting/maslikhat-council-extended-meeting.kk.txt"
        in copied
    )
    assert result.output == f"created {project} (with the example data, {len(copied) + 2} files)\n"


def test_init_example_leaves_drafts_and_leftovers_of_the_checkout_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a checkout whose data/ holds its lock, a journal, a draft and temporaries, the
    new project gets the data only, as the wheel's example does."""
    example = tmp_path / "checkout-data"
    shutil.copytree(DATA, example)
    for leftover in LEFTOVERS:
        (example / leftover).parent.mkdir(parents=True, exist_ok=True)
        (example / leftover).write_bytes(b"left over\n")
    monkeypatch.setattr("civicgraph.scaffold.example_dir", lambda: example)
    project = tmp_path / "graph"
    result = CliRunner().invoke(main, ["init", str(project), "--example"])
    assert result.exit_code == 0, result.output
    assert _tree(project / "data") == _tree(DATA)
    assert not (project / "data" / "drafts").exists()


def test_example_resource_is_the_seed_data() -> None:
    """In a checkout the packaged example falls back to the repository's data/ folder."""
    assert example_dir().resolve() == DATA.resolve()


def test_init_accepts_an_existing_empty_folder(tmp_path: Path) -> None:
    """A folder made beforehand (mkdir) is fine as long as it is empty."""
    project = tmp_path / "graph"
    project.mkdir()
    scaffold = init_project(project)
    assert scaffold.files == (Path(".gitignore"), Path("README.md"))
    assert (project / "data" / "records").is_dir()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    """A non-empty folder is refused in one line, and its content is left as it was."""
    project = tmp_path / "graph"
    project.mkdir()
    (project / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(project), "--example"])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {project}: is not an empty folder "
        "(hint: give a new folder name; init never writes into an existing project)\n"
    )
    assert _tree(project) == {"notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph"]


def test_init_refuses_a_file(tmp_path: Path) -> None:
    """A path that is a file is refused too."""
    target = tmp_path / "graph"
    target.write_text("x")
    with pytest.raises(ProjectFolderError, match="is not an empty folder"):
        init_project(target)
    assert target.read_text() == "x"


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        # what copytree raises when files fail: a list, and no strerror ("None")
        shutil.Error([("a.txt", "b.txt", "[Errno 28] No space left on device: 'b.txt'")]),
    ],
)
def test_failed_init_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: OSError
) -> None:
    """When copying fails midway, neither the project nor its staging folder remains, and
    the line says why in words."""

    def broken_copy(*_args: object, **_kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(shutil, "copytree", broken_copy)
    project = tmp_path / "graph"
    with pytest.raises(ProjectFolderError) as refused:
        init_project(project, example=True)
    assert "cannot create: no space left on the device" in str(refused.value)
    assert "None" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_init_on_a_full_disk_says_so(tmp_path: Path) -> None:
    """On a real file system with no room (a 64 KiB tmpfs), init --example fails in one
    line and leaves nothing. Mounting needs root; elsewhere the test above stands in."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        result = CliRunner().invoke(main, ["init", str(disk / "graph"), "--example"])
        assert result.exit_code == 2
        assert result.output.startswith(
            f"error: {disk / 'graph'}: cannot create: no space left on the device (copying "
        )
        assert "None" not in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_init_follows_a_link_to_an_empty_folder(tmp_path: Path) -> None:
    """A link to an empty folder kept elsewhere: the project is made there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "graph"
    link.symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["init", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (link / "data" / "records").is_dir()
    assert (elsewhere / "README.md").is_file()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda root: (root / "graph").symlink_to(root / "nowhere"),
            "{root}/graph: is a link to {root}/nowhere, which does not exist "
            "(hint: create the folder it points to, or give another name)",
        ),
        (
            lambda root: (root / "file").write_text("x"),
            "{root}/file/graph: cannot be created: {root}/file is a file, not a folder "
            "(hint: give a path whose folders are folders)",
        ),
    ],
)
def test_init_into_a_dangling_link_or_under_a_file_says_what_is_wrong(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    """Not "Not a directory" nor "File exists": what is in the way, in words."""
    make(tmp_path)
    target = (
        tmp_path / "graph" if (tmp_path / "graph").is_symlink() else tmp_path / "file" / "graph"
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(main, ["init", str(target), "--example"])
    assert result.exit_code == 2
    assert result.output == "error: " + message.format(root=tmp_path) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before
