"""Dates a text states, in kk, ru and en: absolute dates parsed by dateparser, "today" resolved.

dateparser reads "19 қаңтар 2023" but not the inflected "2023 жылғы 19 қаңтарда" (only the
year, DESIGN.md "Language"), so a Kazakh date is found by its shape first and its endings
come off before dateparser reads it. A range («13-14 июня», "June 13-14") is the date of its
first day. A relative word (бүгін, сегодня, today) and a day and month without a year
(«16 наурыз», «9 июня», "on August 19") become dates only against the source's
publication date, and say so; without one, nothing is proposed (a year would be invented).

A day and month take the publication date's year, unless the sentence's tense puts the
date on the other side of the publication and the year before (or after) is nearer to it
(``resolve_year``): a held event reported on a date well after the publication happened
the year before (published 5 January, "the session was held on 28 December"), an
announced one on a date well before it takes place the year after (published 20
December, "the forum will open on 15 January"). A sentence that says neither keeps the
publication year, and so does a date near the publication ("has opened a mission for the
November 20 election", published 20 October).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import dateparser

from civicgraph.ingest.languages import rules_for
from civicgraph.ingest.spans import Spans

_RANGE = re.compile(r"(\d{1,2})\s*[-–]\s*\d{1,2}(?!\d)")
"""«13-14 июня», "June 13-14": a range of days stands for its first day."""


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    numeric = r"\b\d{1,2}\.\d{1,2}\.\d{4}\b"
    shapes = [*rules_for(language).date_shapes(), numeric]
    return tuple(re.compile(p, re.IGNORECASE) for p in shapes)


@cache
def _yearless_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rules_for(language).day_month_shapes())


_STATED_YEAR = re.compile(r",?\s*\d{3,}")
"""Digits after a day and month: the year the text gives, whatever it is."""


def _cut_from_a_number(text: str, match: re.Match[str]) -> bool:
    """Whether the match's digits run on into more ("1 January 10000"): a longer number,
    not a date."""
    before = text[match.start() - 1 : match.start()]
    after = text[match.end() : match.end() + 1]
    return (before.isdigit() and match.group()[:1].isdigit()) or (
        after.isdigit() and match.group()[-1:].isdigit()
    )


@dataclass(frozen=True)
class FoundDate:
    """A date the text states, with the words that state it."""

    start: int
    end: int
    quote: str
    date: str
    """ISO 8601 (YYYY-MM-DD)."""
    basis: str
    """How the date was read: "absolute", or the publication date a relative word or a day
    and month is resolved against."""
    yearless: bool = False
    """A day and month given the publication date's year (``resolve_year`` may move it)."""


def find_dates(text: str, language: str, *, published: str | None) -> list[FoundDate]:
    """Every absolute date in ``text``, and relative day words when ``published`` is known."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    yearless = _yearless_patterns(language) if published is not None else ()
    for pattern in (*_patterns(language), *yearless):
        # One pattern's matches never overlap: what earlier patterns took is all to check.
        earlier = Spans(taken)
        without_year = pattern in yearless
        for match in pattern.finditer(text):
            if earlier.overlaps(match.start(), match.end()) or _cut_from_a_number(text, match):
                continue
            if without_year and _STATED_YEAR.match(text, match.end()):
                continue  # "12 March 0000": a year is stated, one no calendar has
            written = _RANGE.sub(r"\1", match.group())
            if without_year:
                assert published is not None
                written = f"{written} {published[:4]}"
            parsed = parse_date(written, language)
            if parsed is None:
                continue
            taken.append((match.start(), match.end()))
            basis = (
                f"a day and month, in the year of the publication date {published}"
                if without_year
                else "absolute"
            )
            found.append(
                FoundDate(match.start(), match.end(), match.group(), parsed, basis, without_year)
            )
    if published is not None:
        base = dt.date.fromisoformat(published)
        words = rules_for(language).relative_days
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


def resolve_year(found: FoundDate, status: str | None, published: str | None) -> FoundDate:
    """A day and month moved to the year before when its sentence reports a held event and
    that year puts it nearer the publication date, to the year after when it announces one."""
    if not found.yearless or published is None:
        return found
    day, base = dt.date.fromisoformat(found.date), dt.date.fromisoformat(published)
    shift = (
        -1 if status == "held" and day > base else 1 if status == "scheduled" and day < base else 0
    )
    if shift == 0:
        return found
    try:
        moved = day.replace(year=day.year + shift)
    except ValueError:  # 29 February
        return found
    if abs((moved - base).days) >= abs((day - base).days):
        return found
    return replace(
        found,
        date=moved.isoformat(),
        basis=f"{found.basis}, the year {'before' if shift < 0 else 'after'} as the sentence "
        f"{'reports a held event' if shift < 0 else 'announces the event'}",
    )


def parse_date(words: str, language: str) -> str | None:
    """The ISO date of an absolute date expression, or ``None`` when it has no day, month and year."""
    return _parse(rules_for(language).normalise_date(words), language)


@lru_cache(maxsize=4096)
def _parse(words: str, language: str) -> str | None:
    parsed = dateparser.parse(
        words,
        languages=[language],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
    )
    return parsed.date().isoformat() if parsed is not None else None
