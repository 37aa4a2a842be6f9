"""The README documents every command, and every command's help shows an example."""

from __future__ import annotations

import click
import pytest

from civicgraph.cli import main
from tests.seed import ROOT


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found.append((path, command))
            found.extend(all_commands(command, prefix=f"{path} "))
        else:
            found.append((path, command))
    return found


COMMANDS = all_commands(main)


def test_cli_has_the_core_commands() -> None:
    """build, validate, export and stats exist."""
    names = {name for name, _ in COMMANDS}
    assert {"build", "validate", "export", "stats"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_readme_documents_command(name: str, command: click.Command) -> None:
    """Each command (and subcommand) is named in the README as `civicgraph <name>`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    leaf = name.rsplit(" ", 1)[-1]
    if " " in name:
        parent = name.rsplit(" ", 1)[0]
        assert f"civicgraph {name}" in readme or (
            f"civicgraph {parent} " in readme and leaf in readme
        ), f"README does not document 'civicgraph {name}'"
    else:
        assert f"civicgraph {name}" in readme, f"README does not document 'civicgraph {name}'"


@pytest.mark.parametrize(
    ("name", "command"),
    [(n, c) for n, c in COMMANDS if not isinstance(c, click.Group)],
    ids=[n for n, c in COMMANDS if not isinstance(c, click.Group)],
)
def test_help_has_an_example(name: str, command: click.Command) -> None:
    """Each command's --help text carries at least one example invocation."""
    assert command.help is not None
    assert "Example" in command.help, f"'civicgraph {name} --help' has no example"
    assert f"civicgraph {name}" in command.help
