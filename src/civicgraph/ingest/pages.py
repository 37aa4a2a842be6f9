"""Read a news page: fetch it through the one HTTP layer, keep its main text and its metadata.

The text is trafilatura's (precision first: menus, scripts, share buttons, bylines,
figure captions and related links are left out; measured on pages shaped like Kazakh,
Russian and English news sites, tests/fixtures/ingest/pages/), less the short lines that
credit a photo or name the author, which trafilatura keeps when a site marks them with no
class it knows. Title, site name and canonical URL are the page's metadata; the date is
htmldate's reading of the metadata only (``extensive_search`` off: with it, a date named
in the text became the publication date). The extracted text is held beside the page's
bytes and never extracted again, so evidence offsets stay where they were whatever a later
trafilatura would do; the versions that made it are recorded with it (``EXTRACTOR``).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from civicgraph import __version__
from civicgraph.errors import SourceError
from civicgraph.ingest.languages import is_credit_line
from civicgraph.sparql import http

if TYPE_CHECKING:
    from lxml.html import HtmlElement

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

DEFAULT_TIMEOUT = 30.0
"""Seconds for the whole fetch: connecting, redirects and every byte of the page."""
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""A news page's HTML is well under 2 MB; trafilatura itself gives up at 20 MB."""
MIN_WORDS = 15
"""Fewer words of main text (its title lines aside) than a one-sentence news brief has:
what trafilatura found is a menu, a notice or a headline alone, not an article."""
_WORD = re.compile(r"\w+")


def extractor_versions() -> dict[str, str]:
    """What made an extracted text: recorded in ``source.yaml`` beside it."""
    # 0.45 s to import, more than the rest of the CLI: only source add of a page pays it.
    import htmldate  # noqa: PLC0415
    import trafilatura  # noqa: PLC0415

    return {
        "trafilatura": trafilatura.__version__,
        "htmldate": htmldate.__version__,
        "civicgraph": __version__,
    }


@dataclass(frozen=True)
class Fetched:
    """A page as a server answered it: its final URL (after redirects), media type, bytes."""

    url: str
    media_type: str
    body: bytes


@dataclass(frozen=True)
class Page:
    """What a page says of itself, and its main text."""

    text: str
    title: str | None
    date: str | None
    """``YYYY-MM-DD``, from the page's metadata only."""
    site_name: str | None
    url: str | None
    """The canonical URL the page gives (``<link rel=canonical>``, ``og:url``), http(s) only."""
    language: str | None
    """The language the page declares (``lang``, ``Content-Language``, ``og:locale``),
    its primary subtag in lower case."""
    author: str | None
    """The byline trafilatura found, kept out of the text."""


def is_url(document: str) -> bool:
    """Whether ``document`` is written as a URL (``scheme://…``) rather than a path."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", document) is not None


def looks_like_html(name: str, data: bytes) -> bool:
    """Whether a file is a web page: by its extension, else by how its bytes begin."""
    if any(name.lower().endswith(suffix) for suffix in _HTML_SUFFIXES):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<?xml") and b"<html" in head
    )


def fetch_page(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """GET ``url`` through :mod:`civicgraph.sparql.http`; an HTML or plain-text answer, or
    ``SourceError`` in one line naming the URL."""
    try:
        response = http.get(url, accept=_ACCEPT, timeout=timeout, max_bytes=max_bytes)
    except http.EndpointError as error:
        raise SourceError(error.message, hint=_fetch_hint(error, timeout)) from None
    media_type = response.media_type
    if media_type and media_type not in HTML_TYPES + TEXT_TYPES:
        raise SourceError(
            f"{url} is {media_type}, not a web page or plain text",
            hint="civicgraph reads HTML pages and UTF-8 text: save the article's text as "
            "UTF-8 and add that file",
        )
    return Fetched(url=response.url, media_type=media_type, body=response.body)


def _fetch_hint(error: http.EndpointError, timeout: float) -> str:  # noqa: PLR0911 - one hint per failure
    if error.message.startswith("not an http(s) URL"):
        return "give the page's http:// or https:// address, or the path of a saved page"
    if error.message.startswith("credentials in the URL"):
        return "give the address without user:password@; civicgraph sends no credentials to a page"
    if error.timed_out:
        return f"the site sent no complete page within {timeout:g} s; try again, raise --timeout, or save the page and add the file"
    if error.too_large:
        return "no article is that large: save the page (or its text) and add the file, or raise --max-bytes"
    if error.status in {401, 402, 403, 451}:
        return "the site refuses the request (a login, a paywall or a block): save the page in a browser and add the file"
    if error.status in {404, 410}:
        return "check the address"
    if error.status is not None and 300 <= error.status < 400:
        return error.hint or "only redirects to http(s) addresses are followed"
    if error.transient:
        return "the site is unreachable, overloaded or failing; try again later"
    return "check the address, or save the page and add the file"


def read_page(data: bytes, *, where: str) -> Page:
    """The main text and metadata of the HTML page ``data`` (from ``where``: a path or a
    URL, named in every refusal)."""
    import trafilatura  # noqa: PLC0415 - see extractor_versions
    from trafilatura.settings import Document  # noqa: PLC0415

    tree = trafilatura.load_html(data)
    if tree is None:
        raise SourceError(
            "no HTML could be read from the page",
            path=where,
            hint="give the page as saved by a browser (HTML), or its text as UTF-8",
        )
    language = _declared_language(tree)
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(document, Document) or not document.text:
        raise _boilerplate_only(where, 0)
    title = _one_line(document.title)
    author = _one_line(document.author)
    text = _without_credits(document.text, author)
    words = sum(len(_WORD.findall(line)) for line in text.splitlines() if line.strip() != title)
    if words < MIN_WORDS:
        raise _boilerplate_only(where, words)
    return Page(
        text=text,
        title=title,
        date=document.date or None,
        site_name=_one_line(document.sitename),
        url=_http_url(document.url),
        language=language,
        author=author,
    )


def _boilerplate_only(where: str, words: int) -> SourceError:
    return SourceError(
        f"no article text found: the page's main text is {words} word(s), "
        f"fewer than {MIN_WORDS} (menus, links and notices are left out)",
        path=where,
        hint="give the article's own page, not a front page or a list; or save its text "
        "as UTF-8 and add that file",
    )


def _without_credits(text: str, author: str | None) -> str:
    """``text`` less the lines that only credit a photo or name the author (the words are
    the language rules': ``civicgraph.ingest.languages.is_credit_line``)."""
    kept = []
    for line in text.splitlines():
        if is_credit_line(line) or (
            author is not None and line.strip().casefold() == author.casefold()
        ):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _one_line(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def _http_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) URL without a user or password: trafilatura drops
    relative and other schemes' canonical links, but passes ``user:password@`` through."""
    if not value:
        return None
    url = value.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or "@" in parts.netloc:
        return None
    return url


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    candidates = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *root.xpath(
            "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']"
            "/@content"
        ),
        *root.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in candidates:
        primary = re.split(r"[-_,\s]", str(value).strip(), maxsplit=1)[0].lower() if value else ""
        if primary:
            return primary
    return None
