"""Find entities by name in any of their languages, inflected Kazakh and Russian forms too.

A user types «Әшімбаевтың», «Ашимбаева» or «ashimbayev»: each word of the query matches
a word of a name when it is that word, begins it (typing in progress), or is it inflected
as any language inflects a name's last word, by the rules drafting and coverage match
names with (``civicgraph.ingest.languages``: Kazakh endings, pymorphy3's Russian lemmas). Names are folded the way the Wikidata linker folds them
(``civicgraph.linking.text``), so quotes, case and look-alike letters do not matter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from civicgraph.ingest.languages import REGISTRY
from civicgraph.linking.text import fold_case, fold_letters

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_PREFIX = 3


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_letters(fold_case(text)))


def word_matches(query_word: str, name_word: str) -> bool:
    """Whether one folded query word names the same thing as one folded name word."""
    if query_word == name_word:
        return True
    if len(query_word) >= _MIN_PREFIX and name_word.startswith(query_word):
        return True
    # The query's language is not known: a word inflected as any language inflects it matches.
    return any(rules.same_word(query_word, name_word, last=True) for rules in REGISTRY.values())


@dataclass(frozen=True)
class Hit:
    entity: str
    name: str
    """The name that matched, or, when only a hidden form matched, the entity's shown name
    nearest the query: a hidden label is searched, never displayed."""
    score: float
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Name:
    entity: str
    name: str
    words: list[str]
    hidden: bool


@dataclass
class NameIndex:
    """Every name of every entity, looked up by the first letters of its words."""

    names: list[_Name] = field(default_factory=list)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _by_start: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _shown: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(
        self, entity: str, name: str, entity_type: str | None = None, *, hidden: bool = False
    ) -> None:
        """One name of ``entity``; a ``hidden`` one (skos:hiddenLabel) finds it but is not shown."""
        if entity_type is not None:
            self.types[entity].add(entity_type)
        words = _words(name)
        if not words:
            return
        index = len(self.names)
        self.names.append(_Name(entity, name, words, hidden))
        if not hidden:
            self._shown[entity].append(index)
        for word in words:
            self._by_start[word[:2]].add(index)

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str | None, bool]]) -> NameIndex:
        """From (entity, name, class, hidden) rows, as ``names_all.rq`` answers."""
        index = cls()
        seen: set[tuple[str, str]] = set()
        for entity, name, entity_type, hidden in rows:
            if (entity, name) in seen:
                index.add(entity, "", entity_type)
                continue
            seen.add((entity, name))
            index.add(entity, name, entity_type, hidden=hidden)
        return index

    def search(self, text: str, *, types: Iterable[str] = (), limit: int = 20) -> list[Hit]:
        """Entities whose names contain every word of ``text``, best first."""
        query = _words(text)
        if not query:
            return []
        wanted = set(types)
        candidates = self._by_start.get(query[0][:2], set())
        best: dict[str, tuple[float, bool, str]] = {}
        for position in candidates:
            entry = self.names[position]
            if wanted and not wanted & self.types.get(entry.entity, set()):
                continue
            if not all(any(word_matches(q, w) for w in entry.words) for q in query):
                continue
            exact = sum(q in entry.words for q in query)
            score = (len(query) + exact) / (2 * max(len(entry.words), len(query)))
            # a shown name wins a tie with a hidden one: it is what the reader sees
            rank = (score, not entry.hidden, entry.name)
            if entry.entity not in best or rank > best[entry.entity]:
                best[entry.entity] = rank
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][2], kv[0]))
        return [
            Hit(
                entity,
                name if shown else self._shown_name(entity, query),
                round(score, 3),
                tuple(sorted(self.types.get(entity, ()))),
            )
            for entity, (score, shown, name) in ranked[:limit]
        ]

    def _shown_name(self, entity: str, query: list[str]) -> str:
        """The shown name of ``entity`` sharing most words with the query, shortest first."""
        shown = [self.names[n] for n in self._shown.get(entity, ())]
        if not shown:
            return entity
        return min(
            shown,
            key=lambda e: (
                -sum(any(word_matches(q, w) for w in e.words) for q in query),
                len(e.words),
                e.name,
            ),
        ).name
