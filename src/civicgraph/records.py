"""Read ``data/``: source metadata, the entity authority file and the per-source records.

This module checks the shape of what the curator wrote (keys, ids, languages, checksums)
and returns the typed model; whether the facts make sense against the ontology and the
source texts is the build's job. Formats: ``docs/records.md``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from civicgraph.errors import RecordError, SourceError
from civicgraph.io import LineDict, read_yaml
from civicgraph.model import LANGUAGES, UNKNOWN, Corpus, Entity, Evidence, Fact, Source, Value

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")
"""``kind/slug``: lower-case ASCII words joined by hyphens, so IRIs never need escaping."""

SOURCE_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

_FACT_RESERVED = {"id", "type", "subject", "evidence", "note"}


def _line(mapping: object) -> int | None:
    return mapping.line if isinstance(mapping, LineDict) else None


def _require_mapping(value: object, *, path: Path, line: int | None, what: str) -> LineDict:
    if not isinstance(value, LineDict):
        raise RecordError(
            f"{what} must be a mapping", path=path, line=line, hint="see docs/records.md"
        )
    return value


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
        if not isinstance(lang, str) or not LANGUAGE_TAG.match(lang):
            raise RecordError(
                f"{key} has an invalid language tag {lang!r}",
                path=path,
                line=line,
                subject=subject,
                hint="use a BCP 47 tag such as kk, en, ru or kk-Latn",
            )
    return dict(value)


def load_sources(data_dir: Path) -> dict[str, Source]:
    """Read every ``data/sources/<id>/source.yaml`` and check the document bytes against it."""
    sources: dict[str, Source] = {}
    root = data_dir / "sources"
    if not root.is_dir():
        raise SourceError(
            "no sources folder", path=root, hint="create data/sources/<id>/source.yaml"
        )
    for meta_path in sorted(root.glob("*/source.yaml")):
        source = _read_source(meta_path)
        sources[source.id] = source
    if not sources:
        raise SourceError(
            "no source.yaml found", path=root, hint="add data/sources/<id>/source.yaml"
        )
    return sources


def _optional(meta: LineDict, key: str) -> str | None:
    value = meta.get(key)
    if value is None or value == UNKNOWN:
        return None
    return str(value)


def _read_source(meta_path: Path) -> Source:
    meta = _require_mapping(read_yaml(meta_path), path=meta_path, line=1, what="source.yaml")
    source_id = meta.get("id")
    if not isinstance(source_id, str) or not SOURCE_ID_PATTERN.match(source_id):
        raise SourceError(
            f"invalid source id {source_id!r}",
            path=meta_path,
            line=meta.key_lines.get("id", meta.line),
            hint="use lower-case ASCII words joined by hyphens",
        )
    if source_id != meta_path.parent.name:
        raise SourceError(
            f"source id {source_id!r} does not match its folder {meta_path.parent.name!r}",
            path=meta_path,
            line=meta.key_lines.get("id"),
            hint="rename the folder or the id",
        )
    for key in ("title", "language"):
        if key not in meta:
            raise SourceError(
                f"missing {key!r}", path=meta_path, subject=source_id, hint="see docs/records.md"
            )
    title = _language_map(
        meta["title"],
        path=meta_path,
        line=meta.key_lines.get("title"),
        subject=source_id,
        key="title",
    )
    date_expression = _language_map(
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
    file_name = meta.get("file")
    if file_name is not None:
        document = meta_path.parent / str(file_name)
        try:
            data = document.read_bytes()
        except FileNotFoundError as error:
            raise SourceError(
                "source file not found",
                path=document,
                subject=source_id,
                hint=f"copy the document byte for byte next to {meta_path.name}",
            ) from error
        digest = hashlib.sha256(data).hexdigest()
        declared = meta.get("sha256")
        if declared is not None and declared != digest:
            raise SourceError(
                f"SHA-256 mismatch: the file has {digest}, source.yaml says {declared}",
                path=document,
                subject=source_id,
                hint="the document must be kept byte for byte; restore it or update the checksum",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(
                "source file is not valid UTF-8",
                path=document,
                subject=source_id,
                hint="re-encode as UTF-8",
            ) from error
    return Source(
        id=source_id,
        title={k: str(v) for k, v in title.items()},
        language=str(meta["language"]),
        path=document,
        sha256=digest,
        text=text,
        publisher=_optional(meta, "publisher"),
        url=_optional(meta, "url"),
        date=_optional(meta, "date"),
        date_expression={k: str(v) for k, v in date_expression.items()},
        metadata_path=meta_path,
        rights={k: str(v) for k, v in rights.items()},
    )


def load_entities(data_dir: Path) -> dict[str, Entity]:
    """Read the authority file (``data/entities/*.yaml``); ids must be unique across files."""
    entities: dict[str, Entity] = {}
    root = data_dir / "entities"
    for path in sorted(root.glob("*.yaml")):
        document = _require_mapping(read_yaml(path), path=path, line=1, what="an entities file")
        items = document.get("entities")
        if not isinstance(items, list):
            raise RecordError(
                "expected a list under 'entities'",
                path=path,
                line=document.line,
                hint="see docs/records.md",
            )
        for item in items:
            entity = _read_entity(item, path=path)
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


def _read_entity(item: object, *, path: Path) -> Entity:
    entry = _require_mapping(item, path=path, line=None, what="an entity")
    entity_id = entry.get("id")
    if not isinstance(entity_id, str) or not ID_PATTERN.match(entity_id):
        raise RecordError(
            f"invalid entity id {entity_id!r}",
            path=path,
            line=entry.line,
            hint="ids are kind/slug in lower-case ASCII, e.g. person/maulen-ashimbayev",
        )
    entity_type = entry.get("type")
    if not isinstance(entity_type, str):
        raise RecordError(
            "missing 'type'",
            path=path,
            line=entry.line,
            subject=entity_id,
            hint="name a civ: class, e.g. Person",
        )
    labels_line = entry.key_lines.get("label", entry.line)
    if "label" not in entry:
        raise RecordError(
            "missing 'label'",
            path=path,
            line=entry.line,
            subject=entity_id,
            hint="give labels in kk, en and ru",
        )
    labels = _language_map(
        entry["label"], path=path, line=labels_line, subject=entity_id, key="label"
    )
    missing = [lang for lang in LANGUAGES if not labels.get(lang)]
    if missing:
        raise RecordError(
            f"label missing in {', '.join(missing)}",
            path=path,
            line=labels_line,
            subject=entity_id,
            hint="every entity has a label in kk, en and ru",
        )
    alt = _language_map(
        entry.get("altLabel", {}),
        path=path,
        line=entry.key_lines.get("altLabel"),
        subject=entity_id,
        key="altLabel",
    )
    alt_labels: dict[str, tuple[str, ...]] = {}
    for lang, values in alt.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise RecordError(
                "altLabel values must be lists of text",
                path=path,
                line=entry.key_lines.get("altLabel"),
                subject=entity_id,
                hint=f'write {lang}: ["…"]',
            )
        alt_labels[lang] = tuple(values)
    return Entity(
        id=entity_id,
        type=entity_type,
        labels={k: str(v) for k, v in labels.items()},
        alt_labels=alt_labels,
        path=path,
        line=entry.line,
    )


def load_records(data_dir: Path, sources: dict[str, Source]) -> tuple[Fact, ...]:
    """Read every ``data/records/<source-id>.yaml`` into facts (not yet checked against anything)."""
    facts: list[Fact] = []
    for path in sorted((data_dir / "records").glob("*.yaml")):
        document = _require_mapping(read_yaml(path), path=path, line=1, what="a records file")
        source_id = document.get("source")
        if source_id not in sources:
            raise RecordError(
                f"unknown source {source_id!r}",
                path=path,
                line=document.key_lines.get("source", 1),
                hint=f"known sources: {', '.join(sorted(sources))}",
            )
        items = document.get("facts")
        if not isinstance(items, list):
            raise RecordError(
                "expected a list under 'facts'",
                path=path,
                line=document.line,
                hint="see docs/records.md",
            )
        facts.extend(_read_fact(item, path=path, source_id=str(source_id)) for item in items)
    return tuple(facts)


def _read_fact(item: object, *, path: Path, source_id: str) -> Fact:
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
    name = str(fact_id or subject)
    if not isinstance(name, str) or not ID_PATTERN.match(name):
        raise RecordError(
            f"invalid id {name!r}",
            path=path,
            line=entry.line,
            hint="ids are kind/slug in lower-case ASCII",
        )
    if fact_id is not None and not isinstance(fact_type, str):
        raise RecordError(
            "a fact node needs a 'type'",
            path=path,
            line=entry.line,
            subject=name,
            hint="e.g. type: Participation",
        )
    evidence = _read_evidence(entry, path=path, source_id=source_id, subject=name)
    properties: dict[str, tuple[Value, ...]] = {}
    for key, raw in entry.items():
        if key in _FACT_RESERVED:
            continue
        line = entry.key_lines.get(key, entry.line)
        values = raw if isinstance(raw, list) else [raw]
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


def _read_evidence(
    entry: LineDict, *, path: Path, source_id: str, subject: str
) -> tuple[Evidence, ...]:
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
        if occurrence is not None and (not isinstance(occurrence, int) or occurrence < 1):
            raise RecordError(
                f"occurrence must be a whole number from 1, not {occurrence!r}",
                path=path,
                line=ev.line,
                subject=subject,
                hint="occurrence: 2 picks the second match of the quote",
            )
        evidence.append(
            Evidence(
                source_id=str(ev.get("source", source_id)),
                quote=quote,
                occurrence=occurrence,
                line=ev.line,
            )
        )
    return tuple(evidence)


def load_corpus(data_dir: Path) -> Corpus:
    """Read all of ``data/``: sources, entities and records."""
    sources = load_sources(data_dir)
    entities = load_entities(data_dir)
    facts = load_records(data_dir, sources)
    return Corpus(sources=sources, entities=entities, facts=facts, data_dir=data_dir)
