"""A misbehaving HTTP server on 127.0.0.1, for tests of the endpoint client's failure paths.

``fault_server()`` (a pytest fixture, a factory) starts one; every server is stopped when
the test ends. Its ``mode`` says how it answers every request::

    server = fault_server()
    server.mode = "html"                      # 200 text/html
    server.url                                # http://127.0.0.1:PORT
    server.requests[-1].headers               # what it received

Modes: ``ok`` (valid SPARQL JSON results binding ``?x``; 204 for updates and PUTs),
``html``, ``malformed-json``, ``truncated-json`` (Content-Length promises more than is
sent), ``wrong-variables``, ``not-http`` (a banner that is not HTTP), ``drip`` (the status
line one byte per ``drip_interval`` seconds), ``drip-body`` (headers at once, body one byte
at a time), ``redirect`` (302 to ``redirect_to`` + the same path), ``echo-headers`` (400
whose body repeats the request headers), ``ntriples`` (``body`` as N-Triples), ``empty``
(200 text/plain, no body), ``status`` (``status`` with ``body`` as text/plain), ``proxy``
(the request passed on to ``redirect_to`` + the same path, e.g. an ``oxigraph serve``, so
``auth`` puts a login in front of a real store), ``pages`` (``pages[path]`` as
``(media type, bytes)``, 404 for any other path; without ``Content-Length`` when
``send_length`` is false, the body ending when the connection closes; so too ``drip-body``).

``auth = "basic"`` or ``"digest"`` makes it demand that scheme first (user ``user``,
password ``password``), answering 401 with a challenge until the request carries valid
credentials. Bounded: a drip sends at most ``drip_limit`` bytes and stops when the server
stops; requests are read with a socket timeout.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import socket
import socketserver
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pytest

SELECT_X = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}
).encode()
REALM = "civicgraph-tests"
NONCE = "c2VydmVyLW5vbmNl"


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FaultServer:
    url: str
    mode: str = "ok"
    auth: str | None = None
    user: str = "user"
    password: str = "password"  # noqa: S105 - a test fixture's password
    redirect_to: str = ""
    redirect_status: int = 302
    drip_interval: float = 1.0
    drip_limit: int = 60
    status: int = 500
    body: bytes = b""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    send_length: bool = True
    budget: int | None = None
    """In ``proxy`` mode: pass on this many requests, then answer 503 to the rest."""
    forwarded: int = 0
    requests: list[Received] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)


def _read_request(rfile: BinaryIO) -> Received | None:
    line = rfile.readline(65537)
    if not line:
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        header = rfile.readline(65537).decode("latin-1")
        if header in {"\r\n", "\n", ""}:
            break
        name, _, value = header.partition(":")
        headers[name.strip()] = value.strip()
    length = int(headers.get("Content-Length", "0"))
    body = rfile.read(length) if length else b""
    return Received(method, path, headers, body)


def _digest_ok(server: FaultServer, method: str, header: str) -> bool:
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header))
    if fields.get("username") != server.user or fields.get("nonce") != NONCE:
        return False

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 - HTTP Digest is MD5

    ha1 = md5(f"{server.user}:{REALM}:{server.password}")
    ha2 = md5(f"{method}:{fields.get('uri', '')}")
    expected = md5(
        f"{ha1}:{NONCE}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:{fields.get('qop', '')}:{ha2}"
    )
    return fields.get("response") == expected


def _authorised(server: FaultServer, request: Received) -> bool:
    given = request.headers.get("Authorization", "")
    if server.auth == "basic":
        token = base64.b64encode(f"{server.user}:{server.password}".encode()).decode()
        return given == f"Basic {token}"
    if server.auth == "digest":
        return given.startswith("Digest ") and _digest_ok(server, request.method, given)
    return True


def _challenge(server: FaultServer) -> str:
    if server.auth == "basic":
        return f'Basic realm="{REALM}"'
    return f'Digest realm="{REALM}", qop="auth", nonce="{NONCE}", algorithm=MD5'


def _response(status: int, reason: str, content_type: str, body: bytes, **extra: str) -> bytes:
    headers = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {content_type}"]
    headers += [f"{k.replace('_', '-')}: {v}" for k, v in extra.items()]
    if "Content_Length" not in extra:
        headers.append(f"Content-Length: {len(body)}")
    headers.append("Connection: close")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body


def _answer(server: FaultServer, request: Received) -> bytes | Callable[[socket.socket], None]:  # noqa: PLR0911, PLR0912 - one branch per mode
    if server.auth is not None and not _authorised(server, request):
        return _response(
            401, "Unauthorized", "text/plain", b"log in", WWW_Authenticate=_challenge(server)
        )
    mode = server.mode
    if mode == "ok":
        if request.method == "PUT" or "sparql-update" in request.headers.get("Content-Type", ""):
            return _response(204, "No Content", "text/plain", b"")
        return _response(200, "OK", "application/sparql-results+json", SELECT_X)
    if mode == "html":
        page = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
        return _response(200, "OK", "text/html; charset=utf-8", page)
    if mode == "malformed-json":
        return _response(
            200, "OK", "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": ['
        )
    if mode == "truncated-json":
        cut = SELECT_X[: len(SELECT_X) // 2]
        return _response(
            200, "OK", "application/sparql-results+json", cut, Content_Length=str(len(SELECT_X))
        )
    if mode == "wrong-variables":
        other = SELECT_X.replace(b'"x"', b'"zzz"')
        return _response(200, "OK", "application/sparql-results+json", other)
    if mode == "not-http":
        return b"SSH-2.0-OpenSSH_9.2 not a web server\r\n"
    if mode == "redirect":
        return _response(
            server.redirect_status,
            "Redirect",
            "text/plain",
            b"",
            Location=f"{server.redirect_to}{request.path}",
        )
    if mode == "echo-headers":
        echoed = "".join(f"{k}: {v}\n" for k, v in sorted(request.headers.items())).encode()
        return _response(400, "Bad Request", "text/plain", b"bad request; you sent:\n" + echoed)
    if mode == "ntriples":
        return _response(200, "OK", "application/n-triples", server.body)
    if mode == "empty":
        return _response(200, "OK", "text/plain", b"")
    if mode == "status":
        return _response(server.status, "Status", "text/plain", server.body)
    if mode == "proxy":
        return _forward(server, request)
    if mode == "pages":
        return _page(server, request.path)
    if mode in {"drip", "drip-body"}:
        return lambda connection: _drip(server, connection, body_only=mode == "drip-body")
    raise AssertionError(f"unknown mode {mode}")


def _page(server: FaultServer, path: str) -> bytes:
    if path not in server.pages:
        return _response(404, "Not Found", "text/html", b"<html><body>Not found</body></html>")
    media_type, body = server.pages[path]
    if server.send_length:
        return _response(200, "OK", media_type, body)
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {media_type}\r\nConnection: close\r\n\r\n"
    return head.encode("latin-1") + body


def _forward(server: FaultServer, request: Received) -> bytes:
    if server.budget is not None and server.forwarded >= server.budget:
        return _response(503, "Service Unavailable", "text/plain", b"budget spent")
    server.forwarded += 1
    headers = {k: v for k, v in request.headers.items() if k.lower() in {"content-type", "accept"}}
    forwarded = urllib.request.Request(
        f"{server.redirect_to}{request.path}",
        data=request.body if request.method in {"POST", "PUT"} else None,
        method=request.method,
        headers=headers,
    )
    try:
        with urllib.request.urlopen(forwarded, timeout=30) as answer:
            status, content_type, body = (
                answer.status,
                answer.headers["Content-Type"],
                answer.read(),
            )
    except urllib.error.HTTPError as error:
        status, content_type, body = error.code, error.headers["Content-Type"], error.read()
    return _response(status, "Forwarded", content_type or "text/plain", body)


def _drip(server: FaultServer, connection: socket.socket, *, body_only: bool) -> None:
    payload = SELECT_X * 4
    head = _response(200, "OK", "application/sparql-results+json", payload)[: -len(payload)]
    if not server.send_length:
        head = re.sub(rb"Content-Length: \d+\r\n", b"", head)
    if body_only:
        connection.sendall(head)
        slow = payload
    else:
        slow = head + payload
    for byte in slow[: server.drip_limit]:
        if server.stopping.wait(server.drip_interval):
            return
        connection.sendall(bytes([byte]))


def _start(server_factory_state: list[tuple[socketserver.TCPServer, FaultServer]]) -> FaultServer:
    holder: dict[str, FaultServer] = {}

    class Handler(socketserver.StreamRequestHandler):
        timeout = 10

        def handle(self) -> None:
            fault = holder["server"]
            with contextlib.suppress(OSError, ValueError):
                while True:
                    request = _read_request(self.rfile)
                    if request is None:
                        return
                    fault.requests.append(request)
                    answer = _answer(fault, request)
                    if callable(answer):
                        answer(self.connection)
                        return
                    self.wfile.write(answer)
                    self.wfile.flush()
                    if not answer.startswith(b"HTTP/1.1 401"):
                        return

    tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    tcp.daemon_threads = True
    fault = FaultServer(url=f"http://127.0.0.1:{tcp.server_address[1]}")
    holder["server"] = fault
    threading.Thread(target=tcp.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    server_factory_state.append((tcp, fault))
    return fault


@pytest.fixture
def fault_server() -> Iterator[Callable[[], FaultServer]]:
    """A factory of fault servers on 127.0.0.1, all stopped when the test ends."""
    started: list[tuple[socketserver.TCPServer, FaultServer]] = []
    yield lambda: _start(started)
    for tcp, fault in started:
        fault.stopping.set()
        tcp.shutdown()
        tcp.server_close()
