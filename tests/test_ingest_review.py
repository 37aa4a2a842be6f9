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
