"""The HTTP/1.1 connection of ``civicgraph serve``: uvicorn's h11 protocol, with a bound on
the request head (its line and header fields) answered ``431 Request Header Fields Too
Large`` (RFC 6585 §5).

h11 already refuses to buffer more than ``h11_max_incomplete_event_size`` bytes of a head
it cannot finish, but uvicorn answers every such refusal with a bare 400; a client sent
431 knows what to cut. httptools, uvicorn's other parser, keeps no bound of its own.
"""

from __future__ import annotations

import re

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_MAX_HEAD = 64 * 1024
"""Bytes of request line and header fields a request may send: a GET of a long SPARQL
query fits (a client sends longer ones as a POST body, bounded by ``--max-body``)."""

_END_OF_HEAD = re.compile(rb"\r?\n\r?\n")


class BoundedHeadProtocol(H11Protocol):
    """h11's protocol, refusing a request head longer than the config allows with 431."""

    def handle_events(self) -> None:
        limit = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_HEAD
        if self.conn.their_state is h11.IDLE:
            buffered, _ = self.conn.trailing_data
            if len(buffered) > limit and not _END_OF_HEAD.search(buffered, 0, limit + 4):
                self._refuse_head(limit)
                return
        super().handle_events()

    def _refuse_head(self, limit: int) -> None:
        message = f"request line and header fields larger than {limit} bytes\n"
        response = h11.Response(
            status_code=431,
            reason=b"Request Header Fields Too Large",
            headers=[(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")],
        )
        for event in (response, h11.Data(data=message.encode("ascii")), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
