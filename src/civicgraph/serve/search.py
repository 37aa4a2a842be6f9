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
    score: float
    types: tuple[str, ...] = ()


@dataclass
class NameIndex:
    """Every name of every entity, looked up by the first letters of its words."""

    names: list[tuple[str, str, list[str]]] = field(default_factory=list)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _by_start: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, entity: str, name: str, entity_type: str | None = None) -> None:
        if entity_type is not None:
            self.types[entity].add(entity_type)
        words = _words(name)
        if not words:
            return
        index = len(self.names)
        self.names.append((entity, name, words))
        for word in words:
            self._by_start[word[:2]].add(index)

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str | None]]) -> NameIndex:
        index = cls()
        seen: set[tuple[str, str]] = set()
        for entity, name, entity_type in rows:
            if (entity, name) in seen:
                index.add(entity, "", entity_type)
                continue
            seen.add((entity, name))
            index.add(entity, name, entity_type)
        return index

    def search(self, text: str, *, types: Iterable[str] = (), limit: int = 20) -> list[Hit]:
        """Entities whose names contain every word of ``text``, best first."""
        query = _words(text)
        if not query:
            return []
        wanted = set(types)
        candidates = self._by_start.get(query[0][:2], set())
        best: dict[str, tuple[float, str]] = {}
        for position in candidates:
            entity, name, words = self.names[position]
            if wanted and not wanted & self.types.get(entity, set()):
                continue
            if not all(any(word_matches(q, w) for w in words) for q in query):
                continue
            exact = sum(q in words for q in query)
            score = (len(query) + exact) / (2 * max(len(words), len(query)))
            if entity not in best or (score, name) > best[entity]:
                best[entity] = (score, name)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))
        return [
            Hit(entity, name, round(score, 3), tuple(sorted(self.types.get(entity, ()))))
            for entity, (score, name) in ranked[:limit]
        ]
