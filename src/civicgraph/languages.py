"""The languages civicgraph labels and reads, in one place, with one fallback order.

Documents come in Kazakh, Russian and English (DESIGN.md, "Language"). Every list of
languages, every label fallback and every check of a language tag uses this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

LANGUAGES = ("kk", "ru", "en")
"""The label languages, in the order a label is chosen when the one asked for is missing."""

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
"""A BCP 47 tag of the shape civicgraph writes: a 2-3 letter language, then subtags
(``kk``, ``kk-Latn``, ``ru-RU``). Narrower than RFC 5646 on purpose: no private-use or
grandfathered tags in curated data."""


def is_language_tag(tag: object) -> bool:
    """Whether ``tag`` is a language tag civicgraph accepts (``kk``, ``en``, ``kk-Latn``):
    of the shape above, and one Oxigraph takes (it checks each subtag's kind and order,
    so ``kk-Latn-Latn`` is refused here, not by the build's first literal)."""
    if not isinstance(tag, str) or _LANGUAGE_TAG.fullmatch(tag) is None:
        return False
    try:
        ox.Literal("", language=tag)
    except ValueError:
        return False
    return True


def fallback_order(
    preferred: str | None = None, *, written_in: str | None = None
) -> tuple[str, ...]:
    """The languages to try for a label: ``preferred`` first, then the language the text
    was first written in (``written_in``: English for the query catalogue's headers), then
    ``LANGUAGES``."""
    chosen = [lang.lower() for lang in (preferred, written_in) if lang]
    return tuple(dict.fromkeys([*chosen, *LANGUAGES]))


@dataclass(frozen=True)
class LocalText:
    """A text chosen for a reader, with the language it is in: a page shows ``text`` and
    marks it as another language's when ``lang`` is not the reader's (``None``: a name,
    such as a query's or a column's, in no language)."""

    text: str
    lang: str | None

    def __str__(self) -> str:
        return self.text

    def is_in(self, lang: str) -> bool:
        """Whether the text is in ``lang`` (by primary subtag: ``kk-Latn`` is Kazakh)."""
        return self.lang is not None and _primary(self.lang) == _primary(lang)


def choose_text(
    texts: Mapping[str, str], lang: str, *, written_in: str | None = None
) -> LocalText | None:
    """The text of ``texts`` (by language) in ``lang``, else in the fallback order, else none."""
    for language in fallback_order(lang, written_in=written_in):
        text = texts.get(language)
        if text:
            return LocalText(text, language)
    return None


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


_LOC_LANGUAGES = {
    2: "http://id.loc.gov/vocabulary/iso639-1/",
    3: "http://id.loc.gov/vocabulary/iso639-2/",
}
"""The Library of Congress's ISO 639 authorities: stable, dereferenceable IRIs keyed by the
very codes BCP 47 tags start with (``kk`` -> ``.../iso639-1/kk``), so no lookup table is
needed; three-letter codes fall back to ISO 639-2."""


def language_iri(tag: str) -> str:
    """The IRI of the language of ``tag`` (its primary subtag), for ``dct:language``."""
    primary = _primary(tag)
    return f"{_LOC_LANGUAGES[len(primary)]}{primary}"
