"""Push the dataset to, and query it in, any SPARQL 1.1 store.

Protocols, not products:

- upload: SPARQL 1.1 Graph Store HTTP Protocol (§5.3 ``PUT`` of a graph), falling back to
  SPARQL 1.1 Update ``INSERT DATA`` in batches when the store has no Graph Store endpoint;
- swap: one SPARQL 1.1 Update request of ``MOVE``/``ADD`` operations (§3.2.5, §3.2.4);
- query: SPARQL 1.1 Protocol (§2.1) through SPARQLWrapper, results read by Oxigraph's
  SPARQL JSON parser so callers get the same ``QuerySolutions`` as from the embedded store.

A push never writes the target graphs directly: each graph is first uploaded to a
temporary graph, and only when every upload has succeeded does one update request move
them into place. A push that fails midway drops its temporary graphs and leaves the
targets as they were (the swap is one request, which Oxigraph, Fuseki, GraphDB and
Virtuoso each run as one transaction; see ``docs/scale.md``).

Credentials come from ``CIVICGRAPH_ENDPOINT_USER``/``CIVICGRAPH_ENDPOINT_PASSWORD`` or
from ``~/.netrc`` for the endpoint's host; a URL with ``user:password@`` is refused so that
secrets never appear in shell history, process lists or logs.
"""

from __future__ import annotations

import base64
import contextlib
import netrc
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from SPARQLWrapper import SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from civicgraph.errors import StoreError
from civicgraph.snapshot import DEFAULT_GRAPH, Snapshot
from civicgraph.sparql.text import detect_form

USER_ENV = "CIVICGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "CIVICGRAPH_ENDPOINT_PASSWORD"  # noqa: S105 - the name of a variable, not a secret
DEFAULT_TIMEOUT = 60.0
DEFAULT_BATCH = 20_000
"""Triples per ``INSERT DATA`` request when the Graph Store Protocol is not available."""

_TEMP_SUFFIX = "#civicgraph-push-"
_GSP_UNSUPPORTED = {404, 405, 415, 501}
_USER_AGENT = "civicgraph (https://w3id.org/civicgraph; SPARQL 1.1 client)"


class EndpointError(StoreError):
    """A remote SPARQL store cannot be reached, refuses a request or answers nonsense."""


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 store answers: query, update and Graph Store URLs, and how to log in."""

    query_url: str
    update_url: str | None = None
    store_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    @property
    def authorization(self) -> str | None:
        if self.user is None:
            return None
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
        return f"Basic {token}"


def _check_url(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(f"not an http(s) URL: {url!r}", hint="pass e.g. http://127.0.0.1:7878")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(
            "credentials in the endpoint URL are refused",
            hint=f"set {USER_ENV} and {PASSWORD_ENV}, or add the host to ~/.netrc",
        )
    return parts


def _credentials(host: str) -> tuple[str | None, str | None]:
    user = os.environ.get(USER_ENV)
    if user is not None:
        return user, os.environ.get(PASSWORD_ENV, "")
    try:
        entry = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None, None
    if entry is None:
        return None, None
    login, _, password = entry
    return login, password


def resolve_endpoint(
    url: str,
    *,
    update_url: str | None = None,
    store_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Endpoint:
    """The endpoint behind ``url``: a service root (``http://host:7878``) or its query URL.

    From a root, Oxigraph's layout is assumed (``/query``, ``/update``, ``/store``); from a
    URL ending in ``/query`` or ``/sparql`` the siblings ``/update`` and ``/store`` (or, for
    ``/sparql``, Fuseki's ``/update`` and ``/data``). Pass ``update_url``/``store_url`` for
    other layouts.
    """
    parts = _check_url(url)
    for extra in (update_url, store_url):
        if extra is not None:
            _check_url(extra)
    root = url.rstrip("/")
    if root.endswith("/query"):
        base = root.removesuffix("/query")
        query, update, store = root, f"{base}/update", f"{base}/store"
    elif root.endswith("/sparql"):
        base = root.removesuffix("/sparql")
        query, update, store = root, f"{base}/update", f"{base}/data"
    else:
        query, update, store = f"{root}/query", f"{root}/update", f"{root}/store"
    user, password = _credentials(parts.hostname or "")
    return Endpoint(
        query_url=query,
        update_url=update_url or update,
        store_url=store_url or store,
        timeout=timeout,
        user=user,
        password=password,
    )


# -- HTTP -------------------------------------------------------------------------------


def _describe(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        error = reason
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError | socket.timeout):
        return "timed out"
    return str(error) or type(error).__name__


def _request(
    endpoint: Endpoint,
    url: str,
    *,
    method: str,
    body: bytes,
    content_type: str,
    accept: str = "*/*",
) -> bytes:
    headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": _USER_AGENT}
    if endpoint.authorization is not None:
        headers["Authorization"] = endpoint.authorization
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 - URL checked
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:  # noqa: S310 - URL checked
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
        first = f": {detail[0]}" if detail else ""
        raise EndpointError(
            f"{method} {url} failed: HTTP {error.code}{first}", hint=_hint(error.code)
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise EndpointError(
            f"{method} {url} failed: {_describe(error)}",
            hint="check that the store is running and the URL is right (or raise --timeout)",
        ) from error


def _hint(status: int) -> str:
    if status in {401, 403}:
        return f"check {USER_ENV}/{PASSWORD_ENV} or ~/.netrc and the account's rights"
    if status == 404:
        return "check the endpoint URL (or pass --update-url / --store-url)"
    if status >= 500:
        return "the store failed; see its log"
    return "the store refused the request"


def run_update(endpoint: Endpoint, update: str) -> None:
    """Send one SPARQL 1.1 Update request (Protocol §2.2.2, direct POST)."""
    if endpoint.update_url is None:
        raise EndpointError("no update URL", hint="pass --update-url")
    _request(
        endpoint,
        endpoint.update_url,
        method="POST",
        body=update.encode("utf-8"),
        content_type="application/sparql-update",
    )


def _put_graph(endpoint: Endpoint, graph: str, ntriples: bytes) -> None:
    assert endpoint.store_url is not None
    target = f"{endpoint.store_url}?graph={urllib.parse.quote(graph, safe='')}"
    _request(endpoint, target, method="PUT", body=ntriples, content_type="application/n-triples")


def _batches(ntriples: bytes, size: int) -> Iterator[bytes]:
    lines = ntriples.splitlines(keepends=True)
    for start in range(0, len(lines), size):
        yield b"".join(lines[start : start + size])


def _insert_graph(endpoint: Endpoint, graph: str, ntriples: bytes, batch: int) -> None:
    for chunk in _batches(ntriples, batch):
        run_update(endpoint, f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk.decode('utf-8')}}} }}")


# -- push -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushResult:
    """What a push did: graphs written, triples sent, and which protocol carried them."""

    graphs: dict[str, int]
    """Target graph IRI → triples sent to it."""
    protocol: str
    """``graph-store`` or ``sparql-update``."""

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def dataset_graphs(dataset: ox.Store | Snapshot, *, into: str | None = None) -> dict[str, bytes]:
    """Each named graph as N-Triples (from the store's snapshot), or all of them in ``into``."""
    snapshot = dataset if isinstance(dataset, Snapshot) else Snapshot.from_store(dataset)
    names = [name for name in snapshot.graph_names() if name != DEFAULT_GRAPH]
    if into is not None:
        return {into: snapshot.ntriples_except([DEFAULT_GRAPH])}
    return {name: snapshot.graph_ntriples(name) for name in names}


def push_dataset(
    store: ox.Store | Snapshot,
    endpoint: Endpoint,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch: int = DEFAULT_BATCH,
    upload: Callable[[Endpoint, str, bytes], str] | None = None,
) -> PushResult:
    """Upload the graphs of ``store`` or its snapshot (or all into ``graph``), swapped in at once.

    Without ``replace`` the triples are added to what the target graphs hold; with it the
    target graphs are replaced. ``upload`` is for tests (it returns the protocol used).
    """
    graphs = dataset_graphs(store, into=graph)
    token = uuid.uuid4().hex
    temporary = {target: f"{target.split('#', 1)[0]}{_TEMP_SUFFIX}{token}" for target in graphs}
    send = upload or (lambda e, g, d: _upload(e, g, d, batch=batch))
    protocols: set[str] = set()
    try:
        for target, data in graphs.items():
            protocols.add(send(endpoint, temporary[target], data))
    except BaseException:
        _drop_quietly(endpoint, temporary.values())
        raise
    operation = "MOVE" if replace else "ADD"
    swap = [f"{operation} SILENT GRAPH <{temporary[t]}> TO GRAPH <{t}>" for t in graphs]
    if not replace:
        swap += [f"DROP SILENT GRAPH <{temporary[t]}>" for t in graphs]
    try:
        run_update(endpoint, " ;\n".join(swap))
    except EndpointError:
        _drop_quietly(endpoint, temporary.values())
        raise
    counts = {target: data.count(b"\n") for target, data in graphs.items()}
    return PushResult(graphs=counts, protocol="+".join(sorted(protocols)) or "none")


def _upload(endpoint: Endpoint, graph: str, data: bytes, *, batch: int) -> str:
    if endpoint.store_url is not None:
        try:
            _put_graph(endpoint, graph, data)
        except EndpointError as error:
            cause = error.__cause__
            if not (isinstance(cause, urllib.error.HTTPError) and cause.code in _GSP_UNSUPPORTED):
                raise
        else:
            return "graph-store"
    _insert_graph(endpoint, graph, data, batch)
    return "sparql-update"


def _drop_quietly(endpoint: Endpoint, graphs: Iterable[str]) -> None:
    # When the store is unreachable the temporary graphs stay, named so they can be found.
    with contextlib.suppress(EndpointError):
        run_update(endpoint, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


# -- query ------------------------------------------------------------------------------


class RemoteStore:
    """A read-only stand-in for ``pyoxigraph.Store`` whose ``query`` asks a SPARQL endpoint.

    Queries go through SPARQLWrapper (SPARQL 1.1 Protocol, POST); results are parsed by
    Oxigraph, so code written for the embedded store (``collect_stats``) runs unchanged.
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def _fetch(self, query: str, accept: str) -> bytes:
        client = SPARQLWrapper(self.endpoint.query_url, agent=_USER_AGENT)
        client.setMethod("POST")
        client.setTimeout(int(max(1, self.endpoint.timeout)))
        client.setQuery(query)
        client.addCustomHttpHeader("Accept", accept)
        if self.endpoint.user is not None:
            client.setCredentials(self.endpoint.user, self.endpoint.password or "")
        try:
            response = client.query().response
            data = bytes(response.read())
            content_type = str(response.headers.get("Content-Type", ""))
        except SPARQLWrapperException as error:
            first = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise EndpointError(
                f"query to {self.endpoint.query_url} failed: {first}",
                hint="check the query and the endpoint URL",
            ) from error
        except urllib.error.HTTPError as error:
            raise EndpointError(
                f"query to {self.endpoint.query_url} failed: HTTP {error.code}",
                hint=_hint(error.code),
            ) from error
        except (urllib.error.URLError, OSError) as error:
            raise EndpointError(
                f"query to {self.endpoint.query_url} failed: {_describe(error)}",
                hint="check that the store is running and the URL is right (or raise --timeout)",
            ) from error
        if "html" in content_type.lower():
            raise EndpointError(
                f"{self.endpoint.query_url} answered with {content_type.partition(';')[0]}, not SPARQL results",
                hint="point --endpoint at the SPARQL query service",
            )
        return data

    def query(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on the endpoint; SELECT/ASK via JSON, CONSTRUCT via N-Triples."""
        if detect_form(query).gives_rdf:
            data = self._fetch(query, "application/n-triples")
            store = ox.Store()
            try:
                store.load(data, ox.RdfFormat.N_TRIPLES)
            except SyntaxError as error:
                raise EndpointError(
                    f"{self.endpoint.query_url} did not answer N-Triples: {error}",
                    hint="check the endpoint",
                ) from error
            result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            assert isinstance(result, ox.QueryTriples)
            return result
        data = self._fetch(query, "application/sparql-results+json")
        try:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise EndpointError(
                f"{self.endpoint.query_url} did not answer SPARQL JSON results: {error}",
                hint="point --endpoint at the SPARQL query service",
            ) from error

    def construct_ntriples(self, query: str) -> bytes:
        """A CONSTRUCT query's result as N-Triples bytes, straight from the endpoint."""
        return self._fetch(query, "application/n-triples")


def fetch_for_validation(remote: RemoteStore, *, ontology_graph: str) -> tuple[bytes, bytes]:
    """(data, ontology) as N-Triples from the endpoint: every named graph but the ontology."""
    iri = ox.NamedNode(ontology_graph)
    data = remote.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {iri}) }}"
    )
    ontology = remote.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
    )
    return data, ontology
