"""What ``/download`` offers: the served data in every RDF format, and the releases.

**The current data.** On the embedded store, a dump is exactly what ``civicgraph export``
writes from the generation served (``civicgraph.export.serialize_snapshot`` of its
snapshot), so its bytes equal the command's. N-Quads and N-Triples are the snapshot's
own files; every other format is written the first time someone asks for it, once per
generation, into ``<store>/<generation>/downloads/`` (or ``--downloads DIR``/
``<generation>/``), atomically, and sent from that file from then on: a build removes
the folder with its generation, and no visitor makes the server write a dump again.
While one request writes a dump, the others wait for it up to the server's timeout and
are then told to come back (503, ``Retry-After``): JSON-LD is written by pyld at about
0.2 ms a quad (``civicgraph.jsonld``), minutes at a million triples, and the server's
answers must not wait that long.

Over an endpoint the server offers no dump of the data it reads: it would have to read
every triple back through the endpoint, a cost that grows with the store and that the
store's own tools (a dump of its files, or ``civicgraph export`` where the data was
built) pay far more cheaply. There, ``/download`` offers the releases only, and says so.

**Releases.** ``civicgraph release`` writes ``<root>/<version>/`` with ``SHA256SUMS``;
``serve --releases DIR`` (default ``dist/release``, where the command writes) lists
every folder of it that has one, newest version first, and sends the files that file
lists, each checked against its digest once before it is first sent.

Every file is sent with its length, an ``ETag`` that is its SHA-256 (a client that has
the file gets 304) and, for a release, the digest its ``SHA256SUMS`` states.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import FileResponse, Response

from civicgraph.errors import CivicGraphError, ReleaseError
from civicgraph.export import serialize_snapshot
from civicgraph.formats import Format, rdf_format, rdf_formats
from civicgraph.io import write_bytes_atomic
from civicgraph.release import (
    DATASET_STEM,
    SUMS_FILE,
    check_version,
    file_sha256,
    read_sums,
    version_key,
)
from civicgraph.serve.representations import CACHE_CONTROL, etag_matches
from civicgraph.snapshot import NQUADS_FILE, NTRIPLES_FILE, Snapshot

_log = logging.getLogger("civicgraph.serve")

DUMPS_FOLDER = "downloads"
"""The folder of a generation the dumps are written into."""


@dataclass(frozen=True)
class Download:
    """A file offered for download: where it is, its length and its SHA-256."""

    name: str
    path: Path
    size: int
    sha256: str
    format: Format | None
    """The dataset's format, for a dump; ``None`` for a release's other files."""

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    @property
    def media_type(self) -> str:
        return self.format.content_type if self.format is not None else _media_type(self.name)


def send(download: Download, request_headers: Mapping[str, str]) -> Response:
    """The file, streamed with its length and ETag; 304 with no body when the client's
    copy is the same bytes."""
    headers = {
        "ETag": download.etag,
        "Cache-Control": CACHE_CONTROL,
        "Content-Disposition": f'attachment; filename="{download.name}"',
    }
    tags = request_headers.get("if-none-match")
    if tags is not None and etag_matches(tags, download.etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(download.path, media_type=download.media_type, headers=headers)


def dump_name(fmt: Format) -> str:
    """A dump's file name: ``civicgraph.ttl``, as ``civicgraph release`` names it."""
    return f"{DATASET_STEM}.{fmt.extension}"


def dump_format(name: str) -> Format | None:
    """The RDF format a dump's file name stands for."""
    stem, dot, extension = name.partition(".")
    if stem != DATASET_STEM or not dot:
        return None
    return next((f for f in rdf_formats() if f.extension == extension), None)


class Dumps:
    """The dumps of one generation of the embedded store, written when first asked for.

    Thread-safe: each format is written by one thread while the others wait for it.
    """

    def __init__(self, generation_folder: Path, cache: Path) -> None:
        self.generation_folder = generation_folder
        self.cache = cache
        self._locks = {fmt.name: threading.Lock() for fmt in rdf_formats()}
        self._made: dict[str, Download] = {}

    def ready(self, fmt: Format) -> Download | None:
        """The dump if it was made (or found) by this server already."""
        return self._made.get(fmt.name)

    def make(self, fmt: Format, *, wait: float) -> Download | None:
        """The dump in ``fmt``, written now if it is on disk neither here nor in the
        snapshot; ``None`` if another request is still writing it after ``wait`` seconds.
        ``CivicGraphError`` if it cannot be written."""
        made = self._made.get(fmt.name)
        if made is not None:
            return made
        lock = self._locks[fmt.name]
        if not lock.acquire(timeout=wait):
            return None
        try:
            made = self._made.get(fmt.name)
            if made is None:
                made = self._write(fmt)
                self._made[fmt.name] = made
            return made
        finally:
            lock.release()

    def _write(self, fmt: Format) -> Download:
        name = dump_name(fmt)
        own = {"nquads": NQUADS_FILE, "ntriples": NTRIPLES_FILE}.get(fmt.name)
        if own is not None and (self.generation_folder / own).is_file():
            # the snapshot's files are the export's bytes (serialize_snapshot gives them)
            path = self.generation_folder / own
            return Download(name, path, path.stat().st_size, file_sha256(path), fmt)
        path = self.cache / name
        if not path.is_file():  # written atomically: a file there is a whole dump
            data = serialize_snapshot(Snapshot.read(self.generation_folder), fmt)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(path, data)
            except OSError as error:
                raise DumpError(
                    f"cannot write the dump {path}: {error.strerror or error}",
                    hint="give serve --downloads a folder it may write",
                ) from error
            _log.warning("wrote %s (%d bytes) for /download", path, len(data))
        return Download(name, path, path.stat().st_size, file_sha256(path), fmt)


class DumpError(CivicGraphError):
    """A dump could not be written."""


@dataclass(frozen=True)
class ReleaseListing:
    """A release folder as ``/download`` lists it."""

    version: str
    files: tuple[Download, ...]
    """Every file ``SHA256SUMS`` lists, then ``SHA256SUMS`` itself."""

    @property
    def dumps(self) -> tuple[Download, ...]:
        return tuple(f for f in self.files if f.format is not None)


class Releases:
    """The releases under one folder, read when asked (a new release shows at once);
    each file's digest is checked once per server, before it is first sent."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._checked: dict[tuple[Path, int, int], str] = {}
        self._lock = threading.Lock()

    def listed(self) -> list[ReleaseListing]:
        """Every release with a readable ``SHA256SUMS``, newest version first."""
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir()]
        except OSError:
            return []
        found = [r for r in (self._read(folder) for folder in folders) if r is not None]
        return sorted(found, key=lambda r: version_key(r.version), reverse=True)

    def _read(self, folder: Path) -> ReleaseListing | None:
        try:
            check_version(folder.name)
            sums = read_sums(folder, what=f"release {folder.name}", hint="")
        except (ReleaseError, OSError) as error:
            # a folder being written (.0.2.0.partial-…) or anything else: not a release
            _log.debug("not listed: %s (%s)", folder, error)
            return None
        files = []
        for name, digest in sums.items():
            path = folder / name
            try:
                size = path.stat().st_size
            except OSError:
                continue
            files.append(Download(name, path, size, digest, dump_format(name)))
        sums_path = folder / SUMS_FILE
        sums_file = Download(
            SUMS_FILE, sums_path, sums_path.stat().st_size, file_sha256(sums_path), None
        )
        return ReleaseListing(folder.name, (*files, sums_file))

    def file(self, version: str, name: str) -> Download | None:
        """A file of a release, if ``SHA256SUMS`` lists it (or is it)."""
        release = next((r for r in self.listed() if r.version == version), None)
        if release is None:
            return None
        return next((f for f in release.files if f.name == name), None)

    def intact(self, download: Download) -> bool:
        """Whether the file's bytes are those its digest states (read once a file)."""
        stat = download.path.stat()
        key = (download.path, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._checked.get(key)
        if known is None:
            known = file_sha256(download.path)
            with self._lock:
                self._checked[key] = known
        return known == download.sha256


_OTHER_TYPES = {
    "md": "text/markdown",
    "json": "application/json",
    "ttl": rdf_format("turtle").media_type,
}


def _media_type(name: str) -> str:
    """The media type of a release's report or checksums, by its extension."""
    return _OTHER_TYPES.get(name.rpartition(".")[2], "text/plain") + "; charset=utf-8"
