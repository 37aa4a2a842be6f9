"""Read ``data/``: source metadata, the entity authority file and the per-source records.

This module checks the shape of what the curator wrote (keys, ids, languages, checksums)
and returns the typed model; whether the facts make sense against the ontology and the
source texts is the build's job. Formats: ``docs/records.md``.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from civicgraph.errors import CivicGraphError, RecordError, SourceError
from civicgraph.io import LineDict, read_yaml, short_repr
from civicgraph.languages import is_language_tag
from civicgraph.model import UNKNOWN, Corpus, Entity, Evidence, Fact, Source, Value

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")
"""``kind/slug``: lower-case ASCII words joined by hyphens, so IRIs never need escaping."""

SOURCE_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SOURCE_ID_LENGTH = 200
"""A source id names a folder and files (``<id>.kk.txt``, ``<id>.yaml``, a staging
``.<id>.XXXXXXXX``); common file systems take names of at most 255 bytes (ids are ASCII)."""
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")

_FACT_RESERVED = {"id", "type", "subject", "evidence", "note"}

PROPOSED = "proposed"
"""The ``status`` of a proposal that ``civicgraph draft review`` has not accepted yet."""


def _refuse_status(
    entry: LineDict, *, path: Path, subject: str, error: type[CivicGraphError]
) -> None:
    """Records hold accepted facts only: a proposal waits for review, and ``status`` is no
    property of the graph."""
    if "status" not in entry:
        return
    status = entry["status"]
    line = entry.key_lines.get("status", entry.line)
    if status == PROPOSED:
        raise error(
            "a proposal is not a record yet",
            path=path,
            line=line,
            subject=subject,
            hint="accept proposals with 'civicgraph draft review'",
        )
    raise error(
        f"'status' is not a property (found {short_repr(status)})",
        path=path,
        line=line,
        subject=subject,
        hint="remove it; only 'status: proposed' exists, in drafts under review",
    )


def _line(mapping: object) -> int | None:
    return mapping.line if isinstance(mapping, LineDict) else None


def _require_mapping(value: object, *, path: Path, line: int | None, what: str) -> LineDict:
    if not isinstance(value, LineDict):
        raise RecordError(
            f"{what} must be a mapping, not {short_repr(value)}",
            path=path,
            line=line,
            hint="see docs/records.md",
        )
    return value


def _require_list(document: LineDict, key: str, *, path: Path) -> list[Any]:
    items = document.get(key)
    if not isinstance(items, list):
        raise RecordError(
            f"expected a list under {key!r}",
            path=path,
            line=document.line,
            hint="see docs/records.md",
        )
    return items


def _is_curated_tag(tag: object) -> bool:
    """A language tag with its language subtag in lower case (RFC 5646 §2.1.1), so that
    "EN" and "en" never become two labels of one entity."""
    return is_language_tag(tag) and str(tag).split("-", 1)[0].islower()


def _tag_hint(tag: object) -> str:
    if is_language_tag(tag):
        return f"write the language in lower case: {str(tag).split('-', 1)[0].lower()}"
    return "use a BCP 47 tag such as kk, en, ru or kk-Latn"


def _language_map(
    value: object, *, path: Path, line: int | None, subject: str, key: str
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RecordError(
            f"{key} must map language tags to text",
            path=path,
            line=line,
            subject=subject,
            hint='write it as {kk: "…", en: "…", ru: "…"}',
        )
    for lang in value:
        if not _is_curated_tag(lang):
            raise RecordError(
                f"{key} has an invalid language tag {short_repr(lang)}",
                path=path,
                line=line,
                subject=subject,
                hint=_tag_hint(lang),
            )
    return dict(value)


def read_language_texts(
    value: object, *, path: Path, line: int | None, subject: str, key: str
) -> dict[str, str]:
    """A language map whose values are non-empty text (titles, labels, date expressions)."""
    texts = _language_map(value, path=path, line=line, subject=subject, key=key)
    for lang, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise RecordError(
                f"{key} in {lang} must be non-empty text, not {short_repr(text)}",
                path=path,
                line=line,
                subject=subject,
                hint=f'write {lang}: "…" in quotes',
            )
    return texts


def load_sources(data_dir: Path) -> dict[str, Source]:
    """Read every ``data/sources/<id>/source.yaml`` and check the document bytes against it."""
    return {source.id: source for source in iter_sources(data_dir)}


def iter_sources(data_dir: Path) -> Iterator[Source]:
    """The sources of ``data/`` one at a time, in the order of their folders, each checked
    as ``load_sources`` checks them: a build holds one document's text at a time."""
    root = data_dir / "sources"
    if not root.is_dir():
        raise SourceError(
            "no sources folder", path=root, hint="create data/sources/<id>/source.yaml"
        )
    inside = root.resolve()
    found = False
    for meta_path in sorted(root.glob("*/source.yaml")):
        # A source folder that is a link elsewhere would bring a file from outside data/
        # into the provenance graph, checksum or not.
        if not meta_path.parent.resolve().is_relative_to(inside):
            raise SourceError(
                "the source folder is a link that leaves data/sources",
                path=meta_path.parent,
                hint="copy the document into data/sources/<id>/ instead of linking to it",
            )
        yield read_source(meta_path)
        found = True
    if not found:
        raise SourceError(
            "no source.yaml found", path=root, hint="add data/sources/<id>/source.yaml"
        )


def _optional(meta: LineDict, key: str, *, path: Path, subject: str) -> str | None:
    value = meta.get(key)
    if value is None or value == UNKNOWN:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise SourceError(
            f"{key} must be a plain value, not {short_repr(value)}",
            path=path,
            line=meta.key_lines.get(key, meta.line),
            subject=subject,
            hint=f"write {key}: unknown when the source does not give it",
        )
    return str(value)


def is_web_address(value: str) -> bool:
    """Whether ``value`` is an ``http:`` or ``https:`` address with a host: the only kind a
    source's ``url`` may be, so that a page linking to it can never run a script
    (``javascript:``, ``data:``) or open a file of the reader's (``file:``)."""
    parts = urlsplit(value.strip())
    return (
        parts.scheme.lower() in {"http", "https"}
        and bool(parts.hostname)
        and value == value.strip()
        # no space, control character or quote: an address is one printable word
        and not any(c.isspace() or not c.isprintable() or c in '"<>' for c in value)
    )


def check_source_url(
    value: str, *, path: Path | None = None, line: int | None = None, subject: str | None = None
) -> str:
    """``value`` if it is a web address (``is_web_address``); else one line saying why."""
    if not is_web_address(value):
        raise SourceError(
            f"url {short_repr(value)} is not an http(s) address",
            path=path,
            line=line,
            subject=subject,
            hint="give the address the document was published at, starting with https://"
            " or http://, or url: unknown",
        )
    return value


def check_source_id(
    value: object, *, path: Path | None = None, line: int | None = None, what: str = "invalid"
) -> str:
    """``value`` if it can name a source's folder and files; else one line saying why."""
    if not isinstance(value, str) or not SOURCE_ID_PATTERN.match(value):
        raise SourceError(
            f"{what} source id {short_repr(value)}",
            path=path,
            line=line,
            hint="use lower-case ASCII letters and digits joined by hyphens, "
            "e.g. senate-session-2025-04",
        )
    if len(value) > MAX_SOURCE_ID_LENGTH:
        raise SourceError(
            f"source id {short_repr(value, 40)} is {len(value)} characters long; at most "
            f"{MAX_SOURCE_ID_LENGTH} are allowed, since it names a folder and files",
            path=path,
            line=line,
            hint="choose a shorter id",
        )
    return value


def not_regular(path: Path) -> str | None:
    """What ``path`` is when it exists but is no regular file (after following links):
    reading a named pipe would wait for a writer forever, a device may never end."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return f"is {kind}, not a regular file"
    return "is not a regular file"


def read_source(meta_path: Path) -> Source:
    meta = _require_mapping(read_yaml(meta_path), path=meta_path, line=1, what="source.yaml")
    source_id = check_source_id(
        meta.get("id"), path=meta_path, line=meta.key_lines.get("id", meta.line)
    )
    if source_id != meta_path.parent.name:
        raise SourceError(
            f"source id {source_id!r} does not match its folder {short_repr(meta_path.parent.name)}",
            path=meta_path,
            line=meta.key_lines.get("id"),
            hint="rename the folder or the id",
        )
    for key in ("title", "language"):
        if key not in meta:
            raise SourceError(
                f"missing {key!r}", path=meta_path, subject=source_id, hint="see docs/records.md"
            )
    _refuse_status(meta, path=meta_path, subject=source_id, error=SourceError)
    language = meta["language"]
    if not _is_curated_tag(language):
        raise SourceError(
            f"invalid language tag {short_repr(language)}",
            path=meta_path,
            line=meta.key_lines.get("language"),
            subject=source_id,
            hint="the language the document is written in, e.g. kk, ru or en",
        )
    title = read_language_texts(
        meta["title"],
        path=meta_path,
        line=meta.key_lines.get("title"),
        subject=source_id,
        key="title",
    )
    date_expression = read_language_texts(
        meta.get("dateExpression", {}),
        path=meta_path,
        line=meta.key_lines.get("dateExpression"),
        subject=source_id,
        key="dateExpression",
    )
    rights = _language_map(
        meta.get("rights", {}),
        path=meta_path,
        line=meta.key_lines.get("rights"),
        subject=source_id,
        key="rights",
    )
    text: str | None = None
    document: Path | None = None
    digest: str | None = None
    text_path: Path | None = None
    if meta.get("file") is not None:
        document, data = _read_held_file(meta, meta_path=meta_path, source_id=source_id)
        digest = hashlib.sha256(data).hexdigest()
        text_path, text_data = document, data
        if meta.get("extracted") is not None:
            # A page: its text was extracted once, by source add, and is read as it was kept.
            extracted = _extracted(meta, meta_path=meta_path, source_id=source_id)
            text_path, text_data = _read_held_file(
                extracted, meta_path=meta_path, source_id=source_id
            )
        try:
            text = text_data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(
                "source file is not valid UTF-8",
                path=text_path,
                subject=source_id,
                hint="re-encode as UTF-8",
            ) from error
    else:
        for key in ("sha256", "extracted"):
            if key in meta:
                raise SourceError(
                    f"{key} given but no file",
                    path=meta_path,
                    line=meta.key_lines.get(key),
                    subject=source_id,
                    hint=f"name the held document with file:, or drop {key} for a cited source",
                )
    return Source(
        id=source_id,
        title=title,
        language=language,
        path=document,
        sha256=digest,
        text=text,
        publisher=_optional(meta, "publisher", path=meta_path, subject=source_id),
        publisher_name=_optional(meta, "publisherName", path=meta_path, subject=source_id),
        url=_source_url(meta, path=meta_path, subject=source_id),
        date=_optional(meta, "date", path=meta_path, subject=source_id),
        date_expression=date_expression,
        metadata_path=meta_path,
        rights={k: str(v) for k, v in rights.items()},
        text_path=text_path if text_path != document else None,
    )


def _extracted(meta: LineDict, *, meta_path: Path, source_id: str) -> LineDict:
    """The ``extracted:`` mapping of a page: its text's ``file`` and ``sha256``, and the
    ``extractor`` that made it (package names to versions)."""
    extracted = meta["extracted"]
    line = meta.key_lines.get("extracted", meta.line)
    if not isinstance(extracted, LineDict) or extracted.get("file") is None:
        raise SourceError(
            f"extracted must be a mapping with file and sha256, not {short_repr(extracted)}",
            path=meta_path,
            line=line,
            subject=source_id,
            hint="extracted: {file: <id>.<lang>.txt, sha256: …, extractor: {trafilatura: …}}",
        )
    extractor = extracted.get("extractor", {})
    if not isinstance(extractor, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in extractor.items()
    ):
        raise SourceError(
            f"extractor must map package names to versions, not {short_repr(extractor)}",
            path=meta_path,
            line=extracted.key_lines.get("extractor", line),
            subject=source_id,
            hint='write extractor: {trafilatura: "2.3.1"}',
        )
    return extracted


def _source_url(meta: LineDict, *, path: Path, subject: str) -> str | None:
    url = _optional(meta, "url", path=path, subject=subject)
    if url is None:
        return None
    return check_source_url(
        url, path=path, line=meta.key_lines.get("url", meta.line), subject=subject
    )


def with_text(source: Source) -> Source:
    """``source``, read before and its text dropped, with its text read again from its
    file, which must still have the SHA-256 it had then."""
    if source.path is None or source.sha256 is None:
        return source
    if source.text_path is not None and source.metadata_path is not None:
        # A page: its text is another file, whose digest only its source.yaml holds.
        again = read_source(source.metadata_path)
        if again.sha256 != source.sha256:
            raise SourceError(
                f"the page changed while it was being read: it has SHA-256 {again.sha256}, "
                f"not {source.sha256}",
                path=source.path,
                subject=source.id,
                hint="run the build again once nothing is changing data/",
            )
        return again
    try:
        data = source.path.read_bytes()
    except OSError as error:
        raise SourceError(
            f"cannot read the source file: {error.strerror}",
            path=source.path,
            subject=source.id,
            hint="check the file is readable",
        ) from error
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        raise SourceError(
            f"the file changed while it was being read: it has SHA-256 {digest}, not {source.sha256}",
            path=source.path,
            subject=source.id,
            hint="run the build again once nothing is changing data/",
        )
    return replace(source, text=data.decode("utf-8"))


def _read_held_file(meta: LineDict, *, meta_path: Path, source_id: str) -> tuple[Path, bytes]:
    """The bytes of a held document: a regular file inside the source's own folder (after
    following links) whose SHA-256 is the one declared, since its text is published."""
    file_name = meta["file"]
    file_line = meta.key_lines.get("file", meta.line)
    if not isinstance(file_name, str) or not file_name.strip():
        raise SourceError(
            f"file must be a file name, not {short_repr(file_name)}",
            path=meta_path,
            line=file_line,
            subject=source_id,
            hint=f"name a file next to {meta_path.name}",
        )
    folder = meta_path.parent.resolve()
    document = (folder / file_name).resolve()
    if not document.is_relative_to(folder) or document == folder:
        raise SourceError(
            f"file {short_repr(file_name)} is outside the source folder",
            path=meta_path,
            line=file_line,
            subject=source_id,
            hint=f"copy the document into {meta_path.parent} (no '..', absolute paths "
            "or links leaving the folder)",
        )
    declared = meta.get("sha256")
    if not isinstance(declared, str) or not SHA256_PATTERN.match(declared):
        raise SourceError(
            "sha256 missing or not 64 lower-case hex digits"
            if declared is None
            else f"invalid sha256 {short_repr(declared)}: expected 64 lower-case hex digits",
            path=meta_path,
            line=meta.key_lines.get("sha256", file_line),
            subject=source_id,
            hint=f"add sha256: the output of 'sha256sum {file_name}'",
        )
    kind = not_regular(document)
    if kind is not None:
        raise SourceError(
            f"source file {short_repr(file_name)} {kind}",
            path=meta_path,
            line=file_line,
            subject=source_id,
            hint=f"copy the document byte for byte next to {meta_path.name}",
        )
    if not document.is_file():
        raise SourceError(
            f"source file {short_repr(file_name)} not found",
            path=meta_path,
            line=file_line,
            subject=source_id,
            hint=f"copy the document byte for byte next to {meta_path.name}",
        )
    try:
        data = document.read_bytes()
    except OSError as error:
        raise SourceError(
            f"cannot read the source file: {error.strerror}",
            path=document,
            subject=source_id,
            hint="check the file is readable",
        ) from error
    digest = hashlib.sha256(data).hexdigest()
    if declared != digest:
        raise SourceError(
            f"SHA-256 mismatch: the file has {digest}, source.yaml says {declared}",
            path=meta_path,
            line=meta.key_lines.get("sha256"),
            subject=source_id,
            hint="the document must be kept byte for byte; restore it or update the checksum",
        )
    return document, data


def load_entities(data_dir: Path) -> dict[str, Entity]:
    """Read the authority file (``data/entities/*.yaml``); ids must be unique across files."""
    entities: dict[str, Entity] = {}
    root = data_dir / "entities"
    for path in sorted(root.glob("*.yaml")):
        document = _require_mapping(read_yaml(path), path=path, line=1, what="an entities file")
        for item in _require_list(document, "entities", path=path):
            entity = read_entity(item, path=path)
            if entity.id in entities:
                first = entities[entity.id]
                raise RecordError(
                    f"duplicate id (first defined in {first.path}:{first.line})",
                    path=path,
                    line=entity.line,
                    subject=entity.id,
                    hint="each entity has exactly one entry; merge the two",
                )
            entities[entity.id] = entity
    return entities


def read_entity(item: object, *, path: Path) -> Entity:
    """One entry of an entities file (or a draft's entity proposal), checked."""
    entry = _require_mapping(item, path=path, line=None, what="an entity")
    entity_id = entry.get("id")
    if not isinstance(entity_id, str) or not ID_PATTERN.match(entity_id):
        raise RecordError(
            f"invalid entity id {short_repr(entity_id)}",
            path=path,
            line=entry.line,
            hint="ids are kind/slug in lower-case ASCII, e.g. person/maulen-ashimbayev",
        )
    entity_type = entry.get("type")
    if not isinstance(entity_type, str):
        raise RecordError(
            "missing 'type'" if entity_type is None else f"invalid type {short_repr(entity_type)}",
            path=path,
            line=entry.line,
            subject=entity_id,
            hint="name a civ: class, e.g. Person",
        )
    _refuse_status(entry, path=path, subject=entity_id, error=RecordError)
    labels_line = entry.key_lines.get("label", entry.line)
    if "label" not in entry:
        raise RecordError(
            "missing 'label'",
            path=path,
            line=entry.line,
            subject=entity_id,
            hint='give at least one label, e.g. label: {kk: "…"}',
        )
    labels = read_language_texts(
        entry["label"], path=path, line=labels_line, subject=entity_id, key="label"
    )
    if not labels:
        raise RecordError(
            "no label",
            path=path,
            line=labels_line,
            subject=entity_id,
            hint="an entity is named in at least one language (kk, en or ru)",
        )
    alt_labels = _label_lists(entry, "altLabel", path=path, subject=entity_id)
    hidden_labels = _label_lists(entry, "hiddenLabel", path=path, subject=entity_id)
    return Entity(
        id=entity_id,
        type=entity_type,
        labels=labels,
        alt_labels=alt_labels,
        hidden_labels=hidden_labels,
        path=path,
        line=entry.line,
    )


def _label_lists(
    entry: LineDict, key: str, *, path: Path, subject: str
) -> dict[str, tuple[str, ...]]:
    """``altLabel`` or ``hiddenLabel``: language tag → a list of names."""
    line = entry.key_lines.get(key)
    lists: dict[str, tuple[str, ...]] = {}
    given = _language_map(entry.get(key, {}), path=path, line=line, subject=subject, key=key)
    for lang, values in given.items():
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            raise RecordError(
                f"{key} values must be lists of text",
                path=path,
                line=line,
                subject=subject,
                hint=f'write {lang}: ["…"]',
            )
        lists[lang] = tuple(values)
    return lists


def load_records(data_dir: Path, sources: Collection[str]) -> tuple[Fact, ...]:
    """Read every ``data/records/<source-id>.yaml`` into facts (not yet checked against anything)."""
    return tuple(fact for _, facts in iter_record_files(data_dir, sources) for fact in facts)


def iter_record_files(
    data_dir: Path, sources: Collection[str]
) -> Iterator[tuple[Path, tuple[Fact, ...]]]:
    """Each records file of ``data/`` with its facts, one file at a time, in file order;
    ``sources`` are the source ids a file may name."""
    for path in sorted((data_dir / "records").glob("*.yaml")):
        yield path, read_record_file(path, sources)


def read_record_file(path: Path, sources: Collection[str]) -> tuple[Fact, ...]:
    """The facts of one records file, checked for shape, not against anything else."""
    document = _require_mapping(read_yaml(path), path=path, line=1, what="a records file")
    source_id = document.get("source")
    if not isinstance(source_id, str) or source_id not in sources:
        raise RecordError(
            f"unknown source {short_repr(source_id)}",
            path=path,
            line=document.key_lines.get("source", 1),
            hint=f"known sources: {', '.join(sorted(sources))}",
        )
    items = _require_list(document, "facts", path=path)
    return tuple(read_fact(item, path=path, source_id=str(source_id)) for item in items)


def read_fact(item: object, *, path: Path, source_id: str) -> Fact:
    """One item of a records file (or a draft's fact proposal), checked."""
    entry = _require_mapping(item, path=path, line=None, what="a fact")
    fact_id = entry.get("id")
    subject = entry.get("subject")
    fact_type = entry.get("type")
    if (fact_id is None) == (subject is None):
        raise RecordError(
            "a fact has either 'id' and 'type' (a new fact node) or 'subject' (facts about an entity)",
            path=path,
            line=entry.line,
            hint="see docs/records.md",
        )
    name = fact_id if fact_id is not None else subject
    if not isinstance(name, str) or not ID_PATTERN.match(name):
        raise RecordError(
            f"invalid id {short_repr(name)}",
            path=path,
            line=entry.line,
            hint="ids are kind/slug in lower-case ASCII",
        )
    if fact_id is not None and not isinstance(fact_type, str):
        raise RecordError(
            "a fact node needs a 'type'"
            if fact_type is None
            else f"invalid type {short_repr(fact_type)}",
            path=path,
            line=entry.line,
            subject=name,
            hint="e.g. type: Participation",
        )
    _refuse_status(entry, path=path, subject=name, error=RecordError)
    evidence = read_evidence(entry, path=path, source_id=source_id, subject=name)
    properties: dict[str, tuple[Value, ...]] = {}
    for key, raw in entry.items():
        if key in _FACT_RESERVED:
            continue
        line = entry.key_lines.get(str(key), entry.line)
        if not isinstance(key, str):
            raise RecordError(
                f"a property name must be text, not {short_repr(key)}",
                path=path,
                line=line,
                subject=name,
                hint="name a civ: property, e.g. participant",
            )
        values = raw if isinstance(raw, list) else [raw]
        if not values or any(value is None for value in values):
            raise RecordError(
                f"{key} has no value",
                path=path,
                line=line,
                subject=name,
                hint="give a value, or leave the property out",
            )
        properties[str(key)] = tuple(Value(raw=v, line=line) for v in values)
    if not properties:
        raise RecordError(
            "the fact states nothing",
            path=path,
            line=entry.line,
            subject=name,
            hint="add at least one property",
        )
    return Fact(
        source_id=source_id,
        properties=properties,
        evidence=evidence,
        id=str(fact_id) if fact_id is not None else None,
        type=str(fact_type) if fact_type is not None else None,
        subject=str(subject) if subject is not None else None,
        path=path,
        line=entry.line,
    )


_EVIDENCE_KEYS = ("quote", "occurrence", "start", "end", "source")


def read_evidence(
    entry: LineDict, *, path: Path, source_id: str, subject: str
) -> tuple[Evidence, ...]:
    """The ``evidence`` list of a fact (or of a draft's proposal), checked."""
    raw = entry.get("evidence")
    if not isinstance(raw, list) or not raw:
        raise RecordError(
            "no evidence",
            path=path,
            line=entry.line,
            subject=subject,
            hint='every fact needs evidence: - quote: "the exact words of the source"',
        )
    evidence: list[Evidence] = []
    for item in raw:
        ev = _require_mapping(
            item, path=path, line=entry.key_lines.get("evidence"), what="an evidence item"
        )
        unknown = [key for key in ev if key not in _EVIDENCE_KEYS]
        if unknown:
            # ignored, a misspelt "occurence" or a stray offset would be trusted silently
            raise RecordError(
                f"evidence has no key {short_repr(unknown[0])}",
                path=path,
                line=ev.key_lines.get(str(unknown[0]), ev.line),
                subject=subject,
                hint=f"an evidence item has {', '.join(_EVIDENCE_KEYS)}",
            )
        quote = ev.get("quote")
        occurrence = ev.get("occurrence")
        if quote is not None and not isinstance(quote, str):
            raise RecordError(
                "evidence quote must be text",
                path=path,
                line=ev.line,
                subject=subject,
                hint="quote it in double quotes",
            )
        if occurrence is not None and (
            not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1
        ):
            raise RecordError(
                f"occurrence must be a whole number from 1, not {short_repr(occurrence)}",
                path=path,
                line=ev.line,
                subject=subject,
                hint="occurrence: 2 picks the second match of the quote",
            )
        start, end = _read_offsets(ev, path=path, subject=subject)
        cited = ev.get("source", source_id)
        if not isinstance(cited, str):
            raise RecordError(
                f"evidence source must be a source id, not {short_repr(cited)}",
                path=path,
                line=ev.line,
                subject=subject,
                hint="write source: <folder name under data/sources>",
            )
        evidence.append(
            Evidence(
                source_id=cited,
                quote=quote,
                occurrence=occurrence,
                line=ev.line,
                start=start,
                end=end,
            )
        )
    return tuple(evidence)


def _read_offsets(ev: LineDict, *, path: Path, subject: str) -> tuple[int | None, int | None]:
    """``start`` and ``end`` of an evidence item: both or neither, code points from 0, the
    end after the start, and never with ``occurrence``, which would say the same twice."""
    if "start" not in ev and "end" not in ev:
        return None, None
    line = ev.key_lines.get("start", ev.key_lines.get("end", ev.line))
    hint = "offsets count code points of the source text from 0, end exclusive: text[start:end] == quote"
    offsets: list[int] = []
    for key, other in (("start", "end"), ("end", "start")):
        value = ev.get(key)
        if value is None:
            raise RecordError(
                f"evidence has {other} but no {key}",
                path=path,
                line=line,
                subject=subject,
                hint="give both start and end, or neither (the build then finds the quote)",
            )
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RecordError(
                f"{key} must be a whole number from 0, not {short_repr(value)}",
                path=path,
                line=ev.key_lines.get(key, line),
                subject=subject,
                hint=hint,
            )
        offsets.append(value)
    start, end = offsets
    if end <= start:
        raise RecordError(
            f"end {end} is not after start {start}",
            path=path,
            line=line,
            subject=subject,
            hint=hint,
        )
    if "occurrence" in ev:
        raise RecordError(
            "evidence has both occurrence and start/end",
            path=path,
            line=line,
            subject=subject,
            hint="keep one: occurrence picks a match of the quote, start and end name its span",
        )
    return start, end


def load_corpus(data_dir: Path) -> Corpus:
    """Read all of ``data/``: sources, entities and records."""
    sources = load_sources(data_dir)
    entities = load_entities(data_dir)
    facts = load_records(data_dir, sources)
    return Corpus(sources=sources, entities=entities, facts=facts, data_dir=data_dir)
