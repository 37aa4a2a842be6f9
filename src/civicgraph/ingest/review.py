"""Review a draft: list its proposals, move accepted ones into the records and the authority file.

An accept is all or nothing. Every accepted item is checked first, as the records loader
checks a record (``records.read_entity``, ``records.read_fact``: ids, types, labels and
their languages, evidence keys and offsets) and as the build checks its evidence
(``evidence.locate_evidence``, against the held source, which must still hash as it did
when drafted); every id it mints must be new and every id it refers to must exist or be
accepted with it; what each kind needs and which terms its fields take come from
``civicgraph.facts``; nobody takes part in an event the records or this review report
only scheduled, postponed or cancelled. A curator's hand edit of the draft that breaks
one of these is refused in one line naming the draft's line and the proposal's number.
Only then are the records file, the entities files and the draft rewritten, as one
change of data/ (``journal.commit_files``), under the lock of data/ that a build also
takes. An accepted mention that spells its entity another way (``addsAltLabel``) adds
that spelling to the entity's alternative labels. Rejected items leave the draft and go
nowhere. ``civicgraph.ingest.edit`` changes a draft with the same checks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicgraph.errors import CivicGraphError, EvidenceError, RecordError, SourceError
from civicgraph.evidence import find_occurrences, locate_evidence
from civicgraph.facts import (
    BY_NAME,
    EVENT_STATUSES,
    FACT_ID_PREFIXES,
    FACT_KINDS,
    HELD,
    REFERENCE_KEYS,
    FactKind,
)
from civicgraph.ingest.draft import read_held_source
from civicgraph.ingest.drafts import draft_path, read_draft
from civicgraph.ingest.yamltext import add_alt_labels, dump_yaml
from civicgraph.io import LineDict, read_yaml
from civicgraph.journal import LOCK_TIMEOUT, commit_files, data_lock
from civicgraph.model import Entity, Excerpt, Fact, Source
from civicgraph.records import (
    load_entities,
    read_entity,
    read_evidence,
    read_fact,
    read_language_texts,
)

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
    "recorded",
    "addsAltLabel",
)
"""A draft's bookkeeping: never written into the records."""
ENTITY_FILES = {
    "person": "people.yaml",
    "org": "bodies.yaml",
    "place": "places.yaml",
    "post": "posts.yaml",
    "event": "events.yaml",
}
"""Which file of data/entities/ an accepted entity joins, by the kind of its id."""
_HELD_TERM = EVENT_STATUSES[HELD]


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
    label: str = ""
    """The proposed entity's label, or the labels of what the fact names."""
    fields: tuple[tuple[str, str], ...] = ()
    """Its kind's fields (``civicgraph.facts``) as ``draft edit`` names them, with their values."""


@dataclass(frozen=True)
class ReviewOutcome:
    accepted: tuple[int, ...]
    rejected: tuple[int, ...]
    remaining: int
    records_path: Path | None
    entity_paths: tuple[Path, ...]
    learned: tuple[tuple[str, str, str], ...] = ()
    """(entity, language, label): the alternative labels accepted mentions added."""


def list_proposals(data_dir: Path, source_id: str) -> list[ReviewRow]:
    """The proposals still in the draft of ``source_id``, by number."""
    with data_lock(data_dir):
        document = _read(data_dir, source_id)
        entities = load_entities(data_dir)
    language = str(document.get("language") or "")
    labels = {e.id: _label_in(e.labels, language) for e in entities.values()}
    labels.update(
        {str(i["id"]): _label_in(i.get("label") or {}, language) for i in document["entities"]}
    )
    by_number: dict[int, list[LineDict]] = {}
    for item in [*document["entities"], *document["facts"]]:
        by_number.setdefault(int(item["n"]), []).append(item)
    rows: list[ReviewRow] = []
    for n, items in sorted(by_number.items()):
        # a new event is two items under one number: its entity and what the text says of it
        first = items[0]
        kind = BY_NAME.get(str(first.get("kind", "")))
        fields = tuple(
            dict.fromkeys(pair for item in items for pair in _fields(kind, item))
            if kind is not None
            else ()
        )
        rows.append(
            ReviewRow(
                n=n,
                kind=str(first.get("kind", "")),
                id=first.get("id") or first.get("subject"),
                quote=str(first["evidence"][0]["quote"]),
                confidence=float(first.get("confidence", 0)),
                why=str(first.get("why", "")),
                recorded=any(item.get("recorded") for item in items),
                label=_row_label(kind, first, fields, labels, language),
                fields=fields,
            )
        )
    return rows


def _label_in(labels: Mapping[str, str], language: str) -> str:
    if not isinstance(labels, Mapping) or not labels:
        return ""
    return str(labels.get(language) or next(iter(labels.values())))


def _fields(kind: FactKind, item: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, f.shown(item[f.key])) for f in kind.fields if item.get(f.key) is not None)


def _row_label(
    kind: FactKind | None,
    item: Mapping[str, Any],
    fields: tuple[tuple[str, str], ...],
    labels: Mapping[str, str],
    language: str,
) -> str:
    """An entity's own label; for a fact, the labels of the entities it names."""
    if isinstance(item.get("label"), Mapping):
        return _label_in(item["label"], language)
    if kind is None:
        return ""
    ids = {f.name for f in kind.fields if f.is_id}
    named = [labels.get(value, value) for name, value in fields if name in ids]
    if item.get("mentionedEntity") is None and item.get("candidates"):
        return " | ".join(labels.get(c, c) for c in item["candidates"])
    return " — ".join(named)


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


def read_checked_draft(data_dir: Path, source_id: str) -> tuple[Path, LineDict, Source]:
    """The draft of ``source_id`` and its held source, which must hash as it did when drafted."""
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
    return path, document, source


def _review(
    data_dir: Path,
    source_id: str,
    accept: Collection[int | range],
    reject: Collection[int | range],
    accept_kinds: Collection[str],
) -> ReviewOutcome:
    path, document, source = read_checked_draft(data_dir, source_id)
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
    new_entities = [check_entity(item, path, source) for item in chosen_entities]
    facts = [
        fact
        for fact in (check_fact(item, path, source, text) for item in chosen_facts)
        if fact is not None
    ]
    authority = load_entities(data_dir)
    recorded = _read_records(data_dir)
    _check_ids(authority, recorded, new_entities, facts, path)
    known = set(authority) | {str(entry["id"]) for _, entry in new_entities}
    check_references(known, facts, path, hint="accept the entity's proposal in the same review")
    _check_took_place(recorded, facts, path)
    learned = _learned_labels(authority, new_entities, facts, str(document.get("language")))
    texts = {
        file: add_alt_labels(file.read_text(encoding="utf-8"), additions)
        for file, additions in _by_file(authority, learned).items()
    }
    writes: dict[Path, bytes] = {}
    records_path = None
    if facts:
        records_path = data_dir / "records" / f"{source_id}.yaml"
        plain_facts = [record for _, record in facts]
        writes[records_path] = _append(
            _text_of(records_path, f"source: {source_id}\nfacts:\n"), plain_facts
        )
    for kind, file_name in ENTITY_FILES.items():
        of_kind = [entry for _, entry in new_entities if entry["id"].startswith(f"{kind}/")]
        if of_kind:
            target = data_dir / "entities" / file_name
            existing = texts.pop(target, None) or _text_of(target, "entities:\n")
            writes[target] = _append(existing, of_kind)
    for target, changed in texts.items():
        writes[target] = changed.encode("utf-8")
    done = wanted | set(reject)
    document["entities"] = [i for i in document["entities"] if int(i["n"]) not in done]
    document["facts"] = [i for i in document["facts"] if int(i["n"]) not in done]
    writes[path] = draft_bytes(path, document)
    commit_files(data_dir, writes, what=f"review of {source_id}")
    remaining = len({int(i["n"]) for i in [*document["entities"], *document["facts"]]})
    return ReviewOutcome(
        accepted=tuple(sorted(wanted)),
        rejected=tuple(sorted(set(reject))),
        remaining=remaining,
        records_path=records_path,
        entity_paths=tuple(p for p in writes if p.parent.name == "entities"),
        learned=tuple(
            (entity, language, label)
            for entity, by_language in sorted(learned.items())
            for language, labels in sorted(by_language.items())
            for label in labels
        ),
    )


def draft_bytes(path: Path, document: LineDict) -> bytes:
    """The draft file for ``document``, its comment header kept."""
    header = "".join(
        line + "\n"
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    )
    return (header + dump_yaml(plain(document))).encode("utf-8")


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
    kind = BY_NAME.get(str(item.get("kind")))
    return kind is None or all(item.get(need.key) for need in kind.needs)


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


def check_entity(item: LineDict, path: Path, source: Source) -> tuple[LineDict, dict[str, Any]]:
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
    return item, plain_mapping(entry)


def check_fact(
    item: LineDict, path: Path, source: Source, text: str, *, accepting: bool = True
) -> tuple[LineDict, dict[str, Any]] | None:
    """The fact proposal as the records format writes it, checked as the records loader
    and the build check a record: its shape, what its kind needs to be accepted (when
    ``accepting``), the terms of its fields, and its evidence against the source."""
    record = _record_form(item)
    kind = BY_NAME.get(str(item.get("kind")))
    if kind is not None:
        _check_terms(kind, item, path, source.id)
    missing = [
        need for need in (kind.needs if kind is not None else ()) if not record.get(need.key)
    ]
    if missing and not accepting:
        _check_evidence(item, path, source)  # still to be completed: what it has is checked
        return None
    if missing:
        raise RecordError(
            missing[0].refusal.format(
                n=item["n"], candidates=", ".join(map(str, item.get("candidates") or []))
            ),
            path=path,
            line=item.line,
            hint=missing[0].hint.format(source=source.id, n=item["n"]),
        )
    _check_spelling(item, path)
    if "basis" in item and item["basis"] != "absolute":
        record["note"] = str(item["basis"])
    if set(record) <= {"subject", "note"}:
        _check_evidence(item, path, source)
        return None  # an event with neither status, place nor date: its entity says all
    checked = _record_form(record)
    checked["evidence"] = item["evidence"]  # quote, start and end, as the draft holds them
    with _proposal(item, path):
        fact = read_fact(checked, path=path, source_id=source.id)
    record["evidence"] = [
        _evidence(e.exact, e.start, text) for e in _check_evidence(item, path, source, fact)
    ]
    return item, plain_mapping(record)


def _check_terms(kind: FactKind, item: LineDict, path: Path, source_id: str) -> None:
    """A field of a controlled vocabulary holds one of its terms: an event's status is
    never a holding's (the build would take any civ: term; the shapes would refuse it)."""
    for one in kind.fields:
        value = item.get(one.key)
        if one.terms is None or value is None:
            continue
        for term in value if isinstance(value, list) else [value]:
            if term not in one.terms.values():
                choices = "|".join(one.terms)
                raise RecordError(
                    f"proposal {item['n']}: {one.key} {term!r} is not one of "
                    f"{', '.join(one.terms.values())}",
                    path=path,
                    line=item.key_lines.get(one.key, item.line),
                    hint=f"civicgraph draft edit {source_id} {item['n']} --{one.name} {choices}"
                    if one.editable
                    else f"write one of {', '.join(one.terms.values())}",
                )


def _check_spelling(item: LineDict, path: Path) -> None:
    if "addsAltLabel" not in item:
        return
    with _proposal(item, path):
        spelling = read_language_texts(
            item["addsAltLabel"],
            path=path,
            line=item.key_lines.get("addsAltLabel", item.line),
            subject=str(item.get("id") or ""),
            key="addsAltLabel",
        )
    if len(spelling) != 1:
        raise RecordError(
            f"proposal {item['n']}: addsAltLabel names {len(spelling)} languages",
            path=path,
            line=item.key_lines.get("addsAltLabel", item.line),
            hint='a mention spells its entity in its text\'s language: {kk: "…"}',
        )


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


def _evidence(quote: str, start: int, text: str) -> dict[str, Any]:
    starts = find_occurrences(text, quote)
    if len(starts) == 1:
        return {"quote": quote}
    return {"quote": quote, "occurrence": starts.index(start) + 1}


@dataclass
class _Records:
    """What every records file states that an accept must agree with."""

    ids: dict[str, Path] = field(default_factory=dict)
    """Fact node id → the records file that has it."""
    statuses: dict[str, set[str]] = field(default_factory=dict)
    """Event → the statuses sources report for it."""
    taking_part: dict[str, str] = field(default_factory=dict)
    """Event → where a participation in it is recorded (file:line)."""


def _read_records(data_dir: Path) -> _Records:
    status_key = BY_NAME["event"].field("status")
    took_place = [k for k in FACT_KINDS if k.takes_place is not None]
    found = _Records()
    for records in sorted((data_dir / "records").glob("*.yaml")):
        existing = read_yaml(records)
        items = existing.get("facts") if isinstance(existing, dict) else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("id"), str):
                found.ids.setdefault(item["id"], records)
            if status_key is not None and isinstance(item.get("subject"), str):
                for status in _values(item.get(status_key.key)):
                    found.statuses.setdefault(item["subject"], set()).add(status)
            for kind in took_place:
                assert kind.takes_place is not None
                if item.get("type") == kind.ontology_class:
                    for event in _values(item.get(kind.takes_place)):
                        line = getattr(item, "line", None)
                        found.taking_part.setdefault(event, f"{records}:{line}")
    return found


def _values(value: object) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v is not None]


def _check_ids(
    authority: Mapping[str, Entity],
    recorded: _Records,
    entities: list[tuple[LineDict, dict[str, Any]]],
    facts: list[tuple[LineDict, dict[str, Any]]],
    path: Path,
) -> None:
    """Every node an accept mints has an id nothing else has: not an entity of the
    authority file, not a fact node of any records file, not another accepted item."""
    given: dict[str, LineDict] = {}
    for item, entry in [*entities, *facts]:
        node = entry.get("id")
        if not isinstance(node, str):
            continue
        where = None
        if node in authority:
            where = f"the authority file ({authority[node].path})"
        elif node in recorded.ids:
            where = str(recorded.ids[node])
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


def check_references(
    known: Collection[str],
    facts: Iterable[tuple[LineDict, Mapping[str, Any]]],
    path: Path,
    *,
    hint: str,
    where: str = "accepted with it",
) -> None:
    """Every entity id a fact names is in ``known``."""
    for item, fact in facts:
        for key in REFERENCE_KEYS:
            value = fact.get(key)
            if (
                isinstance(value, str)
                and "/" in value
                and value not in known
                and not value.startswith(FACT_ID_PREFIXES)
            ):
                raise RecordError(
                    f"proposal {item['n']}: {fact.get('id') or fact.get('subject')} refers to "
                    f"{value}, which is neither in the authority file nor {where}",
                    path=path,
                    line=item.line,
                    hint=hint,
                )


def _check_took_place(
    recorded: _Records, facts: list[tuple[LineDict, dict[str, Any]]], path: Path
) -> None:
    """Nobody takes part in an event that has statuses and none of them is held (as
    ontology/shapes.ttl says): neither a participation accepted now in an event the
    records or this review report scheduled, postponed or cancelled, nor such a status
    accepted now for an event the records have people taking part in."""
    status_key = BY_NAME["event"].field("status")
    assert status_key is not None
    statuses = {event: set(found) for event, found in recorded.statuses.items()}
    for _, fact in facts:
        if isinstance(fact.get("subject"), str):
            for status in _values(fact.get(status_key.key)):
                statuses.setdefault(fact["subject"], set()).add(status)

    def not_held(event: str) -> str | None:
        found = statuses.get(event, set())
        if not found or _HELD_TERM in found:
            return None
        return " and ".join(sorted(status_key.shown(s) for s in found))

    for item, fact in facts:
        kind = BY_NAME.get(str(item.get("kind")))
        if kind is not None and kind.takes_place is not None:
            for event in _values(fact.get(kind.takes_place)):
                reported = not_held(event)
                if reported is not None:
                    raise RecordError(
                        f"proposal {item['n']}: nobody takes part in {event}, which is "
                        f"reported {reported}, not held",
                        path=path,
                        line=item.line,
                        hint="reject it; if the event took place, record that a source "
                        "reports it held (status held) first",
                    )
        subject = fact.get("subject")
        if (
            isinstance(subject, str)
            and status_key.key in fact
            and subject in recorded.taking_part
            and not_held(subject) is not None
        ):
            raise RecordError(
                f"proposal {item['n']}: {subject} would be reported {not_held(subject)} and "
                f"never held, but people take part in it ({recorded.taking_part[subject]})",
                path=path,
                line=item.line,
                hint="reject it, or record first that a source reports the event held",
            )


def _learned_labels(
    authority: Mapping[str, Entity],
    new_entities: list[tuple[LineDict, dict[str, Any]]],
    facts: list[tuple[LineDict, dict[str, Any]]],
    language: str,
) -> dict[str, dict[str, list[str]]]:
    """The spellings accepted mentions add to their entities' alternative labels: entity →
    language → labels, each new to that entity (its labels compared case-folded); those
    of an entity accepted in this review are added to its entry directly."""
    accepted = {str(entry["id"]): entry for _, entry in new_entities}
    learned: dict[str, dict[str, list[str]]] = {}
    for item, fact in facts:
        spelling = item.get("addsAltLabel")
        entity = fact.get("mentionedEntity")
        if not isinstance(spelling, Mapping) or not isinstance(entity, str):
            continue
        for lang, label in spelling.items():
            if entity in accepted:
                entry = accepted[entity]
                names = [*entry.get("label", {}).values(), *entry.get("altLabel", {}).get(lang, [])]
                if not _has(names, label):
                    entry.setdefault("altLabel", {}).setdefault(lang, []).append(label)
                continue
            known = authority.get(entity)
            if known is None:
                continue
            names = [*known.labels.values(), *known.alt_labels.get(lang, ())]
            if not _has([*names, *learned.get(entity, {}).get(lang, [])], label):
                learned.setdefault(entity, {}).setdefault(lang, []).append(label)
    return learned


def _has(names: Iterable[str], label: str) -> bool:
    folded = " ".join(label.split()).casefold()
    return any(" ".join(name.split()).casefold() == folded for name in names)


def _by_file(
    authority: Mapping[str, Entity], learned: Mapping[str, Mapping[str, list[str]]]
) -> dict[Path, dict[str, Mapping[str, list[str]]]]:
    files: dict[Path, dict[str, Mapping[str, list[str]]]] = {}
    for entity, by_language in learned.items():
        where = authority[entity].path
        assert where is not None  # read from a file of data/entities/
        files.setdefault(where, {})[entity] = by_language
    return files


def _text_of(path: Path, header: str) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else header


def _append(existing: str, items: list[dict[str, Any]]) -> bytes:
    if not existing.endswith("\n"):
        existing += "\n"
    block = dump_yaml(plain(items))
    indented = "".join(
        ("  " + line if line.strip() else line) + "\n" for line in block.splitlines()
    )
    return (existing + "\n" + indented).encode("utf-8")


def plain_mapping(mapping: LineDict) -> dict[str, Any]:
    return {k: plain(v) for k, v in mapping.items()}


def plain(value: object) -> object:
    """YAML read with line numbers, back to plain dicts and lists for writing."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
