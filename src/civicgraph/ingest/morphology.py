"""Words compared through their inflection: Russian lemmas (pymorphy3), Kazakh endings, English possessives.

Measured pitfalls shape the Russian side (DESIGN.md, "Language"): pymorphy3's first parse
mangles rare names («Даригу» → «дариг», «Абенов» → «абен»), so every parse counts, parses
tagged Name/Surn/Patr are preferred when a name is put back in the nominative, and a
word's own gender is kept («Ерлановой» → «Ерланова», not «Ерланов»).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

from civicgraph.kazakh import is_inflection_of

_NAME_TAGS = ("Name", "Surn", "Patr")
_NOMINATIVE_BONUS = 10.0
"""A name that can read as nominative is taken as written: «Дарига Назарбаева» is not the
genitive of a «Дариг Назарбаев», though pymorphy3 scores that reading higher. A known
person in an oblique case («Маулена Ашимбаева») is found by the authority file first."""
_KK_CASE_ENDINGS = (
    "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не",
    "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен",
    "ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен", "ғы", "гі", "қы", "кі",
)  # fmt: skip
# Kazakh locative + adjectival "-ғы" (Қазақстандағы, Сенаттағы): one more layer than the
# shared ending list has, needed only when matching, so it lives here.
_KK_ATTRIBUTIVE = ("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі")
_EN_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_SURNAME_SHAPE = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|ұлы|улы|қызы|кызы|"
    r"ov|ev|yev|in|ova|eva|yeva|ina|uly|kyzy|ski|skaya)$",
    re.IGNORECASE,
)
_PATRONYMIC_SHAPE = re.compile(r"(?:ұлы|улы|қызы|кызы|вич|вна|uly|kyzy|ovich|evna|ovna)$", re.I)


@lru_cache(maxsize=1)
def _analyzer() -> pymorphy3.MorphAnalyzer:
    # Loading the dictionaries takes ~0.3 s and ~15 MB; one analyser serves the process.
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """pymorphy3's parses of a lower-case word; none for a word it cannot read at all.

    Its shape guesser looks characters up by Unicode name and fails on those without one.
    """
    try:
        return tuple(_analyzer().parse(word))
    except ValueError:
        return ()


@lru_cache(maxsize=65536)
def russian_lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 offers for ``word``, and the word itself, case-folded."""
    folded = word.casefold()
    return frozenset({folded, *(p.normal_form for p in _parses(folded))})


def same_word(text_word: str, label_word: str, language: str, *, last: bool) -> bool:
    """Whether ``text_word`` is ``label_word`` inflected, as ``language`` inflects names.

    Kazakh inflects only the last word of a name; Russian inflects every word (adjective and
    head noun agree), so lemma sets are compared; English adds a possessive to the last word.
    """
    tw, lw = text_word.casefold(), label_word.casefold()
    if tw == lw:
        return True
    if language == "kk":
        return last and _kazakh_inflection(tw, lw)
    if language == "ru":
        # Abbreviations (ПРООН) do not decline.
        return not (lw.isupper() or text_word.isupper()) and bool(
            russian_lemmas(tw) & russian_lemmas(lw)
        )
    return language == "en" and last and _EN_POSSESSIVE.sub("", tw) == lw


def _kazakh_inflection(word: str, lemma: str) -> bool:
    if is_inflection_of(word, lemma):
        return True
    return any(
        word.endswith(ending) and word[: -len(ending)] == lemma for ending in _KK_ATTRIBUTIVE
    )


def looks_like_surname(word: str, language: str) -> bool:
    """A family name by its shape (Қасымов, Ерланова, Nurpeisova) or pymorphy3's Surn tag."""
    bare = strip_name_case(word, language)
    if _SURNAME_SHAPE.search(bare):
        return True
    if language == "ru":
        return any("Surn" in p.tag for p in _parses(word.casefold()))
    return False


def looks_like_patronymic(word: str) -> bool:
    """Кемелұлы, Кемелевич, Sagatkhanuly: the middle word of a three-word name."""
    return bool(_PATRONYMIC_SHAPE.search(word))


def is_given_name(word: str, language: str) -> bool:
    """Whether pymorphy3 knows ``word`` as a first name (Russian texts only)."""
    if language != "ru":
        return False
    return any("Name" in p.tag for p in _parses(word.casefold()))


def strip_name_case(word: str, language: str) -> str:
    """A name word without its case ending: Қасымовтың → Қасымов, Nurpeisova's → Nurpeisova."""
    if language == "en":
        return _EN_POSSESSIVE.sub("", word)
    if language == "kk":
        for ending in sorted(_KK_CASE_ENDINGS, key=len, reverse=True):
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3 and _SURNAME_SHAPE.search(stem):
                return stem
    return word


def nominative_name(words: list[str], language: str) -> list[str]:
    """A person's name words put back in the nominative, keeping the person's gender.

    Russian: the gender and case shared by the most likely Name/Surn/Patr parses of all the
    words is chosen (nominative first when several fit), then each word is inflected to
    the nominative of that gender. Kazakh and English names change only at the end.
    """
    if language != "ru":
        return [
            strip_name_case(w, language) if i == len(words) - 1 else w for i, w in enumerate(words)
        ]
    surname = _RU_SURNAME.match(words[-1]) if len(words) >= 2 else None
    if surname is not None:
        return _nominative_with_surname(words, surname)
    best: tuple[float, str, str] | None = None
    for gender in ("masc", "femn"):
        for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
            score = 0.0
            for word in words:
                fits = [
                    p.score + (0.5 if any(t in p.tag for t in _NAME_TAGS) else 0.0)
                    for p in _parses(word.casefold())
                    if p.tag.case == case and _gender_fits(p, gender)
                ]
                if not fits:
                    break
                score += max(fits)
            else:
                rank = (score + (_NOMINATIVE_BONUS if case == "nomn" else 0.0), gender, case)
                if best is None or rank[0] > best[0]:
                    best = rank
    if best is None or best[2] == "nomn":
        return list(words)
    _, gender, case = best
    out: list[str] = []
    for word in words:
        parses = [
            p for p in _parses(word.casefold()) if p.tag.case == case and _gender_fits(p, gender)
        ]
        parses.sort(
            key=lambda p: -(p.score + (0.5 if any(t in p.tag for t in _NAME_TAGS) else 0.0))
        )
        inflected = parses[0].inflect({"nomn", "sing", gender}) if parses else None
        if inflected is None and parses:
            inflected = parses[0].inflect({"nomn", "sing"})
        out.append(_recase(inflected.word, word) if inflected is not None else word)
    return out


_RU_SURNAME = re.compile(r"^(.{2,}?(?:ов|ев|ёв|ин|ын))(а|у|ым|ом|е|ой|ою)?$")
"""Russian family names in -ов/-ев/-ин decline by a rule pymorphy3 does not always know
(«Абенов» parses only as a plural of a name «Абен»), so they are undone by the rule, in
the gender of the given name before them."""


def _nominative_with_surname(words: list[str], surname: re.Match[str]) -> list[str]:
    given = [p for p in _parses(words[0].casefold()) if "Name" in p.tag]
    given.sort(key=lambda p: (p.tag.case != "nomn", -p.score))
    if given:
        gender = "femn" if given[0].tag.gender == "femn" else "masc"
        inflected = given[0].inflect({"nomn", "sing"})
        first = _recase(inflected.word, words[0]) if inflected is not None else words[0]
    else:
        gender = "femn" if surname.group(2) in ("а", "ой", "ою") else "masc"
        first = words[0]
    last = surname.group(1) + ("а" if gender == "femn" else "")
    return [first, *words[1:-1], last]


def nominative_phrase_head(word: str) -> str:
    """A Russian title noun in the nominative (Министра → Министр), its capital kept."""
    parses = [p for p in _parses(word.casefold()) if p.tag.POS == "NOUN"]
    if not parses:
        return word
    inflected = parses[0].inflect({"nomn", "sing"})
    return _recase(inflected.word, word) if inflected is not None else word


def _gender_fits(parse: pymorphy3.analyzer.Parse, gender: str) -> bool:
    """A parse of ``gender``, or of a word common to both genders (ms-f), or without gender."""
    return parse.tag.gender is None or parse.tag.gender == gender or "ms-f" in parse.tag


def is_adjective(word: str) -> bool:
    """Whether pymorphy3's most likely parse of a Russian word is a full adjective."""
    parses = _parses(word.casefold())
    return bool(parses) and parses[0].tag.POS == "ADJF"


def is_russian_future(word: str) -> bool:
    """Whether pymorphy3's most likely parse of ``word`` is a verb in the future tense
    (будет, проведёт, соберутся: perfective verbs' non-past forms are future)."""
    parses = _parses(word.casefold())
    return bool(parses) and parses[0].tag.POS == "VERB" and parses[0].tag.tense == "futr"


def russian_lemma(word: str) -> str:
    """The most likely normal form of a Russian word."""
    parses = _parses(word.casefold())
    return str(parses[0].normal_form) if parses else word.casefold()


def _recase(new: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return new.upper()
    parts = new.split("-")
    if model[:1].isupper():
        parts = [p[:1].upper() + p[1:] for p in parts]
    return "-".join(parts)
