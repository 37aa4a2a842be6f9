"""Find entities by name in any of their languages and scripts, inflected Kazakh and
Russian forms too, and complete a name as it is typed.

A user types «Әшімбаевтың», «Ашимбаева», «ashimbaev» or «Maulen As»: each word of the
query matches a word of a name, in any order, when it is that word; is that word as a
language inflects a name's word, by the rules drafting and coverage match names with
(``civicgraph.ingest.languages``: Kazakh endings, pymorphy3's Russian lemmas, English
possessives); is a Latin transliteration of a Cyrillic word
(``civicgraph.linking.text.transliterate``, the schemes the Wikidata linker compares); is
the word spelled another way (rapidfuzz's ``ratio`` at the cutoff drafting matches names'
spellings with, ``civicgraph.ingest.matching.SPELLING_CUTOFF``: Ashimbaev, Ashimbayev);
or begins it: from three letters while searching, from the first letter for the last
word of a name being typed (``prefix=True``). Names are folded the way the Wikidata
linker folds them (``civicgraph.linking.text``), so quotes, case, diacritics and Kazakh
letters typed as their Russian look-alikes do not matter. A hidden label
(skos:hiddenLabel) finds its entity but is never shown: the hit then shows the entity's
shown name nearest the query.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from rapidfuzz import fuzz

from civicgraph.ingest.languages import REGISTRY, written_in
from civicgraph.ingest.matching import MIN_SPELLING_LETTERS, SPELLING_CUTOFF
from civicgraph.languages import LocalText, choose_text
from civicgraph.linking.text import (
    SCHEMES,
    fold_case,
    fold_letters,
    is_cyrillic,
    strip_diacritics,
    transliterate,
)

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_PREFIX = 3
_KEY = 2
"""Letters of a word's beginning that the index is keyed by."""

EXACT = 1.0
TRANSLITERATED = 0.9
SPELLED = 0.85
INFLECTED = 0.75
BEGUN = 0.5
"""What one query word is worth by how it matched a word of a name: the name's own word,
its transliteration, the word spelled another way, an inflected form of it, or its
beginning."""


class NameKind(IntEnum):
    """What a name of an entity is, strongest first: of two names alike, the first kept."""

    LABEL = 0
    """rdfs:label or skos:prefLabel: what a page and an answer show."""
    ALTERNATIVE = 1
    """skos:altLabel: found and shown."""
    HIDDEN = 2
    """skos:hiddenLabel: found, never shown (SKOS §5.4)."""


@dataclass(frozen=True)
class _Word:
    folded: str
    """Case, diacritics and Kazakh letters folded: what two spellings share."""
    own: str
    """Case-folded only: what a language's inflection rules read."""
    latin: tuple[str, ...]
    """Latin transliterations of a Cyrillic word (none for a Latin one)."""


def _fold(text: str) -> str:
    return strip_diacritics(fold_letters(fold_case(text)))


def _query_words(text: str) -> list[tuple[str, str]]:
    """The words of a typed text: (folded, case-folded)."""
    return [(_fold(word), word) for word in _WORD.findall(fold_case(text))]


def _primary(lang: str) -> str:
    return lang.split("-", 1)[0].lower()


def _latin_forms(own: str) -> tuple[str, ...]:
    if not is_cyrillic(own):
        return ()
    return tuple(sorted({_fold(transliterate(own, scheme=s)) for s in SCHEMES}))


def word_matches(query_word: str, name_word: str) -> bool:
    """Whether one typed word names one word of a name: is it, inflected, transliterated or
    spelled another way, or begins it from three letters on."""
    own, word = fold_case(query_word), fold_case(name_word)
    folded = _fold(own)
    name = _Word(_fold(word), word, _latin_forms(word))
    return _weigh(folded, own, name, begun=len(folded) >= _MIN_PREFIX) > 0


@dataclass(frozen=True)
class Hit:
    entity: str
    name: str
    """The name that matched, or, when only a hidden form matched, the entity's shown name
    nearest the query: a hidden label is searched, never displayed."""
    score: float
    types: tuple[str, ...] = ()
    lang: str = ""
    """The language of ``name`` ("" for a name without one)."""


@dataclass(frozen=True)
class _Name:
    entity: str
    text: str
    lang: str
    kind: NameKind
    words: tuple[_Word, ...]


@dataclass
class NameIndex:
    """Every name of every entity, looked up by the first letters of its words."""

    names: list[_Name] = field(default_factory=list)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _by_start: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    _shown: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _sorted: list[str] | None = None
    _words: dict[str, _Word] = field(default_factory=dict)
    """Each distinct word once: names share most of their words (a million-triple corpus
    has thousands of people of a few hundred given and family names)."""

    def add(
        self,
        entity: str,
        name: str,
        entity_type: str | None = None,
        *,
        lang: str = "",
        kind: NameKind = NameKind.LABEL,
    ) -> None:
        """One name of ``entity``, in ``lang`` ("" for none)."""
        self._sorted = None
        if entity_type is not None:
            self.types[entity].add(entity_type)
        words = tuple(self._word(word) for word in _WORD.findall(fold_case(name)))
        if not words:
            return
        if kind is NameKind.LABEL:
            known = self._labels[entity].get(lang)
            if known is None or name < known:  # one label a language, the same every run
                self._labels[entity][lang] = name
        index = len(self.names)
        self.names.append(_Name(entity, name, _primary(lang), kind, words))
        if kind is not NameKind.HIDDEN:
            self._shown[entity].append(index)
        for word in words:
            for key in {word.folded[:_KEY], *(latin[:_KEY] for latin in word.latin)}:
                self._by_start[key].add(index)

    def _word(self, own: str) -> _Word:
        word = self._words.get(own)
        if word is None:
            word = self._words[own] = _Word(_fold(own), own, _latin_forms(own))
        return word

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str | None, str, NameKind]]) -> NameIndex:
        """From rows of (entity, name, a class of it, the name's language, its kind), as
        ``names_all.rq`` answers."""
        index = cls()
        seen: set[tuple[str, str, str]] = set()
        for entity, name, entity_type, lang, kind in sorted(
            rows, key=lambda row: (row[0], row[1], row[3], row[4], row[2] or "")
        ):
            if (entity, name, lang) in seen:
                index.add(entity, "", entity_type)
                continue
            seen.add((entity, name, lang))
            index.add(entity, name, entity_type, lang=lang, kind=kind)
        return index

    def entities_beginning(self, start: str, limit: int) -> list[str]:
        """Entities whose IRI begins with ``start``, in order: an id being typed."""
        if self._sorted is None:
            self._sorted = sorted(self.types.keys() | self._shown.keys())
        found: list[str] = []
        for entity in self._sorted[bisect.bisect_left(self._sorted, start) :]:
            if not entity.startswith(start) or len(found) == limit:
                break
            found.append(entity)
        return found

    def has(self, entity: str) -> bool:
        """Whether the entity has a name or a class here."""
        return entity in self.types or entity in self._shown

    def label(self, entity: str, lang: str) -> LocalText | None:
        """The entity's label in ``lang``, else in the explorer's fallback order."""
        return choose_text(self._labels.get(entity, {}), lang)

    def search(
        self, text: str, *, types: Iterable[str] = (), limit: int = 20, prefix: bool = False
    ) -> list[Hit]:
        """Entities with a name of which every word of ``text`` matches a word, best first;
        of an entity's names that match as well, a shown one, then one in the language
        ``text`` is written in, then a label.

        ``prefix``: ``text`` is being typed, so its last word may be the beginning of a
        word from its first letter on."""
        query = _query_words(text)
        if not query:
            return []
        wanted = set(types)
        lang = written_in(text) or ""
        weights: dict[tuple[int, str], float] = {}
        best: dict[str, tuple[tuple[float, bool, bool, NameKind, str], _Name]] = {}
        for position in self._candidates(query):
            name = self.names[position]
            if wanted and not wanted & self.types.get(name.entity, set()):
                continue
            score = _score(query, name, prefix=prefix, weights=weights)
            if score is None:
                continue
            hidden = name.kind is NameKind.HIDDEN
            rank = (-score, hidden, name.lang != lang, name.kind, name.text)
            known = best.get(name.entity)
            if known is None or rank < known[0]:
                best[name.entity] = (rank, name)
        ranked = sorted(best, key=lambda entity: (best[entity][0], entity))
        hits = []
        for entity in ranked[:limit]:
            rank, name = best[entity]
            shown = self._shown_name(name, query, lang) if name.kind is NameKind.HIDDEN else name
            hits.append(
                Hit(
                    entity,
                    shown.text if shown else entity,
                    round(-rank[0], 3),
                    tuple(sorted(self.types.get(entity, ()))),
                    shown.lang if shown else "",
                )
            )
        return hits

    def _shown_name(self, hidden: _Name, query: list[tuple[str, str]], lang: str) -> _Name | None:
        """The shown name of the entity sharing most words with the query, in the query's
        language before another, shortest first."""
        shown = [self.names[n] for n in self._shown.get(hidden.entity, ())]
        if not shown:
            return None
        return min(
            shown,
            key=lambda name: (
                -sum(any(_weigh(f, o, w, begun=True) for w in name.words) for f, o in query),
                name.lang != lang,
                len(name.words),
                name.text,
            ),
        )

    def _candidates(self, query: list[tuple[str, str]]) -> list[int]:
        """Names with a word beginning as each query word begins, in the order added."""
        sets = []
        for folded, _ in query:
            key = folded[:_KEY]
            if len(key) == _KEY:
                sets.append(self._by_start.get(key, set()))
            else:  # one letter typed: every name with a word that begins with it
                sets.append(
                    set().union(*(names for k, names in self._by_start.items() if k[:1] == key))
                )
        sets.sort(key=len)
        found = set(sets[0])
        for more in sets[1:]:
            found &= more
        return sorted(found)


def _score(
    query: list[tuple[str, str]],
    name: _Name,
    *,
    prefix: bool,
    weights: dict[tuple[int, str], float],
) -> float | None:
    """How well the query names ``name`` (1.0: the name's own words, as many), or
    ``None`` when a query word matches none of its words. ``weights``: each query word's
    worth against each word already weighed (names share their words)."""
    total = 0.0
    last = len(query) - 1
    for position, (folded, own) in enumerate(query):
        begun = len(folded) >= _MIN_PREFIX or (prefix and position == last)
        weight = 0.0
        for word in name.words:
            key = (position, word.own)
            if key not in weights:
                weights[key] = _weigh(folded, own, word, begun=begun)
            weight = max(weight, weights[key])
        if not weight:
            return None
        total += weight
    return total / max(len(name.words), len(query))


def _weigh(folded: str, own: str, word: _Word, *, begun: bool) -> float:
    """What one query word is worth against one word of a name (0: no match)."""
    if folded == word.folded:
        return EXACT
    if folded in word.latin:
        return TRANSLITERATED
    if len(folded) >= MIN_SPELLING_LETTERS and any(
        fuzz.ratio(folded, form, score_cutoff=SPELLING_CUTOFF)
        for form in (word.folded, *word.latin)
    ):
        return SPELLED
    # the query's language is not known for sure: a word inflected as any language
    # inflects a name's last word matches
    if any(
        rules.same_word(own, word.own, last=True) or rules.same_word(folded, word.folded, last=True)
        for rules in REGISTRY.values()
    ):
        return INFLECTED
    if begun and (word.folded.startswith(folded) or any(w.startswith(folded) for w in word.latin)):
        return BEGUN
    return 0.0
