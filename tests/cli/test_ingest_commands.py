"""source add and draft as a curator runs them: files written, refusals, messages."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.ingest import extract
from civicgraph.journal import LOCK_FILE
from civicgraph.records import load_sources

ARTICLE = "Сегодня в Астане состоялось заседание Сената.\nЕго открыл Маулен Ашимбаев.\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the lock of data/, which any review creates, empty."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "data" / "sources").mkdir(parents=True)
    return tmp_path / "data"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def test_source_add_copies_bytes_and_records_sha256(data: Path, article: Path) -> None:
    """The document is held byte for byte and source.yaml reads back as a valid source."""
    result = run(
        "source", "add", str(article), "--id", "senate-sitting", "--lang", "ru",
        "--title", "Заседание Сената", "--published", "2025-04-03", "--data", str(data),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert f"added senate-sitting: {len(ARTICLE)} characters, sha256 {digest}" in result.output
    held = data / "sources" / "senate-sitting" / "senate-sitting.ru.txt"
    assert held.read_bytes() == article.read_bytes()
    source = load_sources(data)["senate-sitting"]
    assert (source.sha256, source.language, source.date) == (digest, "ru", "2025-04-03")
    assert source.title == {"ru": "Заседание Сената"}
    assert source.text == ARTICLE


def test_source_add_without_title_takes_the_first_line(data: Path, article: Path) -> None:
    """No --title: the document's own first line is its title; unknowns stay 'unknown'."""
    assert (
        run(
            "source", "add", str(article), "--id", "a", "--lang", "ru", "--data", str(data)
        ).exit_code
        == 0
    )
    text = (data / "sources" / "a" / "source.yaml").read_text(encoding="utf-8")
    assert "ru: Сегодня в Астане состоялось заседание Сената." in text
    assert "date: unknown" in text
    assert "url: unknown" in text


def test_source_add_is_byte_identical_for_the_same_input(tmp_path: Path, article: Path) -> None:
    """The same document and options give the same files."""
    trees = []
    for name in ("one", "two"):
        data = tmp_path / name
        run("source", "add", str(article), "--id", "a", "--lang", "ru", "--data", str(data))
        trees.append(tree(data))
    assert trees[0] == trees[1]


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "the file is empty"),
        (b"  \n\n", [], "the file is empty"),
        (b"PK\x03\x04\x00\x00binary", [], "the file is binary (it contains NUL bytes)"),
        ("Сенат".encode("cp1251"), [], "the file is not valid UTF-8 (byte 0)"),
        (ARTICLE.encode(), ["--published", "2025-13-01"], "invalid publication date '2025-13-01'"),
        (
            ARTICLE.encode(),
            ["--published", "3 April 2025"],
            "invalid publication date '3 April 2025'",
        ),
    ],
    ids=["empty", "blank", "binary", "cp1251", "month-13", "not-iso"],
)
def test_source_add_refuses_bad_input(
    data: Path, tmp_path: Path, content: bytes, extra: list[str], message: str
) -> None:
    """Each refusal is one line naming the problem, exit 2, and nothing written."""
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    result = run(
        "source", "add", str(path), "--id", "a", "--lang", "kk", "--data", str(data), *extra
    )
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert tree(data) == {}
    assert list((data / "sources").iterdir()) == []


@pytest.mark.parametrize("bad_id", ["../escape", "Upper", "with space", "a/b", "-lead", ""])
def test_source_add_refuses_an_unsafe_id(data: Path, article: Path, bad_id: str) -> None:
    """An id that is not a lower-case slug is refused before anything is written."""
    result = run("source", "add", str(article), "--id", bad_id, "--lang", "kk", "--data", str(data))
    assert result.exit_code == 2
    assert f"unsafe source id {bad_id!r}" in result.output
    assert list((data / "sources").iterdir()) == []
    assert not (data / "escape").exists()


def test_source_add_refuses_a_named_pipe_and_a_device(data: Path, tmp_path: Path) -> None:
    """A FIFO would block the read forever and /dev/null reads as empty: both are named
    for what they are, in one line, and nothing is written."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Were the pipe read, the read would wait forever: a late writer ends it, so the test
    # fails on the message instead of hanging.
    unblock = threading.Timer(10, _open_and_close_for_writing, args=(fifo,))
    unblock.daemon = True
    unblock.start()
    for path, kind in ((fifo, "a named pipe (FIFO)"), (Path("/dev/null"), "a character device")):
        result = run("source", "add", str(path), "--id", "a", "--lang", "kk", "--data", str(data))
        assert result.exit_code == 2, result.output
        assert result.output.splitlines() == [
            f"error: {path}: is {kind}, not a regular file (hint: give the document's file)"
        ]
    assert list((data / "sources").iterdir()) == []
    unblock.cancel()


def _open_and_close_for_writing(fifo: Path) -> None:
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_source_id_too_long_for_a_file_name_is_refused(article: Path, project: Path) -> None:
    """A 255-byte id would be an OSError at mkdir: every command that makes a folder or file
    of the id says the limit instead."""
    long_id = "a" * 255
    before = tree(project)
    expected = "is 255 characters long; at most 200 are allowed, since it names a folder and files"
    for args in (
        ("source", "add", str(article), "--id", long_id, "--lang", "kk", "--data", str(project)),
        ("draft", long_id, "--data", str(project)),
        ("draft", "review", long_id, "--data", str(project)),
        ("draft", "review", long_id, "--accept", "1", "--data", str(project)),
    ):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert len(result.output.splitlines()) == 1
        assert expected in result.output
        assert "(hint: choose a shorter id)" in result.output
    assert tree(project) == before


def test_source_add_refuses_an_existing_id(data: Path, article: Path, tmp_path: Path) -> None:
    """A held document is never replaced: a second add with the same id is refused."""
    assert (
        run(
            "source", "add", str(article), "--id", "a", "--lang", "ru", "--data", str(data)
        ).exit_code
        == 0
    )
    before = tree(data)
    other = tmp_path / "other.txt"
    other.write_text("Другой текст.", encoding="utf-8")
    result = run("source", "add", str(other), "--id", "a", "--lang", "ru", "--data", str(data))
    assert result.exit_code == 2
    assert "source id 'a' already exists" in result.output
    assert tree(data) == before


def test_source_add_refuses_a_missing_file(data: Path, tmp_path: Path) -> None:
    """A path that does not exist is named in the message."""
    result = run(
        "source",
        "add",
        str(tmp_path / "nope.txt"),
        "--id",
        "a",
        "--lang",
        "en",
        "--data",
        str(data),
    )
    assert result.exit_code == 2
    assert "nope.txt: file not found" in result.output
    assert list((data / "sources").iterdir()) == []


# ---------------------------------------------------------------- draft and review

ROOT = Path(__file__).resolve().parents[2]
SITTING = ROOT / "tests" / "fixtures" / "ingest" / "senate-sitting.en.txt"
SOURCE_ID = "senate-sitting-2025-05"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's data with the short English article added."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("drafts"))
    result = run("source", "add", str(SITTING), "--id", SOURCE_ID, "--lang", "en",
                 "--published", "2025-05-20", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.output
    return data


def draft_items(data: Path) -> list[dict[str, object]]:
    document = yaml.safe_load((data / "drafts" / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8"))
    return [*document["entities"], *document["facts"]]


def test_draft_writes_proposals_all_marked_proposed(project: Path) -> None:
    """The YAML draft holds entities and facts, each proposed, with offsets that slice the text."""
    result = run("draft", SOURCE_ID, "--data", str(project))
    assert result.exit_code == 0, result.output
    # 20: the Senate inside "Senate Chairman", UNDP and Kazakhstan inside the UNDP
    # representative's title are mentions too; the sitting the headline names and the
    # next sentence places is one event proposal
    assert f"drafted {SOURCE_ID}: 20 proposals" in result.output
    text = SITTING.read_text(encoding="utf-8")
    items = draft_items(project)
    assert items
    for item in items:
        assert item["status"] == "proposed"
        for ev in item["evidence"]:  # type: ignore[attr-defined]
            assert text[ev["start"] : ev["end"]] == ev["quote"]
    first = (project / "drafts" / f"{SOURCE_ID}.yaml").read_bytes()
    run("draft", SOURCE_ID, "--data", str(project))
    assert (project / "drafts" / f"{SOURCE_ID}.yaml").read_bytes() == first


def test_draft_jsonl_has_the_documented_keys(project: Path) -> None:
    """--format jsonl prints one object a proposal with the keys docs/ingest.md lists."""
    result = run("draft", SOURCE_ID, "--format", "jsonl", "--data", str(project))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["n"] for r in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert {
            "kind",
            "entity",
            "label",
            "type",
            "quote",
            "start",
            "end",
            "confidence",
            "why",
        } <= set(row)
    holdings = [r for r in rows if r["kind"] == "post_holding"]
    assert {(r["person"], r["post"]) for r in holdings} >= {
        ("person/maulen-ashimbayev", "post/chairman-senate-kz")
    }
    [date] = [r for r in rows if r["kind"] == "date"]
    assert (date["quote"], date["date"]) == ("Today", "2025-05-20")
    assert not (project / "drafts").exists()


@pytest.mark.parametrize(
    ("source_id", "message"),
    [
        ("nope", "unknown source 'nope'"),
        ("undp-kz-wawiernia-speech-2025-04-03", "the source is cited, not held"),
    ],
)
def test_draft_refuses_a_missing_or_cited_source(
    project: Path, source_id: str, message: str
) -> None:
    """An unknown id or a source without text: one line, exit 2, no draft."""
    result = run("draft", source_id, "--data", str(project))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "drafts").exists()


def test_draft_refuses_a_text_longer_than_a_curator_can_review(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the cap, one line names the source and the cap, exit 2, no draft; at it, a draft."""
    held = project / "sources" / SOURCE_ID / f"{SOURCE_ID}.en.txt"
    length = len(held.read_text(encoding="utf-8"))
    monkeypatch.setattr(extract, "MAX_DRAFT_CHARS", length - 1)
    result = run("draft", SOURCE_ID, "--data", str(project))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert f"{SOURCE_ID}: the text has {length:,} characters, more than the {length - 1:,}" in (
        result.output
    )
    assert not (project / "drafts").exists()
    monkeypatch.setattr(extract, "MAX_DRAFT_CHARS", length)
    assert run("draft", SOURCE_ID, "--data", str(project)).exit_code == 0


def test_source_add_refuses_a_text_no_draft_would_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text above the cap is refused when it is added, not held to be refused by every
    draft: one line, exit 2, nothing written."""
    document = tmp_path / "long.txt"
    document.write_text("The Senate met today. " * 20, encoding="utf-8")
    data = tmp_path / "data"
    monkeypatch.setattr(extract, "MAX_DRAFT_CHARS", 100)
    result = run("source", "add", str(document), "--id", "long-text", "--language", "en",
                 "--data", str(data))  # fmt: skip
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "long-text: the text has 440 characters, more than the 100" in result.output
    assert not (data / "sources" / "long-text").exists()


def test_draft_refuses_a_changed_source(project: Path) -> None:
    """A document whose bytes no longer hash as recorded is not drafted."""
    held = project / "sources" / SOURCE_ID / f"{SOURCE_ID}.en.txt"
    held.write_bytes(held.read_bytes().replace(b"Today", b"Later"))
    result = run("draft", SOURCE_ID, "--data", str(project))
    assert result.exit_code == 2
    assert "SHA-256 mismatch" in result.output
    assert not (project / "drafts").exists()


def test_build_ignores_drafts(project: Path, tmp_path: Path) -> None:
    """data/drafts/ is never built, even when a draft file is broken."""
    (project / "drafts").mkdir()
    (project / "drafts" / "broken.yaml").write_text("entities: [unclosed\n", encoding="utf-8")
    run("draft", SOURCE_ID, "--data", str(project))
    result = run("build", "--data", str(project), "--ontology", str(ROOT / "ontology" / "civic.ttl"),
                 "--shapes", str(ROOT / "ontology" / "shapes.ttl"), "--store", str(tmp_path / "store"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "49 entities, 59 fact records" in result.output


def test_review_lists_numbered_proposals(project: Path) -> None:
    """Without options, review lists every proposal with its number, kind and quote."""
    run("draft", SOURCE_ID, "--data", str(project))
    result = run("draft", "review", SOURCE_ID, "--data", str(project))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 20  # with the names inside "Senate Chairman" and the UNDP title
    assert "post_holding" in result.output
    assert "'Senate Chairman Maulen Ashimbayev'" in result.output


def test_review_refuses_a_quote_that_no_longer_matches(project: Path) -> None:
    """An accepted item whose quote is not at its offsets changes nothing."""
    run("draft", SOURCE_ID, "--data", str(project))
    path = project / "drafts" / f"{SOURCE_ID}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "quote: Senate Chairman Maulen Ashimbayev", "quote: Senate Chairman Maulen Ashimbaev"
        ),
        encoding="utf-8",
    )
    before = tree(project)
    number = next(i["n"] for i in draft_items(project) if i["kind"] == "post_holding")
    result = run("draft", "review", SOURCE_ID, "--accept", str(number), "--data", str(project))
    assert result.exit_code == 2
    assert (
        f"proposal {number}: holding/{SOURCE_ID}-{number}: quote not found in source"
        in result.output
    )
    assert tree(project) == before


def test_review_refuses_a_changed_source(project: Path) -> None:
    """A source edited after drafting: nothing is accepted."""
    run("draft", SOURCE_ID, "--data", str(project))
    held = project / "sources" / SOURCE_ID / f"{SOURCE_ID}.en.txt"
    held.write_bytes(held.read_bytes() + b"\nMore.\n")
    meta = project / "sources" / SOURCE_ID / "source.yaml"
    meta.write_text(
        re.sub(
            r"sha256: \w+",
            f"sha256: {hashlib.sha256(held.read_bytes()).hexdigest()}",
            meta.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    before = tree(project)
    result = run("draft", "review", SOURCE_ID, "--accept", "1", "--data", str(project))
    assert result.exit_code == 2
    assert "the source changed since it was drafted" in result.output
    assert tree(project) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source: x\nsha256: y\nentities: []\nfacts: {a: 1}\n", ":4: 'facts' must be a list"),
        ("source: x\nsha256: y\nentities: []\nfacts:\n  - id: a\n", "item without a number 'n'"),
        ("source: x\nentities: [\n", ":3: YAML error: did not find expected node content"),
    ],
)
def test_review_refuses_a_malformed_draft(project: Path, content: str, message: str) -> None:
    """A draft edited into a wrong shape: one line naming the file, nothing changed."""
    (project / "drafts").mkdir()
    (project / "drafts" / f"{SOURCE_ID}.yaml").write_text(content, encoding="utf-8")
    before = tree(project)
    result = run("draft", "review", SOURCE_ID, "--accept", "1", "--data", str(project))
    assert result.exit_code == 2
    assert message in result.output
    assert f"drafts/{SOURCE_ID}.yaml" in result.output
    assert tree(project) == before


def test_review_refuses_unknown_numbers_and_a_fact_without_its_entity(project: Path) -> None:
    """An unknown number, or a participation whose new event is not accepted with it."""
    run("draft", SOURCE_ID, "--data", str(project))
    before = tree(project)
    result = run("draft", "review", SOURCE_ID, "--accept", "99", "--data", str(project))
    assert (result.exit_code, "no proposal numbered 99" in result.output) == (2, True)
    number = next(i["n"] for i in draft_items(project) if i["kind"] == "participation")
    result = run("draft", "review", SOURCE_ID, "--accept", str(number), "--data", str(project))
    assert result.exit_code == 2
    assert "which is neither in the authority file nor accepted with it" in result.output
    assert tree(project) == before


def test_source_add_draft_review_build_validate_query(project: Path, tmp_path: Path) -> None:
    """The README flow end to end: every proposal accepted, built, validated and queried."""
    assert run("draft", SOURCE_ID, "--data", str(project)).exit_code == 0
    first = run("draft", "review", SOURCE_ID, "--accept-kind", "mention", "--accept-kind", "post_holding",
                "--data", str(project))  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "accepted 16, rejected 0, 4 left in the draft" in first.output
    rest = [
        row.split()[0]
        for row in run("draft", "review", SOURCE_ID, "--data", str(project)).output.splitlines()
    ]
    second = run("draft", "review", SOURCE_ID, "--accept", ",".join(rest), "--data", str(project))
    assert second.exit_code == 0, second.output
    # four: the headline's sitting and the placed one are one event proposal now
    assert "accepted 4, rejected 0, nothing left: the draft is done and removed" in second.output
    assert not (project / "drafts" / f"{SOURCE_ID}.yaml").exists()
    records = yaml.safe_load(
        (project / "records" / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8")
    )
    assert all("status" not in fact and "confidence" not in fact for fact in records["facts"])
    events = yaml.safe_load((project / "entities" / "events.yaml").read_text(encoding="utf-8"))
    assert {
        "id": f"event/{SOURCE_ID}-1",
        "type": "Meeting",
        "label": {"en": "Sitting, Astana, 2025-05-20"},
    } in events["entities"]
    store = str(tmp_path / "store")
    ontology, shapes = str(ROOT / "ontology" / "civic.ttl"), str(ROOT / "ontology" / "shapes.ttl")
    built = run(
        "build",
        "--data",
        str(project),
        "--ontology",
        ontology,
        "--shapes",
        shapes,
        "--store",
        store,
    )
    assert built.exit_code == 0, built.output
    assert "50 entities" in built.output
    assert "from 4 sources" in built.output
    validated = run("validate", "--shapes", shapes, "--store", store)
    assert validated.exit_code == 0, validated.output
    # every name drafting found is cited once its proposals are accepted: the Senate inside
    # "Senate Chairman" and Kazakhstan inside the UNDP title too
    covered = run("coverage", "--data", str(project), "--ontology", ontology)
    assert f"{SOURCE_ID}: 13 names of known entities, 0 not cited" in covered.output
    opened = run(
        "query", str(ROOT / "queries" / "who_opened_event.rq"), "--store", store, "--format", "csv"
    )
    assert opened.exit_code == 0, opened.output
    assert f"event/{SOURCE_ID}-1" in opened.output
    answer = run("query", str(ROOT / "queries" / "evidence_by_subject.rq"), "--param",
                 "subject=person/katarzyna-wawiernia", "--store", store, "--format", "csv")  # fmt: skip
    assert answer.exit_code == 0, answer.output
    assert f"source/{SOURCE_ID}" in answer.output
    assert "UNDP Resident Representative in Kazakhstan Katarzyna Wawiernia" in answer.output


def test_draft_needs_one_id_or_all(project: Path) -> None:
    """Neither an id nor --all (or both) is a usage error, exit 2."""
    result = run("draft", "--data", str(project))
    assert result.exit_code == 2
    assert "give one source ID, or --all" in result.output


def test_review_without_a_draft(project: Path) -> None:
    """Reviewing a source never drafted says how to draft it."""
    result = run("draft", "review", SOURCE_ID, "--data", str(project))
    assert result.exit_code == 2
    assert "no draft for this source" in result.output
    assert f"civicgraph draft {SOURCE_ID}" in result.output


def test_draft_all_drafts_every_held_source(project: Path) -> None:
    """--all writes one draft per held source and skips the cited-only ones."""
    result = run("draft", "--all", "--data", str(project))
    assert result.exit_code == 0, result.output
    assert "drafted 2 source(s)" in result.output
    assert sorted(p.name for p in (project / "drafts").iterdir()) == [
        "maslikhat-council-extended-meeting.yaml",
        f"{SOURCE_ID}.yaml",
    ]


def test_review_takes_lists_and_ranges_of_numbers(project: Path) -> None:
    """--accept 1,3-4 accepts three proposals; a malformed list is a usage error naming it."""
    run("draft", SOURCE_ID, "--data", str(project))
    mentions = [i["n"] for i in draft_items(project) if i["kind"] == "mention"]
    first, second, third = mentions[:3]
    result = run("draft", "review", SOURCE_ID, "--accept", f"{first},{second}", "--reject", f"{third}-{third}",
                 "--data", str(project))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "accepted 2, rejected 1" in result.output
    bad = run("draft", "review", SOURCE_ID, "--accept", "1,x", "--data", str(project))
    assert bad.exit_code == 2
    assert "'1,x' is not a number, a list like 1,4,7 or a range like 2-6" in bad.output


def test_review_refuses_a_range_past_the_last_proposal_before_spelling_it_out(
    project: Path,
) -> None:
    """--accept 1-99999999999 is one line naming the last proposal, not a MemoryError."""
    run("draft", SOURCE_ID, "--data", str(project))
    last = max(int(i["n"]) for i in draft_items(project))
    before = tree(project)
    for option in ("--accept", "--reject"):
        result = run("draft", "review", SOURCE_ID, option, "1-99999999999", "--data", str(project))
        assert result.exit_code == 2, result.output
        assert result.output.splitlines() == [
            f"error: {project / 'drafts' / f'{SOURCE_ID}.yaml'}: no proposal numbered "
            f"1-99999999999: the draft's last proposal is {last} (hint: choose numbers "
            f"from 1 to {last})"
        ]
    assert tree(project) == before


def test_source_add_refuses_a_folder(data: Path, tmp_path: Path) -> None:
    """A folder given as the document is named as such; nothing is written."""
    result = run("source", "add", str(tmp_path), "--id", "a", "--lang", "kk", "--data", str(data))
    assert result.exit_code == 2
    assert "is a folder, not a regular file" in result.output
    assert list((data / "sources").iterdir()) == []


def test_a_second_draft_marks_what_the_records_state(project: Path, tmp_path: Path) -> None:
    """The seed article's draft marks its recorded proposals; accepting by kind adds only the rest."""
    seed = "maslikhat-council-extended-meeting"
    records = project / "records" / f"{seed}.yaml"
    mention = "  - id: mention/kazakhstan-in-wawiernia-quote\n"
    text = records.read_text(encoding="utf-8")
    start = text.index(mention)
    records.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    rows = [
        json.loads(line)
        for line in run(
            "draft", seed, "--format", "jsonl", "--data", str(project)
        ).output.splitlines()
    ]
    recorded = [r for r in rows if r.get("recorded")]
    fresh = [r for r in rows if r["kind"] == "mention" and not r.get("recorded")]
    assert len(recorded) > 50
    assert [(r["entity"], r["quote"]) for r in fresh] == [("place/kazakhstan", "Қазақстанның")]
    # the meeting, recorded as held, is not proposed as held again
    events = [(r["entity"], r["status"], r.get("recorded")) for r in rows if r["kind"] == "event"]
    assert set(events) == {("event/council-maslikhats-extended-meeting-2025-04", "held", True)}
    run("draft", seed, "--data", str(project))
    listing = run("draft", "review", seed, "--data", str(project)).output
    assert listing.count("[already recorded]") == len(recorded)
    result = run("draft", "review", seed, "--accept-kind", "mention", "--data", str(project))
    assert result.exit_code == 0, result.output
    assert "accepted 1, rejected 0" in result.output
    built = run("build", "--data", str(project), "--ontology", str(ROOT / "ontology" / "civic.ttl"),
                "--shapes", str(ROOT / "ontology" / "shapes.ttl"), "--store", str(tmp_path / "store"))  # fmt: skip
    assert built.exit_code == 0, built.output
    assert "59 fact records" in built.output  # the one removed above, accepted again


def test_project_folder_gives_the_data_folder(tmp_path: Path, article: Path) -> None:
    """--project P works on P/data, as build and query do."""
    result = run(
        "source", "add", str(article), "--id", "a", "--lang", "ru", "--project", str(tmp_path / "p")
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p" / "data" / "sources" / "a" / "source.yaml").is_file()


def test_coverage_lists_the_languages_a_drafted_entity_lacks(project: Path, tmp_path: Path) -> None:
    """A person accepted from a Russian article is listed by coverage with a marked suggestion."""
    article = tmp_path / "ru.txt"
    article.write_text("Министр финансов Мадина Ерланова выступила.", encoding="utf-8")
    run(
        "source", "add", str(article), "--id", "ru-minister", "--lang", "ru", "--data", str(project)
    )
    run("draft", "ru-minister", "--data", str(project))
    person = next(
        row.split()[0]
        for row in run("draft", "review", "ru-minister", "--data", str(project)).output.splitlines()
        if row.split()[1] == "entity" and "person/madina-yerlanova" in row
    )
    accepted = run("draft", "review", "ru-minister", "--accept", person, "--data", str(project))
    assert accepted.exit_code == 0, accepted.output
    result = run(
        "coverage", "--data", str(project), "--ontology", str(ROOT / "ontology" / "civic.ttl")
    )
    assert (
        "labels missing: person/madina-yerlanova: kk, en; "
        "suggested en (machine transliteration): 'Madina Yerlanova'"
    ) in result.output
    people = (project / "entities" / "people.yaml").read_text(encoding="utf-8")
    assert "Madina Yerlanova" not in people


def test_review_refuses_a_reversed_range(project: Path) -> None:
    """--accept 5-2 names the range instead of accepting nothing; the draft stays as it was."""
    run("draft", SOURCE_ID, "--data", str(project))
    before = tree(project)
    result = run("draft", "review", SOURCE_ID, "--accept", "5-2", "--data", str(project))
    assert result.exit_code == 2
    assert "'5-2' is a range that ends before it starts (hint: write it as 2-5)" in result.output
    assert tree(project) == before


def test_draft_writes_every_evidence_in_full(project: Path) -> None:
    """Two proposals citing one sentence each carry it: no YAML alias ties them for hand edits."""
    run("draft", SOURCE_ID, "--data", str(project))
    text = (project / "drafts" / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8")
    assert not re.search(r"[&*]id\d+", text), "the draft holds a YAML anchor or alias"
    quotes = [ev["quote"] for item in draft_items(project) for ev in item["evidence"]]  # type: ignore[attr-defined]
    shared = {q for q in quotes if quotes.count(q) > 1}
    assert shared, "the fixture no longer has two proposals citing one span"
    for quote in shared:
        written = re.findall(rf"quote: {re.escape(quote)}$", text, flags=re.MULTILINE)
        assert len(written) == quotes.count(quote)


def test_review_refuses_a_new_entity_whose_id_is_taken(project: Path) -> None:
    """A draft entity edited to an id the authority file has would be a duplicate: nothing changes."""
    run("draft", SOURCE_ID, "--data", str(project))
    path = project / "drafts" / f"{SOURCE_ID}.yaml"
    entity = yaml.safe_load(path.read_text(encoding="utf-8"))["entities"][0]
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"id: {entity['id']}\n", "id: place/astana\n", 1),
        encoding="utf-8",
    )
    before = tree(project)
    result = run("draft", "review", SOURCE_ID, "--accept", str(entity["n"]), "--data", str(project))
    assert result.exit_code == 2
    assert f"proposal {entity['n']}: place/astana is already in the authority file" in result.output
    assert tree(project) == before
