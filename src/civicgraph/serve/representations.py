"""Rendered entity pages kept in memory, and the HTTP validators that let clients keep them.

The server reads one store generation for its whole life: ``civicgraph serve`` opens the
generation ``manifest.json`` names when it starts and keeps it (a later build switches
the manifest, not the open database; restart the server to serve the new build). So a
representation of an entity (its page in one language, or its Turtle, N-Triples or
JSON-LD) depends only on the generation, the path, the parameters its page reads (the
``span`` it highlights, the ``group`` of facts paged and its ``page``), the language and
the media type, and once rendered it can be answered again without asking
the store. Only these make the key: a parameter the route does not read (``?pad=...``)
changes nothing in the answer, so it must not make an entry of its own and push real
pages out.

Entries are keyed by the generation too, so a cache can never answer a page of another
generation than the one it was made with; the ETag is a hash of the bytes sent, so a
client keeps its copy across a rebuild only where the page did not change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from cachetools import LRUCache
from starlette.responses import Response

CACHE_CONTROL = "public, no-cache"
"""Clients and proxies may keep a page but must ask again (a 304 costs no rendering): a
rebuild can change any page, and nothing says in advance when one will happen."""

Key = tuple[str, str, str, str, str]
"""Generation, media type, language, path, the page's parameters ("span=…&group=…&page=…",
"" for none)."""


@dataclass(frozen=True)
class Representation:
    """One rendered answer: its bytes, type, headers of its own, and its entity tag."""

    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]
    etag: str

    @classmethod
    def of(cls, response: Response) -> Representation:
        """The body and headers of a rendered 200 answer, tagged by a hash of its bytes."""
        body = bytes(response.body)
        kept = ("content-language", "vary")
        return cls(
            body,
            response.media_type or "application/octet-stream",
            tuple((name, value) for name, value in response.headers.items() if name in kept),
            f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"',
        )


class Representations:
    """The representations of one store generation, the least recently used dropped first.

    Not thread-safe: used from the event loop only, never from the worker threads.
    """

    def __init__(self, generation: str, built: datetime | None, max_bytes: int) -> None:
        self.generation = generation
        self.last_modified = (
            format_datetime(built.astimezone(UTC).replace(microsecond=0), usegmt=True)
            if built is not None
            else None
        )
        self._built = built.replace(microsecond=0) if built is not None else None
        # weighed by bytes, the key's as well as the body's: one entity page of a big body
        # can be a thousand times another, and a long path is memory held as much as a page
        self._kept: LRUCache[Key, tuple[int, Representation]] | None = (
            LRUCache(maxsize=max_bytes, getsizeof=lambda entry: entry[0]) if max_bytes > 0 else None
        )

    def key(self, media_type: str, lang: str, path: str, view: str) -> Key:
        return (self.generation, media_type, lang, path, view)

    def get(self, key: Key) -> Representation | None:
        entry = self._kept.get(key) if self._kept is not None else None
        return entry[1] if entry is not None else None

    def put(self, key: Key, representation: Representation) -> None:
        if self._kept is None:
            return
        weight = len(representation.body) + sum(len(part.encode()) for part in key)
        if weight <= self._kept.maxsize:  # a larger one is never kept
            self._kept[key] = (weight, representation)

    @property
    def entries(self) -> int:
        """How many representations are kept."""
        return len(self._kept) if self._kept is not None else 0

    @property
    def weight(self) -> int:
        """Bytes the kept representations and their keys count for."""
        return int(self._kept.currsize) if self._kept is not None else 0

    def answer(
        self, representation: Representation, request_headers: Mapping[str, str]
    ) -> Response:
        """The representation, or 304 with no body when the client's copy is current."""
        headers = dict(representation.headers)
        headers["ETag"] = representation.etag
        headers["Cache-Control"] = CACHE_CONTROL
        if self.last_modified is not None:
            headers["Last-Modified"] = self.last_modified
        if self._not_modified(representation, request_headers):
            return Response(status_code=304, headers=headers)
        return Response(representation.body, media_type=representation.media_type, headers=headers)

    def _not_modified(
        self, representation: Representation, request_headers: Mapping[str, str]
    ) -> bool:
        # RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it
        tags = request_headers.get("if-none-match")
        if tags is not None:
            return etag_matches(tags, representation.etag)
        since = request_headers.get("if-modified-since")
        if since is None or self._built is None:
            return False
        try:
            asked = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
        if asked.tzinfo is None:
            return False
        return self._built <= asked


def etag_matches(tags: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` value names ``etag`` (weakly, RFC 9110 §13.1.2) or is ``*``."""
    return tags.strip() == "*" or etag in {
        tag.strip().removeprefix("W/") for tag in tags.split(",")
    }
