"""``civicgraph serve``: the web explorer and SPARQL endpoint, run by uvicorn."""

from __future__ import annotations

import click

from civicgraph.cli.options import project_options
from civicgraph.project import Project


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may run.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows or triples one answer carries.",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=4 * 1024 * 1024,
    show_default=True,
    help="Largest request body, in bytes.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Most queries running at once.",
)
@click.option(
    "--page-cache",
    "page_cache_mb",
    type=click.IntRange(min=0),
    default=64,
    show_default=True,
    help="Megabytes of rendered entity pages kept in memory (0 renders every request).",
)
@project_options(queries=True)
def serve_command(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_body: int,
    concurrency: int,
    page_cache_mb: int,
    project: Project,
) -> None:
    """Serve the store read-only: pages in kk, en, ru, linked data and a SPARQL endpoint.

    \b
    Example:
      civicgraph serve                       # http://127.0.0.1:8000/
      civicgraph serve --port 8080 --timeout 5 --max-rows 1000
      civicgraph query who_opened_event --endpoint http://127.0.0.1:8000/sparql
    """
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    from civicgraph.serve import ServeSettings, create_app  # noqa: PLC0415

    settings = ServeSettings(
        store_path=project.store,
        base=project.base,
        catalogue=project.queries,
        timeout=timeout,
        row_cap=max_rows,
        max_body=max_body,
        concurrency=concurrency,
        page_cache_mb=page_cache_mb,
    )
    app = create_app(settings, store=project.open_store())
    click.echo(f"serving {project.store} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
