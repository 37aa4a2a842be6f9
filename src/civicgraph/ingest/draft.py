"""Draft one held source (or all of them): read it and the authority file, return its proposals.

The source must be exactly what ``source add`` held: a changed file (SHA-256 mismatch), a
missing or unknown id, or a cited-only source stops the draft with one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from civicgraph.errors import SourceError
from civicgraph.ingest.drafts import record_form
from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.matching import EntityIndex
from civicgraph.ingest.proposals import Draft
from civicgraph.ingest.recorded import is_recorded, read_recorded
from civicgraph.ingest.sources import source_folder
from civicgraph.model import Entity, Source
from civicgraph.records import load_entities, read_source


def read_held_source(data_dir: Path, source_id: str) -> Source:
    """The source ``source_id`` with its text, its bytes checked against its recorded SHA-256."""
    meta = source_folder(data_dir, source_id) / "source.yaml"
    source = read_source(meta)
    if source.text is None or source.sha256 is None:
        raise SourceError(
            "the source is cited, not held: there is no text to draft from",
            path=meta,
            subject=source_id,
            hint="draft only documents added with civicgraph source add",
        )
    return source


def draft_source(
    data_dir: Path, source_id: str, *, entities: dict[str, Entity] | None = None
) -> Draft:
    """Every proposal for one held source against the authority file in ``data_dir``."""
    source = read_held_source(data_dir, source_id)
    entities = entities if entities is not None else load_entities(data_dir)
    return _draft(data_dir, source, entities, None)


def draft_all(data_dir: Path) -> Iterator[Draft]:
    """Drafts of every held source, sharing one authority index per language."""
    entities = load_entities(data_dir)
    indexes: dict[str, EntityIndex] = {}
    for meta in sorted((data_dir / "sources").glob("*/source.yaml")):
        source = read_source(meta)
        if source.text is None:
            continue
        index = indexes.setdefault(source.language, EntityIndex(entities.values(), source.language))
        yield _draft(data_dir, source, entities, index)


def _draft(
    data_dir: Path, source: Source, entities: dict[str, Entity], index: EntityIndex | None
) -> Draft:
    assert source.text is not None
    assert source.sha256 is not None
    index = index if index is not None else EntityIndex(entities.values(), source.language)
    proposals = draft_text(
        source.text,
        language=source.language,
        source_id=source.id,
        entities=entities.values(),
        published=source.date,
        index=index,
    )
    draft = Draft(source.id, source.language, source.sha256, source.date, tuple(proposals))
    recorded = read_recorded(data_dir / "records" / f"{source.id}.yaml", source.text)
    marked = tuple(
        replace(p, extra={**p.extra, "recorded": True})
        if is_recorded(p, record_form(draft, n, p), recorded, index)
        else p
        for n, p in draft.numbered()
    )
    return replace(draft, proposals=marked)
