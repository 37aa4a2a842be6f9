"""Commands that ask the graph questions: ``query`` runs one, ``queries`` lists the catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from civicgraph.cli.options import base_option, store_option
from civicgraph.errors import QueryError
from civicgraph.languages import LANGUAGES
from civicgraph.query import run_query
from civicgraph.query_docs import catalogue_markdown
from civicgraph.results import FORMATS, render_result
from civicgraph.sparql.text import find_query, load_catalogue
from civicgraph.store import open_store


def _catalogue_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--queries",
        "catalogue",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder of the named queries (*.rq) [default: ./queries, else the shipped ones].",
    )(function)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"bad --param {pair!r}", hint="write --param name=value")
        params[name.strip()] = value
    return params


@click.command("query")
@click.argument("name")
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output: a table, the W3C results formats (csv, tsv, json), jsonl, or RDF.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    default="en",
    show_default=True,
    help=f"Label language (falls back to {', '.join(LANGUAGES)}).",
)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Keep the first N rows.")
@click.option(
    "--endpoint", metavar="URL", default=None, help="A SPARQL 1.1 query endpoint to ask instead."
)
@_catalogue_option
@store_option
@base_option
def query_command(
    name: str,
    params: tuple[str, ...],
    output_format: str,
    lang: str,
    limit: int | None,
    endpoint: str | None,
    catalogue: Path | None,
    store_path: Path,
    base: str,
) -> None:
    """Run a named query of the catalogue (or a FILE.rq) and print its answer.

    \b
    Example:
      civicgraph query who_opened_event
      civicgraph query participants_by_event --param event=event/council-maslikhats-extended-meeting-2025-04
      civicgraph query statements_search --param term=мәслихат --format csv
      civicgraph query quotes_all --endpoint http://127.0.0.1:7878/query --format json
    """
    query = find_query(name, catalogue)
    bound = _parse_params(params)
    if endpoint is not None:
        result = run_query(
            query, endpoint=endpoint, params=bound, base=base, lang=lang, limit=limit
        )
    else:
        result = run_query(
            query, store=open_store(store_path), params=bound, base=base, lang=lang, limit=limit
        )
    click.echo(render_result(result, output_format, base=base), nl=False)


@click.command("queries")
@click.option("--markdown", is_flag=True, help="Print docs/queries.md instead of a list.")
@_catalogue_option
def queries_command(markdown: bool, catalogue: Path | None) -> None:
    """List the query catalogue: names, titles and parameters.

    \b
    Example:
      civicgraph queries
      civicgraph queries --markdown > docs/queries.md
    """
    queries = load_catalogue(catalogue)
    if markdown:
        click.echo(catalogue_markdown(queries), nl=False)
        return
    width = max((len(q.name) for q in queries), default=0)
    for query in queries:
        click.echo(f"{query.name:<{width}}  {query.title}")
        for parameter in query.parameters:
            if parameter.required:
                note = "required"
            elif parameter.default is not None:
                note = f"default {parameter.default}"
            else:
                note = "optional"
            click.echo(f"{'':<{width}}    --param {parameter.name}=<{parameter.type}>  ({note})")
