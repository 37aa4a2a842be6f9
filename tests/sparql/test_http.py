"""The one HTTP layer: credentials stay with their origin and out of messages, one deadline
bounds a request, and a reply that is not HTTP is one line (against tests/fault_server.py)."""

from __future__ import annotations

import base64
import time
import urllib.request

import pytest

from civicgraph.sparql.client import Endpoint, SparqlClient, resolve_endpoint
from civicgraph.sparql.http import (
    PAGE_USER_AGENT,
    Credentials,
    EndpointError,
    get,
    origin,
    send,
)

QUERY = "SELECT ?x WHERE { ?x ?p ?o }"
PASSWORD = "password"  # noqa: S105 - the fault server's test password
TOKEN = base64.b64encode(b"user:password").decode()


def client_for(url: str, *, timeout: float = 5.0, login: bool = True) -> SparqlClient:
    credentials = Credentials(origin(url), "user", PASSWORD) if login else None
    return SparqlClient(
        Endpoint(query_url=f"{url}/query", timeout=timeout, credentials=credentials)
    )


def test_credentials_do_not_follow_a_redirect_to_another_origin(fault_server) -> None:
    """A server that asks for a login and then redirects elsewhere: the other origin gets no
    Authorization header, even when it asks for a login too."""
    first, other = fault_server(), fault_server()
    first.auth, first.mode, first.redirect_to = "basic", "redirect", other.url
    other.auth = "basic"
    with pytest.raises(EndpointError, match="HTTP 401") as raised:
        client_for(first.url).results(QUERY)
    assert first.requests[-1].headers.get("Authorization") == f"Basic {TOKEN}", "sent to its origin"
    assert other.requests, "the redirect was followed"
    assert all("Authorization" not in r.headers for r in other.requests)
    assert other.url in str(raised.value)


def test_credentials_are_sent_to_their_origin_only(fault_server) -> None:
    """Credentials for one origin are never offered to a URL of another (here: another port)."""
    store = fault_server()
    store.auth = "basic"
    elsewhere = Credentials("http://127.0.0.1:9", "user", PASSWORD)
    client = SparqlClient(Endpoint(query_url=f"{store.url}/query", credentials=elsewhere))
    with pytest.raises(EndpointError, match="HTTP 401"):
        client.results(QUERY)
    assert all("Authorization" not in r.headers for r in store.requests)


def test_credentials_echoed_by_the_server_are_not_printed(fault_server) -> None:
    """A server that repeats the request headers in its error body: the message keeps the
    status and the body's start, with the Basic token and the password replaced."""
    server = fault_server()
    server.auth, server.mode = "basic", "echo-headers"
    with pytest.raises(EndpointError) as raised:
        client_for(server.url).results(QUERY)
    message = str(raised.value)
    assert server.requests[-1].headers["Authorization"] == f"Basic {TOKEN}"
    assert "HTTP 400" in message
    assert "Authorization: ***" in message
    assert TOKEN not in message
    assert PASSWORD not in message


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_login_follows_the_servers_challenge(fault_server, scheme: str) -> None:
    """Basic or Digest (Virtuoso asks for Digest), whichever the server's challenge names."""
    server = fault_server()
    server.auth = scheme
    values = [s["x"].value for s in client_for(server.url).results(QUERY)]  # type: ignore[index]
    assert values == ["ok"]
    sent = server.requests[-1].headers["Authorization"]
    assert sent.lower().startswith(scheme)
    assert PASSWORD not in sent or scheme == "basic"


def test_without_credentials_a_login_is_a_401_with_a_hint(fault_server) -> None:
    server = fault_server()
    server.auth = "digest"
    with pytest.raises(EndpointError, match=r"HTTP 401.*CIVICGRAPH_ENDPOINT_USER"):
        client_for(server.url, login=False).results(QUERY)


def test_credentials_in_a_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(EndpointError) as raised:
        resolve_endpoint("http://bob:s3cret-pw@127.0.0.1:7878/query")
    assert "credentials in the endpoint URL are refused (http://127.0.0.1:7878/…)" in str(
        raised.value
    )
    assert "s3cret-pw" not in str(raised.value)
    assert "bob" not in str(raised.value)


@pytest.mark.parametrize("mode", ["drip", "drip-body"])
def test_one_deadline_bounds_a_server_that_drips(fault_server, mode: str) -> None:
    """One byte a second never trips a per-read timeout; the overall deadline stops it."""
    server = fault_server()
    server.mode = mode
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"timed out after 2\.5 s without a complete answer"):
        client_for(server.url, timeout=2.5).results(QUERY)
    assert time.monotonic() - started < 6, "the drip would have taken a minute"


def test_a_reply_that_is_not_http_is_one_line(fault_server) -> None:
    server = fault_server()
    server.mode = "not-http"
    with pytest.raises(EndpointError, match=r"did not answer HTTP: 'SSH-2\.0") as raised:
        client_for(server.url).results(QUERY)
    assert "\n" not in str(raised.value)


def test_a_cut_short_answer_says_so(fault_server) -> None:
    server = fault_server()
    server.mode = "truncated-json"
    with pytest.raises(EndpointError, match="the answer was cut short"):
        client_for(server.url).results(QUERY)


def test_a_refused_connection_names_the_url() -> None:
    request = urllib.request.Request("http://127.0.0.1:9/query", method="GET")
    with pytest.raises(EndpointError, match=r"GET http://127\.0\.0\.1:9/query: connection refused"):
        send(request, timeout=5)


def test_a_redirect_not_followed_names_where_it_points(fault_server) -> None:
    """urllib does not re-send a POST on a 307: the line said only "HTTP 307 ... the server
    refused the request"; it must name the new URL so that the user can give it."""
    first, other = fault_server(), fault_server()
    first.mode, first.redirect_status, first.redirect_to = "redirect", 307, other.url
    with pytest.raises(EndpointError, match="HTTP 307") as raised:
        client_for(first.url, login=False).results(QUERY)
    assert not other.requests
    assert raised.value.hint is not None
    assert f"redirects to {other.url}/query" in raised.value.hint
    assert "refused" not in raised.value.hint


def test_a_redirect_away_from_http_is_refused(fault_server) -> None:
    """urllib alone would follow a redirect to ftp:, outside the deadline and the checks."""
    server = fault_server()
    server.mode, server.redirect_to = "redirect", "ftp://127.0.0.1:9"
    with pytest.raises(EndpointError, match=r"HTTP 302 redirects to ftp://127\.0\.0\.1:9/query"):
        client_for(server.url, login=False).results(QUERY)


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("file:///etc", "file:///etc/page, a file: URL"),
        ("http://bob:s3cret-pw@127.0.0.1:9", "http://127.0.0.1/…, a user and password"),
    ],
)
def test_a_redirect_to_a_file_or_a_password_is_not_followed(
    fault_server, target: str, shown: str
) -> None:
    """urllib refuses file: on its own, with a line that named no reason; a URL with a
    password in it is not followed either, and not echoed."""
    server = fault_server()
    server.mode, server.redirect_to = "redirect", target
    with pytest.raises(EndpointError) as raised:
        get(f"{server.url}/page", accept="text/html", timeout=5, max_bytes=1000)
    assert f"HTTP 302 redirects to {shown}; not followed" in str(raised.value)
    assert "s3cret-pw" not in str(raised.value)


def test_a_page_is_asked_for_with_its_own_user_agent_and_no_credentials(fault_server) -> None:
    """A plain GET says who asks and why, and carries no Authorization or cookie."""
    server = fault_server()
    server.mode, server.pages = "pages", {"/page": ("text/html", b"<html>hello</html>")}
    response = get(f"{server.url}/page", accept="text/html", timeout=5, max_bytes=1000)
    assert (response.media_type, response.body) == ("text/html", b"<html>hello</html>")
    headers = server.requests[-1].headers
    assert headers["User-Agent"] == PAGE_USER_AGENT
    assert PAGE_USER_AGENT.startswith("civicgraph/")
    assert not {"Authorization", "Cookie"} & set(headers)


@pytest.mark.parametrize("send_length", [True, False], ids=["content-length", "until-close"])
def test_an_answer_over_the_size_cap_is_refused(fault_server, send_length: bool) -> None:
    """A declared length over the cap is refused before reading; without one, at the first
    byte past the cap."""
    server = fault_server()
    server.mode, server.send_length = "pages", send_length
    server.pages = {"/big": ("text/html", b"x" * 5000)}
    with pytest.raises(EndpointError, match="over the limit of 4,999") as raised:
        get(f"{server.url}/big", accept="text/html", timeout=5, max_bytes=4999)
    assert raised.value.too_large
    assert len(get(f"{server.url}/big", accept="text/html", timeout=5, max_bytes=5000).body) == 5000


def test_a_cut_short_answer_under_a_size_cap_still_says_so(fault_server) -> None:
    """Reading at most the cap must not take a body that ends short of its length for whole."""
    server = fault_server()
    server.mode = "truncated-json"
    with pytest.raises(EndpointError, match="the answer was cut short"):
        get(f"{server.url}/page", accept="text/html", timeout=5, max_bytes=10_000)


def test_the_deadline_holds_under_a_size_cap(fault_server) -> None:
    """A dripping body read up to a cap: the deadline still ends it, as a timeout."""
    server = fault_server()
    server.mode, server.drip_interval = "drip-body", 0.3
    with pytest.raises(EndpointError, match=r"timed out after 1 s") as raised:
        get(f"{server.url}/page", accept="text/html", timeout=1, max_bytes=10_000)
    assert raised.value.timed_out
