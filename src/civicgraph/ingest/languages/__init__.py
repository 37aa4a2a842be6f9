"""The rules of every language drafting reads, looked up by language code.

Each module of this package but ``base`` is one language and defines ``RULES``, an instance
of ``LanguageRules``; the registry is built from the package's modules, so a fourth
language is one new module (``de.py`` defining ``RULES``) and nothing else changes here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from civicgraph.errors import SourceError
from civicgraph.ingest.languages.base import ANY_KIND, LanguageRules

__all__ = [
    "ANY_KIND",
    "CREDIT_CHARACTERS",
    "REGISTRY",
    "LanguageRules",
    "is_credit_line",
    "rules_for",
    "written_in",
]


def _discover() -> dict[str, LanguageRules]:
    found: dict[str, LanguageRules] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "base":
            continue
        rules = importlib.import_module(f"{__name__}.{module.name}").RULES
        if not isinstance(rules, LanguageRules) or rules.code != module.name:
            raise TypeError(
                f"{__name__}.{module.name}.RULES is not the LanguageRules of {module.name!r}"
            )
        found[rules.code] = rules
    return found


REGISTRY: Mapping[str, LanguageRules] = MappingProxyType(_discover())
"""Language code → its rules (``kk``, ``ru``, ``en``)."""


def rules_for(language: str) -> LanguageRules:
    """The rules of ``language``; a language without rules is refused by name."""
    rules = REGISTRY.get(language)
    if rules is None:
        raise SourceError(
            f"no drafting rules for the language {language!r}",
            hint=f"draft sources in {', '.join(sorted(REGISTRY))}",
        )
    return rules


_SCRIPT_NAMES = {"Cyrl": "CYRILLIC", "Latn": "LATIN"}
"""The ISO 15924 codes the rules give, as Unicode names a script's letters (CYRILLIC SMALL
LETTER A)."""


def written_in(text: str) -> str | None:
    """The language a short text (a name typed into a search box) is written in, by its
    letters alone: a letter only one language of its script has says that language (ә, қ:
    Kazakh); else the language of the script most of its letters are in whose alphabet has
    no letters of its own (Cyrillic: Russian; Latin: English); ``None`` for a text without
    letters of those scripts.

    A name is too short for a statistical guess, and the three languages are told apart by
    their alphabets: a Kazakh name typed without its own letters reads as Russian, which is
    the spelling its writer chose."""
    letters = [c.lower() for c in text if c.isalpha()]
    for rules in REGISTRY.values():
        if rules.own_letters.intersection(letters):
            return rules.code
    scripts = Counter(
        code
        for letter in letters
        for code, name in _SCRIPT_NAMES.items()
        if unicodedata.name(letter, "").startswith(name)
    )
    for script, _ in scripts.most_common():
        plain = [r.code for r in REGISTRY.values() if r.script == script and not r.own_letters]
        if plain:
            return plain[0]
    return None


CREDIT_CHARACTERS = 120
"""A credit or byline is one short line; a paragraph that begins "Фото:" and goes on is text."""
_NAME_WORD = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’.-]+"


@cache
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """How a credit line opens, and the shape of a bare byline, in every language's words:
    a page's credit may be in another language than its text (Фото: under an English story)."""

    def alternatives(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    words = {w for rules in REGISTRY.values() for w in rules.credit_words}
    phrases = {p for rules in REGISTRY.values() for p in rules.credit_phrases}
    opening = rf"(?:{alternatives(words)})(?:\s*/\s*\w+)?\s*[:：—–-]"
    if phrases:
        opening += rf"|(?:{alternatives(phrases)})"
    leads = {r.byline_lead for r in REGISTRY.values() if r.byline_lead}
    byline = (
        re.compile(rf"(?:{alternatives(leads)})\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}")
        if leads
        else None
    )
    return re.compile(opening, re.IGNORECASE), byline


def is_credit_line(line: str) -> bool:
    """Whether ``line`` only credits a photo or names the author (Фото: …, Сурет: …, Автор:
    …, Дайындаған: …, Photo by …, By Jane Madeup), in any language's rules' words."""
    bare = line.strip()
    if len(bare) > CREDIT_CHARACTERS:
        return False
    opening, byline = _credit_patterns()
    return opening.match(bare) is not None or (
        byline is not None and byline.fullmatch(bare) is not None
    )
