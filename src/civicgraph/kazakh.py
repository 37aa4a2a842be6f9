"""Kazakh morphology that matching needs: inflectional endings and hyphenated abbreviations.

Kazakh is agglutinative: a name in running text carries plural, possessive and case
endings on its last word (Парламентінің, мәслихаттарының), and an abbreviation takes
them after a hyphen (БҰҰДБ-ның). No Kazakh NLP model installs offline, so these rules
are the small, conservative subset that matching names needs.
"""

from __future__ import annotations

# Kazakh inflectional endings, in the order they stack from the end of a word: case
# (genitive, dative, locative, ablative, instrumental, accusative), then possessive, then
# plural (мәслихат-тар-ы-ның). Only the last word of a phrase inflects.
_CASE_ENDINGS = (
    "ның", "нің", "дың", "дің", "тың", "тің", "нда", "нде", "нан", "нен",
    "дан", "ден", "тан", "тен", "мен", "бен", "пен", "ға", "ге", "қа", "ке",
    "на", "не", "да", "де", "та", "те", "ны", "ні", "ды", "ді", "ты", "ті", "н",
)  # fmt: skip
_POSSESSIVE_ENDINGS = ("сы", "сі", "ы", "і")
_PLURAL_ENDINGS = ("лар", "лер", "дар", "дер", "тар", "тер")
_MIN_STEM = 3


def strip_kazakh_suffix(word: str) -> str:
    """The stem of a Kazakh word without its case, possessive and plural endings.

    Парламентінің → Парламент, мәслихаттарының → мәслихат. Conservative: each kind of
    ending is removed at most once, outermost first, and a stem keeps at least three
    letters, so short roots are never eaten.
    """
    stem = word
    for endings in (_CASE_ENDINGS, _POSSESSIVE_ENDINGS, _PLURAL_ENDINGS):
        for suffix in endings:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= _MIN_STEM:
                stem = stem[: -len(suffix)]
                break
    return stem


def is_inflection_of(word: str, lemma: str) -> bool:
    """Whether ``word`` is ``lemma`` followed only by Kazakh endings (Сенаттың ← Сенат).

    Safer than stemming both sides: the lemma is known, so only the tail is judged.
    """
    word, lemma = word.casefold(), lemma.casefold()
    if not word.startswith(lemma):
        return False
    tail = word[len(lemma) :].lstrip("-")
    if not tail:
        return True
    endings = {e for group in (_CASE_ENDINGS, _POSSESSIVE_ENDINGS, _PLURAL_ENDINGS) for e in group}
    return _is_ending_chain(tail, endings)


def _is_ending_chain(tail: str, endings: set[str]) -> bool:
    if not tail:
        return True
    return any(tail.startswith(e) and _is_ending_chain(tail[len(e) :], endings) for e in endings)


def split_hyphenated_abbreviation(word: str) -> tuple[str, str]:
    """``БҰҰДБ-ның`` → (``БҰҰДБ``, ``ның``): abbreviations take their endings after a hyphen."""
    head, sep, tail = word.partition("-")
    if sep and head.isupper() and tail.islower():
        return head, tail
    return word, ""
