"""Hold a new document under ``data/sources/<id>/``: its bytes unchanged, their SHA-256, its metadata.

The document is copied byte for byte (evidence offsets count code points of exactly these
bytes decoded as UTF-8), and the folder appears whole or not at all: both files are written
into a hidden folder beside it, which is then renamed into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from civicgraph.errors import SourceError
from civicgraph.ingest.yamltext import dump_yaml
from civicgraph.io import write_bytes_atomic
from civicgraph.languages import LANGUAGES
from civicgraph.model import UNKNOWN
from civicgraph.records import check_source_id, check_source_url, not_regular

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TITLE_CHARS = 200


@dataclass(frozen=True)
class NewSource:
    """What ``source add`` was given besides the file."""

    id: str
    language: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class AddedSource:
    """A source now held: where its files are and what its bytes hash to."""

    id: str
    folder: Path
    document: Path
    sha256: str
    characters: int


def add_source(data_dir: Path, document: Path, meta: NewSource) -> AddedSource:
    """Copy ``document`` into ``data_dir/sources/<id>/`` with a ``source.yaml``; refuse bad input.

    Every refusal raises ``SourceError`` before anything is written.
    """
    _check_meta(meta)
    folder = data_dir / "sources" / meta.id
    if folder.exists():
        raise SourceError(
            f"source id {meta.id!r} already exists",
            path=folder,
            hint="choose another --id; a held document is never replaced",
        )
    data = _read_document(document)
    text = data.decode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    file_name = f"{meta.id}.{meta.language}.txt"
    metadata = {
        "id": meta.id,
        # Without --title the document's own first line stands for it: its words, not ours.
        "title": {meta.language: meta.title or _first_line(text)},
        "file": file_name,
        "language": meta.language,
        "sha256": digest,
        "publisher": meta.publisher or UNKNOWN,
        "url": meta.url or UNKNOWN,
        "date": meta.published or UNKNOWN,
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{meta.id}.", dir=folder.parent))
    try:
        write_bytes_atomic(staging / file_name, data)
        dumped = dump_yaml(metadata)
        write_bytes_atomic(staging / "source.yaml", dumped.encode("utf-8"))
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return AddedSource(
        id=meta.id,
        folder=folder,
        document=folder / file_name,
        sha256=digest,
        characters=len(text),
    )


def _check_meta(meta: NewSource) -> None:
    check_source_id(meta.id, what="unsafe")
    if meta.language not in LANGUAGES:
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


def _read_document(document: Path) -> bytes:
    kind = not_regular(document)
    if kind is not None:
        raise SourceError(kind, path=document, hint="give the document's file")
    try:
        data = document.read_bytes()
    except FileNotFoundError as error:
        raise SourceError("file not found", path=document, hint="check the path") from error
    if not data.strip():
        raise SourceError("the file is empty", path=document, hint="give a document with text")
    if b"\x00" in data:
        raise SourceError(
            "the file is binary (it contains NUL bytes)",
            path=document,
            hint="give the plain text of the document, saved as UTF-8",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"the file is not valid UTF-8 (byte {error.start})",
            path=document,
            hint="re-encode the text as UTF-8, e.g. iconv -f cp1251 -t utf-8",
        ) from error
    return data


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:_TITLE_CHARS]
