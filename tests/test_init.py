"""``civicgraph init``: a new project folder, empty or with the example, never over existing files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.errors import ProjectFolderError
from civicgraph.resources import example_dir
from civicgraph.scaffold import DATA_FOLDERS, init_project
from tests.seed import DATA


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
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


def test_failed_init_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When copying fails midway, neither the project nor its staging folder remains."""

    def broken_copy(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copytree", broken_copy)
    project = tmp_path / "graph"
    with pytest.raises(ProjectFolderError, match="cannot create: No space left on device"):
        init_project(project, example=True)
    assert list(tmp_path.iterdir()) == []
