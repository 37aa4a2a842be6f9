"""The one HTTP layer under every request civicgraph sends to a server.

SPARQL queries and updates (formed by SPARQLWrapper), Graph Store Protocol uploads, the
Wikidata linker and the web pages ``source add`` fetches (:func:`get`) all go through
:func:`send`, so these rules hold everywhere:

- **Credentials** go only to the origin (scheme, host, port) they were given for. They
  are never put on a request up front: Python's own Basic and Digest handlers answer the
  server's challenge (``WWW-Authenticate``), so the scheme is the one the server asks
  for, and a redirect to another origin never carries them (urllib does not copy the
  headers its auth handlers add). A URL with ``user:password@`` is refused unechoed.
- **One deadline per request**: connecting, waiting for the headers, reading the body,
  following redirects and answering auth challenges together take at most ``timeout``
  seconds. A socket timeout alone bounds each read, so a server that drips one byte at a
  time would never time out; a timer shuts the socket when the deadline passes.
- **Redirects** are followed to http(s) URLs without ``user:password@`` only, at most
  five, within the same deadline.
- **A size cap** (``max_bytes``), when given, refuses a longer answer before it is read
  whole: a ``Content-Length`` over the cap at once, a body without one at the first byte
  past it.
- **Every failure is one line** naming the method, the URL, the status, the media type
  and the first bytes of the answer, with the password, its Basic token and any
  ``Authorization`` value replaced by ``***``.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import IO, Any, TypeVar

import tenacity

from civicgraph import __version__
from civicgraph.errors import StoreError

T = TypeVar("T")

USER_AGENT = "civicgraph (https://w3id.org/civicgraph; SPARQL 1.1 client)"
PAGE_USER_AGENT = (
    f"civicgraph/{__version__} (+https://w3id.org/civicgraph; "
    "source add: one page a curator asked for, no crawling)"
)
"""Who asks for a web page: a site's operator reading their log learns what and why."""
_PREVIEW = 200
_ERROR_BODY_LIMIT = 4096
_AUTH_HEADER = re.compile(r"(?i)((?:proxy-)?authorization['\"]?\s*[:=]\s*['\"]?)[^\r\n'\"]+")


class EndpointError(StoreError):
    """A server cannot be reached, refuses a request or answers something unexpected."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        transient: bool = False,
        timed_out: bool = False,
        too_large: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.retry_after = retry_after
        self.transient = transient
        """Worth asking again later: a timeout, a refused connection, 429 or 5xx."""
        self.timed_out = timed_out
        """No complete answer came within the deadline."""
        self.too_large = too_large
        """The answer is longer than the request's ``max_bytes``."""


@dataclass(frozen=True)
class Credentials:
    """A user and password for one origin; never shown by ``repr``."""

    origin: str
    """``scheme://host:port`` the credentials belong to."""
    user: str
    password: str = field(repr=False)

    def secrets(self) -> tuple[str, ...]:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return tuple(s for s in (self.password, token) if s)


@dataclass(frozen=True)
class Response:
    """A complete answer: final URL, status, media type (no parameters) and body."""

    url: str
    status: int
    media_type: str
    body: bytes

    def summary(self) -> str:
        """``HTTP 200, text/html: '<html>…'``: what came back, in words."""
        media = self.media_type or "no media type"
        return f"HTTP {self.status}, {media}{_preview(self.body)}"


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``, the default port spelt out."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def check_url(url: str, *, what: str = "endpoint URL") -> str:
    """``url`` if it is http(s) with a host and no ``user:password@``; else one line, unechoed."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise EndpointError(f"not a valid {what}: {error}") from None
    if parts.username is not None or parts.password is not None:
        # The URL is not repeated: it holds a secret. Host and port say which one it was.
        host = parts.hostname or ""
        host = f"[{host}]" if ":" in host else host
        shown = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
        raise EndpointError(
            f"credentials in the {what} are refused ({shown}/…)",
            hint="set CIVICGRAPH_ENDPOINT_USER and CIVICGRAPH_ENDPOINT_PASSWORD, "
            "or add the host to ~/.netrc",
        )
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(
            f"not an http(s) {what}: {url!r}", hint="pass e.g. http://127.0.0.1:7878"
        )
    return url


def _preview(body: bytes) -> str:
    text = body[:_PREVIEW].decode("utf-8", "replace")
    text = " ".join(text.split())
    if not text:
        return ", empty body"
    more = "…" if len(body) > _PREVIEW else ""
    return f": {text!r}{more}"


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret and ``Authorization`` value replaced by ``***``."""
    text = _AUTH_HEADER.sub(r"\1***", text)
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


# -- the deadline -----------------------------------------------------------------------


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._timers: list[threading.Timer] = []

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError("deadline passed")
        return left

    def guard(self, sock: socket.socket) -> None:
        """Shut ``sock`` when the deadline passes, whatever read is under way then."""

        def expire() -> None:
            self.expired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.remaining(), expire)
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


_current: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar(
    "civicgraph_http_deadline", default=None
)


class _DeadlineMixin:
    sock: Any
    timeout: float | None

    def connect(self) -> None:
        deadline = _current.get()
        if deadline is not None:
            self.timeout = deadline.remaining()
        super().connect()  # type: ignore[misc]
        if deadline is not None:
            deadline.guard(self.sock)


class _HTTPConnection(_DeadlineMixin, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineMixin, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req)


class _RefusedRedirectError(urllib.error.HTTPError):
    """A redirect to a URL that is not plain http(s): ``target`` says where it pointed."""

    def __init__(
        self,
        req: urllib.request.Request,
        code: int,
        headers: http.client.HTTPMessage,
        fp: IO[bytes],
        target: str,
    ) -> None:
        super().__init__(req.full_url, code, "redirect refused", headers, fp)
        self.target = target


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs without a user or password only: urllib alone
    would follow one to ftp:, and refuse one to file: with a message of its own."""

    max_redirections = 5

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> IO[bytes] | None:
        # Here, not in redirect_request: urllib checks the scheme before it asks that.
        location = headers.get("Location") or headers.get("URI")
        if location is not None:
            target = urllib.parse.urljoin(req.full_url, location)
            parts = urllib.parse.urlsplit(target)
            if parts.scheme not in {"http", "https"} or "@" in parts.netloc:
                raise _RefusedRedirectError(req, code, headers, fp, target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[_Deadline]:
    deadline = _Deadline(seconds)
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        deadline.cancel()
        _current.reset(token)


# -- sending ----------------------------------------------------------------------------


def _opener(credentials: Credentials | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [
        _HTTPHandler(),
        _HTTPSHandler(),
        _RedirectHandler(),
    ]
    if credentials is not None:
        # One password manager keyed by origin: the handlers look it up for each URL they
        # are challenged by, so a server at another origin never gets the password.
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(
            None, f"{credentials.origin}/", credentials.user, credentials.password
        )
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


def send(
    request: urllib.request.Request,
    *,
    timeout: float,
    credentials: Credentials | None = None,
    max_bytes: int | None = None,
) -> Response:
    """Send ``request`` within ``timeout`` seconds in all; a 2xx answer of at most
    ``max_bytes`` (when given), else ``EndpointError``."""
    url = check_url(request.full_url)
    if credentials is not None and origin(url) != credentials.origin:
        credentials = None
    if not request.has_header("User-agent"):
        request.add_header("User-Agent", USER_AGENT)
    method = request.get_method()
    where = f"{method} {_without_query(url)}"
    secrets = credentials.secrets() if credentials is not None else ()
    with _deadline(timeout) as deadline:
        try:
            with _opener(credentials).open(request, timeout=timeout) as answer:
                body = _read_body(answer, max_bytes, where=where)
                if deadline.expired:
                    # A socket shut by the deadline ends a read without a length quietly.
                    raise TimeoutError("deadline passed")
                return Response(
                    url=answer.geturl(),
                    status=answer.status,
                    media_type=_media_type(answer.headers),
                    body=body,
                )
        except _RefusedRedirectError as error:
            parts = urllib.parse.urlsplit(error.target)
            if "@" in parts.netloc:
                shown, why = f"{parts.scheme}://{parts.hostname}/…", "a user and password"
            else:
                shown, why = _without_query(error.target), f"a {parts.scheme or 'relative'}: URL"
            raise EndpointError(
                f"{where}: HTTP {error.code} redirects to {shown}, {why}; not followed",
                hint="only redirects to http(s) addresses without credentials are followed",
                status=error.code,
            ) from None
        except urllib.error.HTTPError as error:
            body = b""
            with contextlib.suppress(OSError, http.client.HTTPException):
                body = error.read(_ERROR_BODY_LIMIT)
            response = Response(
                url=error.geturl(),
                status=error.code,
                media_type=_media_type(error.headers),
                body=body,
            )
            if _without_query(response.url) != _without_query(url):
                where += f" (redirected to {_without_query(response.url)})"
            raise _status_error(where, response, error.headers, secrets) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            # the socket's own timeout is what is left of the deadline: when it fires a
            # moment before the deadline's timer, the deadline has still run out
            if deadline.expired or isinstance(getattr(error, "reason", error), TimeoutError):
                raise EndpointError(
                    f"{where}: timed out after {timeout:g} s without a complete answer",
                    hint="the server is slow or stalled; raise --timeout or check the server",
                    transient=True,
                    timed_out=True,
                ) from None
            raise EndpointError(
                f"{where}: {redact(_describe(error), secrets)}",
                hint="check that the server is running and the URL is right",
                transient=_transient(error),
            ) from None


def _read_body(answer: http.client.HTTPResponse, max_bytes: int | None, *, where: str) -> bytes:
    if max_bytes is None:
        return answer.read()
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit():
        if int(declared) > max_bytes:
            raise _too_large(where, f"{int(declared):,} bytes", max_bytes)
        # read() whole, unlike read(n), says when the body ends short of its length.
        return answer.read()
    body = answer.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise _too_large(where, f"more than {max_bytes:,} bytes", max_bytes)
    return body


def _too_large(where: str, size: str, max_bytes: int) -> EndpointError:
    return EndpointError(
        f"{where}: the answer is {size}, over the limit of {max_bytes:,}",
        hint="the limit keeps an unexpected download from filling memory",
        too_large=True,
    )


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]


def _media_type(headers: Message | None) -> str:
    if headers is None:
        return ""
    return str(headers.get("Content-Type", "")).split(";", 1)[0].strip().lower()


def _describe(error: BaseException) -> str:  # noqa: PLR0911 - one sentence per failure kind
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        error = reason
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(error, http.client.BadStatusLine):
        return f"the server did not answer HTTP: {_preview(str(error.args[0]).encode())[2:]}"
    if isinstance(error, http.client.IncompleteRead):
        return f"the answer was cut short ({len(error.partial)} bytes, more expected)"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(error, ValueError) and "does not support the following scheme" in str(error):
        return f"the server asks for an authentication scheme civicgraph does not speak ({error})"
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _transient(error: BaseException) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(
        reason,
        ConnectionError
        | TimeoutError
        | socket.timeout
        | http.client.RemoteDisconnected
        | http.client.IncompleteRead,
    )


def _status_error(
    where: str, response: Response, headers: Message | None, secrets: Iterable[str]
) -> EndpointError:
    status = response.status
    if status in {401, 403}:
        hint = "check CIVICGRAPH_ENDPOINT_USER/CIVICGRAPH_ENDPOINT_PASSWORD or ~/.netrc"
    elif status == 404:
        hint = "check the endpoint URL (or --layout, --update-url, --store-url)"
    elif status == 429 or status >= 500:
        hint = "the server is overloaded or failed; try later or see its log"
    elif 300 <= status < 400 and headers is not None and headers.get("Location"):
        # urllib re-sends no POST or PUT on a 307/308: the user can give the new URL
        location = redact(
            _without_query(urllib.parse.urljoin(response.url, str(headers["Location"]))), secrets
        )
        hint = f"the server redirects to {location}, not followed for this request; give that URL"
    else:
        hint = "the server refused the request"
    return EndpointError(
        f"{where}: {redact(response.summary(), secrets)}",
        hint=hint,
        status=status,
        retry_after=retry_after(headers.get("Retry-After") if headers is not None else None),
        transient=status == 429 or status >= 500,
    )


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from ``Retry-After``: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def expect(response: Response, media_types: Iterable[str], *, what: str) -> Response:
    """``response`` when its media type is one of ``media_types``; else say what came back."""
    wanted = tuple(media_types)
    if response.media_type in wanted:
        return response
    raise EndpointError(
        f"{_without_query(response.url)} answered {response.summary()}, not {what}",
        hint="point --endpoint (or --layout) at the SPARQL service",
        transient=True,
    )


def not_html(response: Response, *, what: str) -> Response:
    """``response`` unless it is a web page with status 200, what a URL that is no SPARQL
    service answers. (Virtuoso says 201 Created with an HTML body to a Graph Store PUT,
    and 200 with an empty HTML body to a POST: no page.)"""
    if (
        response.status == 200
        and response.media_type in {"text/html", "application/xhtml+xml"}
        and response.body.strip()
    ):
        raise EndpointError(
            f"{_without_query(response.url)} answered {response.summary()}, not {what}",
            hint="point --endpoint (or --layout, --update-url, --store-url) at the SPARQL service",
            transient=True,
        )
    return response


__all__ = [
    "PAGE_USER_AGENT",
    "USER_AGENT",
    "Credentials",
    "EndpointError",
    "Response",
    "backoff",
    "check_url",
    "expect",
    "get",
    "not_html",
    "origin",
    "redact",
    "retry_after",
    "send",
    "with_retries",
]


def get(
    url: str, *, accept: str, timeout: float, max_bytes: int, user_agent: str = PAGE_USER_AGENT
) -> Response:
    """GET ``url`` as a reader's browser would, without credentials, cookies or a referrer:
    the answer, within ``timeout`` seconds and ``max_bytes``, else ``EndpointError``."""
    request = urllib.request.Request(  # noqa: S310 - check_url lets http(s) only through
        check_url(url, what="URL"),
        headers={"Accept": accept, "User-Agent": user_agent},
        method="GET",
    )
    return send(request, timeout=timeout, max_bytes=max_bytes)


def backoff(failed_attempts: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Seconds to wait after the ``failed_attempts``-th failure when no ``Retry-After`` says."""
    return float(min(base * 2 ** (failed_attempts - 1), cap))


def with_retries(
    call: Callable[[], T],
    *,
    attempts: int,
    backoff_base: float = 1.0,
    backoff_cap: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``call()``, asked again on transient failures (timeouts, 429, 5xx) with exponential
    backoff, or as long as ``Retry-After`` says (capped); the last failure is raised."""

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        told = error.retry_after if isinstance(error, EndpointError) else None
        if told is not None:
            return min(told, backoff_cap)
        return backoff(state.attempt_number, base=backoff_base, cap=backoff_cap)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(1, attempts)),
        wait=wait,
        retry=tenacity.retry_if_exception(
            lambda error: isinstance(error, EndpointError) and error.transient
        ),
        sleep=sleep,
        reraise=True,
    )
    return retrying(call)
