"""Dates a text states, in kk, ru and en: absolute dates parsed by dateparser, "today" resolved.

dateparser reads "19 қаңтар 2023" but not the inflected "2023 жылғы 19 қаңтарда" (only the
year, DESIGN.md "Language"), so a Kazakh date is found by its shape first and its endings
come off before dateparser reads it. A relative word (бүгін, сегодня, today) becomes a date
only against the source's publication date, and says so; without one, nothing is proposed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

_MONTHS = {
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "ru": "январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр",
    "en": "January February March April May June July August September October November December",
}
_RELATIVE = {
    "kk": {"бүгін": 0, "кеше": -1, "ертең": 1},
    "ru": {"сегодня": 0, "вчера": -1, "завтра": 1},
    "en": {"today": 0, "yesterday": -1, "tomorrow": 1},
}


def _month_pattern(language: str) -> str:
    stems = _MONTHS[language].split()
    if language == "en":
        return "(?:" + "|".join(stems) + ")"
    return "(?:" + "|".join(stems) + r")\w*"


def _patterns(language: str) -> list[re.Pattern[str]]:
    month = _month_pattern(language)
    numeric = r"\b\d{1,2}\.\d{1,2}\.\d{4}\b"
    if language == "kk":
        shapes = [
            rf"\b\d{{4}}\s+жыл\w*\s+\d{{1,2}}\s+{month}",
            rf"\b\d{{1,2}}\s+{month}\s+\d{{4}}(?:\s+жыл\w*)?",
        ]
    elif language == "ru":
        shapes = [rf"\b\d{{1,2}}\s+{month}\s+\d{{4}}(?:\s+год\w*|\s+г\.)?"]
    else:
        shapes = [rf"\b\d{{1,2}}\s+{month}\s+\d{{4}}", rf"\b{month}\s+\d{{1,2}},\s+\d{{4}}"]
    return [re.compile(p, re.IGNORECASE) for p in [*shapes, numeric]]


@dataclass(frozen=True)
class FoundDate:
    """A date the text states, with the words that state it."""

    start: int
    end: int
    quote: str
    date: str
    """ISO 8601 (YYYY-MM-DD)."""
    basis: str
    """How the date was read: "absolute", or the publication date a relative word is resolved against."""


def find_dates(text: str, language: str, *, published: str | None) -> list[FoundDate]:
    """Every absolute date in ``text``, and relative day words when ``published`` is known."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns(language):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            parsed = parse_date(match.group(), language)
            if parsed is not None:
                taken.append((match.start(), match.end()))
                found.append(
                    FoundDate(match.start(), match.end(), match.group(), parsed, "absolute")
                )
    if published is not None:
        base = dt.date.fromisoformat(published)
        words = _RELATIVE[language]
        pattern = re.compile(r"\b(" + "|".join(words) + r")\w*", re.IGNORECASE)
        for match in pattern.finditer(text):
            word = match.group(1).casefold()
            day = base + dt.timedelta(days=words[word])
            found.append(
                FoundDate(
                    match.start(),
                    match.start() + len(match.group(1)),
                    match.group(1),
                    day.isoformat(),
                    f"{match.group(1)!r} resolved against the publication date {published}",
                )
            )
    return sorted(found, key=lambda d: d.start)


def parse_date(words: str, language: str) -> str | None:
    """The ISO date of an absolute date expression, or ``None`` when it has no day, month and year."""
    return _parse(_strip_endings(words, language), language)


@lru_cache(maxsize=4096)
def _parse(words: str, language: str) -> str | None:
    parsed = dateparser.parse(
        words,
        languages=[language],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
    )
    return parsed.date().isoformat() if parsed is not None else None


def _strip_endings(words: str, language: str) -> str:
    if language == "kk":
        # "2025 жылғы 14 мамырда" → "14 мамыр 2025": the year word goes, the month loses its case.
        year = re.search(r"\d{4}", words)
        day = re.search(r"\b\d{1,2}\b", re.sub(r"\d{4}", "", words))
        month = re.search(_month_pattern("kk"), words, re.IGNORECASE)
        if year and day and month:
            stem = next(s for s in _MONTHS["kk"].split() if month.group().casefold().startswith(s))
            return f"{day.group()} {stem} {year.group()}"
    if language == "ru":
        return re.sub(r"\s+(?:год\w*|г\.)$", "", words)
    return words
