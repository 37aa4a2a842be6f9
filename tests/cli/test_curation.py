"""Curation as a curator runs it, from an invented text to a query: an announced event
recorded as scheduled, a current holding known on its publication day, ``draft edit`` and
``draft merge`` through review, build and validate; every refusal with its message."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.ingest.review import list_proposals
from civicgraph.journal import LOCK_FILE

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = str(ROOT / "ontology" / "civic.ttl")
SHAPES = str(ROOT / "ontology" / "shapes.ttl")

ANNOUNCEMENT = (
    "Senate to hold a forum on regional budgets\n"
    "The Senate will hold a forum on regional budgets in Astana on 12 April 2026. Senate "
    'Chairman Maulen Ashimbayev said: "The forum will hear every region of the country."\n'
)
EXHIBITION = "Председатель Сената Маулен Ашимбаев открыл выставку молодых художников.\n"
VISIT = (
    "Deputy Aigerim Testova visited Zhanakala and Astana. In Astana she met teachers; "
    'Aigerim Testova said: "Every school in Astana needs a library."\n'
)
STUDENTS = (
    "Senate Speaker Mawlen Ashymbaiuly met students in Astana.\n"
    "Ashymbaiuly said the visit was useful for everyone present.\n"
)
TWO_PLACES = """
  - id: place/zhanakala
    type: City
    label: {en: "Zhanakala"}

  - id: place/zhanakala-district
    type: Region
    label: {en: "Zhanakala District"}
    altLabel: {en: ["Zhanakala"]}
"""
"""A town and the district named after it: "Zhanakala" alone names either."""

SOURCES = {
    "forum-announced": (ANNOUNCEMENT, "en", "2026-03-02"),
    "exhibition-opened": (EXHIBITION, "ru", "2025-06-10"),
    "teachers-visit": (VISIT, "en", "2025-06-11"),
    "students-met": (STUDENTS, "en", "2025-06-01"),
}
EVENT = "event/forum-announced-1"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def refused(*args: str, message: str) -> str:
    """The command fails with exit 2 and one line holding ``message``."""
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def new_project(root: Path, *source_ids: str) -> Path:
    """A copy of the project's data with two places sharing a name, and the given texts
    held and drafted."""
    data = root / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("drafts"))
    with (data / "entities" / "places.yaml").open("a", encoding="utf-8") as places:
        places.write(TWO_PLACES)
    for source_id in source_ids:
        text, language, published = SOURCES[source_id]
        document = root / f"{source_id}.txt"
        document.write_text(text, encoding="utf-8")
        ok("source", "add", str(document), "--id", source_id, "--lang", language,
           "--published", published, "--data", str(data))  # fmt: skip
        ok("draft", source_id, "--data", str(data))
    return data


def number(data: Path, source_id: str, kind: str, **fields: str) -> int:
    """The number of the one proposal of ``kind`` whose fields include ``fields``."""
    [n] = [
        row.n
        for row in list_proposals(data, source_id)
        if row.kind == kind and set(fields.items()) <= set(row.fields)
    ]
    return n


def query(store: Path, name: str, **params: str) -> list[dict[str, str]]:
    args = [f"{k}={v}" for k, v in params.items()]
    output = ok(
        "query", str(ROOT / "queries" / f"{name}.rq"), "--store", str(store), "--format", "json",
        *[a for arg in args for a in ("--param", arg)],
    )  # fmt: skip
    bindings = json.loads(output)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def about(store: Path, subject: str) -> str:
    """What the graph states about ``subject``, as N-Triples."""
    return ok("query", str(ROOT / "queries" / "triples_about.rq"), "--store", str(store),
              "--format", "ntriples", "--param", f"subject={subject}")  # fmt: skip


def records(data: Path, source_id: str) -> list[dict[str, object]]:
    document = yaml.safe_load((data / "records" / f"{source_id}.yaml").read_text("utf-8"))
    return list(document["facts"])


@dataclass
class Curated:
    data: Path
    store: Path
    outputs: dict[str, str]


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Curated:
    """Four texts drafted, edited, merged, reviewed, built and validated, once."""
    root = tmp_path_factory.mktemp("curation")
    data = new_project(root, *SOURCES)
    d = ("--data", str(data))
    out: dict[str, str] = {}

    # The headline's "to hold" is drafted as held: the curator says scheduled.
    [headline, _] = [r.n for r in list_proposals(data, "forum-announced") if r.kind == "event"]
    out["status"] = ok(
        "draft", "edit", "forum-announced", str(headline), "--status", "scheduled", *d
    )
    ok("draft", "review", "forum-announced", "--accept-kind", "event", "--accept-kind", "date",
       "--accept-kind", "mention", "--accept-kind", "post_holding", *d)  # fmt: skip

    ok("draft", "review", "exhibition-opened", "--accept-kind", "mention",
       "--accept-kind", "post_holding", *d)  # fmt: skip

    visit = "teachers-visit"
    post = number(data, visit, "entity", entity="post/deputy")
    out["label"] = ok("draft", "edit", visit, str(post), "--label", "Deputy of the Mazhilis", *d)
    [ambiguous] = [
        r.n for r in list_proposals(data, visit) if r.kind == "mention" and r.quote == "Zhanakala"
    ]
    out["entity"] = ok(
        "draft", "edit", visit, str(ambiguous), "--entity", "place/zhanakala-district", *d
    )
    quote = number(data, visit, "quote", speaker="person/aigerim-testova")
    out["quote"] = ok(
        "draft", "edit", visit, str(quote), "--quote", "Every school in Astana needs a library", *d
    )
    first_astana = min(
        r.n for r in list_proposals(data, visit) if r.kind == "mention" and r.quote == "Astana"
    )
    out["occurrence"] = ok(
        "draft", "edit", visit, str(first_astana), "--quote", "Astana", "--occurrence", "3", *d
    )
    out["visit"] = ok("draft", "review", visit, "--accept", f"1-{_last(data, visit)}", *d)

    person = number(data, "students-met", "entity", entity="person/mawlen-ashymbaiuly")
    out["merge"] = ok(
        "draft", "edit", "students-met", str(person), "--merge-into", "person/maulen-ashimbayev", *d
    )
    out["students"] = ok(
        "draft", "review", "students-met", "--accept", f"1-{_last(data, 'students-met')}", *d
    )

    store = root / "store"
    out["build"] = ok(
        "build", *d, "--ontology", ONTOLOGY, "--shapes", SHAPES, "--store", str(store)
    )
    out["validate"] = ok("validate", "--shapes", SHAPES, "--store", str(store))
    return Curated(data, store, out)


def _last(data: Path, source_id: str) -> int:
    return max(r.n for r in list_proposals(data, source_id))


# ------------------------------------------------------------------- planned events


def test_an_announced_event_is_scheduled_and_nobody_takes_part(curated: Curated) -> None:
    """The announcement is recorded and queried as scheduled, reported on the article's day,
    with no participant; the graph validates."""
    assert " of forum-announced (status) -> " in curated.outputs["status"]
    assert "conforms" in curated.outputs["validate"]
    [row] = query(curated.store, "events_by_status", event=EVENT)
    assert row["status"].endswith("#EventScheduled")
    assert (row["statusLabel"], row["reportedOn"], row["date"]) == (
        "scheduled",
        "2026-03-02",
        "2026-04-12",
    )
    assert row["participants"] == "0"
    scheduled = query(curated.store, "events_by_status", status="civ:EventScheduled")
    assert [r["event"].rsplit("/id/", 1)[1] for r in scheduled] == [EVENT]
    assert query(curated.store, "participants_by_event", event=EVENT) == []


def announced(tmp_path: Path) -> Path:
    """The announcement drafted, its status corrected and its event and status accepted."""
    data = new_project(tmp_path, "forum-announced")
    d = ("--data", str(data))
    headline = min(r.n for r in list_proposals(data, "forum-announced") if r.kind == "event")
    ok("draft", "edit", "forum-announced", str(headline), "--status", "scheduled", *d)
    ok("draft", "review", "forum-announced", "--accept-kind", "event", *d)
    return data


def test_review_refuses_a_participation_in_a_scheduled_event(tmp_path: Path) -> None:
    """A participation in an event recorded as scheduled (here added to the draft by hand)
    is refused at review, naming it, and nothing is written."""
    data = announced(tmp_path)
    path = data / "drafts" / "forum-announced.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    at = ANNOUNCEMENT.index("Maulen Ashimbayev")
    document["facts"].append(
        {
            "id": "participation/forum-announced-99",
            "type": "Participation",
            "participant": "person/maulen-ashimbayev",
            "event": EVENT,
            "n": 99,
            "kind": "participation",
            "status": "proposed",
            "evidence": [{"quote": "Maulen Ashimbayev", "start": at, "end": at + 17}],
        }
    )
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    before = tree(data)
    refused(
        "draft", "review", "forum-announced", "--accept", "99", "--data", str(data),
        message=f"proposal 99: nobody takes part in {EVENT}, which is reported scheduled, "
        "not held (hint: reject it; if the event took place, record that a source reports it "
        "held (status held) first)",
    )  # fmt: skip
    assert tree(data) == before


def test_the_shapes_refuse_a_participation_in_a_scheduled_event(tmp_path: Path) -> None:
    """A participation written into the records by hand, in an event they record as
    scheduled: the build refuses the graph, naming the record, and keeps no store."""
    data = announced(tmp_path)
    (data / "records" / "forum-participants.yaml").write_text(
        "source: forum-announced\nfacts:\n"
        "  - id: participation/forum-early-guest\n"
        "    type: Participation\n"
        "    participant: person/maulen-ashimbayev\n"
        f"    event: {EVENT}\n"
        "    evidence:\n"
        "      - quote: Senate Chairman Maulen Ashimbayev\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = run("build", "--data", str(data), "--ontology", ONTOLOGY, "--shapes", SHAPES,
                 "--store", str(store))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "forum-participants.yaml:3: Violation: " in result.output
    assert (
        "Nobody takes part in an event that is only scheduled, postponed or cancelled"
        in result.output
    )
    assert f"error: the new graph does not conform; {store} was left as it was" in result.output


# ------------------------------------------------------------------- holdings


def test_a_current_holding_is_held_on_its_publication_day_only(curated: Curated) -> None:
    """«Председатель Сената Маулен Ашимбаев» in a text of 10 June: posts_as_of finds him in
    the post on that day (basis known), and not on the next."""
    [holding] = [f for f in records(curated.data, "exhibition-opened") if f.get("holder")]
    assert (holding["holdingStatus"], holding["knownOn"]) == ("civ:StatusCurrent", "2025-06-10")
    post = "post/chairman-senate-kz"
    [row] = query(curated.store, "posts_as_of", date="2025-06-10", post=post)
    assert (row["person"].rsplit("/id/", 1)[1], row["basis"]) == (
        "person/maulen-ashimbayev",
        "known",
    )
    assert query(curated.store, "posts_as_of", date="2025-06-11", post=post) == []


# ------------------------------------------------------------------- draft edit


def test_edited_proposals_reach_the_graph(curated: Curated) -> None:
    """A new post's label, an ambiguous mention's entity and two quotes found by their
    words (one with --occurrence) are reviewed, built and queried as edited."""
    assert "(label)" in curated.outputs["label"]
    assert "(entity)" in curated.outputs["entity"]
    assert "(quote)" in curated.outputs["quote"]
    posts = yaml.safe_load((curated.data / "entities" / "posts.yaml").read_text("utf-8"))
    [deputy] = [e for e in posts["entities"] if e["id"] == "post/deputy"]
    assert deputy["label"] == {"en": "Deputy of the Mazhilis"}
    facts = records(curated.data, "teachers-visit")
    [zhanakala] = [f for f in facts if f.get("mentionedEntity") == "place/zhanakala-district"]
    assert zhanakala["evidence"] == [{"quote": "Zhanakala"}]
    [quote] = [f for f in facts if f.get("type") == "Quote"]
    assert quote["evidence"] == [{"quote": "Every school in Astana needs a library"}]
    third = VISIT.index("Astana", VISIT.index("Astana", VISIT.index("Astana") + 1) + 1)
    astana = [f for f in facts if f.get("mentionedEntity") == "place/astana"]
    assert {"quote": "Astana", "occurrence": 3} in [e for f in astana for e in f["evidence"]]

    assert '<http://www.w3.org/2000/01/rdf-schema#label> "Deputy of the Mazhilis"@en .' in about(
        curated.store, "post/deputy"
    )
    spans = query(curated.store, "evidence_by_subject", subject="place/zhanakala-district")
    assert {(r["exact"], r["start"]) for r in spans if "exact" in r} == {
        ("Zhanakala", str(VISIT.index("Zhanakala")))
    }
    assert ("Astana", str(third)) in {
        (r["exact"], r["start"])
        for r in query(curated.store, "evidence_by_subject", subject="place/astana")
        if "exact" in r
    }
    said = query(curated.store, "quotes_all", speaker="person/aigerim-testova")
    assert [r["text"] for r in said] == ["Every school in Astana needs a library"]


# ------------------------------------------------------------------- merge


def test_a_merged_entity_learns_the_spelling(curated: Curated) -> None:
    """ "Mawlen Ashymbaiuly" merged into the known Ashimbayev: every proposal naming the new
    id names him, and the accepted mention adds the spelling as an English alternative
    label, in data/entities and in the graph."""
    assert (
        " of students-met merged into person/maulen-ashimbayev; proposals "
        in (curated.outputs["merge"])
    )
    assert (
        "person/maulen-ashimbayev learnt the alternative label 'Mawlen Ashymbaiuly'@en"
        in curated.outputs["students"]
    )
    people = yaml.safe_load((curated.data / "entities" / "people.yaml").read_text("utf-8"))
    [him] = [e for e in people["entities"] if e["id"] == "person/maulen-ashimbayev"]
    assert him["altLabel"]["en"] == ["Mawlen Ashymbaiuly"]
    assert not any(e["id"] == "person/mawlen-ashymbaiuly" for e in people["entities"])
    named = {
        str(f.get("holder") or f.get("participant") or f.get("mentionedEntity"))
        for f in records(curated.data, "students-met")
    }
    assert "person/mawlen-ashymbaiuly" not in named
    assert "person/maulen-ashimbayev" in named
    assert '<http://www.w3.org/2004/02/skos/core#altLabel> "Mawlen Ashymbaiuly"@en .' in about(
        curated.store, "person/maulen-ashimbayev"
    )


# ------------------------------------------------------------------- refusals


@pytest.fixture
def visit(tmp_path: Path) -> Path:
    return new_project(tmp_path, "teachers-visit")


def _places(word: str) -> str:
    starts = [i for i in range(len(VISIT)) if VISIT.startswith(word, i)]
    return "; ".join(f"line 1, column {s + 1}" for s in starts)


EDIT_REFUSALS = [
    ("mention", ["--quote", "Almaty"],
     "{n}: 'Almaty' is not in the text of teachers-visit (hint: give the words exactly as "
     "the text writes them, from one line)"),
    ("mention", ["--quote", "Astana"],
     f"{{n}}: 'Astana' is in the text of teachers-visit 3 times ({_places('Astana')}) "
     "(hint: say which with --occurrence 1 to 3)"),
    ("mention", ["--quote", "Astana", "--occurrence", "4"],
     "{n}: --occurrence 4, but 'Astana' is in the text 3 times (hint: choose 1 to 3)"),
    ("mention", ["--occurrence", "2", "--entity", "place/astana"],
     "{n}: --occurrence picks among the places of --quote, which is not given"),
    ("quote", ["--post", "post/deputy"],
     "{n} is a quote, which has no --post (hint: a quote takes --speaker, --event, --quote)"),
    ("event", ["--event", "event/council-maslikhats-extended-meeting-2025-04"],
     "{n} is an event, which has no --event (hint: an event takes --status, --quote)"),
    ("post_holding", ["--status", "former"],
     "{n}: --status of a post_holding is one of current, ended, unknown, not 'former'"),
    ("mention", ["--entity", "Astana"], "{n}: --entity 'Astana' is not an entity id"),
    ("mention", ["--entity", "place/almaty"],
     "{n}: mention/teachers-visit-{n} refers to place/almaty, which is neither in the "
     "authority file nor proposed in this draft"),
    ("post_holding", ["--label", "Deputy"],
     "{n} is a post_holding, which has no label of its own"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "args", "message"),
    EDIT_REFUSALS,
    ids=["absent", "several", "no-such-place", "occurrence-alone", "not-its-field",
         "not-editable", "not-a-status", "not-an-id", "unknown-id", "no-label"],
)  # fmt: skip
def test_draft_edit_refuses(visit: Path, kind: str, args: list[str], message: str) -> None:
    """Each refusal is one line naming the draft's line and the proposal, exit 2, and the
    draft is left byte for byte."""
    n = min(r.n for r in list_proposals(visit, "teachers-visit") if r.kind == kind)
    before = tree(visit)
    output = refused(
        "draft", "edit", "teachers-visit", str(n), *args, "--data", str(visit),
        message=message.format(n=n),
    )  # fmt: skip
    assert "drafts/teachers-visit.yaml" in output
    assert tree(visit) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99", "--status", "held"], "no proposal numbered 99"),
        (["1", "--merge-into", "person/nobody"], "person/nobody is not in the authority file"),
    ],
    ids=["no-such-number", "merge-into-unknown"],
)
def test_draft_edit_refuses_what_names_nothing(visit: Path, args: list[str], message: str) -> None:
    """A number no proposal has, a known entity that is not known: one line, nothing written."""
    n = number(visit, "teachers-visit", "entity", entity="person/aigerim-testova")
    args = [str(n) if a == "1" else a for a in args]
    before = tree(visit)
    refused("draft", "edit", "teachers-visit", *args, "--data", str(visit), message=message)
    assert tree(visit) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "say what to change: --label, --quote, --entity, --person, --post, --speaker,"),
        (["--merge-into", "person/maulen-ashimbayev", "--label", "X"], "give --merge-into alone"),
    ],
    ids=["nothing", "merge-and-more"],
)
def test_draft_edit_usage(visit: Path, args: list[str], message: str) -> None:
    """Options that say nothing, or too much: a usage error, nothing written."""
    before = tree(visit)
    result = run("draft", "edit", "teachers-visit", "2", *args, "--data", str(visit))
    assert result.exit_code == 2
    assert message in result.output
    assert tree(visit) == before


@pytest.mark.parametrize(
    ("kind", "known", "message"),
    [
        ("post_holding", "person/maulen-ashimbayev",
         "{n} is a post_holding, not a new entity: only a proposed entity can be merged into "
         "a known one (hint: name another entity with civicgraph draft edit teachers-visit {n} "
         "--person)"),
        ("entity", "org/senate-kz",
         "{n} proposes {id}, which cannot be org/senate-kz: they are different kinds of entity"),
    ],
    ids=["not-an-entity", "another-kind"],
)  # fmt: skip
def test_draft_merge_refuses(visit: Path, kind: str, known: str, message: str) -> None:
    """Only a proposed entity merges, into a known entity of its kind."""
    [row] = [
        r
        for r in list_proposals(visit, "teachers-visit")
        if r.kind == kind and (kind != "entity" or r.id == "person/aigerim-testova")
    ]
    before = tree(visit)
    refused(
        "draft", "merge", "teachers-visit", str(row.n), known, "--data", str(visit),
        message=message.format(n=row.n, id=row.id),
    )  # fmt: skip
    assert tree(visit) == before


def _hand_edit(data: Path, source_id: str, n: int, **values: object) -> None:
    path = data / "drafts" / f"{source_id}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in document["facts"]:
        if item["n"] == n:
            item.update(values)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("event", {"eventStatus": "civ:StatusCurrent"},
         "{n}: eventStatus 'civ:StatusCurrent' is not one of civ:EventScheduled, "
         "civ:EventHeld, civ:EventPostponed, civ:EventCancelled (hint: civicgraph draft edit "
         "teachers-visit {n} --status scheduled|held|postponed|cancelled)"),
        ("mention", {"addsAltLabel": {"en": "Astana City", "ru": "Астана"}},
         "{n}: addsAltLabel names 2 languages"),
    ],
    ids=["a-holding-status-for-an-event", "two-spellings"],
)  # fmt: skip
def test_review_refuses_hand_edits_of_new_keys(
    visit: Path, kind: str, values: dict[str, object], message: str
) -> None:
    """A draft edited by hand into a status of the wrong vocabulary, or a spelling in two
    languages, is refused at review naming the proposal; nothing is written."""
    n = min(
        r.n
        for r in list_proposals(visit, "teachers-visit")
        if r.kind == kind
        and ("entity", "place/zhanakala") not in r.fields  # not ambiguous
        and not (kind == "mention" and "Zhanakala" in r.quote)
    )
    _hand_edit(visit, "teachers-visit", n, **values)
    before = tree(visit)
    refused("draft", "review", "teachers-visit", "--accept", str(n), "--data", str(visit),
            message=message.format(n=n))  # fmt: skip
    assert tree(visit) == before


def test_a_status_that_is_not_held_is_refused_for_an_event_people_took_part_in(
    visit: Path,
) -> None:
    """The seed's meeting, recorded with participants and (here) no status: a new event
    merged into it cannot bring it the status scheduled alone."""
    seed = visit / "records" / "maslikhat-council-extended-meeting.yaml"
    text = seed.read_text(encoding="utf-8")
    assert "    eventStatus: civ:EventHeld\n" in text
    seed.write_text(text.replace("    eventStatus: civ:EventHeld\n", ""), encoding="utf-8")
    d = ("--data", str(visit))
    meeting = "event/council-maslikhats-extended-meeting-2025-04"
    event = number(visit, "teachers-visit", "event", status="held")
    merged = ok("draft", "merge", "teachers-visit", str(event), meeting, *d)
    assert f"proposal {event} of teachers-visit merged into {meeting}; proposals " in merged
    ok("draft", "edit", "teachers-visit", str(event), "--status", "scheduled", *d)
    before = tree(visit)
    refused(
        "draft", "review", "teachers-visit", "--accept", str(event), *d,
        message=f"proposal {event}: {meeting} would be reported scheduled and never held, but "
        f"people take part in it ({seed}:",
    )  # fmt: skip
    assert tree(visit) == before


# ------------------------------------------------------------------- the authority file learns


def test_a_spelling_is_learnt_once(tmp_path: Path) -> None:
    """Merged and accepted, "Mawlen Ashymbaiuly" joins his English alternative labels, and
    that line is all that changes in people.yaml; a second text spelling him so is drafted
    as a mention of him, and accepting that spelling again, or a post's name in other case
    and spacing, adds nothing."""
    data = new_project(tmp_path, "students-met")
    d = ("--data", str(data))
    people = data / "entities" / "people.yaml"
    before = people.read_text(encoding="utf-8").splitlines()
    person = number(data, "students-met", "entity", entity="person/mawlen-ashymbaiuly")
    ok("draft", "merge", "students-met", str(person), "person/maulen-ashimbayev", *d)
    first = ok("draft", "review", "students-met", "--accept", str(person), *d)
    assert "learnt the alternative label 'Mawlen Ashymbaiuly'@en" in first
    after = people.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in before] == ['      en: ["Mawlen Ashymbaiuly"]']
    assert len(after) == len(before) + 1

    again = tmp_path / "again.txt"
    again.write_text(STUDENTS, encoding="utf-8")
    ok("source", "add", str(again), "--id", "students-met-again", "--lang", "en", *d)
    ok("draft", "students-met-again", *d)
    rows = list_proposals(data, "students-met-again")
    assert not [r for r in rows if r.kind == "entity" and "ashymbaiuly" in str(r.id)]
    [spelt] = [
        r.n
        for r in rows
        if r.kind == "mention" and ("entity", "person/maulen-ashimbayev") in r.fields
    ]
    [title] = [
        r.n
        for r in rows
        if r.kind == "mention" and ("entity", "post/chairman-senate-kz") in r.fields
    ]
    ok("draft", "edit", "students-met-again", str(spelt), "--label", "Mawlen Ashymbaiuly", *d)
    ok("draft", "edit", "students-met-again", str(title), "--label", "SENATE  SPEAKER", *d)
    second = ok("draft", "review", "students-met-again", "--accept", f"{spelt},{title}", *d)
    assert "learnt the alternative label" not in second
    assert people.read_text(encoding="utf-8").splitlines() == after


def test_review_lists_what_each_proposal_names(visit: Path) -> None:
    """One line a proposal: number, kind, label, the fields draft edit names, the quoted
    words cut short; an ambiguous mention says so and names its candidates."""
    lines = ok("draft", "review", "teachers-visit", "--data", str(visit)).splitlines()
    by_kind: dict[str, list[str]] = {}
    for line in lines:
        by_kind.setdefault(line.split()[1], []).append(line)
    [holding] = by_kind["post_holding"]
    assert "'Aigerim Testova — Deputy'  person=person/aigerim-testova post=post/deputy" in holding
    assert "status=current known=2025-06-11  'Deputy Aigerim Testova'" in holding
    [participation] = by_kind["participation"]
    assert (
        "person=person/aigerim-testova event=event/teachers-visit-1 role=took_part  'In Astana"
        in participation
    )
    assert "...'" in participation  # the sentence, cut at 60 characters
    [quote] = by_kind["quote"]
    assert "speaker=person/aigerim-testova event=event/teachers-visit-1" in quote
    assert "'Every school in Astana needs a library.'" in quote
    [event] = by_kind["event"]
    assert "'Meeting, Astana'  event=event/teachers-visit-1 status=held place=place/astana" in event
    assert any("'Astana'  entity=place/astana  'Astana'" in line for line in by_kind["mention"])
    assert any(
        "'Zhanakala | Zhanakala District'  entity=(ambiguous)  'Zhanakala'" in line
        for line in by_kind["mention"]
    )
    assert any("'Aigerim Testova'  entity=person/aigerim-testova type=Person" in line
               for line in by_kind["entity"])  # fmt: skip
