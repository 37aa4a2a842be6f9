"""The ``civicgraph`` command line: a thin layer that parses, calls the library, renders.

Only this package imports click, prints or exits. Library errors (``CivicGraphError``)
are shown as one line without a traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from civicgraph import __version__
from civicgraph.cli.core import (
    build_command,
    coverage_command,
    export_command,
    stats_command,
    validate_command,
)
from civicgraph.cli.graph import graph_group
from civicgraph.cli.init import init_command
from civicgraph.cli.link import link_group
from civicgraph.cli.query import queries_command, query_command
from civicgraph.cli.remote import push_command
from civicgraph.errors import CivicGraphError

EXIT_ERROR = 2
"""Exit code when a command cannot run (bad input, missing store, unreachable endpoint)."""


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - click's own signature
        try:
            return super().invoke(ctx)
        except CivicGraphError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"error: {error}", fg="red", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="civicgraph")
@click.option("--debug", is_flag=True, help="Show the full traceback of errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """civicgraph: a knowledge graph of civic institutions, with evidence for every fact.

    \b
    Typical session:
      civicgraph build                 # data/ + ontology/ -> .civicgraph/store
      civicgraph validate              # SHACL report; exit 0 conforms, 1 violations
      civicgraph stats                 # what the graph holds
      civicgraph export --format turtle --out dist/civicgraph.ttl
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


COMMANDS: list[Callable[..., Any]] = [
    build_command,
    validate_command,
    export_command,
    stats_command,
    coverage_command,
    query_command,
    queries_command,
    link_group,
    push_command,
    graph_group,
    init_command,
]
for _command in COMMANDS:
    main.add_command(_command)  # type: ignore[arg-type]
