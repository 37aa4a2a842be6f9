"""The ``civicgraph`` command line: a thin layer that parses, calls the library, renders.

Only this package imports click, prints or exits. Library errors (``CivicGraphError``)
are shown as one line without a traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
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
from civicgraph.cli.ingest import INGEST_COMMANDS
from civicgraph.cli.init import init_command
from civicgraph.cli.link import link_group
from civicgraph.cli.query import queries_command, query_command
from civicgraph.cli.release import release_command
from civicgraph.cli.remote import push_command
from civicgraph.cli.serve import serve_command
from civicgraph.errors import CivicGraphError

EXIT_ERROR = 2
"""Exit code when a command cannot run (bad input, missing store, unreachable endpoint)."""
EXIT_BROKEN_PIPE = 128 + 13
"""What a shell reports for a process that SIGPIPE ended: the reader of stdout left."""


class _Group(click.Group):
    """Turns every error into one line on stderr and exit code 2.

    Library errors say what to fix; anything else is a fault of civicgraph or of the
    machine, named with the command and a hint to rerun with --debug for the traceback.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - click's own signature
        # Here, not in invoke: --help and --version write before any command runs.
        _survive_any_terminal()
        try:
            return super().main(*args, **kwargs)
        except _ClosedOutputError:
            click.secho(
                "error: cannot write the output: standard output is closed (hint: redirect "
                "it to a file or to /dev/null instead of closing it)",
                fg="red",
                err=True,
            )
            sys.exit(EXIT_ERROR)

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - click's own signature
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except _ClosedOutputError:
            raise
        except BrokenPipeError:
            # The reader left (`civicgraph query … | head`): nothing to report. Later
            # writes, Python's own flush at exit included, go nowhere.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except CivicGraphError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"error: {error}", fg="red", err=True)
            sys.exit(EXIT_ERROR)
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            command = ctx.invoked_subcommand or ctx.info_name
            click.secho(
                f"error: {command} failed: {_describe(error)} "
                "(hint: rerun with 'civicgraph --debug ...' to see the traceback)",
                fg="red",
                err=True,
            )
            sys.exit(EXIT_ERROR)


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class _ClosedOutputError(OSError):
    """The command wrote to a standard output that was closed when it started."""


class _ClosedOutput(io.TextIOBase):
    """Stands for a closed stdout (``>&-``), where Python leaves ``None`` and click's echo
    would drop every line in silence: the first write fails instead."""

    def write(self, text: str) -> int:
        raise _ClosedOutputError(errno.EBADF, "standard output is closed")


def _survive_any_terminal() -> None:
    """Output never crashes on a terminal that cannot show Kazakh letters (Latin-1):
    they are written as escapes instead. A closed stdin (``<&-``) reads as empty, not
    as ``None``, so interactive commands see that it is no terminal; a closed stdout
    fails the first write instead of losing the output."""
    if sys.stdin is None:
        sys.stdin = Path(os.devnull).open(encoding="utf-8")  # noqa: SIM115 - lives as stdin
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


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
    release_command,
    *INGEST_COMMANDS,
    serve_command,
]
for _command in COMMANDS:
    main.add_command(_command)  # type: ignore[arg-type]
