"""``civicgraph push``: upload the built dataset to any SPARQL 1.1 store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from civicgraph.cli.options import project_options
from civicgraph.project import Project
from civicgraph.remote import (
    DEFAULT_BATCH,
    DEFAULT_TIMEOUT,
    LAYOUTS,
    Endpoint,
    push_dataset,
    resolve_endpoint,
)

F = TypeVar("F", bound=Callable[..., Any])

_ENDPOINT_HELP = (
    "The store's service root or query URL; credentials from CIVICGRAPH_ENDPOINT_USER/"
    "CIVICGRAPH_ENDPOINT_PASSWORD or ~/.netrc, sent only to this URL's origin, never in the URL."
)


def timeout_option(function: F) -> F:
    """--timeout: one overall deadline for each request to a server."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        help="Seconds one request may take in all (connecting, waiting, reading).",
    )(function)


def endpoint_options(
    *, required: bool, writes: bool = False, timeout: bool = True
) -> Callable[[F], F]:
    """--endpoint, --layout, --timeout (and --update-url, --store-url for writes): where a
    remote store answers, spelt the same way by every command that talks to one.
    ``timeout=False``: the command has a --timeout of its own, which it passes on."""

    def decorate(function: F) -> F:
        if timeout:
            function = timeout_option(function)
        if writes:
            function = click.option(
                "--store-url",
                default=None,
                help="Graph Store Protocol URL, when not the layout's.",
            )(function)
            function = click.option(
                "--update-url", default=None, help="SPARQL Update URL, when not the layout's."
            )(function)
        function = click.option(
            "--layout",
            type=click.Choice(LAYOUTS),
            default=None,
            help="Where the store answers queries, updates and Graph Store requests "
            "(default: guessed from the URL; /sparql at the root is Virtuoso's).",
        )(function)
        return click.option(
            "--endpoint", metavar="URL", required=required, default=None, help=_ENDPOINT_HELP
        )(function)

    return decorate


def endpoint_from(
    url: str | None,
    *,
    layout: str | None,
    timeout: float,
    update_url: str | None = None,
    store_url: str | None = None,
) -> Endpoint | None:
    """The endpoint the options name, or None when --endpoint was not given."""
    if url is None:
        return None
    return resolve_endpoint(
        url, layout=layout, update_url=update_url, store_url=store_url, timeout=timeout
    )


@click.command("push")
@project_options()
@endpoint_options(required=True, writes=True)
@click.option(
    "--graph",
    default=None,
    help="Put every triple into this one graph (an absolute IRI) instead of keeping the named graphs.",
)
@click.option(
    "--replace", is_flag=True, help="Replace the target graphs' content instead of adding to it."
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Triples per request (Graph Store POST, or SPARQL Update when the store has no "
    "Graph Store Protocol); the snapshot is read a batch at a time.",
)
def push_command(
    project: Project,
    endpoint: str,
    layout: str | None,
    update_url: str | None,
    store_url: str | None,
    timeout: float,
    graph: str | None,
    replace: bool,
    batch_size: int,
) -> None:
    """Upload the built dataset to a SPARQL 1.1 store (Graph Store Protocol, else SPARQL Update).

    Graphs are uploaded to temporary graphs (urn:civicgraph:push:…, never counted as data)
    and moved into place in one update, so a push that fails midway leaves the target
    graphs as they were; temporary graphs a killed push left are dropped first. Exit code
    2 when the store cannot be reached, refuses the data or times out.

    \b
    Example:
      civicgraph push --endpoint http://127.0.0.1:7878
      civicgraph push --endpoint http://localhost:3030/civic/sparql --replace
      civicgraph push --endpoint http://127.0.0.1:8890/sparql    # Virtuoso, HTTP Digest
      CIVICGRAPH_ENDPOINT_USER=admin CIVICGRAPH_ENDPOINT_PASSWORD=... \\
        civicgraph push --endpoint https://graphdb.example.org/repositories/civic \\
        --update-url https://graphdb.example.org/repositories/civic/statements \\
        --store-url https://graphdb.example.org/repositories/civic/rdf-graphs/service
    """
    target = resolve_endpoint(
        endpoint, layout=layout, update_url=update_url, store_url=store_url, timeout=timeout
    )
    result = push_dataset(
        project.store, target, iris=project.iris, graph=graph, replace=replace, batch=batch_size
    )
    verb = "replaced" if replace else "added to"
    click.echo(
        f"pushed {result.triples} triples, {verb} {len(result.graphs)} graph(s) at {target.query_url} "
        f"via {result.protocol}"
    )
