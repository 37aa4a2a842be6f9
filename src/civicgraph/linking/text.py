"""Normalise names for matching: case, punctuation, letter variants, type words,
Kazakh/Russian → Latin transliteration and Kazakh inflectional endings.

Matching compares *keys*: several normal forms of one name (as written, with Kazakh
letters folded to their Russian look-alikes, transliterated to Latin in two common
schemes, stripped of type words). Two names agree when they share a key; how they agree
(exactly, by transliteration, without type words) is reported as the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Kazakh Cyrillic → Latin, "practical" scheme: the one Kazakh institutions use for English
# (Ashimbayev, Kyzylorda, Zhetysu). ``е`` after a vowel or word-initially becomes ``ye``
# (Ashimbayev) — handled in ``transliterate``.
_PRACTICAL = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip

# Kazakh Latin alphabet of 2021 (Äşımbaev, Qyzylorda); diacritics are folded later when
# keys are compared, so this also yields the ASCII forms Wikidata aliases often use.
_KAZAKH_LATIN_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

# Letters of the Kazakh alphabet that Russian-keyboard texts replace by look-alikes.
_KAZAKH_TO_RUSSIAN = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
    }
)

_VOWELS = set("аәеёиоөуұүыіэюяaeiouy")

TYPE_WORDS = frozenset(
    {
        # first-level units
        "облысы", "облыс", "область", "region", "oblysy", "oblast", "province",
        # cities and districts
        "қаласы", "город", "city", "ауданы", "аудан", "район", "district",
    }
)  # fmt: skip
"""Words naming the kind of place, dropped for the *core* key (``Abai Region`` → ``abai``).
Which kind was dropped is kept: a region must not match a district by its core alone."""

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def fold_case(text: str) -> str:
    """NFC, case-folded, quotes/dashes/punctuation as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _PUNCT.sub(" ", text.replace("_", " "))
    return _SPACE.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """Latin letters without marks (ä → a, ş → s, ı → i); Cyrillic is left alone."""
    out: list[str] = []
    for char in text.replace("ı", "i"):
        if "LATIN" in unicodedata.name(char, ""):
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
        else:
            out.append(char)
    return "".join(out)


def is_cyrillic(text: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(c, "") for c in text)


SCHEMES = ("practical", "practical-plain", "kazakh-2021")
"""``practical`` writes е as "ye" after vowels (Ashimbayev); ``practical-plain`` does not
(Toqaev); ``kazakh-2021`` is the official Latin alphabet (Äşımbaev)."""


def transliterate(text: str, *, scheme: str = "practical") -> str:
    """Kazakh or Russian Cyrillic → Latin in one of ``SCHEMES``."""
    table = _KAZAKH_LATIN_2021 if scheme == "kazakh-2021" else _PRACTICAL
    out: list[str] = []
    previous = " "
    for char in text:
        lower = char.lower()
        if lower in table:
            latin = table[lower]
            # Practical romanisation writes е as "ye" at the start of a word and after a
            # vowel (Ashimbayev, Yerlan), which is how the English press spells the names.
            if (
                scheme == "practical"
                and lower == "е"
                and (previous in _VOWELS or not previous.isalpha())
            ):
                latin = "ye"
            out.append(latin.capitalize() if char != lower and latin else latin)
        else:
            out.append(char)
        previous = lower
    return "".join(out)


def fold_letters(text: str) -> str:
    """Kazakh-specific letters replaced by their Russian look-alikes (қ → к, ә → а …)."""
    return text.translate(_KAZAKH_TO_RUSSIAN)


@dataclass(frozen=True)
class NameKeys:
    """The normal forms of one name, each with how it was derived."""

    exact: str
    """Case and punctuation folded."""
    variants: frozenset[tuple[str, str]]
    """(key, how) pairs; how is ``exact``, ``translit``, ``letters``, ``core`` or ``order``."""
    type_words: frozenset[str]
    """Type words the name contains (``region``, ``облысы``), for conflict checks."""


def _core(tokens: list[str]) -> tuple[list[str], set[str]]:
    kept = [t for t in tokens if t not in TYPE_WORDS]
    dropped = {t for t in tokens if t in TYPE_WORDS}
    if dropped and len(kept) == 1 and kept[0].endswith("ская") and len(kept[0]) > 7:
        # Russian region names are adjectives (Абайская область ↔ Абай).
        kept = [kept[0][: -len("ская")]]
    return (kept or tokens), dropped


def _reorder(text: str) -> str:
    """``Surname, Given Patronymic`` → ``Given Patronymic Surname`` (library-style names)."""
    head, sep, tail = text.partition(",")
    return f"{tail.strip()} {head.strip()}" if sep and tail.strip() else text


def _latin(key: str) -> str:
    return strip_diacritics(key)


def name_keys(name: str) -> NameKeys:
    """Every key under which ``name`` may match another name."""
    exact = fold_case(_reorder(name))
    tokens = exact.split()
    variants: set[tuple[str, str]] = {(exact, "exact")}
    core_tokens, dropped = _core(tokens)
    core = " ".join(core_tokens)
    if core != exact:
        variants.add((core, "core"))
    ordered = " ".join(sorted(tokens))
    if ordered != exact:
        variants.add((ordered, "order"))
    for key, how in list(variants):
        if is_cyrillic(key):
            variants.add((fold_letters(key), "letters" if how == "exact" else how))
            for scheme in SCHEMES:
                latin = _latin(fold_case(transliterate(key, scheme=scheme)))
                variants.add((latin, "translit" if how == "exact" else how))
        else:
            variants.add((_latin(key), how))
    return NameKeys(exact=exact, variants=frozenset(variants), type_words=frozenset(dropped))


def lookup_forms(name: str) -> set[str]:
    """Strings to look up as exact labels: as written, type words dropped, usual casings,
    and (for Cyrillic names) their Latin transliterations."""
    base = unicodedata.normalize("NFC", _SPACE.sub(" ", name).strip())
    forms = {base}
    tokens = base.split()
    kept = [t for t in tokens if t.casefold() not in TYPE_WORDS]
    if kept and kept != tokens:
        core = " ".join(kept)
        forms.add(core)
        if len(kept) == 1 and kept[0].endswith("ская") and len(kept[0]) > 7:
            forms.add(kept[0][: -len("ская")])
    if is_cyrillic(base):
        for scheme in SCHEMES:
            forms |= {
                transliterate(form, scheme=scheme) for form in list(forms) if is_cyrillic(form)
            }
    cased: set[str] = set()
    for form in forms:
        cased |= {form, form.lower(), _title(form), form[:1].upper() + form[1:]}
    return {f for f in cased if f}


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


def is_abbreviation(name: str) -> bool:
    """``UNDP``, ``БҰҰ``: short, upper case; a match on one alone is weak evidence."""
    compact = name.replace(".", "").strip()
    return 1 < len(compact) <= 6 and compact.isupper() and " " not in compact
