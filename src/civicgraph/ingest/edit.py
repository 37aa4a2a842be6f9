"""Change a proposal of a draft by its number, with no YAML to edit and no offsets to count.

``edit_proposal`` sets what a curator says: a new entity's label (on a mention, the
spelling its entity learns when the mention is accepted), an id or a status the proposal
names (the editable fields of its kind, ``civicgraph.facts``), or the quoted words, which
are looked up in the source's text, so the offsets are found, not typed (``occurrence``
picks one when the words are there more than once). ``merge_proposal`` makes a proposed
new entity a known one instead: every proposal naming the new id then names the known
one, and the proposal itself becomes a mention of it that adds its spelling to the known
entity's alternative labels when accepted.

Every change is checked as review checks an accept (``review.check_entity``,
``review.check_fact``, ``review.check_references``: the records loader's and the build's
checks) and written as review writes, under the lock of data/ and through its journal
(``journal.commit_files``): a refused change leaves the draft byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from civicgraph.errors import RecordError
from civicgraph.evidence import find_occurrences
from civicgraph.facts import BY_NAME, FactKind
from civicgraph.ingest.drafts import draft_path
from civicgraph.ingest.review import (
    check_entity,
    check_fact,
    check_references,
    draft_bytes,
    read_checked_draft,
)
from civicgraph.io import LineDict
from civicgraph.journal import LOCK_TIMEOUT, commit_files, data_lock
from civicgraph.model import Entity, Source
from civicgraph.records import ID_PATTERN, load_entities

_SHOWN_PLACES = 5
"""How many places of words found several times a refusal lists."""


@dataclass(frozen=True)
class ProposalEdit:
    """What to change in one proposal; what is left ``None`` (or out of ``values``) stays."""

    label: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    """Field name (``entity``, ``person``, ``post``, ``speaker``, ``event``, ``status``) → value."""
    quote: str | None = None
    occurrence: int | None = None
    """Which of the places the quoted words are found at (from 1), when there are several."""


@dataclass(frozen=True)
class EditOutcome:
    n: int
    changed: tuple[str, ...]
    """What changed: ``label``, field names, ``quote``, or ``merged into <id>``."""
    draft_path: Path
    renamed: tuple[int, ...] = ()
    """The other proposals that named the merged entity and now name the known one."""


def edit_proposal(
    data_dir: Path,
    source_id: str,
    n: int,
    edit: ProposalEdit,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
) -> EditOutcome:
    """Change proposal ``n`` of the draft of ``source_id`` as ``edit`` says."""
    if edit.label is None and not edit.values and edit.quote is None:
        raise RecordError(
            f"nothing to change in proposal {n}",
            path=draft_path(data_dir, source_id),
            hint="give --label, --quote or a field such as --entity, --person or --status",
        )
    if edit.occurrence is not None and edit.quote is None:
        raise RecordError(
            f"proposal {n}: --occurrence picks among the places of --quote, which is not given",
            path=draft_path(data_dir, source_id),
            hint='give the words too: --quote "…" --occurrence 2',
        )
    with data_lock(data_dir, timeout=lock_timeout):
        path, document, source = read_checked_draft(data_dir, source_id)
        items, kind = _proposal_items(document, n, path, source_id)
        changed: list[str] = []
        if edit.label is not None:
            _set_label(document, items, kind, edit.label, path)
            changed.append("label")
        for name, value in edit.values.items():
            fact = _fact_of(document, items)
            _set_field(items, fact, kind, name, value, path=path, source_id=source_id)
            changed.append(name)
        if edit.quote is not None:
            _set_quote(items, edit.quote, edit.occurrence, source, path)
            changed.append("quote")
        _check(data_dir, document, items, source, path)
        commit_files(
            data_dir,
            {path: draft_bytes(path, document)},
            what=f"edit of proposal {n} of {source_id}",
        )
    return EditOutcome(n=n, changed=tuple(changed), draft_path=path)


def merge_proposal(
    data_dir: Path,
    source_id: str,
    n: int,
    known: str,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
) -> EditOutcome:
    """Make proposed new entity ``n`` the authority file's ``known`` entity throughout the draft."""
    with data_lock(data_dir, timeout=lock_timeout):
        path, document, source = read_checked_draft(data_dir, source_id)
        items, kind = _proposal_items(document, n, path, source_id)
        entity = next((i for i in items if _is_in(i, document["entities"])), None)
        if entity is None:
            raise RecordError(
                f"proposal {n} is {_a(kind.name)}, not a new entity: only a proposed entity "
                "can be merged into a known one",
                path=path,
                line=items[0].line,
                hint=f"name another entity with civicgraph draft edit {source_id} {n} --"
                + next((f.name for f in kind.fields if f.editable and f.is_id), "entity"),
            )
        new = str(entity["id"])
        authority = load_entities(data_dir)
        if known not in authority:
            raise RecordError(
                f"{known} is not in the authority file",
                path=path,
                line=entity.line,
                hint="merge into an entity of data/entities/; a new one is accepted with "
                f"civicgraph draft review {source_id}",
            )
        if new.split("/", 1)[0] != known.split("/", 1)[0]:
            raise RecordError(
                f"proposal {n} proposes {new}, which cannot be {known}: they are different "
                "kinds of entity",
                path=path,
                line=entity.line,
                hint=f"merge it into {_a(new.split('/', 1)[0])}/… of the authority file",
            )
        renamed = _rename(document, new, known, n)
        language = str(document.get("language") or "")
        document["entities"] = [i for i in document["entities"] if i is not entity]
        if len(items) == 1:
            # Its words now name the known entity: a mention, which teaches it the spelling.
            facts = document["facts"]
            at = next((k for k, i in enumerate(facts) if int(i["n"]) > n), len(facts))
            facts.insert(at, _as_mention(entity, known, authority[known], source_id, language))
        items = [i for i in [*document["entities"], *document["facts"]] if int(i["n"]) == n]
        _check(data_dir, document, items, source, path)
        commit_files(
            data_dir,
            {path: draft_bytes(path, document)},
            what=f"merge of proposal {n} of {source_id} into {known}",
        )
    return EditOutcome(n=n, changed=(f"merged into {known}",), draft_path=path, renamed=renamed)


def _proposal_items(
    document: LineDict, n: int, path: Path, source_id: str
) -> tuple[list[LineDict], FactKind]:
    items = [i for i in [*document["entities"], *document["facts"]] if int(i["n"]) == n]
    if not items:
        raise RecordError(
            f"no proposal numbered {n}",
            path=path,
            hint=f"list them with civicgraph draft review {source_id}",
        )
    kind = BY_NAME.get(str(items[0].get("kind")))
    if kind is None:
        raise RecordError(
            f"proposal {n} is of kind {items[0].get('kind')!r}, which no proposal has",
            path=path,
            line=items[0].line,
            hint=f"kinds: {', '.join(BY_NAME)}",
        )
    return items, kind


def _set_label(
    document: LineDict, items: list[LineDict], kind: FactKind, label: str, path: Path
) -> None:
    language = str(document.get("language") or "")
    label = " ".join(label.split())
    entity = next((i for i in items if _is_in(i, document["entities"])), None)
    if entity is not None:
        labels = entity.get("label")
        entity["label"] = {**(labels if isinstance(labels, Mapping) else {}), language: label}
        return
    if kind.name == "mention":
        items[0]["addsAltLabel"] = {language: label}
        return
    raise RecordError(
        f"proposal {items[0]['n']} is {_a(kind.name)}, which has no label of its own",
        path=path,
        line=items[0].line,
        hint="label the entity it names (its own proposal), or give --label to a mention "
        "to teach its entity how this text spells it",
    )


def _fact_of(document: LineDict, items: list[LineDict]) -> LineDict | None:
    """The proposal's fact item (a new entity has none; a new event has one beside its entity)."""
    return next((i for i in items if _is_in(i, document["facts"])), None)


def _is_in(item: LineDict, section: list[LineDict]) -> bool:
    return any(item is other for other in section)


def _set_field(
    items: list[LineDict],
    fact: LineDict | None,
    kind: FactKind,
    name: str,
    value: str,
    *,
    path: Path,
    source_id: str,
) -> None:
    n, line = items[0]["n"], items[0].line
    one = kind.field(name)
    if fact is None or one is None or not one.editable:
        raise RecordError(
            f"proposal {n} is {_a(kind.name)}, which has no --{name}",
            path=path,
            line=line,
            hint=f"{_a(kind.name)} takes {', '.join(_options(kind))}",
        )
    if one.terms is not None:
        if value not in one.terms:
            raise RecordError(
                f"proposal {n}: --{name} of {_a(kind.name)} is one of {', '.join(one.terms)}, "
                f"not {value!r}",
                path=path,
                line=line,
                hint=f"civicgraph draft edit {source_id} {n} --{name} {'|'.join(one.terms)}",
            )
        fact[one.key] = one.terms[value]
        return
    if not ID_PATTERN.match(value):
        raise RecordError(
            f"proposal {n}: --{name} {value!r} is not an entity id",
            path=path,
            line=line,
            hint="ids are kind/slug in lower-case ASCII, e.g. person/maulen-ashimbayev",
        )
    fact[one.key] = value
    if one.key == "mentionedEntity":
        fact.pop("candidates", None)  # one entity named: no longer ambiguous


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _options(kind: FactKind) -> list[str]:
    """The options ``draft edit`` takes for a proposal of ``kind``."""
    options = [f"--{f.name}" for f in kind.fields if f.editable]
    if kind.name in ("mention", "entity"):
        options.append("--label")
    return [*options, "--quote"]


def _set_quote(
    items: list[LineDict], words: str, occurrence: int | None, source: Source, path: Path
) -> None:
    text = source.text or ""
    starts = find_occurrences(text, words) if words else []
    n = items[0]["n"]
    if not starts:
        raise RecordError(
            f"proposal {n}: {words!r} is not in the text of {source.id}",
            path=path,
            line=items[0].line,
            hint="give the words exactly as the text writes them, from one line",
        )
    if occurrence is None and len(starts) > 1:
        raise RecordError(
            f"proposal {n}: {words!r} is in the text of {source.id} {len(starts)} times "
            f"({_places(text, starts)})",
            path=path,
            line=items[0].line,
            hint=f"say which with --occurrence 1 to {len(starts)}",
        )
    if occurrence is not None and not 1 <= occurrence <= len(starts):
        times = "once" if len(starts) == 1 else f"{len(starts)} times"
        raise RecordError(
            f"proposal {n}: --occurrence {occurrence}, but {words!r} is in the text {times}",
            path=path,
            line=items[0].line,
            hint=f"choose 1 to {len(starts)}",
        )
    start = starts[(occurrence or 1) - 1]
    for item in items:
        found = {"quote": words, "start": start, "end": start + len(words)}
        item["evidence"] = [_at_line(found, item.key_lines.get("evidence", item.line))]


def _places(text: str, starts: list[int]) -> str:
    """``line 1, column 5; line 3, column 10; …`` (from 1), at most a few of them."""
    shown = []
    for start in starts[:_SHOWN_PLACES]:
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        shown.append(f"line {line}, column {column}")
    more = len(starts) - _SHOWN_PLACES
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _rename(document: LineDict, new: str, known: str, n: int) -> tuple[int, ...]:
    """Every proposal but ``n`` naming ``new`` names ``known`` instead; their numbers."""
    renamed: set[int] = set()
    for item in [*document["entities"], *document["facts"]]:
        for key, value in list(item.items()):
            if key == "evidence":
                continue
            replaced = _replaced(value, new, known)
            if replaced != value:
                item[key] = replaced
                if int(item["n"]) != n:
                    renamed.add(int(item["n"]))
    return tuple(sorted(renamed))


def _replaced(value: object, new: str, known: str) -> object:
    if value == new:
        return known
    if isinstance(value, list):
        return [_replaced(v, new, known) for v in value]
    return value


def _as_mention(
    entity: LineDict, known: str, known_entity: Entity, source_id: str, language: str
) -> LineDict:
    labels = entity.get("label")
    spelling = labels.get(language) if isinstance(labels, Mapping) else None
    names = {*known_entity.labels.values(), *known_entity.alt_labels.get(language, ())}
    mention: dict[str, object] = {
        "id": f"mention/{source_id}-{entity['n']}",
        "type": "Mention",
        "mentionedEntity": known,
    }
    if spelling and " ".join(spelling.split()).casefold() not in {
        " ".join(name.split()).casefold() for name in names
    }:
        mention["addsAltLabel"] = {language: spelling}
    mention.update(
        {
            "n": entity["n"],
            "kind": "mention",
            "status": entity.get("status"),
            "confidence": entity.get("confidence"),
            "why": f"{spelling or entity['id']!r} merged into {known} by the curator",
            "evidence": entity["evidence"],
        }
    )
    return _at_line(mention, entity.line)


def _at_line(mapping: Mapping[str, object], line: int | None) -> LineDict:
    """``mapping`` as the YAML reader gives it, so that refusals name ``line`` of the draft."""
    at = LineDict(mapping)
    at.line = line
    at.key_lines = {}
    return at


def _check(
    data_dir: Path, document: LineDict, items: list[LineDict], source: Source, path: Path
) -> None:
    """The changed proposal checked as review would check it for an accept."""
    facts = []
    for item in items:
        if _is_in(item, document["entities"]):
            check_entity(item, path, source)
        else:
            checked = check_fact(item, path, source, source.text or "", accepting=False)
            if checked is not None:
                facts.append(checked)
    known = set(load_entities(data_dir)) | {str(i["id"]) for i in document["entities"]}
    check_references(
        known,
        facts,
        path,
        hint="name an entity of data/entities/ or one the draft proposes",
        where="proposed in this draft",
    )
