"""Drafts as files: ``data/drafts/<id>.yaml`` in the records format (every item ``status: proposed``) and JSON Lines.

The YAML draft holds two lists, as the authority file and the records do: ``entities``
(new persons, bodies, places, posts, events) and ``facts`` (mentions, holdings,
participations, quotes, dates). Every item carries ``n`` (its number in review), its
confidence, a one-line ``why`` and its evidence with code-point offsets, so a review
can check that the source still says it. Schema: docs/ingest.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civicgraph.errors import RecordError
from civicgraph.facts import BY_NAME, RecordContext
from civicgraph.ingest.proposals import Draft, Proposal
from civicgraph.ingest.yamltext import dump_yaml
from civicgraph.io import LineDict, read_yaml
from civicgraph.records import PROPOSED, check_source_id

_HEADER = (
    "# Proposals drafted by `civicgraph draft` from data/sources/{id}/. Nothing here is built:\n"
    "# accept or reject them with `civicgraph draft review {id}`, or copy them into the records\n"
    "# by hand. Schema: docs/ingest.md.\n"
)


def draft_path(data_dir: Path, source_id: str) -> Path:
    return data_dir / "drafts" / f"{check_source_id(source_id)}.yaml"


def render_jsonl(draft: Draft) -> str:
    """One JSON object a proposal, in review order."""
    return "".join(
        json.dumps(p.as_dict(n), ensure_ascii=False, sort_keys=False) + "\n"
        for n, p in draft.numbered()
    )


def render_yaml(draft: Draft) -> str:
    """The draft file: entities and facts in the records format, each ``status: proposed``."""
    entities: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    for n, proposal in draft.numbered():
        entity, fact = _items(draft, n, proposal)
        if entity is not None:
            same = next((e for e in entities if e["id"] == entity["id"]), None)
            if same is None:
                entities.append(entity)
            elif len(entity["label"][draft.language]) > len(same["label"][draft.language]):
                # The headline named the event; a later sentence said where and when.
                same["label"] = entity["label"]
        if fact is not None:
            facts.append(fact)
    document = {
        "source": draft.source_id,
        "sha256": draft.sha256,
        "language": draft.language,
        "published": draft.published,
        "entities": entities,
        "facts": facts,
    }
    return _HEADER.format(id=draft.source_id) + dump_yaml(document)


def _meta(n: int, p: Proposal) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "n": n,
        "kind": p.kind,
        "status": PROPOSED,
        "confidence": p.confidence,
        "why": p.why,
    }
    if p.extra.get("recorded"):
        meta["recorded"] = True
    meta["evidence"] = [{"quote": p.quote, "start": p.start, "end": p.end}]
    return meta


def _items(
    draft: Draft, n: int, p: Proposal
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The draft's entity item and fact item for one proposal (either may be absent)."""
    meta = _meta(n, p)
    kind = BY_NAME[p.kind]
    entity = _entity_body(draft, p) if kind.adds_entity(p, draft.source_id) else None
    fact = record_form(draft, n, p)
    return (
        {**entity, **meta} if entity is not None else None,
        {**fact, **meta} if fact is not None else None,
    )


def record_form(draft: Draft, n: int, p: Proposal) -> dict[str, Any] | None:
    """The records-format fact a proposal becomes, as its kind says (``civicgraph.facts``)."""
    record = BY_NAME[p.kind].record
    assert record is not None, p.kind  # a kind no draft proposes has no proposals
    return record(p, RecordContext(draft.source_id, n, draft.language, draft.published))


def _entity_body(draft: Draft, p: Proposal) -> dict[str, Any]:
    entity: dict[str, Any] = {"id": p.entity, "type": p.type, "label": {draft.language: p.label}}
    if "suggested_label" in p.extra:
        entity["suggestedLabel"] = p.extra["suggested_label"]
    return entity


def read_draft(path: Path) -> LineDict:
    """A draft file, checked for the shape review needs; errors name the file and line."""
    document = read_yaml(path)
    if not isinstance(document, LineDict):
        raise RecordError("a draft must be a mapping", path=path, line=1, hint="see docs/ingest.md")
    for key in ("source", "sha256", "entities", "facts"):
        if key not in document:
            raise RecordError(f"missing {key!r}", path=path, line=1, hint="see docs/ingest.md")
    for section in ("entities", "facts"):
        items = document[section]
        if not isinstance(items, list):
            raise RecordError(
                f"{section!r} must be a list",
                path=path,
                line=document.key_lines.get(section),
                hint="see docs/ingest.md",
            )
        first_line: dict[int, int | None] = {}
        for item in items:
            _check_item(item, path=path, section=section)
            n = item["n"]
            if n in first_line:
                # one number, two proposals: review would accept or drop both at once
                raise RecordError(
                    f"proposal number {n} is used twice in {section!r} (first on line "
                    f"{first_line[n]})",
                    path=path,
                    line=item.line,
                    hint="give each proposal its own number",
                )
            first_line[n] = item.line
    return document


def _check_item(item: object, *, path: Path, section: str) -> None:
    line = item.line if isinstance(item, LineDict) else None
    if not isinstance(item, LineDict):
        raise RecordError(f"an item of {section!r} must be a mapping", path=path, line=line)
    if not isinstance(item.get("n"), int):
        raise RecordError(
            "item without a number 'n'", path=path, line=line, hint="see docs/ingest.md"
        )
    evidence = item.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        raise RecordError(
            f"proposal {item['n']}: no evidence", path=path, line=line, hint="see docs/ingest.md"
        )
    for ev in evidence:
        ok = (
            isinstance(ev, dict)
            and isinstance(ev.get("quote"), str)
            and isinstance(ev.get("start"), int)
            and isinstance(ev.get("end"), int)
        )
        if not ok:
            raise RecordError(
                f"proposal {item['n']}: evidence needs quote, start and end",
                path=path,
                line=line,
                hint="see docs/ingest.md",
            )
