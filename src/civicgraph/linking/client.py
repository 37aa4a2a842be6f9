"""A polite SPARQL client for Wikidata-format endpoints (SPARQL 1.1 Protocol §2.1.2,
query via POST with URL-encoded parameters; results as SPARQL 1.1 Query Results JSON).

It goes through SPARQLWrapper and adds what the Wikidata Query Service's etiquette asks
for: a descriptive User-Agent with a contact, a persistent on-disk cache keyed by
endpoint and query, a request-rate limit, a timeout per request, and retries with
exponential backoff on 429/5xx that honour ``Retry-After``. A failed or malformed
response is never cached. Offline, only the cache is read and no socket is opened.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from civicgraph import __version__
from civicgraph.errors import LinkError
from civicgraph.io import write_bytes_atomic

WIKIDATA_QUERY_SERVICE = "https://query.wikidata.org/sparql"
DEFAULT_CONTACT = "https://w3id.org/civicgraph"

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})

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
    retries: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    """Upper bound for one wait, whether from backoff or from ``Retry-After``."""
    requests_per_second: float = 1.0

    @property
    def user_agent(self) -> str:
        return f"civicgraph/{__version__} (entity linker; {self.contact}) SPARQLWrapper/2"


class _RetryableError(Exception):
    def __init__(self, message: str, *, wait: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = wait


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
            try:
                bindings = _parse_results(path.read_bytes())
            except _RetryableError:
                # A cache file is written only after it parsed, so this is outside damage;
                # ignore it and ask again rather than fail.
                path.unlink(missing_ok=True)
            else:
                self.cache_hits += 1
                return bindings
        if self.settings.offline:
            raise LinkError(
                "offline and the answer is not in the cache",
                subject=self.settings.endpoint,
                hint="run once online with the same --cache folder, or drop --offline",
            )
        raw, bindings = self._fetch(query)
        if path is not None:
            write_bytes_atomic(path, raw)
        return bindings

    def _fetch(self, query: str) -> tuple[bytes, list[Binding]]:
        attempts = self.settings.retries + 1
        last = ""
        for attempt in range(attempts):
            self._respect_rate_limit()
            try:
                raw = self._send(query)
                return raw, _parse_results(raw)
            except _RetryableError as error:
                last = error.message
                if attempt + 1 == attempts:
                    break
                wait = error.wait
                if wait is None:
                    wait = self.settings.backoff_base * (2**attempt)
                self._sleep(min(wait, self.settings.backoff_cap))
        raise LinkError(
            f"{last} (gave up after {attempts} attempts)",
            subject=self.settings.endpoint,
            hint="check the endpoint URL and your network, or try later; --offline uses the cache",
        )

    def _respect_rate_limit(self) -> None:
        if self.settings.requests_per_second <= 0:
            return
        interval = 1.0 / self.settings.requests_per_second
        now = self._clock()
        if self._last_request is not None and now - self._last_request < interval:
            self._sleep(interval - (now - self._last_request))
        self._last_request = self._clock()

    def _send(self, query: str) -> bytes:
        wrapper = SPARQLWrapper(self.settings.endpoint, agent=self.settings.user_agent)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        # setTimeout() truncates to whole seconds (0.5 would mean "no timeout"); the
        # attribute it sets is passed to urlopen as is, so set it directly.
        wrapper.timeout = self.settings.timeout  # type: ignore[assignment]
        wrapper.setQuery(query)
        self.requests_sent += 1
        try:
            result = wrapper.query()
            response: Any = result.response
            raw: bytes = response.read()
            content_type = str(response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as error:
            if error.code in _RETRY_STATUS:
                raise _RetryableError(
                    f"HTTP {error.code} {error.reason}",
                    wait=_retry_after(error.headers.get("Retry-After")),
                ) from error
            raise LinkError(
                f"HTTP {error.code} {error.reason}",
                subject=self.settings.endpoint,
                hint="the endpoint refused the request; check the URL",
            ) from error
        except EndPointInternalError as error:
            raise _RetryableError("HTTP 500 internal server error") from error
        except SPARQLWrapperException as error:
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise LinkError(
                f"the endpoint rejected the query: {first}",
                subject=self.settings.endpoint,
                hint="is it a SPARQL 1.1 endpoint holding Wikidata-format RDF?",
            ) from error
        except urllib.error.URLError as error:
            raise _RetryableError(f"cannot connect: {error.reason}") from error
        except (TimeoutError, OSError) as error:
            raise _RetryableError(
                f"no answer within {self.settings.timeout:g} s ({error})"
            ) from error
        if "html" in content_type.lower():
            raise _RetryableError(
                "the endpoint answered with an HTML page, not SPARQL JSON results"
            )
        return raw


def _parse_results(raw: bytes) -> list[Binding]:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        if raw.lstrip()[:1] == b"<":
            raise _RetryableError(
                "the endpoint answered with an HTML page, not SPARQL JSON results"
            ) from error
        raise _RetryableError(f"malformed JSON in the answer ({error})") from error
    try:
        bindings = document["results"]["bindings"]
    except (TypeError, KeyError) as error:
        raise _RetryableError("the answer is JSON but not SPARQL SELECT results") from error
    if not isinstance(bindings, list):
        raise _RetryableError("the answer is JSON but not SPARQL SELECT results")
    return bindings


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from ``Retry-After``: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
