"""The ASGI application of ``civicgraph serve``: routes, negotiation, limits, error pages.

Everything is read from one ``TripleSource``: the built store, or any SPARQL 1.1 endpoint
(``--endpoint``). The pages' store calls run in worker threads under a fixed number of
slots (bounded concurrency) and a time limit; the SPARQL visitors write runs apart, in worker processes
killed at its deadline (``civicgraph.serve.isolation``), so it can never take the pages'
slots; a request body larger than ``max_body`` is refused before it is read; an
unexpected error is logged here and answered with a page that says only that the request
failed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import anyio
import anyio.to_thread
import pyoxigraph as ox
import uvicorn
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from python_multipart.exceptions import FormParserError
from starlette.applications import Starlette
from starlette.datastructures import URL
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from civicgraph.errors import CivicGraphError, QueryError, ServeError, StoreError
from civicgraph.io import short_repr
from civicgraph.iris import Iris
from civicgraph.languages import LANGUAGES
from civicgraph.linking.rdf import review_status
from civicgraph.metadata import dataset_iri
from civicgraph.serve import isolation, protocol, queries
from civicgraph.serve import reconcile as reconciliation
from civicgraph.serve.connection import DEFAULT_MAX_HEAD
from civicgraph.serve.explorer import Explorer, SourceView, Value
from civicgraph.serve.i18n import LANGUAGE_NAMES, choose_language, words
from civicgraph.serve.representations import Representation, Representations
from civicgraph.sparql.client import Endpoint
from civicgraph.store import read_manifest
from civicgraph.terms import void
from civicgraph.triplesource import EmbeddedSource, EndpointSource, TripleSource

_log = logging.getLogger("civicgraph.serve")
T = TypeVar("T")

ENTITY_TYPES = {
    "text/html": None,
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
}


MIN_QUERY_MEMORY_MB = 768
"""Address space a query worker needs with the store open (~600 MB measured) and room."""


@dataclass(frozen=True)
class ServeSettings:
    """What ``civicgraph serve`` serves and the limits it keeps."""

    store_path: Path | None
    """The built store served; ``None`` when the data is at ``endpoint``."""
    iris: Iris
    endpoint: Endpoint | None = None
    """A SPARQL 1.1 endpoint holding the dataset, served instead of a store."""
    catalogue: Path = Path("queries")
    timeout: float = 10.0
    """Seconds a query may run before it is stopped and answered 503."""
    row_cap: int = 10_000
    """Most rows (or triples) one answer carries; the rest are cut and the cut is said."""
    max_body: int = 4 * 1024 * 1024
    """Largest request body, in bytes."""
    concurrency: int = 4
    """Most store calls of pages running at once; further requests wait their turn."""
    query_workers: int = 2
    """Worker processes for the SPARQL visitors write (``/sparql``, the query page)."""
    public_url: str | None = field(default=None)
    """The server's own address as its clients reach it (``--public-url``), for the VoID
    description's sparqlEndpoint and the reconciliation manifest; else the address the
    connection came to, never a request header."""
    page_cache_mb: int = 64
    """Megabytes of rendered entity representations kept in memory; 0 renders every one."""
    query_memory_mb: int = 2048
    """Megabytes of address space each SPARQL worker process may take; 0 sets no limit."""
    max_answer: int = 64 * 1024 * 1024
    """Largest answer to a visitor's SPARQL query, in bytes; a larger one is refused (503)."""
    max_head: int = DEFAULT_MAX_HEAD
    """Largest request line and header fields, in bytes; a larger head is refused (431)."""
    version_check: float = 5.0
    """Seconds between two looks at the data's version (``TripleSource.version``): when
    it changed, pages, their cache and the visitors' queries move to the new data."""

    def __post_init__(self) -> None:
        if (self.store_path is None) == (self.endpoint is None):
            raise ServeError(
                "serve either a store or an endpoint",
                hint="give --store (or build one) or --endpoint, not both",
            )
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
                raise ServeError(
                    f"--public-url {short_repr(self.public_url)} is not an http(s) address",
                    hint="give the address clients reach the server at, e.g. https://data.example.org",
                )
        if 0 < self.query_memory_mb < MIN_QUERY_MEMORY_MB:
            # below this a worker cannot even open the store, and every start fails
            raise ServeError(
                f"--query-memory {self.query_memory_mb} MB is less than a query worker needs"
                f" to open the store (about 600 MB)",
                hint=f"give at least {MIN_QUERY_MEMORY_MB}, or 0 for no limit",
            )


def exposure_warning(settings: ServeSettings, address: str) -> str | None:
    """What a server listening on ``address`` opens to the network, or ``None`` on loopback."""
    try:
        if ipaddress.ip_address(address.split("%", maxsplit=1)[0]).is_loopback:
            return None
    except ValueError:  # a name, not an address: said as it is
        pass
    memory = (
        f"{settings.query_memory_mb} MB each" if settings.query_memory_mb else "no memory limit"
    )
    return (
        f"warning: listening on {address}, not a loopback address: the explorer, /sparql"
        " and /reconcile are open to every machine that can reach this one. Nothing is"
        f" written and no credentials are taken; each query stops after {settings.timeout:g} s"
        f" (--timeout) in {settings.query_workers} worker processes ({memory},"
        f" --query-workers, --query-memory); answers carry at most {settings.row_cap} rows"
        f" and {settings.max_answer} bytes (--max-rows, --max-answer); bodies at most"
        f" {settings.max_body} bytes and request heads {settings.max_head} bytes (--max-body,"
        f" --max-header); pages make {settings.concurrency} store calls at once"
        " (--concurrency). See docs/security.md."
    )


class _BodyLimit:
    """Refuse a request whose body is larger than the limit, before the route reads it."""

    def __init__(self, app: ASGIApp, limit: int, *, stop_queries: Callable[[], None]) -> None:
        self.app, self.limit = app, limit
        self.stop_queries = stop_queries
        """Kill the visitors' running queries, as the server begins to stop (``Server``)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = PlainTextResponse(
                f"request body larger than {self.limit} bytes\n", status_code=413
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Any:  # noqa: ANN401 - an ASGI message
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, f"request body larger than {self.limit} bytes")
            return message

        await self.app(scope, limited, send)


class _Site:
    """The routes' shared state: settings, the data served, templates, the query slots.

    Pages and the visitors' queries read one version of the data (``TripleSource
    .version``): on the embedded store, the generation the manifest named when the
    server started, until a build removes it from disk (the second build after it, or
    the store removed and built anew), when both move to the generation the manifest
    names (``follow_store``); over an endpoint, the version the last push wrote, looked
    at every ``version_check`` seconds (``fresh``). A new version gets a new explorer
    and page cache, and the visitors' queries learn it with their next job.
    """

    def __init__(self, settings: ServeSettings, source: TripleSource) -> None:
        self.settings = settings
        self.iris = settings.iris
        self._serve(source, source.version())
        self.pages = _Lane(settings.concurrency, settings.timeout)
        # reconciliation batches are many searches each: in threads and slots of their
        # own, so that a client sending large ones keeps no page from the store
        self.batches = _Lane(max(1, settings.concurrency // 2), settings.timeout, own_threads=True)
        self.user_queries = isolation.QueryPool(
            source.opener(),
            workers=settings.query_workers,
            memory=settings.query_memory_mb * 1024 * 1024,
            answer_bytes=settings.max_answer,
        )
        self._looked = time.monotonic()
        self.templates = Environment(
            loader=PackageLoader("civicgraph.serve", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # shipped templates: no stat of three files per page
        )
        self.templates.globals["show_value"] = show_value
        self.templates.globals["show_review"] = show_review

    def _serve(self, source: TripleSource, version: str | None) -> None:
        """Serve the pages of ``version`` of ``source``: its explorer and its own page cache."""
        built = _built_at(source)
        explorer = Explorer(source, built_at=built, timeout=self.settings.timeout)
        self.representations = Representations(
            # an endpoint whose data no push wrote has no version: its pages are kept
            # until the server restarts (or --page-cache 0 keeps none)
            version or "unversioned",
            built,
            self.settings.page_cache_mb * 1024 * 1024,
        )
        self.source, self.version, self.explorer = source, version, explorer

    async def fresh(self) -> None:
        """Move to the data's new version if it changed: looked at once every
        ``version_check`` seconds, never by more than one request at a time."""
        if time.monotonic() - self._looked < self.settings.version_check:
            return
        self._looked = time.monotonic()  # the requests meanwhile go on with what is served
        source = self.source
        try:
            version = await self.pages.call(source.version)
        except (CivicGraphError, TimeoutError) as error:  # answered as before; asked again
            _log.warning("the data's version could not be read: %s", error)
            return
        if version != self.version and source is self.source:
            _log.warning("the data changed (version %s); serving it", version)
            self._serve(source, version)
            threading.Thread(target=_warm_up, args=(self,), daemon=True).start()

    def follow_store(self) -> bool:
        """Serve the store's current generation if the one served is gone from disk.

        Called when a query worker could not open the served generation. Whether the
        server changed generation.
        """
        source = self.source
        if not isinstance(source, EmbeddedSource) or source.path is None:
            return False
        if (source.path / source.version()).is_dir():
            return False
        try:
            current = EmbeddedSource.open(source.path, iris=self.iris, timeout=source.timeout)
        except CivicGraphError as error:  # not back yet: the next query tries again
            _log.warning("the store cannot be opened: %s", error)
            return False
        self._serve(current, current.version())
        self.user_queries.serve(current.opener())
        _log.warning("generation %s is gone; serving %s", source.version(), current.version())
        return True

    async def answer(self, job: isolation.Job) -> isolation.Reply:
        """A visitor's query answered by a worker, on the version the pages read."""
        job = dataclasses.replace(job, version=self.version)
        try:
            return await self.user_queries.answer(job)
        except StoreError:
            await anyio.to_thread.run_sync(self.follow_store)
            raise

    async def call(self, function: Callable[..., T], *args: Any) -> T:  # noqa: ANN401
        """``function(*args)`` in one of the pages' threads, under their deadline."""
        return await self.pages.call(function, *args)

    def own_address(self, request: Request) -> str:
        """The server's address for links that leave the page (VoID, the reconciliation
        manifest): ``--public-url``, else the address the connection came to.

        Never the ``Host`` or ``X-Forwarded-*`` headers: a visitor chooses those, and a
        cache between would keep the address one visitor wrote for every other.
        """
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        return listening_address(request.scope)

    def lang(self, request: Request) -> str:
        return choose_language(
            request.query_params.get("lang"), request.headers.get("accept-language")
        )

    def page(
        self,
        request: Request,
        template: str,
        status: int = 200,
        *,
        here: URL | None = None,
        **context: Any,  # noqa: ANN401
    ) -> Response:
        """The template rendered in the request's language; ``here`` is the address its
        language links keep (the request's own unless a route names the parameters it reads)."""
        lang = self.lang(request)
        url = here or request.url
        switch = {code: _local(url.include_query_params(lang=code)) for code in LANGUAGES}
        html = self.templates.get_template(template).render(
            lang=lang,
            t=words(lang),
            languages=LANGUAGE_NAMES,
            switch=switch,
            **context,
        )
        return HTMLResponse(
            html, status_code=status, headers={"Content-Language": lang, "Vary": "Accept-Language"}
        )


class _Lane:
    """Threads for one kind of store call, their number bounded, each call under a deadline."""

    def __init__(self, slots: int, timeout: float, *, own_threads: bool = False) -> None:
        """``own_threads``: wait for threads of this lane's own, never for the pages' ones."""
        # a thread-safe count, not anyio's limiter: the slot must stay taken until the
        # worker thread ends, also when the request gave up on it at its deadline
        self._slots = threading.BoundedSemaphore(slots)
        self._size, self._timeout, self._own_threads = slots, timeout, own_threads
        self._threads: anyio.CapacityLimiter | None = None
        """Made on the event loop at the first call: anyio needs the loop to make one."""

    async def call(self, function: Callable[..., T], *args: Any) -> T:  # noqa: ANN401
        if self._own_threads and self._threads is None:
            self._threads = anyio.CapacityLimiter(self._size)
        # the deadline inside the query stops the work; this one frees the request
        with anyio.fail_after(self._timeout + 1):
            return await anyio.to_thread.run_sync(
                partial(self._in_slot, function, *args),
                abandon_on_cancel=True,
                limiter=self._threads,
            )

    def _in_slot(self, function: Callable[..., T], *args: Any) -> T:  # noqa: ANN401
        # the store cannot stop a query that has not answered yet (a sort, a count), so
        # an abandoned one runs on: it keeps its slot, and the running ones stay bounded
        if not self._slots.acquire(timeout=self._timeout):
            raise queries.QueryTimeoutError(
                "too many queries are running", hint="try again in a moment"
            )
        try:
            return function(*args)
        finally:
            self._slots.release()


class _StaticFiles(StaticFiles):
    """The stylesheet and its kin; a path the system cannot even look up is not found."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        try:
            return super().lookup_path(path)
        except (ValueError, OSError):  # a NUL byte, a name longer than the system allows
            return "", None


async def _form_fields(request: Request) -> list[tuple[str, str]]:
    """The text fields of a posted form; a body that is not the form it says is a 400."""
    try:
        form = await request.form()
    except (MultiPartException, FormParserError) as error:
        raise QueryError("the form could not be read as its Content-Type says") from error
    return [(name, value) for name, value in form.multi_items() if isinstance(value, str)]


def show_value(value: Value, lang: str) -> Markup:
    """One term as HTML: a link where it leads somewhere, its language where it has one.

    A function rather than a template macro, and every part escaped into an f-string
    rather than ``Markup.format`` (three times slower): a page shows hundreds of terms.
    """
    text = escape(value.text)
    if value.href:
        suffix = f"?lang={escape(lang)}" if value.href.startswith("/") else ""
        return Markup(  # noqa: S704 - every part is escaped
            f'<a href="{escape(value.href)}{suffix}" title="{escape(value.iri or "")}">{text}</a>'
        )
    if value.iri:
        return Markup(f'<span title="{escape(value.iri)}">{text}</span>')  # noqa: S704
    if value.lang:
        return Markup(f'<span class="literal" lang="{escape(value.lang)}">{text}</span>')  # noqa: S704
    return Markup(f'<span class="literal">{text}</span>')  # noqa: S704


def show_review(note: str, words: dict[str, str]) -> str:
    """A link's review state in the page's words; a note that records none, as it is."""
    status = review_status(note)
    return words.get(f"review_{status}", note) if status else note


def _local(url: URL) -> str:
    query = f"?{url.query}" if url.query else ""
    return f"{url.path}{query}"


class _Routes:
    """The handlers of every route; each asks the site and renders or serialises."""

    def __init__(self, site: _Site) -> None:
        self.site = site
        self.settings = site.settings

    async def home(self, request: Request) -> Response:
        lang = self.site.lang(request)
        view = await self.site.call(self.site.explorer.home, self.settings.catalogue, lang)
        return self.site.page(request, "home.html", view=view)

    async def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "").strip()[:200]
        lang = self.site.lang(request)
        hits = await self.site.call(self.site.explorer.search, text, lang) if text else []
        return self.site.page(request, "search.html", q=text, hits=hits)

    async def entity(self, request: Request) -> Response:
        entity_id = request.path_params["path"]
        iri = self.site.explorer.iri_of(entity_id)
        # a refusal too is said in the language and the form (page or plain line) asked,
        # so a cache between must keep it apart by both headers as it keeps the pages
        vary = {"Vary": "Accept, Accept-Language"}
        missing = HTTPException(404, f"no entity {entity_id}", headers=vary)
        if not _is_iri(iri):
            raise missing
        format_name = request.query_params.get("format")
        media = (
            protocol.FORMAT_NAMES.get(format_name)
            if format_name
            else protocol.negotiate(request.headers.get("accept"), list(ENTITY_TYPES))
        )
        if media not in ENTITY_TYPES:
            # an unknown entity is a 404 whatever form was asked
            if not await self.site.call(self.site.explorer.exists, iri):
                raise missing
            if format_name:
                raise HTTPException(
                    406, f"no {format_name} form; try turtle, ntriples or jsonld", headers=vary
                )
            raise HTTPException(406, "offered: " + ", ".join(ENTITY_TYPES), headers=vary)
        lang = self.site.lang(request) if media == "text/html" else ""
        pages = self.site.representations
        # keyed by what the answer depends on only: other parameters change nothing
        span = request.query_params.get("span", "") if media == "text/html" else ""
        key = pages.key(media, lang, request.url.path, span)
        representation = pages.get(key)
        if representation is None:
            representation = Representation.of(await self._entity(request, iri, media, missing))
            pages.put(key, representation)
        return pages.answer(representation, request.headers)

    async def _entity(
        self, request: Request, iri: str, media: str, missing: HTTPException
    ) -> Response:
        """The entity's page or RDF, rendered from the store."""
        vary = {"Vary": "Accept, Accept-Language"}
        if media != "text/html":
            triples = await self.site.call(self.site.explorer.graph, iri)
            if not triples:
                raise missing
            body, content_type = protocol.serialise_triples(triples, media, iris=self.site.iris)
            return Response(body, media_type=content_type, headers=vary)
        lang = self.site.lang(request)
        span = request.query_params.get("span")
        view = await self.site.call(self.site.explorer.page, iri, lang, span)
        if view is None:
            raise missing
        template = "source.html" if isinstance(view, SourceView) else "entity.html"
        # the language links keep the one parameter this page reads, so that the page kept
        # for its key is the same whatever else the address carried
        here = request.url.replace(query=urlencode({"span": span} if span else {}))
        response = self.site.page(request, template, here=here, view=view)
        response.headers["Vary"] = vary["Vary"]
        return response

    async def query_page(self, request: Request) -> Response:
        params = request.query_params
        catalogue = await self.site.call(queries.catalogue, self.settings.catalogue)
        name, text = params.get("name"), params.get("sparql")
        answer: queries.QueryResult | None = None
        labels: dict[str, str] = {}
        chosen = None
        error = None
        if name or text:
            try:
                if name:
                    chosen = queries.catalogue_query(name, self.settings.catalogue)
                    values = {
                        p.name: params[f"param.{p.name}"]
                        for p in chosen.parameters
                        if params.get(f"param.{p.name}")
                    }
                    bound = queries.bound_text(chosen, values, iris=self.site.iris)
                    form_name = chosen.form
                else:
                    # read and checked in the worker, under the query's deadline
                    bound, form_name = text or "", None
                job = isolation.Job(bound, self.settings.row_cap, self.settings.timeout, form_name)
                answer = isolation.read_answer(await self.site.answer(job))
            except QueryError as problem:
                if isinstance(problem, _UNAVAILABLE):
                    raise
                error = str(problem)
        download = params.get("format")
        if answer is not None and download:
            media = protocol.answer_media(answer.form, None, download)
            if media is None:
                raise HTTPException(406, f"a {answer.form.value} answer has no {download} form")
            body, content_type = protocol.serialise(answer, media, iris=self.site.iris)
            filename = f"{name or 'query'}.{download}"
            return Response(
                body,
                media_type=content_type,
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        if answer is not None:
            iri_terms = {t for row in answer.rows for t in row if isinstance(t, ox.NamedNode)}
            labels = await self.site.call(
                self.site.explorer.answer_labels,
                iri_terms,
                self.site.lang(request),
            )
        links = {
            fmt: _local(request.url.include_query_params(format=fmt)) for fmt in ("csv", "json")
        }
        return self.site.page(
            request,
            "query.html",
            status=400 if error else 200,
            catalogue=catalogue,
            chosen=chosen,
            sparql=text or "",
            params=params,
            answer=answer,
            labels=labels,
            href=self.site.explorer.local_href,
            error=error,
            downloads=links,
            row_cap=self.settings.row_cap,
        )

    async def sparql(self, request: Request) -> Response:
        body = await request.body() if request.method == "POST" else b""
        form: list[tuple[str, str]] = []
        content_type = request.headers.get("content-type", "")
        if request.method == "POST" and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            try:
                form = await _form_fields(request)
            except QueryError as problem:
                return _refusal(problem)
        try:
            asked = protocol.read_request(
                request.method, content_type, list(request.query_params.multi_items()), form, body
            )
        except QueryError as problem:
            return _refusal(problem)
        # A client that names every graph (civicgraph query --endpoint does) asks for the
        # union the store already keeps: answered from it, not from a list of thousands
        default_graphs, named_graphs = asked.default_graphs, asked.named_graphs
        if default_graphs or named_graphs:
            every = await self.site.call(self.site.explorer.named_graphs)
            default_graphs = [] if set(default_graphs) == every else default_graphs
            named_graphs = [] if set(named_graphs) == every else named_graphs
        job = isolation.Job(
            asked.query,
            limit=self.settings.row_cap,
            timeout=self.settings.timeout,
            negotiated=True,
            accept=request.headers.get("accept"),
            format_name=request.query_params.get("format"),
            default_graphs=tuple(default_graphs),
            named_graphs=tuple(named_graphs),
        )
        try:
            reply = await self.site.answer(job)
        except QueryError as problem:
            return _refusal(problem)
        if not reply.content_type and reply.form is not None:
            return PlainTextResponse(
                f"cannot answer this {reply.form.value} query in the format asked\n",
                status_code=406,
            )
        headers = {"Vary": "Accept"}
        if reply.truncated:
            headers["Civicgraph-Truncated"] = str(self.settings.row_cap)
        return Response(reply.body, media_type=reply.content_type, headers=headers)

    async def void(self, request: Request) -> Response:
        media = protocol.negotiate(
            request.headers.get("accept"), [m for m in ENTITY_TYPES if m != "text/html"]
        )
        if media is None:
            raise HTTPException(
                406, "offered: text/turtle, application/n-triples, application/ld+json"
            )
        triples = list(await self.site.call(self.site.explorer.void))
        dataset = ox.NamedNode(dataset_iri(self.site.iris))
        triples.append(
            ox.Triple(
                dataset,
                void.sparqlEndpoint,
                ox.NamedNode(f"{self.site.own_address(request)}/sparql"),
            )
        )
        body, content_type = protocol.serialise_triples(tuple(triples), media, iris=self.site.iris)
        return Response(body, media_type=content_type, headers={"Vary": "Accept"})

    async def reconcile(self, request: Request) -> Response:
        fields = dict(request.query_params)
        try:
            if request.method == "POST":
                fields.update(dict(await _form_fields(request)))
            batch = reconciliation.parse_batch(fields["queries"]) if "queries" in fields else None
        except QueryError as problem:
            return JSONResponse({"error": str(problem)}, status_code=400)
        if batch is None:
            service = f"{self.site.own_address(request)}/reconcile"
            return JSONResponse(reconciliation.manifest(self.site.explorer, service))
        try:
            answer = await self.site.batches.call(
                partial(reconciliation.reconcile, timeout=self.settings.timeout),
                self.site.explorer,
                batch,
            )
        except (queries.QueryTimeoutError, TimeoutError) as problem:
            # said as the service says every refusal, not as a page
            said = str(problem) or f"the batch ran longer than {self.settings.timeout:g} s"
            return JSONResponse({"error": said}, status_code=503)
        return JSONResponse(answer)

    async def reconcile_suggest(self, request: Request) -> Response:
        prefix = request.query_params.get("prefix", "")[:200]
        types = request.query_params.getlist("type")
        answer = await self.site.call(reconciliation.suggest, self.site.explorer, prefix, types)
        return JSONResponse(answer)

    async def reconcile_preview(self, request: Request) -> Response:
        entity_id = request.query_params.get("id", "").strip()
        if not entity_id:
            raise HTTPException(400, "give the entity to preview as ?id=, e.g. ?id=person/<slug>")
        iri = self.site.explorer.iri_of(entity_id)
        if not _is_iri(iri) or not await self.site.call(self.site.explorer.exists, iri):
            raise HTTPException(404, f"no entity {entity_id}")
        view = await self.site.call(self.site.explorer.entity, iri, self.site.lang(request))
        return self.site.page(request, "preview.html", view=view)

    async def search_redirect(self, request: Request) -> Response:
        return RedirectResponse("/search?" + urlencode(request.query_params.multi_items()))

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if _plain_client(request):
            return PlainTextResponse(
                f"{exc.detail}\n", status_code=exc.status_code, headers=exc.headers
            )
        response = self.site.page(
            request, "error.html", status=exc.status_code, code=exc.status_code, detail=exc.detail
        )
        response.headers.update(exc.headers or {})
        return response

    async def timeout_error(self, request: Request, exc: Exception) -> Response:
        detail = str(exc) if isinstance(exc, CivicGraphError) else "the request took too long"
        if _plain_client(request):
            return PlainTextResponse(f"{detail}\n", status_code=503)
        said = getattr(exc, "words", None)  # a refusal the pages say in their own words
        return self.site.page(request, "error.html", status=503, code=503, detail=detail, said=said)

    async def server_error(self, request: Request, exc: Exception) -> Response:
        _log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return self.site.page(request, "error.html", status=500, code=500, detail=None)


def open_source(settings: ServeSettings) -> TripleSource:
    """What ``settings`` serve: the store at ``store_path`` (read-only), or the dataset at
    ``endpoint`` seen under the settings' base."""
    if settings.endpoint is not None:
        endpoint = dataclasses.replace(settings.endpoint, timeout=settings.timeout)
        return EndpointSource(endpoint, iris=settings.iris)
    assert settings.store_path is not None  # one of the two (ServeSettings)
    return EmbeddedSource.open(settings.store_path, iris=settings.iris, timeout=settings.timeout)


def create_app(settings: ServeSettings, *, source: TripleSource | None = None) -> ASGIApp:
    """The application over ``source``, else over what the settings name (``open_source``)."""
    site = _Site(settings, source if source is not None else open_source(settings))
    routes = _Routes(site)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # in a thread of its own, so the server answers while it runs
        threading.Thread(target=_warm_up, args=(site,), daemon=True).start()
        await anyio.to_thread.run_sync(site.user_queries.start)
        try:
            yield
        finally:
            # also the workers still running a query: none may outlive the server
            await anyio.to_thread.run_sync(site.user_queries.close)

    app = Starlette(
        lifespan=lifespan,
        # read-only public data: any page may query it from a browser (SPARQL clients,
        # reconciliation front ends); no credentials are ever accepted
        middleware=[
            Middleware(
                CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], max_age=3600
            ),
            Middleware(_Fresh, site=site),
        ],
        routes=[
            Route("/", routes.home),
            Route("/search", routes.search),
            Route("/find", routes.search_redirect),
            Route("/id/{path:path}", routes.entity),
            Route("/query", routes.query_page),
            Route("/sparql", routes.sparql, methods=["GET", "POST"]),
            Route("/.well-known/void", routes.void),
            Route("/reconcile", routes.reconcile, methods=["GET", "POST"]),
            Route("/reconcile/suggest/entity", routes.reconcile_suggest),
            Route("/reconcile/preview", routes.reconcile_preview),
            Mount(
                "/static", _StaticFiles(packages=[("civicgraph.serve", "static")]), name="static"
            ),
        ],
        exception_handlers={
            HTTPException: routes.http_error,
            queries.QueryTimeoutError: routes.timeout_error,
            isolation.QueryAbortedError: routes.timeout_error,
            isolation.AnswerTooLargeError: routes.timeout_error,
            TimeoutError: routes.timeout_error,
            Exception: routes.server_error,
        },
    )
    app.state.site = site
    return _BodyLimit(app, settings.max_body, stop_queries=site.user_queries.stop_running)


class Server(uvicorn.Server):
    """uvicorn's server, which stops the visitors' running queries as soon as it stops.

    uvicorn waits for the requests still open before it tells the application to stop:
    one waiting for a runaway query would hold the server until the query's deadline.
    """

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if isinstance(self.config.app, _BodyLimit):
            self.config.app.stop_queries()
        await super().shutdown(sockets)


def bind_listener(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one), for the server to listen on.

    Bound before the server starts, so that a taken port is told as one line and the
    server says it serves only once the address is its own.
    """
    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise ServeError(
            f"cannot listen on {where}: unknown host ({error.strerror})",
            hint="give --host an address of this machine, e.g. 127.0.0.1",
        ) from error
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        # listening already: a client that comes while the server starts waits its turn
        # in the queue instead of being refused
        listener.listen(2048)
    except OSError as error:
        listener.close()
        hint = "check --host and --port"
        if error.errno == errno.EADDRINUSE:
            hint = "another program listens there: stop it or choose another --port"
        elif error.errno == errno.EACCES:
            hint = "ports below 1024 need privileges: choose another --port"
        raise ServeError(f"cannot listen on {where}: {error.strerror}", hint=hint) from error
    return listener


def listening_address(scope: Scope) -> str:
    """``scheme://host[:port]`` of the socket a request came to, as the server reads it."""
    scheme = "https" if scope.get("scheme") == "https" else "http"
    host, port = scope.get("server") or ("127.0.0.1", None)
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" if port in (None, default) else f"{scheme}://{host}:{port}"


def _refusal(problem: QueryError) -> Response:
    """A query the endpoint will not answer, and why, in one line."""
    status = 400
    if isinstance(problem, queries.UpdateRefusedError):
        status = 403
    elif isinstance(problem, _UNAVAILABLE):
        status = 503
    return PlainTextResponse(f"{problem}\n", status_code=status)


_UNAVAILABLE = (
    queries.QueryTimeoutError,
    isolation.QueryAbortedError,
    isolation.AnswerTooLargeError,
)
"""Errors that say the server could not answer now, not that the query is wrong: 503."""


def _warm_up(site: _Site) -> None:
    try:
        site.explorer.warm_up(site.settings.catalogue)
    except CivicGraphError as error:  # the first visitor will meet it again, as a page
        _log.warning("warm-up failed: %s", error)


class _Fresh:
    """Before each request, the site moves to the data's new version if it has one."""

    def __init__(self, app: ASGIApp, *, site: _Site) -> None:
        self.app, self.site = app, site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.site.fresh()
        await self.app(scope, receive, send)


def _built_at(source: TripleSource) -> datetime | None:
    """When the data served was built: the store manifest's time, for the generation
    served; ``None`` when the source does not tell."""
    if not isinstance(source, EmbeddedSource) or source.path is None:
        return None
    try:
        manifest = read_manifest(source.path)
    except CivicGraphError:
        return None
    if manifest.generation != source.version():
        return None
    try:
        stamp = datetime.fromisoformat(manifest.built.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.astimezone(UTC) if stamp.tzinfo is not None else None


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _plain_client(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path == "/sparql" or (
        "text/html" not in accept and "*/*" not in accept and accept != ""
    )
