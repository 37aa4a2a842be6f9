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
from starlette.datastructures import URL, QueryParams
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
from civicgraph.facts import BY_NAME
from civicgraph.formats import Format, media_types, rdf_formats, results_formats, write_rdf
from civicgraph.formatting import format_size
from civicgraph.io import short_repr
from civicgraph.iris import Iris
from civicgraph.languages import LANGUAGES
from civicgraph.linking.rdf import review_status
from civicgraph.metadata import dataset_iri, describe_access
from civicgraph.release import DEFAULT_RELEASES
from civicgraph.results import render_result
from civicgraph.serve import downloads, isolation, protocol, queries
from civicgraph.serve import reconcile as reconciliation
from civicgraph.serve.connection import DEFAULT_MAX_HEAD
from civicgraph.serve.explorer import Explorer, SourceView, Value
from civicgraph.serve.headers import weighted
from civicgraph.serve.i18n import LANGUAGE_NAMES, choose_language, count_of, list_title, words
from civicgraph.serve.kinds import LIST_KINDS
from civicgraph.serve.representations import Representation, Representations
from civicgraph.sparql.client import Endpoint
from civicgraph.store import read_manifest
from civicgraph.triplesource import EmbeddedSource, EndpointSource, TripleSource

_log = logging.getLogger("civicgraph.serve")
T = TypeVar("T")

HTML = "text/html"
"""An entity's page; its other representations are the RDF formats of the registry."""


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
    releases: Path = DEFAULT_RELEASES
    """The folder ``civicgraph release`` writes releases into, listed on ``/download``."""
    downloads: Path | None = None
    """Where the dumps of the served store are written, a folder per generation; ``None``:
    inside the generation's own folder of the store (``civicgraph.serve.downloads``)."""

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
        self.templates.globals["format_size"] = format_size
        self.releases = downloads.Releases(settings.releases)

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
        self.dumps = _dumps_of(source, self.settings.downloads)

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

    def description(self, own_address: str) -> list[ox.Triple]:
        """The VoID description served: the explorer's, and where the data is published
        (the dumps ``/download`` offers, ``/sparql``, when it was built or pushed)."""
        source = self.source
        issued = (
            source.pushed_at() if isinstance(source, EndpointSource) else self.explorer.built_at
        )
        if self.dumps is not None:
            names = [downloads.dump_name(fmt) for fmt in rdf_formats()]
        else:  # over an endpoint, the dumps are the latest release's, if there is one
            latest = self.releases.listed()[:1]
            names = [f"release/{r.version}/{d.name}" for r in latest for d in r.dumps]
        access = describe_access(
            ox.NamedNode(dataset_iri(self.iris)),
            dumps=[f"{own_address}/download/{name}" for name in names],
            sparql_endpoint=f"{own_address}/sparql",
            issued=issued,
        )
        return [*self.explorer.void(), *access]

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


async def _reconcile_form(request: Request) -> dict[str, str]:
    """A reconciliation POST's fields: a form carrying ``queries`` or ``extend`` (§4.3, §8.3)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        raise QueryError(
            f"the body is read as a form, not as {content_type or 'untyped bytes'}",
            hint="post application/x-www-form-urlencoded with the JSON as queries=… or extend=…",
        )
    fields = dict(await _form_fields(request))
    if "queries" not in fields and "extend" not in fields:
        raise QueryError(
            "the form carries neither queries nor extend",
            hint="post the batch as queries=… (or a data extension as extend=…)",
        )
    if "queries" in fields and "extend" in fields:
        raise QueryError("the form carries both queries and extend; send one a request")
    return fields


def _asked_language(request: Request) -> str | None:
    """The language a client asked the service in (``?lang=``), if one civicgraph speaks."""
    asked = request.query_params.get("lang", "").lower()
    return asked if asked in LANGUAGES else None


def _whole_number(params: QueryParams, name: str) -> int | None:
    """A count given as ``?name=`` (a suggest's cursor or limit); ``None`` when not given."""
    raw = params.get(name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise QueryError(f"{name} must be a whole number, not {short_repr(raw)}")
    return int(raw)


_SPARQL_EXAMPLES = (
    (
        "example_people",
        "PREFIX civ: <https://w3id.org/civicgraph/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?person ?label WHERE {\n  ?person a civ:Person ; rdfs:label ?label .\n}\n"
        "ORDER BY ?person\nLIMIT 20",
    ),
    (
        "example_classes",
        "SELECT ?class (COUNT(?thing) AS ?things) WHERE {\n  ?thing a ?class .\n}\n"
        "GROUP BY ?class\nORDER BY DESC(?things)",
    ),
    (
        "example_graphs",
        "SELECT ?graph (COUNT(*) AS ?statements) WHERE {\n  GRAPH ?graph { ?s ?p ?o }\n}\n"
        "GROUP BY ?graph\nORDER BY DESC(?statements)",
    ),
)
"""The /sparql page's examples: the i18n key of each one's title, and its text."""


class _PageRefusal(HTTPException):
    """A refusal whose words are already the page's language: its page shows them as they
    are, where another refusal shows a sentence of its code and folds the server's line."""


def _a_browser_visiting(request: Request) -> bool:
    """A GET of /sparql with no query, from a client that ranks a web page first: a person
    who followed a link, to whom the Protocol's 400 "no query given" would say nothing."""
    accept = request.headers.get("accept")
    if request.method != "GET" or "query" in request.query_params:
        return False
    if not any(media == HTML for media, _, _ in weighted(accept)):
        return False  # */* is a client's "anything": it is told what the Protocol wants
    return protocol.negotiate(accept, [HTML, *media_types(results_formats())]) == HTML


def show_value(value: Value, lang: str) -> Markup:
    """One term as HTML: a link where it leads somewhere, its language where it has one.

    A label in another language than the page's is marked with its own (``lang=``), so
    a reader (and a screen reader) knows it is one; a literal always says its language.
    A function rather than a template macro, and every part escaped into an f-string
    rather than ``Markup.format`` (three times slower): a page shows hundreds of terms.
    """
    text = escape(value.text)
    note = f' <small class="note">{escape(value.note)}</small>' if value.note else ""
    other = value.lang and value.lang.split("-")[0].lower() != lang
    marked = f' lang="{escape(value.lang)}"' if other and value.lang else ""
    if value.href:
        suffix = f"?lang={escape(lang)}" if value.href.startswith("/") else ""
        return Markup(  # noqa: S704 - every part is escaped
            f'<a href="{escape(value.href)}{suffix}" title="{escape(value.iri or "")}"{marked}>'
            f"{text}</a>{note}"
        )
    if value.iri:
        return Markup(f'<span title="{escape(value.iri)}"{marked}>{text}</span>{note}')  # noqa: S704
    if value.lang:
        return Markup(f'<span class="literal" lang="{escape(value.lang)}">{text}</span>{note}')  # noqa: S704
    return Markup(f'<span class="literal">{text}</span>{note}')  # noqa: S704


def show_review(note: str, words: dict[str, str]) -> str:
    """A link's review state in the page's words; a note that records none, as it is."""
    status = review_status(note)
    return words.get(f"review_{status}", note) if status else note


_LIST_DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json"}
"""The forms a whole list downloads in, by the name its address gives."""


def _list_address(kind: str, lang: str, **chosen: str | int) -> str:
    """The address of a list with ``chosen`` parameters (sort, page, format) in ``lang``."""
    query = {name: str(value) for name, value in chosen.items() if value not in ("", None)}
    return f"/list/{kind}?" + urlencode({**query, "lang": lang})


_MAX_PAGE = 100_000
"""The highest page number read; a larger one is the last page (a list is never longer)."""


def _page_number(text: str | None) -> int:
    """A page number from the address: digits, 1 to ``_MAX_PAGE``; anything else is 1."""
    if not text or not text.isdigit():
        return 1
    return max(1, min(int(text), _MAX_PAGE))


def _page_parameters(request: Request) -> dict[str, str]:
    """The parameters an entity page reads, as it reads them: the span highlighted, the
    group of facts paged and its page (a group that is no kind of fact is none)."""
    params = request.query_params
    chosen: dict[str, str] = {}
    if params.get("span"):
        chosen["span"] = params["span"][:40]
    group = params.get("group", "")
    if group in BY_NAME:
        chosen["group"] = group
        page = _page_number(params.get("page"))
        if page > 1:
            chosen["page"] = str(page)
    return chosen


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

    async def list_page(self, request: Request) -> Response:
        """A list of one kind (``/list/person``), a page at a time, or the whole of it as
        CSV or JSON (``/list/person.csv``, ``?format=csv``)."""
        name, dot, suffix = request.path_params["kind"].partition(".")
        kind = LIST_KINDS.get(name)
        lang = self.site.lang(request)
        said = words(lang)
        if kind is None:
            known = ", ".join(LIST_KINDS)
            raise _PageRefusal(404, said["no_list"].format(name=name, lists=known))
        params = request.query_params
        download = suffix if dot else params.get("format", "")
        sort = params.get("sort", "")
        sort = sort if sort in kind.sorts else kind.sorts[0]
        lists = self.site.explorer.lists
        if download:
            if download not in _LIST_DOWNLOADS:
                raise _PageRefusal(406, said["no_list_form"].format(form=download))
            header, rows, cut = await self.site.call(
                partial(lists.table, limit=self.settings.row_cap), kind, sort, lang
            )
            answer = queries.QueryResult(
                queries.QueryForm.SELECT, tuple(header), tuple(rows), truncated=cut
            )
            headers = {
                "Content-Disposition": f'attachment; filename="{kind.name}.{download}"',
                "Content-Language": lang,
                "Vary": "Accept-Language",
            }
            if cut:
                headers["Civicgraph-Truncated"] = str(self.settings.row_cap)
            return Response(
                render_result(answer, download, iris=self.site.iris),
                media_type=_LIST_DOWNLOADS[download],
                headers=headers,
            )
        view = await self.site.call(
            partial(lists.page, sort=sort, page=_page_number(params.get("page")), lang=lang),
            kind,
        )
        chosen = {"sort": sort} if sort != kind.sorts[0] else {}
        if view.page > 1:
            chosen["page"] = str(view.page)
        here = request.url.replace(query=urlencode(chosen))
        return self.site.page(
            request,
            "list.html",
            here=here,
            view=view,
            title=list_title(kind.name, lang),
            count=count_of(kind.name, view.count, lang),
            address=partial(_list_address, kind.name, lang),
        )

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
        # the page, or an RDF format of the registry: by ?format= (RDF only), else Accept
        format_name, accept = request.query_params.get("format"), request.headers.get("accept")
        offered = rdf_formats()
        media = None if format_name else protocol.negotiate(accept, [HTML, *media_types(offered)])
        chosen = None if media == HTML else protocol.choose_format(offered, accept, format_name)
        if media != HTML and chosen is None:
            # an unknown entity is a 404 whatever form was asked
            if not await self.site.call(self.site.explorer.exists, iri):
                raise missing
            said = protocol.not_acceptable(offered, accept, format_name, also=[HTML])
            raise HTTPException(406, said, headers=vary)
        media = HTML if chosen is None else chosen.media_type
        lang = self.site.lang(request) if chosen is None else ""
        pages = self.site.representations
        # keyed by what the answer depends on only: other parameters change nothing
        view = urlencode(_page_parameters(request)) if chosen is None else ""
        key = pages.key(media, lang, request.url.path, view)
        representation = pages.get(key)
        if representation is None:
            representation = Representation.of(await self._entity(request, iri, chosen, missing))
            pages.put(key, representation)
        return pages.answer(representation, request.headers)

    async def _entity(
        self, request: Request, iri: str, chosen: Format | None, missing: HTTPException
    ) -> Response:
        """The entity's page (``chosen`` is ``None``) or RDF, rendered from the store."""
        vary = {"Vary": "Accept, Accept-Language"}
        if chosen is not None:
            quads = await self.site.call(self.site.explorer.quads, iri)
            if not quads:
                raise missing
            body = write_rdf(quads, chosen, prefixes=self.site.iris.prefixes())
            return Response(body, media_type=chosen.content_type, headers=vary)
        lang = self.site.lang(request)
        asked = _page_parameters(request)
        view = await self.site.call(
            partial(
                self.site.explorer.page,
                group=asked.get("group", ""),
                group_page=int(asked.get("page", "1")),
            ),
            iri,
            lang,
            asked.get("span"),
        )
        if view is None:
            raise missing
        template = "source.html" if isinstance(view, SourceView) else "entity.html"
        # the language links keep the parameters this page reads, so that the page kept
        # for its key is the same whatever else the address carried
        here = request.url.replace(query=urlencode(asked))
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
            answer_in = protocol.answer_format(answer.form, None, download)
            if answer_in is None:
                raise HTTPException(406, f"a {answer.form.value} answer has no {download} form")
            body, content_type = protocol.serialise(answer, answer_in, iris=self.site.iris)
            filename = f"{name or 'query'}.{answer_in.extension}"
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
        links = [
            (fmt, _local(request.url.include_query_params(format=fmt.name)))
            for fmt in (protocol.offers(answer.form) if answer is not None else ())
        ]
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

    async def sparql_page(self, request: Request) -> Response:
        """/sparql as a browser sees it: what the address is for, a form, examples."""
        t = words(self.site.lang(request))
        catalogue = await self.site.call(queries.catalogue, self.settings.catalogue)
        examples = [(t[key], text) for key, text in _SPARQL_EXAMPLES]
        return self.site.page(
            request,
            "sparql.html",
            endpoint=f"{self.site.own_address(request)}/sparql",
            examples=examples,
            catalogue=catalogue,
        )

    async def sparql(self, request: Request) -> Response:
        if _a_browser_visiting(request):
            return await self.sparql_page(request)
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
            offered = protocol.not_acceptable(
                protocol.offers(reply.form), job.accept, job.format_name
            )
            return PlainTextResponse(
                f"cannot answer this {reply.form.value} query: {offered}\n",
                status_code=406,
                headers={"Vary": "Accept"},
            )
        headers = {"Vary": "Accept"}
        if reply.truncated:
            headers["Civicgraph-Truncated"] = str(self.settings.row_cap)
        return Response(reply.body, media_type=reply.content_type, headers=headers)

    async def void(self, request: Request) -> Response:
        offered, accept = rdf_formats(), request.headers.get("accept")
        chosen = protocol.choose_format(offered, accept, None)
        if chosen is None:
            said = protocol.not_acceptable(offered, accept, None)
            raise HTTPException(406, said, headers={"Vary": "Accept"})
        own = self.site.own_address(request)
        triples = await self.site.call(self.site.description, own)
        body = write_rdf(sorted(triples, key=str), chosen, prefixes=self.site.iris.prefixes())
        return Response(body, media_type=chosen.content_type, headers={"Vary": "Accept"})

    # -- /download: the dumps of the data served and the releases (serve.downloads) ------

    async def download_page(self, request: Request) -> Response:
        dumps = self.site.dumps
        current = (
            [(fmt, downloads.dump_name(fmt), dumps.ready(fmt)) for fmt in rdf_formats()]
            if dumps is not None
            else None
        )
        releases = await self.site.call(self.site.releases.listed)
        return self.site.page(request, "download.html", current=current, releases=releases)

    async def download_dump(self, request: Request) -> Response:
        name = request.path_params["name"]
        fmt, dumps = downloads.dump_format(name), self.site.dumps
        if fmt is None:
            raise HTTPException(404, f"no download {name}")
        if dumps is None:
            detail = "this server reads a SPARQL endpoint and makes no dump of it: see /download"
            return self._refused(request, 404, "no_dump_over_endpoint", detail)
        wait = self.settings.timeout
        with anyio.move_on_after(wait + 1):
            try:
                made = await anyio.to_thread.run_sync(
                    partial(dumps.make, fmt, wait=wait), abandon_on_cancel=True
                )
            except CivicGraphError as error:
                _log.error("the %s dump cannot be written: %s", fmt.name, error)
                detail = f"the {fmt.title} dump cannot be written now"
                return self._refused(request, 503, "dump_unavailable", detail)
            if made is not None:
                return downloads.send(made, request.headers)
        # still being written, by this request's thread or another's: it goes on
        detail = f"the {fmt.title} dump is being written; try again in a minute"
        return self._refused(
            request, 503, "dump_being_written", detail, headers={"Retry-After": "60"}
        )

    async def download_release(self, request: Request) -> Response:
        version, name = request.path_params["version"], request.path_params["name"]
        found = await self.site.call(self.site.releases.file, version, name)
        if found is None:
            raise HTTPException(404, f"release {version} has no file {name}")
        if not await anyio.to_thread.run_sync(self.site.releases.intact, found):
            _log.error("%s does not match its SHA256SUMS: not sent", found.path)
            raise HTTPException(500, f"{name} of release {version} does not match its checksum")
        return downloads.send(found, request.headers)

    def _refused(
        self,
        request: Request,
        status: int,
        said: str,
        detail: str,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """A refusal in one line for a client, in the page's words for a browser."""
        if _plain_client(request):
            return PlainTextResponse(f"{detail}\n", status_code=status, headers=headers)
        response = self.site.page(
            request, "error.html", status=status, code=status, detail=detail, said=said
        )
        response.headers.update(headers or {})
        return response

    async def reconcile(self, request: Request) -> Response:
        """The manifest, a batch (``queries=``) or a data extension (``extend=``), by GET
        or by a posted form; anything else is a 400 that says what was wrong."""
        fields = dict(request.query_params)
        try:
            if request.method == "POST":
                fields.update(await _reconcile_form(request))
            batch = reconciliation.parse_batch(fields["queries"]) if "queries" in fields else None
            extension = (
                reconciliation.parse_extend(fields["extend"]) if "extend" in fields else None
            )
        except QueryError as problem:
            return JSONResponse({"error": str(problem)}, status_code=400)
        asked = _asked_language(request)
        lang = asked or self.site.lang(request)
        work: Callable[..., dict[str, Any]]
        if batch is not None:
            work = partial(reconciliation.reconcile, batch=batch, lang=asked, default_lang=lang)
        elif extension is not None:
            work = partial(reconciliation.extend, query=extension, lang=lang)
        else:
            service = f"{self.site.own_address(request)}/reconcile"
            manifest = await self.site.call(
                partial(reconciliation.manifest, lang=lang, lang_asked=asked is not None),
                self.site.explorer,
                service,
            )
            return JSONResponse(manifest)
        try:
            answer = await self.site.batches.call(
                partial(work, timeout=self.settings.timeout), self.site.explorer
            )
        except (queries.QueryTimeoutError, TimeoutError) as problem:
            # said as the service says every refusal, not as a page
            said = str(problem) or f"the request ran longer than {self.settings.timeout:g} s"
            return JSONResponse({"error": said}, status_code=503)
        return JSONResponse(answer)

    async def reconcile_suggest(self, request: Request) -> Response:
        """The suggest services: ``/reconcile/suggest/entity``, ``…/property``, ``…/type``."""
        params = request.query_params
        suggester = reconciliation.SUGGESTERS.get(request.path_params["kind"])
        if suggester is None:
            raise HTTPException(404, "suggest services: entity, property, type")
        try:
            limit = _whole_number(params, "limit") or reconciliation.SUGGEST_LIMIT
            query = reconciliation.SuggestQuery(
                params.get("prefix", "")[: reconciliation.MAX_TEXT],
                lang=_asked_language(request),
                default_lang=self.site.lang(request),
                cursor=_whole_number(params, "cursor") or 0,
                limit=min(limit, reconciliation.MAX_SUGGEST),
                types=tuple(params.getlist("type")),
            )
            answer = await self.site.call(suggester, self.site.explorer, query)
        except QueryError as problem:
            return JSONResponse({"error": str(problem)}, status_code=400)
        return JSONResponse(answer)

    async def reconcile_properties(self, request: Request) -> Response:
        """Data extension's property proposals (``/reconcile/properties?type=``)."""
        params = request.query_params
        try:
            if not params.get("type"):
                raise QueryError("give the type to propose properties for as ?type=")
            answer = await self.site.call(
                partial(
                    reconciliation.propose_properties,
                    type_id=params["type"],
                    lang=_asked_language(request) or self.site.lang(request),
                    limit=_whole_number(params, "limit"),
                ),
                self.site.explorer,
            )
        except QueryError as problem:
            return JSONResponse({"error": str(problem)}, status_code=400)
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
            request,
            "error.html",
            status=exc.status_code,
            code=exc.status_code,
            detail=exc.detail,
            path=request.url.path,
            in_words=exc.detail if isinstance(exc, _PageRefusal) else None,
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
            Route("/list/{kind}", routes.list_page),
            Route("/find", routes.search_redirect),
            Route("/id/{path:path}", routes.entity),
            Route("/query", routes.query_page),
            Route("/sparql", routes.sparql, methods=["GET", "POST"]),
            Route("/.well-known/void", routes.void),
            Route("/download", routes.download_page),
            Route("/download/release/{version}/{name}", routes.download_release),
            Route("/download/{name}", routes.download_dump),
            Route("/reconcile", routes.reconcile, methods=["GET", "POST"]),
            Route("/reconcile/suggest/{kind:str}", routes.reconcile_suggest),
            Route("/reconcile/properties", routes.reconcile_properties),
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


def _dumps_of(source: TripleSource, cache: Path | None) -> downloads.Dumps | None:
    """The dumps of the store's generation served; none over an endpoint."""
    if not isinstance(source, EmbeddedSource) or source.path is None:
        return None
    generation = source.version()
    folder = source.path / generation
    return downloads.Dumps(
        folder, (cache / generation) if cache is not None else folder / downloads.DUMPS_FOLDER
    )


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
