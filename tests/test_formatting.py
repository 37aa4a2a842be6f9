"""civicgraph.formatting: dates, numbers and counted nouns as Kazakh, Russian and English
write them. The expected strings are written out by hand, not computed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from babel.dates import format_date as babel_format_date

from civicgraph.formatting import (
    format_count,
    format_date,
    format_number,
    plural_categories,
)

NBSP = "\u00a0"
NNBSP = "\u202f"  # CLDR's narrow no-break space before Russian «г.»

FACT = {
    "kk": {"one": "дерек", "other": "дерек"},
    "ru": {"one": "факт", "few": "факта", "many": "фактов", "other": "факта"},
    "en": {"one": "fact", "other": "facts"},
}


@pytest.mark.parametrize(
    ("value", "kk", "ru", "en"),
    [
        (date(2025, 4, 3), "2025 жылғы 3 сәуір", f"3 апреля 2025{NNBSP}г.", "3 April 2025"),
        ("2024-12-31", "2024 жылғы 31 желтоқсан", f"31 декабря 2024{NNBSP}г.", "31 December 2024"),
        ("2023-01-19", "2023 жылғы 19 қаңтар", f"19 января 2023{NNBSP}г.", "19 January 2023"),
        ("2025-08-30", "2025 жылғы 30 тамыз", f"30 августа 2025{NNBSP}г.", "30 August 2025"),
        ("2025-09", "2025 жылғы қыркүйек", f"сентябрь 2025{NNBSP}г.", "September 2025"),
        ("2022", "2022", "2022", "2022"),
        ("2025-04-03T10:15:00Z", "2025 жылғы 3 сәуір", f"3 апреля 2025{NNBSP}г.", "3 April 2025"),
        ("2025-04-03+05:00", "2025 жылғы 3 сәуір", f"3 апреля 2025{NNBSP}г.", "3 April 2025"),
        (
            datetime(2025, 4, 3, 23, 59),
            "2025 жылғы 3 сәуір",
            f"3 апреля 2025{NNBSP}г.",
            "3 April 2025",
        ),
    ],
)
def test_dates_as_each_language_writes_them(value: str | date, kk: str, ru: str, en: str) -> None:
    """Kazakh puts the year first with «жылғы», Russian the day with the month in the
    genitive (nominative alone with a year), English the day first."""
    assert [format_date(value, lang) for lang in ("kk", "ru", "en")] == [kk, ru, en]


def test_kazakh_date_departs_from_cldr_abbreviated_year() -> None:
    """CLDR writes «2025 ж. 3 сәуір»; the module writes the year in full as running Kazakh
    does, with CLDR's month name (if CLDR changes either, this says so)."""
    assert babel_format_date(date(2025, 4, 3), "long", locale="kk") == f"2025{NNBSP}ж. 3 сәуір"
    assert format_date(date(2025, 4, 3), "kk") == "2025 жылғы 3 сәуір"


@pytest.mark.parametrize(
    "text", ["басында", "early April", "2025-02-30", "2025-13", "25-04-03", ""]
)
def test_text_that_is_no_date_is_shown_as_it_is(text: str) -> None:
    """A source's own words or a date that does not exist come back unchanged."""
    assert format_date(text, "kk") == text


def test_language_tags_are_read_by_their_primary_subtag() -> None:
    """kk-Latn, ru-RU and en-US are Kazakh, Russian and (British-dated) English."""
    assert format_date("2025-04-03", "kk-Latn") == "2025 жылғы 3 сәуір"
    assert format_number(1234, "ru-RU") == f"1{NBSP}234"
    assert format_date("2025-04-03", "en-US") == "3 April 2025"


@pytest.mark.parametrize(
    ("number", "kk", "ru", "en"),
    [
        (7, "7", "7", "7"),
        (1234, f"1{NBSP}234", f"1{NBSP}234", "1,234"),
        (1234567, f"1{NBSP}234{NBSP}567", f"1{NBSP}234{NBSP}567", "1,234,567"),
        (12345.5, f"12{NBSP}345,5", f"12{NBSP}345,5", "12,345.5"),
    ],
)
def test_numbers_group_as_each_language_does(number: float, kk: str, ru: str, en: str) -> None:
    """Kazakh and Russian group with a no-break space and write a decimal comma."""
    assert [format_number(number, lang) for lang in ("kk", "ru", "en")] == [kk, ru, en]


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 фактов"),
        (1, "1 факт"),
        (2, "2 факта"),
        (4, "4 факта"),
        (5, "5 фактов"),
        (11, "11 фактов"),
        (12, "12 фактов"),
        (14, "14 фактов"),
        (21, "21 факт"),
        (22, "22 факта"),
        (25, "25 фактов"),
        (101, "101 факт"),
        (111, "111 фактов"),
        (1001, "1 001 факт"),
        (1000, "1 000 фактов"),
    ],
)
def test_russian_counts_take_one_few_many(count: int, text: str) -> None:
    """21 and 101 take the singular, 22 the genitive singular, 11-14 the genitive plural."""
    assert format_count(count, FACT["ru"], "ru").replace(NBSP, " ") == text


@pytest.mark.parametrize(
    ("count", "forms", "text"),
    [
        (1, {"one": "строка", "few": "строки", "many": "строк", "other": "строки"}, "1 строка"),
        (3, {"one": "строка", "few": "строки", "many": "строк", "other": "строки"}, "3 строки"),
        (5, {"one": "строка", "few": "строки", "many": "строк", "other": "строки"}, "5 строк"),
        (
            23,
            {"one": "источник", "few": "источника", "many": "источников", "other": "источника"},
            "23 источника",
        ),
    ],
)
def test_russian_feminine_and_masculine_nouns(count: int, forms: dict[str, str], text: str) -> None:
    """The categories hold for any noun the table gives."""
    assert format_count(count, forms, "ru").replace(NBSP, " ") == text


@pytest.mark.parametrize(
    ("count", "text"), [(1, "1 дерек"), (5, "5 дерек"), (21, "21 дерек"), (1000, "1 000 дерек")]
)
def test_kazakh_noun_stays_singular_after_a_numeral(count: int, text: str) -> None:
    """«5 дерек», never «5 деректер»: one form for every category."""
    assert format_count(count, FACT["kk"], "kk").replace(NBSP, " ") == text


def test_kazakh_table_may_give_other_alone() -> None:
    """A category the table leaves out takes its ``other`` form: «1 құжат», «3 құжат»."""
    assert format_count(1, {"other": "құжат"}, "kk") == f"1{NBSP}құжат"
    assert format_count(3, {"other": "құжат"}, "kk") == f"3{NBSP}құжат"


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 facts"), (1, "1 fact"), (2, "2 facts"), (1001, "1,001 facts")]
)
def test_english_counts_take_one_other(count: int, text: str) -> None:
    assert format_count(count, FACT["en"], "en").replace(NBSP, " ") == text


def test_number_and_noun_do_not_wrap_apart() -> None:
    """The number and its noun are joined by a no-break space."""
    assert format_count(5, FACT["ru"], "ru") == f"5{NBSP}фактов"


def test_plural_categories_of_whole_numbers() -> None:
    """What a table of counted nouns must cover, per language."""
    assert plural_categories("ru") == {"one", "few", "many"}
    assert plural_categories("kk") == {"one", "other"}
    assert plural_categories("en") == {"one", "other"}
    for lang, forms in FACT.items():
        assert plural_categories(lang) <= forms.keys()


def test_forms_without_other_are_refused() -> None:
    """A table without ``other`` is refused, whatever the count, not failed on later."""
    with pytest.raises(ValueError, match="lack 'other'"):
        format_count(1, {"one": "факт"}, "ru")
