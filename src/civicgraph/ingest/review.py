"""Review a draft: list its proposals, move accepted ones into the records and the authority file.

An accept is all or nothing: every accepted item's quote is checked against the held
source (which must still hash as it did when drafted), every id it refers to must exist
or be accepted with it, and only then are the records file, the entities files and the
draft rewritten, each atomically. Rejected items leave the draft and go nowhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civicgraph.errors import EvidenceError, RecordError, SourceError
from civicgraph.evidence import find_occurrences
from civicgraph.ingest.draft import read_held_source
from civicgraph.ingest.drafts import draft_path, read_draft
from civicgraph.ingest.yamltext import dump_yaml
from civicgraph.io import LineDict, read_yaml, write_bytes_atomic
from civicgraph.records import load_entities

_META = (
    "n",
    "kind",
    "status",
    "confidence",
    "why",
    "evidence",
    "suggestedLabel",
    "candidates",
    "basis",
    "eventStatus",
    "recorded",
)
ENTITY_FILES = {
    "person": "people.yaml",
    "org": "bodies.yaml",
    "place": "places.yaml",
    "post": "posts.yaml",
    "event": "events.yaml",
}
"""Which file of data/entities/ an accepted entity joins, by the kind of its id."""


@dataclass(frozen=True)
class ReviewRow:
    """One proposal as review lists it."""

    n: int
    kind: str
    id: str | None
    quote: str
    confidence: float
    why: str
    recorded: bool = False
    """The records already state it (a draft made again)."""


@dataclass(frozen=True)
class ReviewOutcome:
    accepted: tuple[int, ...]
    rejected: tuple[int, ...]
    remaining: int
    records_path: Path | None
    entity_paths: tuple[Path, ...]


def list_proposals(data_dir: Path, source_id: str) -> list[ReviewRow]:
    """The proposals still in the draft of ``source_id``, by number."""
    document = _read(data_dir, source_id)
    rows: dict[int, ReviewRow] = {}
    for item in [*document["entities"], *document["facts"]]:
        n = int(item["n"])
        if n in rows and rows[n].kind == "event":
            continue
        rows[n] = ReviewRow(
            n=n,
            kind=str(item.get("kind", "")),
            id=item.get("id") or item.get("subject"),
            quote=str(item["evidence"][0]["quote"]),
            confidence=float(item.get("confidence", 0)),
            why=str(item.get("why", "")),
            recorded=bool(item.get("recorded")),
        )
    return [rows[n] for n in sorted(rows)]


def review_draft(
    data_dir: Path,
    source_id: str,
    *,
    accept: Collection[int | range] = (),
    reject: Collection[int | range] = (),
    accept_kinds: Collection[str] = (),
) -> ReviewOutcome:
    """Accept and reject proposals by number or range of numbers (or accept every
    proposal of some kinds)."""
    path = draft_path(data_dir, source_id)
    document = _read(data_dir, source_id)
    source = read_held_source(data_dir, source_id)
    if document["sha256"] != source.sha256:
        raise SourceError(
            "the source changed since it was drafted",
            path=path,
            subject=source_id,
            hint=f"draft it again: civicgraph draft {source_id}",
        )
    items = [*document["entities"], *document["facts"]]
    numbers = {int(i["n"]) for i in items}
    accept = _expand(accept, max(numbers, default=0), path)
    reject = _expand(reject, max(numbers, default=0), path)
    # An accept by kind leaves what the records already state and what needs a curator's
    # edit first (an ambiguous mention, a date of no event); a number takes it, or says why not.
    wanted = set(accept) | {
        int(i["n"])
        for i in items
        if i.get("kind") in set(accept_kinds) and not i.get("recorded") and _complete(i)
    }
    unknown = sorted((wanted | set(reject)) - numbers)
    if unknown:
        raise RecordError(
            f"no proposal numbered {', '.join(map(str, unknown))}",
            path=path,
            hint=f"list them with civicgraph draft review {source_id}",
        )
    both = sorted(wanted & set(reject))
    if both:
        raise RecordError(f"proposal {both[0]} is both accepted and rejected", path=path)
    text = source.text or ""
    chosen = [i for i in items if int(i["n"]) in wanted]
    for item in chosen:
        for ev in item["evidence"]:
            if text[ev["start"] : ev["end"]] != ev["quote"]:
                raise EvidenceError(
                    f"proposal {item['n']}: the quote no longer matches the source at {ev['start']}-{ev['end']}",
                    path=path,
                    line=item.line if isinstance(item, LineDict) else None,
                    hint=f"draft it again: civicgraph draft {source_id}",
                )
    _refuse_planned(chosen, document, path)
    new_entities = [i for i in chosen if i in document["entities"]]
    facts = [
        fact
        for fact in (_record_fact(i, text) for i in chosen if i in document["facts"])
        if fact is not None
    ]
    _check_references(data_dir, facts, new_entities, path)
    _check_not_recorded(data_dir / "records" / f"{source_id}.yaml", facts, path)
    writes: dict[Path, bytes] = {}
    records_path = None
    if facts:
        records_path = data_dir / "records" / f"{source_id}.yaml"
        writes[records_path] = _append(records_path, f"source: {source_id}\nfacts:\n", facts)
    for kind, file_name in ENTITY_FILES.items():
        of_kind = [_entity_entry(i) for i in new_entities if str(i["id"]).startswith(f"{kind}/")]
        if of_kind:
            target = data_dir / "entities" / file_name
            writes[target] = _append(target, "entities:\n", of_kind)
    done = wanted | set(reject)
    document["entities"] = [i for i in document["entities"] if int(i["n"]) not in done]
    document["facts"] = [i for i in document["facts"] if int(i["n"]) not in done]
    header = "".join(
        line + "\n"
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    )
    writes[path] = (header + dump_yaml(_plain(document))).encode("utf-8")
    for target, data in writes.items():
        write_bytes_atomic(target, data)
    remaining = len({int(i["n"]) for i in [*document["entities"], *document["facts"]]})
    return ReviewOutcome(
        accepted=tuple(sorted(wanted)),
        rejected=tuple(sorted(set(reject))),
        remaining=remaining,
        records_path=records_path,
        entity_paths=tuple(p for p in writes if p.parent.name == "entities"),
    )


def _expand(given: Collection[int | range], last: int, path: Path) -> set[int]:
    """The numbers ``given`` stands for; a range past the last proposal is refused before
    it is spelt out (``1-99999999999`` would not fit in memory)."""
    spans = [g if isinstance(g, range) else range(g, g + 1) for g in given]
    for span in spans:
        if span and span[-1] > last:
            shown = f"{span[0]}-{span[-1]}" if len(span) > 1 else str(span[0])
            raise RecordError(
                f"no proposal numbered {shown}: the draft's last proposal is {last}",
                path=path,
                hint=f"choose numbers from 1 to {last}",
            )
    return {n for span in spans for n in span}


def _complete(item: LineDict) -> bool:
    if item.get("kind") == "mention":
        return item.get("mentionedEntity") is not None
    if item.get("kind") == "date":
        return bool(item.get("subject"))
    return True


def _read(data_dir: Path, source_id: str) -> LineDict:
    path = draft_path(data_dir, source_id)
    if not path.is_file():
        raise RecordError(
            "no draft for this source",
            path=path,
            subject=source_id,
            hint=f"make one with civicgraph draft {source_id}",
        )
    return read_draft(path)


def _record_fact(item: LineDict, text: str) -> dict[str, Any] | None:
    """The fact as the records format writes it: the draft's bookkeeping off, the quote kept."""
    fact = {k: v for k, v in item.items() if k not in _META}
    if item.get("kind") == "mention" and fact.get("mentionedEntity") is None:
        raise RecordError(
            f"proposal {item['n']} is ambiguous between {', '.join(item.get('candidates', []))}",
            hint="edit the draft to name one entity, then accept it",
        )
    if item.get("kind") == "date" and not fact.get("subject"):
        raise RecordError(
            f"proposal {item['n']} is a date of no event the draft names",
            hint="record it by hand on the fact it dates",
        )
    if "basis" in item and item["basis"] != "absolute":
        fact["note"] = str(item["basis"])
    if set(fact) <= {"subject", "note"}:
        return None  # an event with neither place nor date: its entity says all there is
    fact["evidence"] = [_evidence(ev["quote"], ev["start"], text) for ev in item["evidence"]]
    return fact


def _refuse_planned(chosen: list[LineDict], document: LineDict, path: Path) -> None:
    """The ontology has no status for an event that has not happened yet: recorded, a
    planned event and its date, place or quotes would read as an event that took place."""
    planned = {
        str(i["subject"])
        for i in document["facts"]
        if i.get("kind") == "event" and i.get("eventStatus") == "planned"
    }
    for item in chosen:
        about = next(
            (str(item[k]) for k in ("subject", "id", "event") if str(item.get(k)) in planned),
            None,
        )
        if about is not None:
            raise RecordError(
                f"proposal {item['n']}: {about} is an event the text states as planned, and "
                "the graph cannot say an event is planned: recorded, it would read as held",
                path=path,
                line=item.line if isinstance(item, LineDict) else None,
                hint="reject it (--reject), or leave it in the draft",
            )


def _evidence(quote: str, start: int, text: str) -> dict[str, Any]:
    starts = find_occurrences(text, quote)
    if len(starts) == 1:
        return {"quote": quote}
    return {"quote": quote, "occurrence": starts.index(start) + 1}


def _entity_entry(item: LineDict) -> dict[str, Any]:
    return {"id": item["id"], "type": item["type"], "label": dict(item["label"])}


def _check_references(
    data_dir: Path, facts: list[dict[str, Any]], new: list[LineDict], path: Path
) -> None:
    authority = set(load_entities(data_dir))
    for item in new:
        if str(item["id"]) in authority:  # appended, it would be a duplicate the build refuses
            raise RecordError(
                f"proposal {item['n']}: {item['id']} is already in the authority file",
                path=path,
                line=item.line if isinstance(item, LineDict) else None,
                hint="give the new entity another id in the draft, or accept only its mentions",
            )
    known = authority | {str(i["id"]) for i in new}
    for fact in facts:
        for key in (
            "mentionedEntity",
            "holder",
            "post",
            "participant",
            "event",
            "speaker",
            "subject",
            "location",
        ):
            value = fact.get(key)
            if (
                isinstance(value, str)
                and "/" in value
                and value not in known
                and not value.startswith(("holding/", "participation/", "quote/", "mention/"))
            ):
                raise RecordError(
                    f"{fact.get('id') or fact.get('subject')} refers to {value}, which is neither in the authority file nor accepted with it",
                    path=path,
                    hint="accept the entity's proposal in the same review",
                )


def _check_not_recorded(records: Path, facts: list[dict[str, Any]], path: Path) -> None:
    if not records.is_file():
        return
    existing = read_yaml(records)
    items = existing.get("facts") if isinstance(existing, dict) else None
    ids = {item.get("id") for item in items or [] if isinstance(item, dict)}
    for fact in facts:
        if fact.get("id") in ids:
            raise RecordError(
                f"{fact['id']} is already in {records}",
                path=path,
                hint="a draft made again numbers its proposals anew: reject the proposals already recorded",
            )


def _append(path: Path, header: str, items: list[dict[str, Any]]) -> bytes:
    existing = path.read_text(encoding="utf-8") if path.is_file() else header
    if not existing.endswith("\n"):
        existing += "\n"
    block = dump_yaml(_plain(items))
    indented = "".join(
        ("  " + line if line.strip() else line) + "\n" for line in block.splitlines()
    )
    return (existing + "\n" + indented).encode("utf-8")


def _plain(value: object) -> object:
    """YAML read with line numbers, back to plain dicts and lists for writing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
