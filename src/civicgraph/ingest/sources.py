"""Hold a new document under ``data/sources/<id>/`` (its bytes unchanged, their SHA-256, its
metadata), and let one go when nothing cites it.

A document is a plain UTF-8 text, a saved web page or a page's URL. Its bytes are kept as
given; a page's main text is extracted once (:mod:`civicgraph.ingest.pages`) and kept beside
it with its own SHA-256 and the extractor's version: evidence offsets count code points of
that text, which nothing extracts again. The folder appears whole or not at all, and goes
whole: adding and removing are each one change of data/ (``journal.commit_files``: the
folder is written into the journal, then renamed into place; a removed one is renamed into
the journal), made under the lock of data/, so a killed ``source add`` or ``source remove``
is completed or undone by the next command, and a removal cannot miss a record a review
writes meanwhile.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civicgraph.errors import SourceError
from civicgraph.ingest.extract import refuse_too_long
from civicgraph.ingest.pages import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    HTML_TYPES,
    Page,
    extractor_versions,
    fetch_page,
    is_url,
    looks_like_html,
    read_page,
)
from civicgraph.ingest.yamltext import dump_yaml
from civicgraph.io import LineDict, read_yaml
from civicgraph.journal import commit_files, data_lock
from civicgraph.languages import LANGUAGES
from civicgraph.model import UNKNOWN
from civicgraph.records import (
    ID_PATTERN,
    check_source_id,
    check_source_url,
    load_entities,
    not_regular,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TITLE_CHARS = 200
_SHOWN_CITATIONS = 5


@dataclass(frozen=True)
class NewSource:
    """What ``source add`` was given besides the document."""

    id: str
    language: str | None = None
    """``None``: the page's own declaration (``lang``); a plain text must be given one."""
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    """An entity id (``org/undp``), or the publisher's name when it is none."""
    published: str | None = None


@dataclass(frozen=True)
class AddedSource:
    """A source now held: where its files are, what its bytes hash to, what was read."""

    id: str
    folder: Path
    document: Path
    """The document as given, byte for byte (the page's HTML, or the text)."""
    sha256: str
    """Of ``document``'s bytes."""
    text_file: Path
    """The text evidence offsets count in: ``document`` itself, or the page's extracted text."""
    characters: int
    language: str
    title: str
    date: str | None
    url: str | None
    extractor: dict[str, str] | None = None
    """Who extracted ``text_file`` from a page, package by package; ``None`` for a text."""


@dataclass(frozen=True)
class _Held:
    data: bytes
    where: str
    """The path or URL, as the user gave it, for messages."""
    is_html: bool
    fetched_url: str | None = None
    """Where the bytes finally came from (after redirects), when fetched."""


def add_source(
    data_dir: Path,
    document: str | Path,
    meta: NewSource,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AddedSource:
    """Hold ``document`` (a path, or an http(s) URL fetched within ``timeout`` seconds and
    ``max_bytes``) in ``data_dir/sources/<id>/`` with a ``source.yaml``; refuse bad input.

    Every refusal raises ``SourceError`` before anything is written. The document is
    fetched and read before the lock of data/ is taken, so a slow server holds no one up.
    """
    _check_meta(meta)
    _refuse_taken(data_dir / "sources" / meta.id)
    _refuse_unknown_publisher(data_dir, meta.publisher)
    held = _take(str(document), timeout=timeout, max_bytes=max_bytes)
    if not held.is_html:
        if meta.language is None:
            raise SourceError(
                "a plain text does not say its language",
                path=held.where,
                hint=f"give --language {'|'.join(LANGUAGES)}",
            )
        return _hold(data_dir, held, meta, language=meta.language, text=_decode(held), page=None)
    if len(held.data) > max_bytes:
        raise SourceError(
            f"the page is {len(held.data):,} bytes, over the limit of {max_bytes:,}",
            path=held.where,
            hint="no article is that large: save its text as UTF-8 and add that file, "
            "or raise --max-bytes",
        )
    page = read_page(held.data, where=held.where)
    language = meta.language or _page_language(page, held.where)
    return _hold(data_dir, held, meta, language=language, text=page.text, page=page)


def _refuse_unknown_publisher(data_dir: Path, publisher: str | None) -> None:
    """A publisher given as an entity id must be one the authority file has: the build
    would refuse the source, and every build after it, until the folder was removed."""
    if publisher is None or not ID_PATTERN.match(publisher):
        return
    known = load_entities(data_dir) if (data_dir / "entities").is_dir() else {}
    if publisher not in known:
        close = difflib.get_close_matches(publisher, list(known), n=3, cutoff=0.5)
        raise SourceError(
            f"unknown publisher {publisher!r}",
            path=data_dir / "entities",
            hint=("did you mean " + " or ".join(close) + "? " if close else "")
            + "give an entity id of data/entities/, or the publisher's name in words",
        )


def _refuse_taken(folder: Path) -> None:
    if folder.exists() or folder.is_symlink():
        raise SourceError(
            f"source id {folder.name!r} already exists",
            path=folder,
            hint="choose another --id; a held document is never replaced",
        )


def _hold(
    data_dir: Path, held: _Held, meta: NewSource, *, language: str, text: str, page: Page | None
) -> AddedSource:
    """Write the folder: the bytes as given, a page's text beside them, and source.yaml,
    where what the curator gave comes before what the page says of itself."""
    refuse_too_long(text, meta.id)  # held, it could never be drafted
    folder = data_dir / "sources" / meta.id
    digest = hashlib.sha256(held.data).hexdigest()
    text_name = f"{meta.id}.{language}.txt"
    files = {text_name: held.data}
    document_name = text_name
    # Without --title a text's own first line stands for it: its words, not ours.
    title = meta.title or (page and page.title) or _first_line(text)
    url = meta.url or (page and page.url) or held.fetched_url
    date = meta.published or (page and page.date) or None
    extractor = extractor_versions() if page is not None else None
    extracted: dict[str, Any] = {}
    if page is not None and extractor is not None:
        document_name = f"{meta.id}.{language}.html"
        text_bytes = text.encode("utf-8")
        files = {document_name: held.data, text_name: text_bytes}
        extracted = {
            "mediaType": "text/html",
            "extracted": {
                "file": text_name,
                "sha256": hashlib.sha256(text_bytes).hexdigest(),
                "extractor": extractor,
            },
        }
    metadata: dict[str, Any] = {
        "id": meta.id,
        "title": {language: title},
        "file": document_name,
        "language": language,
        "sha256": digest,
        **extracted,
        **_publisher(meta.publisher, site_name=page.site_name if page is not None else None),
        "url": url or UNKNOWN,
        "date": date or UNKNOWN,
        **_retrieved(held),
    }
    files["source.yaml"] = dump_yaml(metadata).encode("utf-8")
    data_dir.mkdir(parents=True, exist_ok=True)  # the first source of a new project
    with data_lock(data_dir):
        _refuse_taken(folder)  # again: another command may have added it meanwhile
        commit_files(data_dir, {folder: files}, what=f"addition of source {meta.id}")
    return AddedSource(
        id=meta.id,
        folder=folder,
        document=folder / document_name,
        sha256=digest,
        text_file=folder / text_name,
        characters=len(text),
        language=language,
        title=title,
        date=date,
        url=url,
        extractor=extractor,
    )


def _publisher(given: str | None, *, site_name: str | None) -> dict[str, str]:
    """``publisher`` is an entity id or ``unknown``; a name that is no id, or the page's
    site name, is kept as ``publisherName`` (the build names the publisher with it)."""
    if given is not None and ID_PATTERN.match(given):
        entity, name = given, site_name
    else:
        entity, name = None, given or site_name
    fields = {"publisher": entity or UNKNOWN}
    if name:
        fields["publisherName"] = name
    return fields


def _retrieved(held: _Held) -> dict[str, dict[str, str]]:
    if held.fetched_url is None:
        return {}
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {"retrieved": {"url": held.fetched_url, "at": at}}


def _check_meta(meta: NewSource) -> None:
    check_source_id(meta.id, what="unsafe")
    if meta.language is not None and meta.language not in LANGUAGES:
        raise SourceError(
            f"unknown language {meta.language!r}",
            subject=meta.id,
            hint=f"use one of {', '.join(LANGUAGES)}",
        )
    if meta.url is not None:
        check_source_url(meta.url, subject=meta.id)
    if meta.published is not None:
        try:
            if not _ISO_DATE.match(meta.published):
                raise ValueError(meta.published)
            dt.date.fromisoformat(meta.published)
        except ValueError as error:
            raise SourceError(
                f"invalid publication date {meta.published!r}",
                subject=meta.id,
                hint="write it as YYYY-MM-DD, e.g. 2025-04-03",
            ) from error


def _take(document: str, *, timeout: float, max_bytes: int) -> _Held:
    """The document's bytes, from a URL or a file, refused when empty or binary."""
    if is_url(document):
        fetched = fetch_page(document, timeout=timeout, max_bytes=max_bytes)
        _check_bytes(fetched.body, where=document, what="page")
        is_html = fetched.media_type in HTML_TYPES or (
            not fetched.media_type and looks_like_html("", fetched.body)
        )
        return _Held(fetched.body, document, is_html, fetched_url=fetched.url)
    path = Path(document)
    kind = not_regular(path)
    if kind is not None:
        raise SourceError(kind, path=path, hint="give the document's file")
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise SourceError(
            "file not found", path=path, hint="check the path; a page's address starts http(s)://"
        ) from error
    _check_bytes(data, where=document, what="file")
    return _Held(data, document, looks_like_html(path.name, data))


def _check_bytes(data: bytes, *, where: str, what: str) -> None:
    if not data.strip():
        raise SourceError(f"the {what} is empty", path=where, hint="give a document with text")
    if b"\x00" in data:
        raise SourceError(
            f"the {what} is binary (it contains NUL bytes)",
            path=where,
            hint="give a web page or the plain text of the document, saved as UTF-8",
        )


def _decode(held: _Held) -> str:
    try:
        return held.data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"the {'page' if held.fetched_url else 'file'} is not valid UTF-8 (byte {error.start})",
            path=held.where,
            hint="re-encode the text as UTF-8, e.g. iconv -f cp1251 -t utf-8",
        ) from error


def _page_language(page: Page, where: str) -> str:
    if page.language in LANGUAGES:
        return page.language
    if page.language is not None:
        raise SourceError(
            f"the page declares its language as {page.language!r}; civicgraph reads "
            f"{', '.join(LANGUAGES)}",
            path=where,
            hint="give --language when the page is mislabelled and is in one of them",
        )
    raise SourceError(
        "the page does not declare its language (no lang attribute, Content-Language or og:locale)",
        path=where,
        hint=f"give --language {'|'.join(LANGUAGES)}",
    )


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:_TITLE_CHARS]


# -- removing ---------------------------------------------------------------------------


def source_folder(data_dir: Path, source_id: str) -> Path:
    """``data_dir/sources/<id>/`` of a held source; else one line naming the known ones."""
    folder = data_dir / "sources" / check_source_id(source_id)
    if not (folder / "source.yaml").is_file():
        known = sorted(p.parent.name for p in (data_dir / "sources").glob("*/source.yaml"))
        raise SourceError(
            f"unknown source {source_id!r}",
            path=folder,
            hint=f"add it with civicgraph source add; known: {', '.join(known) or 'none'}",
        )
    return folder


def remove_source(data_dir: Path, source_id: str) -> Path:
    """Remove the folder of ``source_id`` whole, unless a record or a draft cites it.

    Checked and removed under the lock of data/: a review that cites the source while this
    waits for the lock is seen, and the removal refused.
    """
    with data_lock(data_dir):
        folder = source_folder(data_dir, source_id)
        _refuse_cited(data_dir, source_id, folder)
        commit_files(data_dir, {}, removals=[folder], what=f"removal of source {source_id}")
    return folder


def _refuse_cited(data_dir: Path, source_id: str, folder: Path) -> None:
    citing = citations(data_dir, source_id)
    if citing:
        shown = ", ".join(citing[:_SHOWN_CITATIONS])
        more = (
            f" and {len(citing) - _SHOWN_CITATIONS} more" if len(citing) > _SHOWN_CITATIONS else ""
        )
        raise SourceError(
            f"cited by {shown}{more}",
            path=folder,
            hint="remove those facts (or reject the draft's proposals) first; "
            "facts whose evidence is gone would no longer build",
        )


def citations(data_dir: Path, source_id: str) -> list[str]:
    """Where records and drafts cite ``source_id``: ``file`` (all of it), or ``file:line (fact)``."""
    found: list[str] = []
    for folder in ("records", "drafts"):
        for path in sorted((data_dir / folder).glob("*.yaml")):
            document = read_yaml(path)
            if not isinstance(document, LineDict):
                continue
            if document.get("source") == source_id:
                found.append(str(path))
                continue
            found.extend(_evidence_citing(document, path, source_id))
    return found


def _evidence_citing(document: LineDict, path: Path, source_id: str) -> list[str]:
    found = []
    facts = document.get("facts")
    for fact in facts if isinstance(facts, list) else []:
        evidence = fact.get("evidence") if isinstance(fact, LineDict) else None
        for item in evidence if isinstance(evidence, list) else []:
            if isinstance(item, LineDict) and item.get("source") == source_id:
                name = fact.get("id") or fact.get("subject") or "a fact"
                found.append(f"{path}:{item.line} ({name})")
    return found
