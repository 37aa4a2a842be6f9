"""``civicgraph push``: upload the built dataset to any SPARQL 1.1 store."""

from __future__ import annotations

from pathlib import Path

import click

from civicgraph.cli.options import store_option
from civicgraph.remote import DEFAULT_BATCH, DEFAULT_TIMEOUT, push_dataset, resolve_endpoint
from civicgraph.store import open_snapshot


def endpoint_options(function: click.decorators.FC) -> click.decorators.FC:
    """--endpoint, --update-url, --store-url, --timeout: where a remote store answers."""
    function = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        help="Seconds to wait for each HTTP request.",
    )(function)
    function = click.option(
        "--store-url",
        default=None,
        help="Graph Store Protocol URL, when not <endpoint>/store (Fuseki: /<ds>/data).",
    )(function)
    function = click.option(
        "--update-url",
        default=None,
        help="SPARQL Update URL, when not <endpoint>/update.",
    )(function)
    return click.option(
        "--endpoint",
        required=True,
        help="The store's service root or query URL; credentials from "
        "CIVICGRAPH_ENDPOINT_USER/CIVICGRAPH_ENDPOINT_PASSWORD or ~/.netrc, never in the URL.",
    )(function)


@click.command("push")
@store_option
@endpoint_options
@click.option(
    "--graph",
    default=None,
    help="Put every triple into this one graph instead of keeping the named graphs.",
)
@click.option(
    "--replace", is_flag=True, help="Replace the target graphs' content instead of adding to it."
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Triples per SPARQL Update request when the store has no Graph Store Protocol.",
)
def push_command(
    store_path: Path,
    endpoint: str,
    update_url: str | None,
    store_url: str | None,
    timeout: float,
    graph: str | None,
    replace: bool,
    batch_size: int,
) -> None:
    """Upload the built dataset to a SPARQL 1.1 store (Graph Store Protocol, else SPARQL Update).

    Graphs are uploaded to temporary graphs and moved into place in one update, so a push
    that fails midway leaves the target graphs as they were. Exit code 2 when the store
    cannot be reached or refuses the data.

    \b
    Example:
      civicgraph push --endpoint http://127.0.0.1:7878
      civicgraph push --endpoint http://localhost:3030/civic/sparql --replace
      CIVICGRAPH_ENDPOINT_USER=admin CIVICGRAPH_ENDPOINT_PASSWORD=... \\
        civicgraph push --endpoint https://graphdb.example.org/repositories/civic \\
        --update-url https://graphdb.example.org/repositories/civic/statements \\
        --store-url https://graphdb.example.org/repositories/civic/rdf-graphs/service
    """
    target = resolve_endpoint(endpoint, update_url=update_url, store_url=store_url, timeout=timeout)
    result = push_dataset(
        open_snapshot(store_path), target, graph=graph, replace=replace, batch=batch_size
    )
    verb = "replaced" if replace else "added to"
    click.echo(
        f"pushed {result.triples} triples, {verb} {len(result.graphs)} graph(s) at {target.query_url} "
        f"via {result.protocol}"
    )
