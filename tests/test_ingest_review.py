"""Review as a library: what an accept writes, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from civicgraph.errors import RecordError
from civicgraph.ingest.draft import draft_source
from civicgraph.ingest.drafts import draft_path, write_draft
from civicgraph.ingest.review import list_proposals, review_draft
from civicgraph.ingest.sources import NewSource, add_source

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
    write_draft(draft_path(data, "forum"), draft_source(data, "forum"))
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
    write_draft(draft_path(data, "memo"), draft_source(data, "memo"))
    [date] = [row.n for row in list_proposals(data, "memo") if row.kind == "date"]
    outcome = review_draft(data, "memo", accept_kinds=["date"])
    assert (outcome.accepted, outcome.remaining) == ((), len(list_proposals(data, "memo")))
    with pytest.raises(RecordError, match=f"proposal {date} is a date of no event the draft names"):
        review_draft(data, "memo", accept=[date])


def test_a_planned_event_is_not_recorded_as_held(tmp_path: Path) -> None:
    """The graph cannot say an event is planned: accepting it, its entity or its date is
    refused, and nothing is written."""
    data = tmp_path / "data"
    (data / "entities").mkdir(parents=True)
    (data / "entities" / "places.yaml").write_text(ENTITIES, encoding="utf-8")
    article = tmp_path / "p.txt"
    article.write_text("Форум ПРООН состоится в Кызылорде 12 апреля 2026 года.", encoding="utf-8")
    add_source(data, article, NewSource(id="plan", language="ru"))
    write_draft(draft_path(data, "plan"), draft_source(data, "plan"))
    rows = list_proposals(data, "plan")
    about_event = [
        r.n for r in rows if r.kind in {"event", "date"} or (r.id or "").startswith("event/")
    ]
    assert about_event
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    for n in about_event:
        with pytest.raises(RecordError, match="the text states as planned"):
            review_draft(data, "plan", accept=[n])
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
