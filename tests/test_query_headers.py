"""Query headers in three languages: the ``@kk``/``@ru`` lines, the fallbacks, the refusals,
and a shipped catalogue that speaks Kazakh, Russian and English throughout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.errors import QueryError
from civicgraph.languages import LANGUAGES, LocalText
from civicgraph.sparql.text import CatalogueQuery, load_catalogue, parse_query
from tests.seed import ROOT

CATALOGUE = ROOT / "queries"
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")

ENGLISH_ONLY = """\
# title: Sessions of a body
# description: Every session the body held,
# description: latest first.
# param: body: id? -- the body; every body when left out
# column: session -- the session
# column: when -- Date | the day it was held
SELECT ?session ?when WHERE { ?session ?p ?body }
"""

TRANSLATED = """\
# title: Sessions of a body
# title@kk: Органның сессиялары
# title@ru: Сессии органа
# description: Every session the body held.
# description@kk: Орган өткізген барлық сессиялар,
# description@kk: ең соңғысы бірінші.
# param: body: id? -- Body | the body; every body when left out
# param@kk: body -- Орган | орган; бос қалдырылса — барлық органдар
# param@ru: body -- Орган |
# column: session -- Session | the session
# column@ru: session -- | сессия органа
SELECT ?session WHERE { ?session ?p ?body }
"""


def parse(text: str) -> CatalogueQuery:
    return parse_query(text, name="sessions", path=Path("sessions.rq"))


# -- the shipped catalogue ----------------------------------------------------------------


def test_every_shipped_header_item_is_in_kk_ru_and_en() -> None:
    """Each shipped query gives its title, description, and every parameter's and column's
    label and help in Kazakh, Russian and English (what is missing is listed)."""
    missing = {q.name: q.missing_translations() for q in load_catalogue(CATALOGUE)}
    assert len(missing) == 27
    assert {name: items for name, items in missing.items() if items} == {}


def test_shipped_kk_and_ru_texts_are_translations_not_copies() -> None:
    """Every Kazakh and Russian text is written in Cyrillic, and a title or description is
    not the same in both (a copied English or Russian line would pass the count above)."""
    for query in load_catalogue(CATALOGUE):
        texts: list[tuple[str, str, str]] = []
        for lang in ("kk", "ru"):
            texts += [(lang, "title", query.title_in(lang).text)]
            texts += [(lang, "description", query.description_in(lang).text)]
            for item in (*query.parameters, *query.columns):
                texts += [(lang, f"{item.name} label", item.label(lang).text)]
                texts += [(lang, f"{item.name} help", item.help_text(lang).text)]
        untranslated = [(query.name, *t) for t in texts if not CYRILLIC.search(t[2])]
        assert untranslated == []
        assert query.title_in("kk").text != query.title_in("ru").text, query.name
        assert query.description_in("kk").text != query.description_in("ru").text, query.name


def test_shipped_english_help_is_what_docs_show() -> None:
    """The untagged line's text after ``|`` stays the English help docs/queries.md shows."""
    (posts,) = [q for q in load_catalogue(CATALOGUE) if q.name == "posts_as_of"]
    date = posts.parameter("date")
    assert date is not None
    assert (date.type, date.default, date.description) == ("date", "2025-04-03", "the day")
    assert posts.param_label("date", "en") == LocalText("Date", "en")
    assert posts.param_label("date", "kk") == LocalText("Күні", "kk")
    assert posts.column_label("basis", "ru") == LocalText("Основание", "ru")
    assert posts.title_in("kk").text == "Белгілі бір күні лауазымды кім атқарды"


# -- reading a header ---------------------------------------------------------------------


def test_english_only_header_falls_back_to_english_then_to_the_name() -> None:
    """A user's header with only English lines reads as before; other languages get the
    English, marked as English, and a label not given at all is the item's name."""
    query = parse(ENGLISH_ONLY)
    assert query.title == "Sessions of a body"
    assert query.title_in("kk") == LocalText("Sessions of a body", "en")
    assert query.description == "Every session the body held, latest first."
    body = query.parameter("body")
    assert body is not None
    assert body.description == "the body; every body when left out"
    assert body.label("ru") == LocalText("body", None)
    assert query.column_label("when", "kk") == LocalText("Date", "en")
    assert query.column_label("session", "kk") == LocalText("session", None)
    assert query.column_label("unknown", "kk") == LocalText("unknown", None)
    assert not query.title_in("kk").is_in("kk")


def test_missing_translations_lists_each_item_and_part() -> None:
    """What a header lacks is named by key, language, item and part."""
    assert parse(ENGLISH_ONLY).missing_translations(["en"]) == (
        "param@en body (label)",
        "column@en session (label)",
    )
    assert parse(TRANSLATED).missing_translations() == (
        "column@kk session (label)",
        "column@kk session (help)",
        "description@ru",
        "param@ru body (help)",
        "column@ru session (label)",
    )


def test_translated_lines_give_label_and_help_per_language() -> None:
    """``@kk``/``@ru`` lines give the item by name; ``label | help`` splits, and an empty
    part is taken as not given; several description lines of one language join."""
    query = parse(TRANSLATED)
    assert query.title_in("ru") == LocalText("Сессии органа", "ru")
    assert query.description_in("kk").text == "Орган өткізген барлық сессиялар, ең соңғысы бірінші."
    assert query.param_label("body", "kk") == LocalText("Орган", "kk")
    body = query.parameter("body")
    assert body is not None
    assert body.help_text("kk").text == "орган; бос қалдырылса — барлық органдар"
    assert body.help_text("ru") == LocalText("the body; every body when left out", "en")
    session = query.column("session")
    assert session is not None
    assert session.label("ru") == LocalText("Session", "en")
    assert session.help_text("ru") == LocalText("сессия органа", "ru")
    assert session.label("en").is_in("en")


def test_header_in_another_language_only_falls_back_past_english() -> None:
    """A header written only in Russian still titles the query for a Kazakh reader."""
    query = parse("# title@ru: Сессии органа\nASK {}\n")
    assert query.title_in("kk") == LocalText("Сессии органа", "ru")
    assert query.title == "Сессии органа"
    assert parse("ASK {}\n").title_in("kk") == LocalText("sessions", None)


def test_header_languages_are_checked_case_blind() -> None:
    """``@KK`` is Kazakh, as a language tag is case-insensitive."""
    assert parse("# title@KK: Сессиялар\nASK {}\n").title_in("kk") == LocalText("Сессиялар", "kk")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "# title@kz: Сессиялар",
            "sessions.rq:1: title@kz: headers are read in kk, ru, en only "
            "(hint: write title@kk or title@ru or title@en)",
        ),
        (
            "# param: body: id?\n# param@ru: place -- Место",
            "sessions.rq:2: param@ru names 'place', which no '# param:' line declares "
            "(hint: declare it in English first: "
            "# param: name: type[?] [= default] [-- label | help])",
        ),
        (
            "# column: when\n# column@kk: when -- Күні |\n# column@kk: when -- Уақыты |",
            "sessions.rq:3: column@kk when is given twice (lines 2 and 3) "
            "(hint: keep one line per language)",
        ),
        (
            "# column: when -- Date |\n# column@en: when -- Day |",
            "sessions.rq:2: column@en when is given twice (lines 1 and 2) "
            "(hint: keep one line per language)",
        ),
        (
            "# param: body: id?\n# param: body: iri",
            "sessions.rq:2: param body is declared twice (lines 1 and 2) "
            "(hint: give another language with param@kk, param@ru)",
        ),
        (
            "# param: body: id?\n# param@kk: body: id? -- Орган",
            "sessions.rq:2: bad param@kk line 'body: id? -- Орган' "
            "(hint: write name -- label | help)",
        ),
    ],
)
def test_header_refusals_name_the_line(header: str, message: str) -> None:
    """A misspelt language, an undeclared or repeated item and a typed translation are
    refused with the file, the line and what to write."""
    with pytest.raises(QueryError) as caught:
        parse(f"{header}\nASK {{}}\n")
    assert str(caught.value) == message


def test_header_languages_are_the_project_languages() -> None:
    """The header reader accepts exactly the languages civicgraph labels in."""
    for lang in LANGUAGES:
        assert parse(f"# title@{lang}: t-{lang}\nASK {{}}\n").title_in(lang).is_in(lang)


# -- civicgraph queries --lang ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "label"),
    [
        ("kk", "Іс-шараны кім ашты немесе оған кім төрағалық етті", "Іс-шара"),
        ("ru", "Кто открыл мероприятие или председательствовал на нём", "Мероприятие"),
        ("en", "Who opened or chaired an event", "Event"),
    ],
)
def test_queries_lists_titles_in_the_language_asked(lang: str, title: str, label: str) -> None:
    """`civicgraph queries --lang` shows each title and parameter label in that language."""
    result = CliRunner().invoke(main, ["queries", "--lang", lang, "--queries", str(CATALOGUE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("who_opened_event "))
    assert lines[at].split(None, 1)[1] == title
    assert lines[at + 1].split() == ["--param", "event=<id>", "(optional)", label]


def test_queries_markdown_refuses_another_language() -> None:
    """docs/queries.md is English: --markdown with --lang kk is refused, not ignored."""
    result = CliRunner().invoke(
        main, ["queries", "--markdown", "--lang", "kk", "--queries", str(CATALOGUE)]
    )
    assert result.exit_code == 2
    assert "--markdown writes docs/queries.md, which is in English; leave out --lang kk" in (
        result.output
    )
