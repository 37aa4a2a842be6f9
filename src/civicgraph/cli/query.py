"""Commands that ask the graph questions: ``query`` runs one, ``queries`` lists the catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from civicgraph.cli.options import project_options
from civicgraph.cli.remote import endpoint_from, endpoint_options
from civicgraph.errors import QueryError
from civicgraph.languages import LANGUAGES
from civicgraph.project import Project
from civicgraph.query_docs import catalogue_markdown
from civicgraph.results import FORMATS, render_result
from civicgraph.sparql.text import HEADER_LANGUAGE, load_catalogue


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
@endpoint_options(required=False)
@project_options(queries=True)
def query_command(
    name: str,
    params: tuple[str, ...],
    output_format: str,
    lang: str,
    limit: int | None,
    endpoint: str | None,
    layout: str | None,
    timeout: float,
    project: Project,
) -> None:
    """Run a named query of the catalogue (or a FILE.rq) and print its answer.

    \b
    Example:
      civicgraph query who_opened_event
      civicgraph query participants_by_event --param event=event/council-maslikhats-extended-meeting-2025-04
      civicgraph query statements_search --param term=мәслихат --format csv
      civicgraph query quotes_all --endpoint http://127.0.0.1:7878 --format json
    """
    remote = endpoint_from(endpoint, layout=layout, timeout=timeout)
    result = project.query(name, _parse_params(params), lang=lang, limit=limit, endpoint=remote)
    click.echo(render_result(result, output_format, iris=project.iris), nl=False)


@click.command("queries")
@click.option("--markdown", is_flag=True, help="Print docs/queries.md (English) instead of a list.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    default=None,
    help="Language of the titles and parameter labels [default: en; else English].",
)
@_catalogue_option
def queries_command(markdown: bool, lang: str | None, catalogue: Path | None) -> None:
    """List the query catalogue: names, titles and parameters.

    \b
    Example:
      civicgraph queries
      civicgraph queries --lang kk
      civicgraph queries --markdown > docs/queries.md
    """
    if markdown and lang not in {None, HEADER_LANGUAGE}:
        raise click.UsageError(
            f"--markdown writes docs/queries.md, which is in English; leave out --lang {lang}"
        )
    queries = load_catalogue(catalogue)
    if markdown:
        click.echo(catalogue_markdown(queries), nl=False)
        return
    lang = (lang or HEADER_LANGUAGE).lower()
    width = max((len(q.name) for q in queries), default=0)
    for query in queries:
        click.echo(f"{query.name:<{width}}  {query.title_in(lang)}")
        for parameter in query.parameters:
            if parameter.required:
                note = "required"
            elif parameter.default is not None:
                note = f"default {parameter.default}"
            else:
                note = "optional"
            click.echo(
                f"{'':<{width}}    --param {parameter.name}=<{parameter.type}>  ({note})  "
                f"{parameter.label(lang)}"
            )
