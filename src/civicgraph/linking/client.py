"""A polite SPARQL client for Wikidata-format endpoints (SPARQL 1.1 Protocol §2.1.2,
query via POST with URL-encoded parameters; results as SPARQL 1.1 Query Results JSON).

It asks through the one endpoint client (``civicgraph.sparql.client``: SPARQLWrapper
forms the request, one HTTP layer sends it within one deadline) and adds what the
Wikidata Query Service's etiquette asks for: a descriptive User-Agent with a contact, a
persistent on-disk cache keyed by endpoint and query, a request-rate limit, and retries
with exponential backoff on 429/5xx that honour ``Retry-After``. Only an answer that
parsed in full into the variables the query asks for, every row binding each of them, is
cached; a cache file that does not is ignored, counted and replaced. Offline, only the cache is read and no socket is
opened.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from civicgraph import __version__
from civicgraph.errors import LinkError
from civicgraph.io import write_bytes_atomic
from civicgraph.sparql.client import (
    Endpoint,
    check_results,
    parse_results,
    projected_variables,
)
from civicgraph.sparql.client import (
    SparqlClient as EndpointClient,
)
from civicgraph.sparql.http import EndpointError, Response, with_retries
from civicgraph.terms import xsd

WIKIDATA_QUERY_SERVICE = "https://query.wikidata.org/sparql"
DEFAULT_CONTACT = "https://w3id.org/civicgraph"

Binding = dict[str, dict[str, str]]
"""One row of SPARQL JSON results: variable → {"type", "value", "xml:lang"?, "datatype"?}."""


@dataclass(frozen=True)
class ClientSettings:
    """How to talk to the endpoint; every delay is configurable so tests stay fast."""

    endpoint: str = WIKIDATA_QUERY_SERVICE
    contact: str = DEFAULT_CONTACT
    """Who to tell when the linker misbehaves (an e-mail or a URL): WDQS asks for one."""
    cache_dir: Path | None = None
    offline: bool = False
    timeout: float = 60.0
    """Seconds one request may take in all."""
    retries: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    """Upper bound for one wait, whether from backoff or from ``Retry-After``."""
    requests_per_second: float = 1.0

    @property
    def user_agent(self) -> str:
        return f"civicgraph/{__version__} (entity linker; {self.contact}) SPARQLWrapper/2"


class SparqlClient:
    """Runs SELECT queries; returns the bindings, from the cache when it has them."""

    def __init__(
        self,
        settings: ClientSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._last_request: float | None = None
        self.requests_sent = 0
        self.cache_hits = 0
        self.cache_discarded = 0
        """Cache files that did not hold a complete answer of the expected shape."""
        self._stalled: str | None = None
        """Why no more requests are sent: every attempt of one timed out."""

    def cache_path(self, query: str) -> Path | None:
        """Where the answer to ``query`` is cached: one file per (endpoint, query) digest."""
        if self.settings.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.settings.endpoint}\n{query}".encode()).hexdigest()
        return self.settings.cache_dir / digest[:2] / f"{digest}.json"

    def select(self, query: str) -> list[Binding]:
        """The result rows of a SELECT query; raises ``LinkError`` in one line on failure."""
        path = self.cache_path(query)
        if path is not None and path.is_file():
            cached = Response(
                path.as_uri(), 200, "application/sparql-results+json", path.read_bytes()
            )
            try:
                check_results(cached, projected_variables(query))
                rows = complete_bindings(cached, query)
            except EndpointError:
                # Only checked answers are written, so this is outside damage or an older
                # version's file: ask again (or, offline, count it as not cached).
                self.cache_discarded += 1
                path.unlink(missing_ok=True)
            else:
                self.cache_hits += 1
                return rows
        if self.settings.offline:
            raise LinkError(
                "offline and the answer is not in the cache",
                subject=self.settings.endpoint,
                hint="run once online with the same --cache folder, or drop --offline",
            )
        if self._stalled is not None:
            # Each lookup would wait (retries + 1) × timeout again: a run asks a stalled
            # server once, so its whole wait stays the bound --help states.
            raise LinkError(
                f"not asked: an earlier request of this run {self._stalled}",
                subject=self.settings.endpoint,
                hint="check the server or raise --timeout, then run again (found answers are cached)",
            )
        response = self._fetch(query)
        try:
            rows = complete_bindings(response, query)
        except EndpointError as error:
            raise LinkError(error.message, hint=error.hint) from None
        if path is not None:
            write_bytes_atomic(path, response.body)
        return rows

    def _fetch(self, query: str) -> Response:
        client = EndpointClient(
            Endpoint(query_url=self.settings.endpoint, timeout=self.settings.timeout),
            agent=self.settings.user_agent,
        )
        attempts = self.settings.retries + 1

        def once() -> Response:
            self._respect_rate_limit()
            self.requests_sent += 1
            return client.checked_results(query)

        started = time.monotonic()
        try:
            return with_retries(
                once,
                attempts=attempts,
                backoff_base=self.settings.backoff_base,
                backoff_cap=self.settings.backoff_cap,
                sleep=self._sleep,
            )
        except EndpointError as error:
            if not error.transient:
                raise LinkError(error.message, hint=error.hint) from None
            waited = time.monotonic() - started
            if error.timed_out:
                self._stalled = f"timed out {attempts} time(s) after {self.settings.timeout:g} s"
                raise LinkError(
                    f"{error.message} (gave up after {attempts} attempts, {waited:.0f} s in all)",
                    hint="the server is slow or stalled; raise --timeout, or lower --retries "
                    "to give up sooner",
                ) from None
            raise LinkError(
                f"{error.message} (gave up after {attempts} attempts)",
                hint=error.hint
                or "check the endpoint URL and your network, or try later; --offline uses the cache",
            ) from None

    def _respect_rate_limit(self) -> None:
        if self.settings.requests_per_second <= 0:
            return
        interval = 1.0 / self.settings.requests_per_second
        now = self._clock()
        if self._last_request is not None and now - self._last_request < interval:
            self._sleep(interval - (now - self._last_request))
        self._last_request = self._clock()


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype != xsd.string:
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "triple", "value": str(term)}


def complete_bindings(response: Response, query: str) -> list[Binding]:
    """The rows of checked SELECT results, each binding every variable the query projects:
    the linker's queries bind all they ask for, and its code reads them so. A row without
    one (a damaged cache file, an endpoint answering otherwise) is refused, not a
    ``KeyError`` halfway through a run."""
    parsed = parse_results(response)
    if not isinstance(parsed, ox.QuerySolutions):
        raise EndpointError(
            f"{response.url} answered a boolean where the query asks for rows",
            hint="check --endpoint: it does not answer as a Wikidata-format endpoint does",
        )
    variables = projected_variables(query) or tuple(v.value for v in parsed.variables)
    del parsed
    rows = bindings_of(response)
    for number, row in enumerate(rows, 1):
        missing = [name for name in variables if name not in row]
        if missing:
            raise EndpointError(
                f"{response.url} answered row {number} without ?{missing[0]}, which every "
                "row of this query binds",
                hint="check --endpoint: it does not answer as a Wikidata-format endpoint does",
            )
    return rows


def bindings_of(response: Response) -> list[Binding]:
    """The rows of checked SELECT results, as SPARQL JSON bindings (Oxigraph read them)."""
    parsed = parse_results(response)
    if not isinstance(parsed, ox.QuerySolutions):
        return []
    names = [v.value for v in parsed.variables]
    return [
        {name: _json_term(term) for name in names if (term := solution[name]) is not None}
        for solution in parsed
    ]
