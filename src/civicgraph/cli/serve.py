"""``civicgraph serve``: the web explorer and SPARQL endpoint, run by uvicorn."""

from __future__ import annotations

import click

from civicgraph.cli.options import project_options
from civicgraph.cli.remote import endpoint_from, endpoint_options
from civicgraph.project import Project


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may run; past it the answer is 503 and a SPARQL worker is killed"
    " (with --endpoint, also each request to the endpoint).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows or triples one answer carries; the rest is cut, and the cut is said.",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=4 * 1024 * 1024,
    show_default=True,
    help="Largest request body, in bytes; a larger one is refused with 413.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Most store calls of pages running at once; more wait their turn.",
)
@click.option(
    "--query-workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Processes running the SPARQL visitors write (/sparql, the query page).",
)
@click.option(
    "--page-cache",
    "page_cache_mb",
    type=click.IntRange(min=0),
    default=64,
    show_default=True,
    help="Megabytes of rendered entity pages kept in memory (0 renders every request).",
)
@click.option(
    "--query-memory",
    "query_memory_mb",
    type=click.IntRange(min=0),
    default=2048,
    show_default=True,
    help="Megabytes of address space each SPARQL worker may take; past it the query is"
    " refused with 503 and the worker replaced (0: no limit).",
)
@click.option(
    "--max-answer",
    type=click.IntRange(min=1024),
    default=64 * 1024 * 1024,
    show_default=True,
    help="Largest answer to a visitor's SPARQL query, in bytes; a larger one is refused"
    " with 503 rather than cut, so a client never takes a part for the whole.",
)
@click.option(
    "--max-header",
    "max_head",
    type=click.IntRange(min=1024),
    default=64 * 1024,
    show_default=True,
    help="Largest request line and header fields, in bytes; a larger head is refused with 431.",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address clients reach the server at (behind a proxy), for the VoID"
    " description and the reconciliation manifest; by default the address listened on.",
)
@project_options(queries=True)
@endpoint_options(required=False, timeout=False)
def serve_command(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_body: int,
    concurrency: int,
    page_cache_mb: int,
    query_workers: int,
    query_memory_mb: int,
    max_answer: int,
    max_head: int,
    public_url: str | None,
    endpoint: str | None,
    layout: str | None,
    project: Project,
) -> None:
    """Serve the store read-only: pages in kk, en, ru, linked data and a SPARQL endpoint.

    Limits: a query runs at most --timeout seconds, then 503. The SPARQL visitors
    write runs in --query-workers processes; one past its time or its memory
    (--query-memory) is killed and replaced, so pages never wait behind it. An
    answer carries at most --max-rows rows (a Civicgraph-Truncated header of
    /sparql says the cut) and at most --max-answer bytes (else 503). A
    request body over --max-body bytes is refused with 413, a request line and
    header fields over --max-header bytes with 431. Pages make at most
    --concurrency store calls at once and keep --page-cache megabytes of rendered
    entity pages. Updates are refused with 403, SERVICE with 400: the server
    never calls out. It listens on 127.0.0.1 unless --host says otherwise, and
    warns when it does.

    With --endpoint the pages, /sparql, VoID and reconciliation read the dataset
    pushed to that SPARQL 1.1 endpoint instead of the built store (credentials as
    every --endpoint command takes them); visitors' queries are passed on with the
    same limits, and the pages follow each new push within seconds.

    \b
    Example:
      civicgraph serve                       # http://127.0.0.1:8000/
      civicgraph serve --port 8080 --timeout 5 --max-rows 1000 \\
          --max-body 65536 --concurrency 8 --query-workers 2 \\
          --max-answer 16777216 --query-memory 1024 --page-cache 128 \\
          --max-header 16384
      civicgraph query who_opened_event --endpoint http://127.0.0.1:8000/sparql
      civicgraph serve --endpoint http://127.0.0.1:8890/sparql --layout virtuoso
    """
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    from civicgraph.serve import (  # noqa: PLC0415
        BoundedHeadProtocol,
        Server,
        ServeSettings,
        bind_listener,
        create_app,
        exposure_warning,
    )

    remote = endpoint_from(endpoint, layout=layout, timeout=timeout)
    settings = ServeSettings(
        store_path=project.store if remote is None else None,
        endpoint=remote,
        iris=project.iris,
        catalogue=project.queries,
        timeout=timeout,
        row_cap=max_rows,
        max_body=max_body,
        concurrency=concurrency,
        page_cache_mb=page_cache_mb,
        query_workers=query_workers,
        query_memory_mb=query_memory_mb,
        max_answer=max_answer,
        max_head=max_head,
        public_url=public_url,
    )
    app = create_app(settings, source=project.source(remote))
    listener = bind_listener(host, port)
    bound_host, bound_port = listener.getsockname()[:2]
    config = uvicorn.Config(
        app,
        host=host,
        port=bound_port,
        log_level="warning",
        server_header=False,
        http=BoundedHeadProtocol,
        h11_max_incomplete_event_size=max_head,
        # X-Forwarded-* name no address the server ever uses: it says its own
        proxy_headers=False,
    )
    warning = exposure_warning(settings, bound_host)
    if warning is not None:
        click.echo(warning, err=True)
    served = project.store if remote is None else remote.query_url
    click.echo(f"serving {served} on http://{host}:{bound_port}/ (Ctrl+C stops)", err=True)
    Server(config).run(sockets=[listener])
