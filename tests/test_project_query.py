"""Project.query refuses an unknown query name as the command line does, before any store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.errors import QueryError
from civicgraph.project import Project
from tests.seed import ROOT


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("no_such_query", "'civicgraph queries' lists the catalogue"),
        ("events_al", "did you mean events_all?"),
    ],
)
def test_unknown_query_is_the_cli_error(tmp_path: Path, name: str, hint: str) -> None:
    """One line naming the catalogue and the name, with the hint the CLI prints; no rows."""
    project = Project(tmp_path, queries=ROOT / "queries")
    with pytest.raises(QueryError) as raised:
        project.query(name)
    message = str(raised.value)
    assert message == f"{ROOT / 'queries'}: unknown query {name!r} (hint: {hint})"
    cli = CliRunner().invoke(
        main, ["query", name, "--queries", str(ROOT / "queries"), "--store", str(tmp_path / "s")]
    )
    assert cli.exit_code != 0
    assert cli.output.strip() == f"error: {message}"


def test_missing_query_file_is_the_cli_error(tmp_path: Path) -> None:
    """A .rq path that names no file: one line with the hint to the catalogue."""
    missing = tmp_path / "nope.rq"
    with pytest.raises(QueryError) as raised:
        Project(tmp_path).query(str(missing))
    message = str(raised.value)
    assert message == (
        f"{missing}: no such query file "
        "(hint: give an existing .rq file, or a name 'civicgraph queries' lists)"
    )
    cli = CliRunner().invoke(main, ["query", str(missing), "--store", str(tmp_path / "s")])
    assert cli.exit_code != 0
    assert cli.output.strip() == f"error: {message}"
