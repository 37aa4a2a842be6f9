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
from functools import cache, lru_cache

import dateparser

from civicgraph.ingest.languages import rules_for
from civicgraph.ingest.spans import Spans


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    numeric = r"\b\d{1,2}\.\d{1,2}\.\d{4}\b"
    shapes = [*rules_for(language).date_shapes(), numeric]
    return tuple(re.compile(p, re.IGNORECASE) for p in shapes)


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
        # One pattern's matches never overlap: what earlier patterns took is all to check.
        earlier = Spans(taken)
        for match in pattern.finditer(text):
            if earlier.overlaps(match.start(), match.end()):
                continue
            parsed = parse_date(match.group(), language)
            if parsed is not None:
                taken.append((match.start(), match.end()))
                found.append(
                    FoundDate(match.start(), match.end(), match.group(), parsed, "absolute")
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
