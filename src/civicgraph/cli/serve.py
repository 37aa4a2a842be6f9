"""``civicgraph serve``: the web explorer and SPARQL endpoint, run by uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from civicgraph.cli.options import base_option, store_option
from civicgraph.resources import catalogue_dir


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--queries",
    "catalogue",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the named queries (default: ./queries, else the shipped catalogue).",
)
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
@store_option
@base_option
def serve_command(
    host: str,
    port: int,
    catalogue: Path | None,
    timeout: float,
    max_rows: int,
    max_body: int,
    concurrency: int,
    store_path: Path,
    base: str,
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

    if catalogue is None:
        catalogue = Path("queries") if Path("queries").is_dir() else catalogue_dir()
    settings = ServeSettings(
        store_path=store_path,
        base=base,
        catalogue=catalogue,
        timeout=timeout,
        row_cap=max_rows,
        max_body=max_body,
        concurrency=concurrency,
        public_url=None,
    )
    app = create_app(settings)
    click.echo(f"serving {store_path} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
