"""The real-text development set (benchmarks/real_eval/) is well-formed, and its scorer judges right.

Fast and offline: the gold files are checked on their own, and against the saved texts when
those are present (they are not in the repository; benchmarks/real_eval/README.md says how
to fetch them). The scorer is tested on sentences written here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from civicgraph.cli import main as cli
from civicgraph.ingest.proposals import Proposal
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import draft_scoring  # noqa: E402 - the scorer lives with the benchmarks, not in the package
import real_eval  # noqa: E402

PAGES = real_eval.load_pages()
ENTITIES = load_entities(ROOT / "data")
GOLD_LISTS = (
    "mentions",
    "new_entities",
    "holdings",
    "events",
    "participations",
    "quotes",
    "dates",
    "never",
)
ROLES = {"opened", "chaired", "spoke", "took_part", "presented"}
STATUSES = {"held", "scheduled", "postponed", "cancelled"}
KINDS = {"person", "org", "place", "post"}
MAX_WORDS = 8
"""A committed file may repeat a saved text's names and titles, never a run longer than this."""


def _saved_texts() -> dict[str, str]:
    texts = {}
    for page in PAGES:
        state, text = real_eval.check_text(page)
        if text is not None and state in ("ok", "whitespace"):
            texts[page.name] = text
    return texts


def _ids_named(gold: dict[str, object]) -> list[str]:
    """Every authority id the gold names (a value shaped kind/slug)."""
    ids = []

    def walk(value: object) -> None:
        if isinstance(value, str) and re.fullmatch(r"[a-z]+/[a-z0-9-]+", value):
            ids.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for key in GOLD_LISTS:
        walk(gold.get(key))
    return ids


def test_every_page_says_where_its_text_comes_from() -> None:
    """Each page has its URL, query, rank, outlet, language, cut, hashes, date source and gold lists."""
    assert PAGES, "no gold files under benchmarks/real_eval/gold/"
    for page in PAGES:
        gold = page.gold
        where = f"{page.name}.yaml"
        assert urlparse(str(gold["url"])).scheme in ("http", "https"), where
        assert isinstance(gold["query"], str), where
        assert gold["query"].strip(), where
        assert isinstance(gold["rank"], int), where
        assert gold["rank"] >= 1, where
        assert isinstance(gold["outlet"], str), where
        assert gold["outlet"], where
        assert gold["language"] in draft_scoring.LANGS, where
        assert page.name.startswith(f"{gold['language']}-"), where
        assert re.fullmatch(r"[0-9a-f]{64}", str(gold["sha256"])), where
        assert re.fullmatch(r"[0-9a-f]{64}", str(gold["sha256_normalised"])), where
        assert "characters" in str(gold["cut"]), where
        assert gold["published_from"] in ("header", "dateline", "url", None), where
        assert (gold["published"] is None) == (gold["published_from"] is None), where
        if gold["published"] is not None:
            assert isinstance(gold["published"], dt.date), where
        for key in GOLD_LISTS:
            assert isinstance(gold.get(key), list), f"{where}: {key}"


def test_each_outlet_is_the_site_of_its_url() -> None:
    """The outlet named is the host of the page's URL (so outlets are counted honestly)."""
    for page in PAGES:
        host = urlparse(str(page.gold["url"])).hostname or ""
        outlet = str(page.gold["outlet"])
        assert host == outlet or host.endswith(f".{outlet}"), page.name


def test_readme_lists_every_page() -> None:
    """The set's README names each page (with its language, outlet and URL) and no other."""
    readme = (ROOT / "benchmarks" / "real_eval" / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", readme, flags=re.MULTILINE))
    assert listed == {page.name for page in PAGES}
    for page in PAGES:
        assert str(page.gold["url"]) in readme, page.name


def test_ten_pages_and_six_outlets_per_language() -> None:
    """At least ten pages and six different sites in each of kk, ru and en."""
    for lang in draft_scoring.LANGS:
        pages = [p for p in PAGES if p.language == lang]
        assert len(pages) >= 10, lang
        assert len({p.gold["outlet"] for p in pages}) >= 6, lang


def test_gold_names_only_known_ids_and_known_values() -> None:
    """Ids are the authority file's; kinds, roles and statuses come from their lists."""
    for page in PAGES:
        gold = page.gold
        for entity_id in _ids_named(gold):
            assert entity_id in ENTITIES, f"{page.name}: {entity_id} is not in data/entities/"
        for entity in gold["new_entities"]:
            assert entity["kind"] in KINDS, page.name
            assert (
                entity["kind"] != "person"
                or entity.get("optional")
                or entity["gender"]
                in (
                    "male",
                    "female",
                )
            ), f"{page.name}: {entity['label']}"
        for participation in gold["participations"]:
            assert participation["role"] in ROLES, page.name
        for event in gold["events"]:
            assert event["status"] in STATUSES, page.name
        for holding in gold["holdings"]:
            assert isinstance(holding["current"], bool), page.name


def test_gold_fits_each_saved_text() -> None:
    """Every mention, date, quote and never-anchor of a gold is in its saved text, and a text
    opening with the corpus's date has that date as its publication date."""
    texts = _saved_texts()
    if not texts:
        pytest.skip("no text of benchmarks/real_eval is saved (see its README): nothing to check")
    for page in PAGES:
        if page.name not in texts:
            continue
        document, header = real_eval.document_of(texts[page.name])
        assert draft_scoring.check_gold(page.gold, document) == [], page.name
        if header is None:
            assert page.gold["published_from"] != "header", page.name
        else:
            assert str(page.gold["published"]) == header, page.name
            assert page.gold["published_from"] == "header", page.name


def _committed_files() -> list[Path]:
    """The files a commit would hold: tracked, or new and not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _words_outside_urls(text: str) -> list[str]:
    """A URL is committed as it is; its slug often repeats the headline, which is no copying."""
    return _words(re.sub(r"https?://\S+", " ", text))


def test_no_committed_file_repeats_a_run_of_a_saved_text() -> None:
    """No committed file holds more than eight consecutive words of any saved article."""
    texts = _saved_texts()
    if not texts:
        pytest.skip("no text of benchmarks/real_eval is saved (see its README): nothing to compare")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the committed files cannot be listed")
    runs = set()
    for text in texts.values():
        words = _words(text)
        runs.update(tuple(words[n : n + MAX_WORDS + 1]) for n in range(len(words) - MAX_WORDS))
    found = []
    for path in _committed_files():
        try:
            words = _words_outside_urls(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        for n in range(len(words) - MAX_WORDS):
            if tuple(words[n : n + MAX_WORDS + 1]) in runs:
                found.append(f"{path.relative_to(ROOT)}: {' '.join(words[n : n + MAX_WORDS + 1])}")
                break
    assert found == []


# ---------------------------------------------------------------- the texts' check


def _page(tmp_path: Path, text: str) -> real_eval.Page:
    (tmp_path / "texts").mkdir(exist_ok=True)
    gold = {
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "sha256_normalised": real_eval.sha256_text(real_eval.normalise_space(text)),
    }
    return real_eval.Page("kk-invented", gold, tmp_path / "gold" / "kk-invented.yaml")


def test_saved_text_is_scored_only_as_recorded(tmp_path: Path) -> None:
    """The same bytes are scored; other white space is noted and scored; other words are refused."""
    text = "Бүгін Астанада мәслихат сессиясы өтті."
    page = _page(tmp_path, text)
    saved = tmp_path / "texts" / "kk-invented.txt"
    assert real_eval.check_text(page, tmp_path) == ("missing", None)
    saved.write_text(text, encoding="utf-8")
    assert real_eval.check_text(page, tmp_path) == ("ok", text)
    nbsp = text.replace(" ", "\u00a0", 1)
    saved.write_text(nbsp, encoding="utf-8")
    assert real_eval.check_text(page, tmp_path) == ("whitespace", nbsp)
    saved.write_text(text.replace("өтті", "өтеді"), encoding="utf-8")
    assert real_eval.check_text(page, tmp_path) == ("changed", None)
    saved.write_bytes(b"\xff\xfe")
    assert real_eval.check_text(page, tmp_path) == ("changed", None)


def test_the_corpus_date_header_is_metadata() -> None:
    """ " date YYYY-MM-DD " before a page's text is taken off the document and read as its date."""
    assert real_eval.document_of(" date 2025-09-11 Сенат отырысы") == (
        "Сенат отырысы",
        "2025-09-11",
    )
    assert real_eval.document_of("Сенат отырысы") == ("Сенат отырысы", None)


def test_pages_are_drafted_as_the_cli_drafts_them(tmp_path: Path) -> None:
    """The evaluation's drafts equal `civicgraph source add` + `civicgraph draft --format jsonl`."""
    text = "Бүгін Сенат Төрағасы Мәулен Әшімбаев Астанада депутаттармен кездесті."
    gold = {"language": "kk", "url": "https://example.org/a", "outlet": "example.org",
            "published": dt.date(2025, 4, 3)}  # fmt: skip
    page = real_eval.Page("kk-invented", gold, tmp_path / "kk-invented.yaml")
    drafted = real_eval.draft_pages([(page, text)])["kk-invented"]
    data = tmp_path / "data"
    (data / "entities").mkdir(parents=True)
    for path in (ROOT / "data" / "entities").glob("*.yaml"):
        (data / "entities" / path.name).write_bytes(path.read_bytes())
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(cli, ["source", "add", str(article), "--id", "kk-invented", "--lang", "kk",
                                "--published", "2025-04-03", "--data", str(data)])  # fmt: skip
    assert added.exit_code == 0, added.output
    result = runner.invoke(cli, ["draft", "kk-invented", "--format", "jsonl", "--data", str(data)])
    assert result.exit_code == 0, result.output
    from_cli = [json.loads(line) for line in result.output.splitlines()]
    assert from_cli == [p.as_dict(n) for n, p in enumerate(drafted, 1)]
    assert any(p.kind == "date" and p.extra["date"] == "2025-04-03" for p in drafted)


# ---------------------------------------------------------------- the scorer


TEXT = (
    "Кеше Астанада Сенат Төрағасы Мәулен Әшімбаев Ерлан Сапаровты қабылдады. "
    "«Жұмыс жалғасады», – деді Әшімбаев. Абай көшесінде жиын өтеді."
)
GOLD = {
    "mentions": [
        ["place/astana", "Астанада"],
        ["post/chairman-senate-kz", "Сенат Төрағасы"],
        ["org/senate-kz", "Сенат"],
        ["person/maulen-ashimbayev", "Мәулен Әшімбаев"],
        ["person/maulen-ashimbayev", "Әшімбаев"],
    ],
    "new_entities": [{"kind": "person", "label": "Ерлан Сапаров", "gender": "male"}],
    "holdings": [{"person": "person/maulen-ashimbayev", "post": "post/chairman-senate-kz", "current": True}],
    "events": [{"status": "held", "date": "2025-04-02", "place": "place/astana"},
               {"status": "scheduled", "date": None, "place": None}],
    "participations": [{"person": "person/maulen-ashimbayev", "role": "took_part"},
                       {"person": "Ерлан Сапаров", "role": "took_part", "optional": True}],
    "quotes": [{"speaker": "person/maulen-ashimbayev", "starts": "Жұмыс жалғасады"}],
    "dates": [{"quote": "Кеше", "date": "2025-04-02"}],
    "never": [{"kind": "mention", "entity": "place/abai-region", "within": "Абай көшесінде"},
              {"kind": "participation", "within": "жиын өтеді"}],
}  # fmt: skip


def _counts(score: draft_scoring.TextScore, category: str) -> tuple[int, int, int]:
    c = score.counts[category]
    return c["tp"], c["pred"], c["gold"]


def _p(kind: str, entity: str | None, label: str, quote: str, **extra: object) -> Proposal:
    start = TEXT.index(quote)
    return Proposal(kind, entity, label, "X", quote, start, start + len(quote), 0.9, "test", extra)


def test_scorer_counts_by_entity_and_place() -> None:
    """A mention counts where it overlaps the gold's words, with the gold's id; elsewhere it is extra."""
    proposals = [
        _p("mention", "place/astana", "Астана", "Астанада"),
        _p("mention", "org/senate-kz", "Сенат", "Сенат"),
        _p("mention", "person/maulen-ashimbayev", "Мәулен Әшімбаев", "Мәулен Әшімбаев"),
        _p("mention", "place/abai-region", "Абай облысы", "Абай"),
    ]
    score = draft_scoring.score_text(GOLD, proposals, TEXT, ENTITIES)
    assert _counts(score, "mentions") == (3, 4, 5)
    assert score.missing["mentions"] == [
        "post/chairman-senate-kz 'Сенат Төрағасы'",
        "person/maulen-ashimbayev 'Әшімбаев'",
    ]
    assert len(score.never) == 1
    assert "Абай көшесінде" in score.never[0]


def test_scorer_reads_new_entities_holdings_events_and_facts() -> None:
    """Labels compare case-folded; a holding proposed twice counts once; an optional fact is neither."""
    proposals = [
        _p("entity", "person/erlan-saparov", "ерлан сапаров", "Ерлан Сапаровты", language="kk"),
        _p("entity", "person/maulen-ashimbayev-2", "Мәулен Әшімбаев", "Мәулен Әшімбаев"),
        _p("post_holding", None, "h", "Сенат Төрағасы Мәулен Әшімбаев",
           person="person/maulen-ashimbayev", post="post/chairman-senate-kz", status="current"),
        _p("post_holding", None, "h", "Әшімбаев",
           person="person/maulen-ashimbayev", post="post/chairman-senate-kz", status="current"),
        _p("event", "event/x-1", "e", "қабылдады", status="held", date="2025-04-02", place="place/astana"),
        _p("event", "event/x-2", "e", "жиын өтеді", status="scheduled", date=None, place=None),
        _p("participation", None, "p", "қабылдады", person="person/erlan-saparov", role="took_part"),
        _p("participation", None, "p", "жиын өтеді", person="person/maulen-ashimbayev", role="took_part"),
        _p("quote", None, "q", "Жұмыс жалғасады", speaker="person/erlan-saparov"),
        _p("date", None, "2025-04-02", "Кеше", date="2025-04-02"),
    ]  # fmt: skip
    score = draft_scoring.score_text(GOLD, proposals, TEXT, ENTITIES)
    assert _counts(score, "new persons") == (1, 2, 1)
    assert score.duplicates == [
        "X 'Мәулен Әшімбаев' duplicates person/maulen-ashimbayev ('Мәулен Әшімбаев')"
    ]
    assert _counts(score, "post holdings") == (1, 1, 1)
    assert _counts(score, "events") == (2, 2, 2)
    assert score.event_status == {"tp": 2, "pred": 2, "gold": 2}
    assert _counts(score, "participations") == (1, 1, 1)
    assert score.counts["participations"]["optional"] == 1
    assert _counts(score, "quotes") == (0, 1, 1)
    assert _counts(score, "dates") == (1, 1, 1)
    assert [hit.split(" <- ")[0] for hit in score.never] == [
        "{'kind': 'participation', 'within': 'жиын өтеді'}"
    ]


def test_scorer_refuses_a_gold_that_does_not_fit() -> None:
    """Words the text does not hold, or an occurrence past the last, are a GoldError, not a miss."""
    with pytest.raises(draft_scoring.GoldError, match="Қызылорда"):
        draft_scoring.score_text(
            {"mentions": [["place/kyzylorda-region", "Қызылорда"]]}, [], TEXT, ENTITIES
        )
    with pytest.raises(draft_scoring.GoldError, match="occurrence 3"):
        draft_scoring.score_text(
            {"dates": [{"quote": "Кеше", "occurrence": 3, "date": "x"}]}, [], TEXT, ENTITIES
        )
    assert draft_scoring.check_gold(
        {"mentions": [["person/maulen-ashimbayev", "Мәулен Әшімбаев"],
                      {"entity": "person/maulen-ashimbayev", "quote": "Әшімбаев", "occurrence": 1}]},
        TEXT,
    ) != []  # fmt: skip


def test_labels_compare_as_the_readme_says() -> None:
    """Case, ё, quote marks, spaces after initials and a national title's country are evened out."""
    norm = draft_scoring.normalise_label
    assert norm("Председатель партии «AMANAT»") == norm("председатель партии AMANAT")
    assert norm("Алёна") == norm("АЛЕНА")
    assert norm("A.Smailov") == norm("A. Smailov")
    assert norm("Minister of Culture of the Republic of Kazakhstan") == norm("minister of culture")
    assert norm("Қазақстан Республикасының Премьер-Министрі") == norm("Премьер-министрі")
