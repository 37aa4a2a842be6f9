"""Dates, numbers and counted nouns written as each language writes them (kk, ru, en).

Month names, digit grouping and plural categories come from CLDR through Babel
(``babel.dates``, ``babel.numbers``, ``Locale.plural_form``), not from tables of our own.
Two choices depart from CLDR's defaults, and why:

- **Kazakh dates.** CLDR's long Kazakh date is ``y 'ж'. d MMMM``: «2025 ж. 3 сәуір», the
  abbreviated year of forms and legal references. Kazakh news and running text write the
  year in full with the attributive suffix, «2025 жылғы 3 сәуір» («2025 жылғы сәуір»
  for a month), so Kazakh dates use that pattern with CLDR's month names.
- **English dates** are British, day first: «3 April 2025» (CLDR ``en_GB``), as the
  graph's sources and Kazakhstan's English-language press write them; CLDR's ``en`` is
  American, «April 3, 2025».

Russian takes CLDR as it is: «3 апреля 2025 г.», with a narrow no-break space (U+202F)
before «г.» so the abbreviation never wraps away from its year; «апрель 2025 г.» for a
month. Kazakh and Russian group digits with a no-break space (U+00A0), «1 234 567»;
English with a comma, «1,234,567».

A count puts the number before the noun in the form its plural category takes (CLDR):
Russian «1 факт, 2 факта, 5 фактов»; English «1 fact, 5 facts». A Kazakh noun stays
singular after a numeral («5 дерек», never «5 деректер»), so a Kazakh table gives one
form for every category, or ``other`` alone. The number and the noun are joined by a
no-break space: a phone's narrow column never leaves a number at the end of a line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal

_LOCALES = {"en": "en_GB"}
"""The CLDR locale of a language where it is not the language's own code."""

_PATTERNS = {
    "kk": {"day": "y 'жылғы' d MMMM", "month": "y 'жылғы' MMMM"},
}
"""Date patterns that replace CLDR's, by language and precision (see the module's text)."""

_SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
"""CLDR skeletons by precision: each locale orders and spells the fields its own way."""

_ISO_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?)?(?:Z|[+-]\d{2}:\d{2})?"
)
"""``xsd:date``, ``xsd:dateTime``, ``xsd:gYearMonth`` and ``xsd:gYear`` lexical forms."""

NO_BREAK_SPACE = "\u00a0"
OTHER = "other"
"""The CLDR plural category every language has, and the form a missing category falls
back to."""


@cache
def _locale(lang: str) -> Locale:
    primary = lang.split("-", 1)[0].lower()
    return Locale.parse(_LOCALES.get(primary, primary))


def format_date(value: str | date, lang: str) -> str:
    """A date as ``lang`` writes it: «2025 жылғы 3 сәуір», «3 апреля 2025 г.», «3 April 2025».

    ``value`` is a ``date`` (a ``datetime`` gives its date) or the lexical form of an
    ``xsd:date``, ``xsd:dateTime`` (its date as written, in its own time zone),
    ``xsd:gYearMonth`` («2025 жылғы сәуір», «апрель 2025 г.», «April 2025») or
    ``xsd:gYear`` («2025»). Text that is none of these — a source's own words, a date
    that does not exist — is returned as it is, so a page shows what the graph holds.
    """
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        precision = "day"
    else:
        match = _ISO_DATE.fullmatch(value.strip())
        if match is None:
            return value
        year, month, day_of_month = match.group("year", "month", "day")
        precision = "day" if day_of_month else "month" if month else "year"
        try:
            day = date(int(year), int(month or 1), int(day_of_month or 1))
        except ValueError:
            return value
    locale = _locale(lang)
    pattern = _PATTERNS.get(locale.language, {}).get(precision)
    if pattern is not None:
        return str(_babel_date(day, pattern, locale=locale))
    return str(format_skeleton(_SKELETONS[precision], day, locale=locale))


def format_number(number: int | float | Decimal, lang: str) -> str:
    """A number with the language's grouping and decimal sign: «12 345,5», «12,345.5»."""
    return str(format_decimal(number, locale=_locale(lang)))


def plural_category(count: int, lang: str) -> str:
    """CLDR's plural category of ``count`` in ``lang``: ``one``, ``few``, ``many``, ``other``."""
    return str(_locale(lang).plural_form(count))


@cache
def plural_categories(lang: str) -> frozenset[str]:
    """The categories a whole number can fall in, in ``lang`` (Russian: one, few, many;
    Kazakh and English: one, other): what a table of counted nouns must cover.

    CLDR's rules for whole numbers look at the last two digits, and at large round
    numbers in some languages; 0-999 and a million meet every case."""
    return frozenset(plural_category(n, lang) for n in (*range(1000), 1_000_000))


def format_count(count: int, forms: Mapping[str, str], lang: str) -> str:
    """``count`` and its noun in the form ``lang`` puts after it: «5 фактов», «5 дерек».

    ``forms`` maps CLDR plural categories to the noun's forms in ``lang``; a category not
    in it takes the ``other`` form, which every table must give.
    """
    if OTHER not in forms:
        raise ValueError(
            f"the noun forms {dict(forms)} lack {OTHER!r}, the form every category falls back to"
        )
    noun = forms.get(plural_category(count, lang)) or forms[OTHER]
    return f"{format_number(count, lang)}{NO_BREAK_SPACE}{noun}"


__all__ = [
    "NO_BREAK_SPACE",
    "OTHER",
    "format_count",
    "format_date",
    "format_number",
    "plural_categories",
    "plural_category",
]
