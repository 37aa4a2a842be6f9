"""The one endpoint client: SPARQL 1.1 Protocol queries and updates, Graph Store uploads.

SPARQLWrapper forms each Protocol request (query or update, POST, ``default-graph-uri``
and ``named-graph-uri`` parameters); :func:`civicgraph.sparql.http.send` sends it, so
credentials, the deadline, redirects and error messages are handled in one place.
Answers are checked before use: the media type first, then the body is parsed by
Oxigraph (``parse_query_results``, ``parse``) in full, and a SELECT answer must bind the
variables the query projects. Anything else is one line saying what came back.

Where a store answers is its *layout*; :func:`resolve_endpoint` knows four:

=========  =====================  ==========================  ===========================
layout     query                  update                      Graph Store
=========  =====================  ==========================  ===========================
oxigraph   ``/query``             ``/update``                 ``/store``
fuseki     ``/<ds>/sparql``       ``/<ds>/update``            ``/<ds>/data``
virtuoso   ``/sparql``            ``/sparql-auth``            ``/sparql-graph-crud-auth``
graphdb    ``/repositories/<r>``  ``…/statements``            ``…/rdf-graphs/service``
=========  =====================  ==========================  ===========================

Credentials come from ``CIVICGRAPH_ENDPOINT_USER``/``CIVICGRAPH_ENDPOINT_PASSWORD`` or
the netrc file (``$NETRC``, else ``~/.netrc``; for the endpoint's host) and are used only
at the endpoint's origin. A netrc file that cannot be parsed is refused, naming its line.
"""

from __future__ import annotations

import netrc
import os
import re
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from SPARQLWrapper import INSERT, POST, POSTDIRECTLY, SELECT, URLENCODED, SPARQLWrapper

from civicgraph.errors import QueryError
from civicgraph.sparql.http import (
    USER_AGENT,
    Credentials,
    EndpointError,
    Response,
    check_url,
    expect,
    not_html,
    origin,
    send,
    with_retries,
)
from civicgraph.sparql.text import inspect

USER_ENV = "CIVICGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "CIVICGRAPH_ENDPOINT_PASSWORD"  # noqa: S105 - the name of a variable, not a secret
DEFAULT_TIMEOUT = 60.0
LAYOUTS = ("oxigraph", "fuseki", "virtuoso", "graphdb")

PUSH_GRAPH_PREFIX = "urn:civicgraph:push:"
"""Where ``civicgraph push`` uploads graphs before it swaps them into place: a reserved
name outside any dataset's ``<base>/graph/``, so that no listing of an endpoint's graphs
(queries, stats, validation) counts what a killed push left, and the next push finds it."""

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_JSON_TYPES = (RESULTS_JSON, "application/json")
_NTRIPLES_TYPES = (NTRIPLES, "text/plain")
"""N-Triples was text/plain before it had its own media type; some stores still say so."""


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 store answers, how long to wait and how to log in."""

    query_url: str
    update_url: str | None = None
    store_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    credentials: Credentials | None = field(default=None, repr=False)
    layout: str = "oxigraph"

    @property
    def user(self) -> str | None:
        return self.credentials.user if self.credentials is not None else None


def guess_layout(url: str) -> str:
    """The layout a URL's path suggests: ``/sparql`` at the root is Virtuoso's, and so on."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    if "/repositories/" in path:
        return "graphdb"
    if path == "/sparql":
        return "virtuoso"
    if path.endswith("/sparql"):
        return "fuseki"
    return "oxigraph"


def layout_urls(url: str, layout: str) -> tuple[str, str, str]:
    """(query, update, Graph Store) URLs of ``layout`` from a service root or its query URL."""
    root = url.rstrip("/")
    if layout == "graphdb":
        return root, f"{root}/statements", f"{root}/rdf-graphs/service"
    if layout == "virtuoso":
        root = root.removesuffix("/sparql")
        return f"{root}/sparql", f"{root}/sparql-auth", f"{root}/sparql-graph-crud-auth"
    if layout == "fuseki":
        for suffix in ("/sparql", "/query"):
            if root.endswith(suffix):
                return (
                    root,
                    f"{root.removesuffix(suffix)}/update",
                    f"{root.removesuffix(suffix)}/data",
                )
        return f"{root}/sparql", f"{root}/update", f"{root}/data"
    if layout == "oxigraph":
        root = root.removesuffix("/query")
        return f"{root}/query", f"{root}/update", f"{root}/store"
    raise EndpointError(
        f"unknown endpoint layout {layout!r}", hint=f"use one of {', '.join(LAYOUTS)}"
    )


def credentials_for(url: str) -> Credentials | None:
    """The user and password for ``url``'s origin: from the environment, else the netrc
    file (``$NETRC``, else ``~/.netrc``)."""
    user = os.environ.get(USER_ENV)
    if user is not None:
        return Credentials(origin(url), user, os.environ.get(PASSWORD_ENV, ""))
    entry = _netrc_entry(urllib.parse.urlsplit(url).hostname or "")
    if entry is None:
        return None
    login, _, password = entry
    return Credentials(origin(url), login or "", password or "")


def _netrc_entry(host: str) -> tuple[str, str | None, str | None] | None:
    named = os.environ.get("NETRC")
    try:
        # netrc reads only ~/.netrc by itself; the file $NETRC names is passed (as curl does).
        return netrc.netrc(named or None).authenticators(host)
    except FileNotFoundError:
        if named:
            raise EndpointError(
                f"NETRC names {named}, which cannot be read",
                hint="point NETRC at your netrc file, or unset it to use ~/.netrc",
            ) from None
        return None
    except netrc.NetrcParseError as error:
        # The line is named, its tokens never repeated: one may be a password.
        reason = re.sub(r"\s*'[^']*'$", "", error.msg)
        raise EndpointError(
            f"{error.filename}:{error.lineno}: not a valid netrc file ({reason})",
            hint="each entry reads: machine HOST login USER password PASSWORD",
        ) from None
    except OSError as error:
        raise EndpointError(
            f"cannot read the netrc file {named or '~/.netrc'}: {error.strerror}"
        ) from None


def resolve_endpoint(
    url: str,
    *,
    layout: str | None = None,
    update_url: str | None = None,
    store_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Endpoint:
    """The endpoint behind ``url`` (a service root or a query URL), the one resolver of
    every command: ``layout`` chosen or guessed from the path, single URLs overridable."""
    check_url(url)
    for extra in (update_url, store_url):
        if extra is not None:
            check_url(extra)
    chosen = layout or guess_layout(url)
    query, update, store = layout_urls(url, chosen)
    return Endpoint(
        query_url=query,
        update_url=update_url or update,
        store_url=store_url or store,
        timeout=timeout,
        credentials=credentials_for(url),
        layout=chosen,
    )


def projected_variables(text: str) -> tuple[str, ...] | None:
    """The variables a SELECT query projects, as rdflib's SPARQL grammar reads its text:
    parsed, never evaluated (an engine would call a SERVICE it names, however spelt).
    ``None`` when they cannot be told: not SELECT, ``SELECT *`` (``Shape.projection``),
    or a dialect the grammar does not read."""
    try:
        return inspect(text).projection
    except QueryError:
        return None


class SparqlClient:
    """Asks one endpoint: queries and updates through SPARQLWrapper, graphs by PUT."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        agent: str = USER_AGENT,
        retries: int = 0,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.agent = agent
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        self.requests_sent = 0

    # -- transport ------------------------------------------------------------------

    def _send(self, request: urllib.request.Request) -> Response:
        def once() -> Response:
            self.requests_sent += 1
            return send(
                request, timeout=self.endpoint.timeout, credentials=self.endpoint.credentials
            )

        return with_retries(
            once,
            attempts=self.retries + 1,
            backoff_base=self.backoff_base,
            backoff_cap=self.backoff_cap,
            sleep=self._sleep,
        )

    def _protocol_request(
        self,
        text: str,
        *,
        accept: str,
        update: bool = False,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
    ) -> urllib.request.Request:
        wrapper = SPARQLWrapper(
            self.endpoint.query_url, updateEndpoint=self.endpoint.update_url, agent=self.agent
        )
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        wrapper.setQuery(text)
        # The caller knows an update from a query; SPARQLWrapper guesses from the first
        # keyword it finds, comments included, and took a SELECT commented "drops …" for a
        # DROP, sending it to the update URL.
        wrapper.queryType = INSERT if update else SELECT
        wrapper.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        wrapper.addCustomHttpHeader("Accept", accept)
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs:
            wrapper.addNamedGraph(graph)
        request: urllib.request.Request = (
            wrapper._createRequest()
        )  # the request SPARQLWrapper would send
        request.method = "POST"
        return request

    # -- queries --------------------------------------------------------------------

    def results(
        self,
        text: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> ox.QuerySolutions | ox.QueryBoolean:
        """A SELECT or ASK query's answer, checked to be complete SPARQL JSON results that
        bind the variables the query projects."""
        return parse_results(
            self.checked_results(text, default_graphs=default_graphs, named_graphs=named_graphs)
        )

    def checked_results(
        self,
        text: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> Response:
        """The response to a SELECT or ASK query once checked as :meth:`results` checks it
        (its body is then safe to cache)."""
        response = expect(
            self._send(
                self._protocol_request(
                    text,
                    accept=RESULTS_JSON,
                    default_graphs=default_graphs,
                    named_graphs=named_graphs,
                )
            ),
            _JSON_TYPES,
            what="SPARQL JSON results",
        )
        check_results(response, projected_variables(text))
        return response

    def named_graphs(self, *, thorough: bool = False, pushing: bool = False) -> list[str]:
        """The endpoint's named graphs, sorted, never a push's temporary ones (or only
        those, with ``pushing``). ``GRAPH ?g {}`` is the cheap question; Virtuoso answers it
        with nothing, so ``thorough`` then finds them by their triples."""
        for pattern in ("{ }", "{ ?s ?p ?o }") if thorough else ("{ }",):
            answer = self.results(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} }}")
            names = (
                sorted(s["g"].value for s in answer if isinstance(s["g"], ox.NamedNode))
                if isinstance(answer, ox.QuerySolutions)
                else []
            )
            del answer  # dropped on this thread (see _results_problem)
            if names:
                return [n for n in names if n.startswith(PUSH_GRAPH_PREFIX) == pushing]
        return []

    def construct(
        self,
        text: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> bytes:
        """A CONSTRUCT or DESCRIBE query's triples as N-Triples, checked to parse."""
        response = expect(
            self._send(
                self._protocol_request(
                    text, accept=NTRIPLES, default_graphs=default_graphs, named_graphs=named_graphs
                )
            ),
            _NTRIPLES_TYPES,
            what="N-Triples",
        )
        try:
            for _ in ox.parse(response.body, format=ox.RdfFormat.N_TRIPLES):
                pass
        except (SyntaxError, ValueError) as error:
            raise EndpointError(
                f"{response.url} answered {response.summary()}, not valid N-Triples ({error})",
                hint="check --endpoint",
            ) from None
        return response.body

    # -- writes ---------------------------------------------------------------------

    def update(self, text: str) -> None:
        """One SPARQL 1.1 Update request (Protocol §2.2.2, direct POST)."""
        if self.endpoint.update_url is None:
            raise EndpointError("no update URL", hint="pass --update-url or --layout")
        request = self._protocol_request(
            text, accept=f"{RESULTS_JSON}, text/plain;q=0.9, */*;q=0.1", update=True
        )
        not_html(self._send(request), what="the answer to a SPARQL update")

    def put_graph(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        """Replace ``graph`` with ``ntriples`` (Graph Store HTTP Protocol §5.3)."""
        self._send_graph("PUT", graph, ntriples)

    def post_graph(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        """Add ``ntriples`` to ``graph`` (Graph Store HTTP Protocol §5.5)."""
        self._send_graph("POST", graph, ntriples)

    def _send_graph(self, method: str, graph: ox.NamedNode, ntriples: bytes) -> None:
        if self.endpoint.store_url is None:
            raise EndpointError("no Graph Store URL", hint="pass --store-url or --layout")
        target = f"{self.endpoint.store_url}?graph={urllib.parse.quote(graph.value, safe='')}"
        request = urllib.request.Request(  # noqa: S310 - http(s) checked by send()
            target,
            data=ntriples,
            method=method,
            headers={"Content-Type": NTRIPLES, "Accept": "*/*", "User-Agent": self.agent},
        )
        not_html(self._send(request), what=f"the answer to a Graph Store {method}")


def parse_results(response: Response) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL JSON results read in full (so a truncated answer fails here, not later)."""
    problem = _results_problem(response.body)
    if problem is not None:
        raise EndpointError(
            f"{response.url} answered {response.summary()}, not SPARQL JSON results ({problem})",
            hint="check --endpoint; the server may have been cut off",
            transient=True,
        )
    parsed = ox.parse_query_results(response.body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions | ox.QueryBoolean)
    return parsed


def _results_problem(body: bytes) -> str | None:
    # Parsed objects of Oxigraph must die on the thread that made them: they never travel
    # inside an exception's traceback, which retries and caches may keep alive.
    try:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QuerySolutions):
            for _ in parsed:
                pass
    except (SyntaxError, ValueError) as error:
        return " ".join(str(error).split())
    return None


def check_results(response: Response, variables: Sequence[str] | None) -> None:
    """Refuse an answer that does not parse in full, or binds other variables than asked."""
    parsed = parse_results(response)
    got = (
        tuple(v.value for v in parsed.variables) if isinstance(parsed, ox.QuerySolutions) else None
    )
    del parsed
    if got is not None and variables is not None and set(got) != set(variables):
        raise EndpointError(
            f"{response.url} answered variables {', '.join(got) or '(none)'} "
            f"where the query asks for {', '.join(variables)}",
            hint="the server is not answering this query; check --endpoint",
            transient=True,
        )


__all__ = [
    "DEFAULT_TIMEOUT",
    "LAYOUTS",
    "NTRIPLES",
    "PASSWORD_ENV",
    "PUSH_GRAPH_PREFIX",
    "RESULTS_JSON",
    "USER_ENV",
    "Endpoint",
    "EndpointError",
    "SparqlClient",
    "check_results",
    "credentials_for",
    "guess_layout",
    "layout_urls",
    "parse_results",
    "projected_variables",
    "resolve_endpoint",
]
