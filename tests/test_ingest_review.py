"""Review as a library: what an accept writes, and what it refuses."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from civicgraph.errors import CivicGraphError, RecordError
from civicgraph.ingest.drafts import draft_path
from civicgraph.ingest.propose import propose_drafts
from civicgraph.ingest.review import list_proposals, review_draft
from civicgraph.ingest.sources import NewSource, add_source
from civicgraph.io import LineDict, read_yaml

ENTITIES = """entities:
  - id: place/kyzylorda
    type: City
    label: {kk: "Қызылорда", en: "Kyzylorda", ru: "Кызылорда"}
  - id: place/kyzylorda-oblast
    type: Region
    label: {kk: "Қызылорда облысы", en: "Kyzylorda Region", ru: "Кызылординская область"}
    altLabel: {ru: ["Кызылорда"]}
  - id: org/undp
    type: InternationalOrganisation
    label: {kk: "БҰҰ Даму бағдарламасы", en: "United Nations Development Programme", ru: "Программа развития ООН"}
    altLabel: {ru: ["ПРООН"]}
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "entities").mkdir(parents=True)
    (data / "entities" / "places.yaml").write_text(ENTITIES, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(
        "Форум ПРООН прошёл в Кызылорде. ПРООН поддержала Кызылорду.", encoding="utf-8"
    )
    add_source(data, article, NewSource(id="forum", language="ru"))
    propose_drafts(data, "forum")
    return data


def numbers(data: Path, kind: str) -> list[int]:
    return [row.n for row in list_proposals(data, "forum") if row.kind == kind]


def test_an_ambiguous_mention_cannot_be_accepted(data: Path) -> None:
    """«Кызылорде» names a city and a region: it is listed, but an accept is refused."""
    ambiguous = [
        row.n
        for row in list_proposals(data, "forum")
        if row.kind == "mention"
        and row.id
        and row.id.startswith("mention/")
        and "Кызылорд" in row.quote
    ]
    assert ambiguous
    before = draft_path(data, "forum").read_bytes()
    with pytest.raises(
        RecordError, match="is ambiguous between place/kyzylorda, place/kyzylorda-oblast"
    ):
        review_draft(data, "forum", accept=[ambiguous[0]])
    assert draft_path(data, "forum").read_bytes() == before
    assert not (data / "records").exists()


def test_accept_writes_quotes_with_occurrence_and_leaves_the_rest(data: Path) -> None:
    """A quote found twice gets its occurrence; accepted and rejected items leave the draft."""
    undp = [row.n for row in list_proposals(data, "forum") if row.quote == "ПРООН"]
    assert len(undp) == 2
    outcome = review_draft(data, "forum", accept=[undp[1]], reject=[undp[0]])
    assert (outcome.accepted, outcome.rejected) == ((undp[1],), (undp[0],))
    records = yaml.safe_load((data / "records" / "forum.yaml").read_text(encoding="utf-8"))
    assert records["source"] == "forum"
    [fact] = records["facts"]
    assert fact["mentionedEntity"] == "org/undp"
    assert fact["evidence"] == [{"quote": "ПРООН", "occurrence": 2}]
    assert set(fact) == {"id", "type", "mentionedEntity", "evidence"}
    left = {row.n for row in list_proposals(data, "forum")}
    assert not left & set(undp)
    with pytest.raises(RecordError, match=f"no proposal numbered {undp[1]}"):
        review_draft(data, "forum", accept=[undp[1]])


def test_accept_by_kind_leaves_a_date_of_no_event(tmp_path: Path) -> None:
    """A date no event sentence gives is skipped by --accept-kind and refused by number."""
    data = tmp_path / "data"
    (data / "entities").mkdir(parents=True)
    (data / "entities" / "bodies.yaml").write_text(ENTITIES, encoding="utf-8")
    article = tmp_path / "m.txt"
    article.write_text("ПРООН подписала меморандум сегодня.", encoding="utf-8")
    add_source(data, article, NewSource(id="memo", language="ru", published="2025-10-15"))
    propose_drafts(data, "memo")
    [date] = [row.n for row in list_proposals(data, "memo") if row.kind == "date"]
    outcome = review_draft(data, "memo", accept_kinds=["date"])
    assert (outcome.accepted, outcome.remaining) == ((), len(list_proposals(data, "memo")))
    with pytest.raises(RecordError, match=f"proposal {date} is a date of no event the draft names"):
        review_draft(data, "memo", accept=[date])


def planned(tmp_path: Path) -> Path:
    """A draft of an announcement: a forum that will take place, with its place and date."""
    data = tmp_path / "data"
    (data / "entities").mkdir(parents=True)
    (data / "entities" / "places.yaml").write_text(ENTITIES, encoding="utf-8")
    article = tmp_path / "p.txt"
    article.write_text("Форум ПРООН состоится в Кызылорде 12 апреля 2026 года.", encoding="utf-8")
    add_source(data, article, NewSource(id="plan", language="ru", published="2026-03-01"))
    propose_drafts(data, "plan")
    return data


def test_a_planned_event_is_recorded_as_scheduled(tmp_path: Path) -> None:
    """An announced event, its date and its status are accepted: the records say it is
    scheduled (as of the source), never that it took place."""
    data = planned(tmp_path)
    rows = list_proposals(data, "plan")
    [event] = [r for r in rows if r.kind == "event"]
    assert ("status", "scheduled") in event.fields
    outcome = review_draft(data, "plan", accept_kinds=["event", "date"])
    assert len(outcome.accepted) == 2
    records = yaml.safe_load((data / "records" / "plan.yaml").read_text(encoding="utf-8"))
    facts = {tuple(sorted(set(f) - {"evidence"})): f for f in records["facts"]}
    status = facts[("eventStatus", "subject")]
    assert (status["subject"], status["eventStatus"]) == ("event/plan-1", "civ:EventScheduled")
    assert facts[("date", "subject")]["date"] == "2026-04-12"
    events = yaml.safe_load((data / "entities" / "events.yaml").read_text(encoding="utf-8"))
    assert [e["id"] for e in events["entities"]] == ["event/plan-1"]


def add_participation(data: Path, source_id: str, event: str, person: str) -> int:
    """A curator's hand edit: a participation proposal in ``event``; its number."""
    path = draft_path(data, source_id)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [*document["entities"], *document["facts"]]
    n = max(i["n"] for i in items) + 1
    evidence = next(i for i in items if i.get("subject") == event)["evidence"]
    document["facts"].append(
        {
            "id": f"participation/{source_id}-{n}",
            "type": "Participation",
            "participant": person,
            "event": event,
            "participationRole": "civ:RoleAttendee",
            "n": n,
            "kind": "participation",
            "status": "proposed",
            "confidence": 0.7,
            "why": "by hand",
            "evidence": evidence,
        }
    )
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return n


def test_nobody_takes_part_in_a_scheduled_event(tmp_path: Path) -> None:
    """A participation in an event reported only scheduled is refused, whether the status
    is accepted with it or already recorded; nothing is written."""
    data = planned(tmp_path)
    (data / "entities" / "people.yaml").write_text(
        "entities:\n  - id: person/aliya-testova\n    type: Person\n"
        '    label: {ru: "Алия Тестова"}\n',
        encoding="utf-8",
    )
    n = add_participation(data, "plan", "event/plan-1", "person/aliya-testova")
    numbers = [r.n for r in list_proposals(data, "plan") if r.kind in {"event", "participation"}]
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    message = (
        f"proposal {n}: nobody takes part in event/plan-1, which is reported scheduled, not held"
    )
    with pytest.raises(RecordError, match=message):
        review_draft(data, "plan", accept=numbers)
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    review_draft(data, "plan", accept=[r for r in numbers if r != n])
    with pytest.raises(RecordError, match=message):
        review_draft(data, "plan", accept=[n])


# -- hand edits of a draft: each refused in one line naming the draft's line and the
# -- proposal, before anything is written


def edit_draft(data: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = draft_path(data, "forum")
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def item(document: dict[str, Any], section: str, n: int) -> dict[str, Any]:
    return next(i for i in document[section] if i["n"] == n)


def lines_of(data: Path, section: str, n: int) -> range:
    """The lines of the draft that proposal ``n`` of ``section`` spans."""
    document = read_yaml(draft_path(data, "forum"))
    assert isinstance(document, LineDict)
    starts = [i.line for i in document[section]] + [10**6]
    index = next(k for k, i in enumerate(document[section]) if i["n"] == n)
    return range(starts[index], starts[index + 1])


def refused(data: Path, section: str, n: int, accept: list[int], message: str) -> CivicGraphError:
    """Accepting ``accept`` is refused with ``message``, naming proposal ``n`` of ``section``
    and a line of it; data/ is as it was."""
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    with pytest.raises(CivicGraphError) as raised:
        review_draft(data, "forum", accept=accept)
    error = raised.value
    assert error.path == str(draft_path(data, "forum"))
    assert error.line in lines_of(data, section, n), (error.line, str(error))
    assert str(error).startswith(f"{error.path}:{error.line}: proposal {n}: "), str(error)
    assert message in str(error)
    assert "\n" not in str(error)
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    return error


def undp(data: Path) -> list[int]:
    return [r.n for r in list_proposals(data, "forum") if r.quote == "ПРООН"]


def event(data: Path) -> int:
    return next(r.n for r in list_proposals(data, "forum") if r.kind == "event")


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (
            {"quote": "", "start": 6, "end": 11},
            "mention/forum-2: evidence from 'forum' has no quote",
        ),
        ({"quote": "ПРООН", "start": 6, "end": 6}, "end 6 is not after start 6"),
        ({"quote": "ПРООН", "start": -5, "end": -1}, "start must be a whole number from 0, not -5"),
        (
            {"quote": "ПРООН", "start": 6, "end": True},
            "end must be a whole number from 0, not True",
        ),
        ({"quote": "ПРООН", "start": 6}, "evidence needs quote, start and end"),
        (
            {"quote": "ПРООН", "start": 7, "end": 12},
            "the quote is not at 7-12 of 'forum' (the text there is 'РООН '): 'ПРООН'",
        ),
        (
            {"quote": "ПРООН", "start": 6, "end": 11, "occurence": 1},
            "evidence has no key 'occurence'",
        ),
    ],
)
def test_hand_edited_evidence_is_checked_as_the_records_loader_does(
    data: Path, evidence: dict[str, Any], message: str
) -> None:
    """An empty quote, offsets that are negative, reversed, half given or not the quote's,
    a misspelt key: one line naming the proposal, nothing accepted."""
    [first, _] = undp(data)
    assert first == 2
    edit_draft(data, lambda d: item(d, "facts", first).update(evidence=[evidence]))
    refused(data, "facts", first, [first], message)


def test_offsets_of_the_other_occurrence_are_taken_as_given(data: Path) -> None:
    """Offsets of the quote's second occurrence are the second occurrence: recorded as such."""
    [first, _] = undp(data)
    edit_draft(
        data,
        lambda d: item(d, "facts", first).update(
            evidence=[{"quote": "ПРООН", "start": 32, "end": 37}]
        ),
    )
    review_draft(data, "forum", accept=[first])
    records = yaml.safe_load((data / "records" / "forum.yaml").read_text(encoding="utf-8"))
    assert records["facts"][0]["evidence"] == [{"quote": "ПРООН", "occurrence": 2}]


def test_a_quote_in_another_normalisation_says_so(data: Path) -> None:
    """«прошёл» decomposed (е + U+0308) is not the source's «прошёл»: refused with a hint
    naming the normalisation, never matched by shifting offsets."""
    n = event(data)

    def decompose(document: dict[str, Any]) -> None:
        for section in ("entities", "facts"):
            for ev in item(document, section, n)["evidence"]:
                ev["quote"] = unicodedata.normalize("NFD", ev["quote"])

    edit_draft(data, decompose)
    error = refused(data, "entities", n, [n], "quote not found in source 'forum'")
    assert "the quote's letters are decomposed and the source's are not" in str(error)


def test_an_invalid_fact_id_is_refused(data: Path) -> None:
    [first, _] = undp(data)
    edit_draft(data, lambda d: item(d, "facts", first).update(id="Mention/Forum 2"))
    refused(data, "facts", first, [first], "invalid id 'Mention/Forum 2'")


def test_colliding_ids_are_refused(data: Path) -> None:
    """Two accepted proposals given one id, or an entity given an id of the authority file."""
    first, second = undp(data)
    edit_draft(data, lambda d: item(d, "facts", second).update(id=f"mention/forum-{first}"))
    refused(
        data,
        "facts",
        second,
        [first, second],
        f"mention/forum-{first} is already in proposal {first} of this review",
    )
    n = event(data)
    edit_draft(data, lambda d: item(d, "entities", n).update(id="org/undp"))
    refused(data, "entities", n, [n], "org/undp is already in the authority file")


def test_a_fact_id_already_recorded_for_another_source_is_refused(data: Path) -> None:
    [first, _] = undp(data)
    (data / "records").mkdir()
    (data / "records" / "other.yaml").write_text(
        f"source: other\nfacts:\n  - id: mention/forum-{first}\n", encoding="utf-8"
    )
    refused(data, "facts", first, [first], f"is already in {data / 'records' / 'other.yaml'}")


def test_an_entity_renamed_to_a_kind_review_cannot_file_is_refused(data: Path) -> None:
    """Renamed to meeting/…, the entity would be counted accepted and written nowhere."""
    n = event(data)

    def rename(document: dict[str, Any]) -> None:
        item(document, "entities", n)["id"] = "meeting/forum-1"
        item(document, "facts", n)["subject"] = "meeting/forum-1"

    edit_draft(data, rename)
    refused(data, "entities", n, [n], "meeting/forum-1 is of kind 'meeting'")


def test_a_mention_of_a_renamed_entity_is_refused(data: Path) -> None:
    """A mention naming an entity by an id nothing defines would break the build."""
    [first, _] = undp(data)
    edit_draft(data, lambda d: item(d, "facts", first).update(mentionedEntity="org/undp-kz"))
    refused(
        data, "facts", first, [first], "refers to org/undp-kz, which is neither in the authority"
    )


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (None, "missing 'label'"),
        ({}, "no label"),
        ({"ru": ""}, "label in ru must be non-empty text"),
        ({"ru-Latn-Latn": "Forum"}, "label has an invalid language tag 'ru-Latn-Latn'"),
    ],
)
def test_an_entity_without_a_usable_label_is_refused(
    data: Path, label: dict[str, str] | None, message: str
) -> None:
    n = event(data)

    def relabel(document: dict[str, Any]) -> None:
        entity = item(document, "entities", n)
        if label is None:
            del entity["label"]
        else:
            entity["label"] = label

    edit_draft(data, relabel)
    refused(data, "entities", n, [n], message)


def test_a_duplicated_number_is_refused_when_the_draft_is_read(data: Path) -> None:
    """Two proposals numbered alike would be accepted or dropped together."""
    first, second = undp(data)
    edit_draft(data, lambda d: item(d, "facts", second).update(n=first))
    with pytest.raises(RecordError, match=f"proposal number {first} is used twice in 'facts'"):
        review_draft(data, "forum", accept=[first])
    assert not (data / "records").exists()
