"""Review a draft: list its proposals, move accepted ones into the records and the authority file.

An accept is all or nothing. Every accepted item is checked first, as the records loader
checks a record (``records.read_entity``, ``records.read_fact``: ids, types, labels and
their languages, evidence keys and offsets) and as the build checks its evidence
(``evidence.locate_evidence``, against the held source, which must still hash as it did
when drafted); every id it mints must be new and every id it refers to must exist or be
accepted with it. A curator's hand edit of the draft that breaks one of these is refused
in one line naming the draft's line and the proposal's number. Only then are the records
file, the entities files and the draft rewritten, as one change of data/
(``journal.commit_files``), under the lock of data/ that a build also takes. Rejected
items leave the draft and go nowhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civicgraph.errors import CivicGraphError, EvidenceError, RecordError, SourceError
from civicgraph.evidence import find_occurrences, locate_evidence
from civicgraph.ingest.draft import read_held_source
from civicgraph.ingest.drafts import draft_path, read_draft
from civicgraph.ingest.yamltext import dump_yaml
from civicgraph.io import LineDict, read_yaml
from civicgraph.journal import LOCK_TIMEOUT, commit_files, data_lock
from civicgraph.model import Excerpt, Fact, Source
from civicgraph.records import load_entities, read_entity, read_evidence, read_fact

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
    with data_lock(data_dir):
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
    lock_timeout: float = LOCK_TIMEOUT,
) -> ReviewOutcome:
    """Accept and reject proposals by number or range of numbers (or accept every
    proposal of some kinds).

    Holds the lock of data/ throughout (``civicgraph.journal``): a second review waits
    for the first, then reads what the first left, so neither loses the other's facts.
    """
    with data_lock(data_dir, timeout=lock_timeout):
        return _review(data_dir, source_id, accept, reject, accept_kinds)


def _review(
    data_dir: Path,
    source_id: str,
    accept: Collection[int | range],
    reject: Collection[int | range],
    accept_kinds: Collection[str],
) -> ReviewOutcome:
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
    chosen_entities = [i for i in document["entities"] if int(i["n"]) in wanted]
    chosen_facts = [i for i in document["facts"] if int(i["n"]) in wanted]
    _refuse_planned([*chosen_entities, *chosen_facts], document, path)
    new_entities = [_checked_entity(item, path, source) for item in chosen_entities]
    facts = [
        fact
        for fact in (_checked_fact(item, path, source, text) for item in chosen_facts)
        if fact is not None
    ]
    _check_ids(data_dir, new_entities, facts, path)
    _check_references(data_dir, facts, new_entities, path)
    writes: dict[Path, bytes] = {}
    records_path = None
    if facts:
        records_path = data_dir / "records" / f"{source_id}.yaml"
        plain = [record for _, record in facts]
        writes[records_path] = _append(records_path, f"source: {source_id}\nfacts:\n", plain)
    for kind, file_name in ENTITY_FILES.items():
        of_kind = [entry for _, entry in new_entities if entry["id"].startswith(f"{kind}/")]
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
    commit_files(data_dir, writes, what=f"review of {source_id}")
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


def _record_form(item: LineDict) -> LineDict:
    """The item as the records format writes it, the draft's bookkeeping off, its lines kept
    so that the records loader's errors name the line of the draft."""
    record = LineDict((k, v) for k, v in item.items() if k not in _META)
    record.line = item.line
    record.key_lines = dict(item.key_lines)
    return record


@contextmanager
def _proposal(item: LineDict, path: Path) -> Iterator[None]:
    """Say which proposal an error of the records loader is about."""
    try:
        yield
    except CivicGraphError as error:
        about = f"{error.subject}: " if error.subject else ""
        raise type(error)(
            f"proposal {item['n']}: {about}{error.message}",
            path=error.path or path,
            line=error.line or item.line,
            hint=error.hint,
        ) from error


def _checked_entity(item: LineDict, path: Path, source: Source) -> tuple[LineDict, dict[str, Any]]:
    """The entity proposal checked as the authority file's loader checks an entry, and its
    evidence as the build checks a record's."""
    entry = _record_form(item)
    with _proposal(item, path):
        entity = read_entity(entry, path=path)
    _check_evidence(item, path, source)
    kind = entity.id.split("/", 1)[0]
    if kind not in ENTITY_FILES:
        # no entities file takes it: it would be counted accepted and written nowhere
        raise RecordError(
            f"proposal {item['n']}: {entity.id} is of kind {kind!r}, which review does not add "
            "to the authority file",
            path=path,
            line=item.line,
            hint=f"use one of {', '.join(k + '/' for k in ENTITY_FILES)}, or add it to "
            "data/entities/ by hand",
        )
    return item, _plain_mapping(entry)


def _checked_fact(
    item: LineDict, path: Path, source: Source, text: str
) -> tuple[LineDict, dict[str, Any]] | None:
    """The fact proposal as the records format writes it, checked as the records loader
    and the build check a record: its shape, and its evidence against the source."""
    record = _record_form(item)
    if item.get("kind") == "mention" and record.get("mentionedEntity") is None:
        raise RecordError(
            f"proposal {item['n']} is ambiguous between {', '.join(item.get('candidates', []))}",
            path=path,
            line=item.line,
            hint="edit the draft to name one entity, then accept it",
        )
    if item.get("kind") == "date" and not record.get("subject"):
        raise RecordError(
            f"proposal {item['n']} is a date of no event the draft names",
            path=path,
            line=item.line,
            hint="record it by hand on the fact it dates",
        )
    if "basis" in item and item["basis"] != "absolute":
        record["note"] = str(item["basis"])
    if set(record) <= {"subject", "note"}:
        _check_evidence(item, path, source)
        return None  # an event with neither place nor date: its entity says all there is
    checked = _record_form(record)
    checked["evidence"] = item["evidence"]  # quote, start and end, as the draft holds them
    with _proposal(item, path):
        fact = read_fact(checked, path=path, source_id=source.id)
    record["evidence"] = [
        _evidence(e.exact, e.start, text) for e in _check_evidence(item, path, source, fact)
    ]
    return item, _plain_mapping(record)


def _check_evidence(
    item: LineDict, path: Path, source: Source, fact: Fact | None = None
) -> list[Excerpt]:
    """The spans an item's evidence names, checked as the build checks a record's (its
    quote at its offsets in the held source), whether the item becomes a fact or not."""
    name = str(item.get("id") or item.get("subject") or f"proposal {item['n']}")
    with _proposal(item, path):
        evidence = read_evidence(item, path=path, source_id=source.id, subject=name)
        carrier = fact or Fact(
            source_id=source.id,
            properties={},
            evidence=evidence,
            id=name,
            path=path,
            line=item.line,
        )
        excerpts: list[Excerpt] = []
        for one in evidence:
            if one.source_id != source.id:
                raise EvidenceError(
                    f"evidence from {one.source_id!r} in a draft of {source.id!r}",
                    path=path,
                    line=one.line,
                    subject=name,
                    hint="a draft's evidence is in its own source; record other sources by hand",
                )
            excerpt = locate_evidence(one, source, fact=carrier)
            assert excerpt is not None  # a held source, so a quote was checked and found
            excerpts.append(excerpt)
    return excerpts


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


def _check_ids(
    data_dir: Path,
    entities: list[tuple[LineDict, dict[str, Any]]],
    facts: list[tuple[LineDict, dict[str, Any]]],
    path: Path,
) -> None:
    """Every node an accept mints has an id nothing else has: not an entity of the
    authority file, not a fact node of any records file, not another accepted item."""
    authority = load_entities(data_dir)
    recorded = _recorded_fact_ids(data_dir)
    given: dict[str, LineDict] = {}
    for item, entry in [*entities, *facts]:
        node = entry.get("id")
        if not isinstance(node, str):
            continue
        where = None
        if node in authority:
            where = f"the authority file ({authority[node].path})"
        elif node in recorded:
            where = str(recorded[node])
        elif node in given:
            where = f"proposal {given[node]['n']} of this review"
        if where is not None:
            raise RecordError(
                f"proposal {item['n']}: {node} is already in {where}",
                path=path,
                line=item.line,
                hint="give it an id of its own in the draft; a draft made again numbers its "
                "proposals anew, so reject the ones already recorded",
            )
        given[node] = item


def _recorded_fact_ids(data_dir: Path) -> dict[str, Path]:
    ids: dict[str, Path] = {}
    for records in sorted((data_dir / "records").glob("*.yaml")):
        existing = read_yaml(records)
        items = existing.get("facts") if isinstance(existing, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.setdefault(item["id"], records)
    return ids


def _check_references(
    data_dir: Path,
    facts: list[tuple[LineDict, dict[str, Any]]],
    new: list[tuple[LineDict, dict[str, Any]]],
    path: Path,
) -> None:
    known = set(load_entities(data_dir)) | {str(entry["id"]) for _, entry in new}
    for item, fact in facts:
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
                    f"proposal {item['n']}: {fact.get('id') or fact.get('subject')} refers to "
                    f"{value}, which is neither in the authority file nor accepted with it",
                    path=path,
                    line=item.line,
                    hint="accept the entity's proposal in the same review",
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


def _plain_mapping(mapping: LineDict) -> dict[str, Any]:
    return {k: _plain(v) for k, v in mapping.items()}


def _plain(value: object) -> object:
    """YAML read with line numbers, back to plain dicts and lists for writing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
