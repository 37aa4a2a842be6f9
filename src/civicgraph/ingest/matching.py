"""Find every name of a known entity in a text, through inflection, in kk, ru or en.

The one name matcher of drafting and the coverage check (``civicgraph.mentions``): it
weighs each language's inflection (its ``LanguageRules``), resolves a surname alone to the
person named in full earlier in the same text, and reports a name two entities share as
ambiguous instead of choosing one.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from civicgraph.ingest.languages import REGISTRY, LanguageRules, rules_for
from civicgraph.ingest.spans import ByStart, Spans
from civicgraph.ingest.tokens import Token, tokenize
from civicgraph.linking.text import (
    fold_case,
    fold_letters,
    is_cyrillic,
    strip_diacritics,
    transliterate,
)
from civicgraph.model import Entity

_PREFIX = 3
_PUNCTUATION = re.compile(r"[^\w\s-]")
"""What parts a word from its neighbour: a mark, an apostrophe too (the President’ Office: the
word after a possessive is what it owns, not a name)."""


@dataclass(frozen=True)
class Match:
    """A span naming one or more known entities (more than one: ambiguous)."""

    start: int
    end: int
    entity_ids: tuple[str, ...]
    label: str
    """The label or alternative label that matched."""
    exact: bool
    """Whether the words are the label's own, without inflection."""
    back_reference: bool = False
    generic: bool = False
    """Whether only a one-word hidden label matched («Президент», "Parliament"): a word that
    names the entity in the country's press and the like of it in any other country."""
    inner: tuple[Match, ...] = ()
    """Known names of other entities inside this one's words: the Senate in «Сенат
    Төрағасы», the UN in «Программа развития ООН». The longer name is of them, so each is a
    mention too."""


@dataclass(frozen=True)
class _Name:
    entity_id: str
    words: tuple[str, ...]
    label: str
    gaps: tuple[str, ...]
    """What separates the words in the label, less spaces: a bracket must be in the text too."""
    generic: bool = False


SPELLING_CUTOFF = 88.0
"""The least rapidfuzz ``ratio`` (0-100) of two proper names' folded spellings that makes
them one name: Ashimbaev/Ashimbayev (95), Zhetisu/Zhetysu Region (93), Kassym-Zhomart/
Kassym-Jomart Tokayev (93) pass; two persons' different surnames (Ашимов/Ашимбаев, 71)
do not. Chosen on benchmarks/real_eval (README, "Spelling variants")."""
MIN_SPELLING_LETTERS = 6
"""Shorter names are compared as written only: one letter is a large part of them."""


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    """A name as its spellings agree: case, punctuation and hyphens folded, Kazakh letters as
    their Russian look-alikes (Тоқаев, Токаев), Latin marks dropped."""
    return strip_diacritics(fold_letters(fold_case(name.replace("-", " "))))


def same_spelling(name: str, other: str) -> bool:
    """Whether two names of as many words are one name written two ways (Қабибұлла and
    Қабиболла Жақыпов), by the cutoff the authority file's names are matched with."""
    if len(name.split()) != len(other.split()):
        return False
    return fuzz.ratio(spelling_key(name), spelling_key(other)) >= SPELLING_CUTOFF


class EntityIndex:
    """Labels and alternative labels of the authority file, by the first letters of their first word.

    ``spelling`` also finds a proper name written another way (Maulen Ashimbaev, Zhetisu
    Region, Серик Нурланбаев for Серік Нұрланбаев): two or three capitalised words no label
    matches are compared, folded by ``spelling_key``, with the labels of as many words by
    rapidfuzz's ``ratio``.
    """

    def __init__(self, entities: Iterable[Entity], language: str, *, spelling: bool = True) -> None:
        self.language = language
        self.rules = rules_for(language)
        self.entities = {e.id: e for e in entities}
        self.spelling = spelling
        self._by_prefix: dict[str, list[_Name]] = defaultdict(list)
        # Proper names by their word count and their key's first letter: the choices a
        # word sequence is compared with.
        self._spellings: dict[tuple[int, str], dict[str, set[tuple[str, str]]]] = defaultdict(
            lambda: defaultdict(set)
        )
        for entity in self.entities.values():
            shown = {*entity.labels.values(), *(n for ns in entity.alt_labels.values() for n in ns)}
            for label in self._with_given_and_patronymic(entity, _names(entity, language)):
                tokens = tokenize(label)
                words = tuple(t.text for t in tokens)
                gaps = tuple(
                    label[a.end : b.start].replace(" ", "") for a, b in itertools.pairwise(tokens)
                )
                generic = len(words) == 1 and label not in shown
                if words:
                    self._by_prefix[_key(words[0])].append(
                        _Name(entity.id, words, label, gaps, generic)
                    )
            # A proper name in another language of the same script is a spelling too: a
            # Russian text writes «Катаржиной Вавьерниа» as the Kazakh label does.
            for label in _names_in_script(entity, cyrillic=self.rules.script == "Cyrl"):
                words = tuple(t.text for t in tokenize(label))
                key = spelling_key(label)
                if (
                    words
                    and all(w[:1].isupper() and not w.isupper() for w in words)
                    and sum(c.isalpha() for c in key) >= MIN_SPELLING_LETTERS
                ):
                    self._spellings[(len(words), key[:1])][key].add((entity.id, label))
        self._spelling_cache: dict[tuple[int, str], tuple[tuple[str, ...], str] | None] = {}
        self._parts: dict[str, frozenset[str]] = {}

    def _with_given_and_patronymic(self, entity: Entity, names: set[str]) -> set[str]:
        """A person's names and, of a full name with a patronymic, its given name and
        patronymic: the respectful form the press names a well-known person by
        («Қасым-Жомарт Кемелұлы», «Касым-Жомарта Кемелевича»). Only the patronymic on record
        makes the form the person's: the same given name with another is another person's,
        and many Kazakh family names are patronymics in shape (Ғалым Қонақбайұлы)."""
        if entity.type != "Person":
            return names
        shortened = set()
        for name in names:
            words = name.split()
            if len(words) == 3 and self.rules.looks_like_patronymic(words[1]):
                shortened.add(f"{words[0]} {words[1]}")
        return names | shortened

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Maximal spans naming a known entity, each with the other known names inside it
        (``Match.inner``); a span several entities share is one ambiguous match."""
        tokens = tokens if tokens is not None else tokenize(text)
        found: dict[tuple[int, int], list[tuple[str, str, bool]]] = defaultdict(list)
        generic: set[tuple[int, int, str]] = set()
        for i, token in enumerate(tokens):
            for name in self._by_prefix.get(_key(token.text), ()):
                n = len(name.words)
                window = tokens[i : i + n]
                if len(window) < n or not _same_gaps(text, window, name.gaps):
                    continue
                if all(
                    self.rules.same_word(t.text, w, last=k == n - 1)
                    for k, (t, w) in enumerate(zip(window, name.words, strict=True))
                ):
                    exact = all(t.text == w for t, w in zip(window, name.words, strict=True))
                    found[(token.start, window[-1].end)].append((name.entity_id, name.label, exact))
                    if name.generic:
                        generic.add((token.start, window[-1].end, name.entity_id))
        if self.rules.elided_head_conjunction is not None:
            self._elided_heads(tokens, found, self.rules.elided_head_conjunction)
        matches = []
        for (start, end), hits in found.items():
            ids = tuple(sorted({h[0] for h in hits}))
            best = max(hits, key=lambda h: (h[2], len(h[1])))
            only_generic = all((start, end, e) in generic for e in ids)
            matches.append(Match(start, end, ids, best[1], best[2], generic=only_generic))
        every = ByStart(matches)
        matches = _maximal(matches)
        if self.spelling:
            matches = _maximal([*matches, *self._other_spellings(text, tokens, matches)])
        neighbours = _Neighbours(text, tokens)
        matches = self._without_words_of_other_places(neighbours, matches)
        if any(m.generic for m in matches):
            matches = self._without_other_countries(text, tokens, matches)
        return [self._with_inner(match, every, neighbours) for match in matches]

    def _without_other_countries(
        self, text: str, tokens: list[Token], matches: list[Match]
    ) -> list[Match]:
        """A one-word generic form («Президент», "Parliament") names the country's own
        entity unless the text uses the word for another's: an owner beside it that is no
        known name (US President, President of the UN General Assembly, президент России,
        Иран президенті) or an unknown person's name after it (президент Ибрахим Раиси). The
        word used so, its other bare uses are left out too, but for one right before a known
        person (President Kassym-Jomart Tokayev) or one that is "ours" (президентіміз, the
        Kazakh Parliament). A
        plural names several, and a word of
        another post before it (Vice President, «Первый Президент») another post."""
        position = {t.start: k for k, t in enumerate(tokens)}
        named = Spans((m.start, m.end) for m in matches)
        person_at = {m.start for m in matches if self._is_person(m)}
        kept: list[Match] = []
        foreign: set[str] = set()
        bare: list[tuple[Match, bool]] = []
        for match in matches:
            k = position.get(match.start)
            if not match.generic or k is None:
                kept.append(match)
                continue
            near = [_next_word(text, tokens, k, step) for step in (-1, 1, 2, 3)]
            before, after = near[0], near[1]
            if self.rules.is_plural_form(tokens[k].text, match.label) or (
                before is not None and self.rules.is_other_post_word(before.text)
            ):
                continue
            if self.rules.is_ours(tokens[k].text, match.label) or (
                before is not None and self.rules.is_national(before.text)
            ):
                kept.append(match)
                continue
            if self._names_another_owner(tokens[k].text, match.label, near, named):
                foreign.add(match.label)
                continue
            bare.append((match, after is not None and after.start in person_at))
        kept.extend(m for m, before_person in bare if before_person or m.label not in foreign)
        return sorted(kept, key=lambda m: (m.start, m.end))

    def _names_another_owner(
        self, word: str, label: str, near: list[Token | None], named: Spans
    ) -> bool:
        """Whether the words around the generic form ``word`` (one before, three after) say
        it is another's: an owner that is no known name, or an unknown person's name after it."""
        before, after, later, last = near
        rules = self.rules

        def unknown(token: Token | None) -> bool:
            return token is not None and not named.holds(token.start)

        if (
            unknown(before)
            and before is not None
            and rules.owns_title_before(before.text, word, label)
        ):
            return True
        if unknown(after) and after is not None and rules.owns_title_after(after.text):
            # "President of the Republic of Kazakhstan": the owner after "of" is known
            return not any(t is not None and named.holds(t.start) for t in (later, last))
        return (
            unknown(after)
            and unknown(later)
            and after is not None
            and later is not None
            and _is_proper(after.text)
            and _is_proper(later.text)
        )

    def _is_person(self, match: Match) -> bool:
        return len(match.entity_ids) == 1 and self.entities[match.entity_ids[0]].type == "Person"

    def _with_inner(self, outer: Match, every: ByStart[Match], neighbours: _Neighbours) -> Match:
        """``outer`` with the names of other entities its words hold, each the longest of
        its entity's (Сената Парламента, not also Парламента, when both name the Senate)."""
        held = [
            m
            for m in every.between(outer.start, outer.end)
            if m.end <= outer.end
            and (m.start, m.end) != (outer.start, outer.end)
            and not set(m.entity_ids) & set(outer.entity_ids)
        ]
        inner = [
            m
            for m in held
            if not any(
                o is not m
                and o.start <= m.start
                and m.end <= o.end
                and set(o.entity_ids) & set(m.entity_ids)
                for o in held
            )
        ]
        if inner:
            inner = self._without_words_of_other_places(neighbours, inner)
        return replace(outer, inner=tuple(inner)) if inner else outer

    def parts(self, entity_id: str) -> frozenset[str]:
        """The entities a name of ``entity_id`` names inside it: the Senate and the
        Parliament in «Қазақстан Республикасы Парламенті Сенатының Төрағасы», the UN in
        «Программа развития ООН». Where the text names the entity, it names them too."""
        if entity_id not in self._parts:
            entity = self.entities.get(entity_id)
            found: set[str] = set()
            for name in _names(entity, self.language) if entity is not None else ():
                for match in self.find(name):
                    for m in (match, *match.inner):
                        found.update(m.entity_ids)
            found.discard(entity_id)
            self._parts[entity_id] = frozenset(found)
        return self._parts[entity_id]

    def _without_words_of_other_places(
        self, neighbours: _Neighbours, matches: list[Match]
    ) -> list[Match]:
        """A known place followed by a kind word its own name lacks names another place
        (Абай ауданы is no Абай облысы); with its own kind word it is that place, even in
        the plural (Жетісу және Ұлытау облыстары). After a capitalised word of direction it
        is a word of another place's or body's name (Батыс Қазақстан, South Kazakhstan
        State University)."""
        rules = self.rules
        if not (rules.place_kind_stems or rules.direction_words):
            return matches
        kept = []
        for match in matches:
            places = all(self.entities[e].kind == "place" for e in match.entity_ids)
            after = neighbours.after.get(match.end)
            kind = rules.place_kind(after.text) if after is not None else None
            # a name before its kind word is written bare: Қазақстанға before «ауыл» is the
            # country in the dative, no word of a village's name. A locative there stays out:
            # «Қызылордада ауыл әкімдері» would make the headline's event the region's.
            if (
                kind is not None
                and places
                and (match.exact or self._locative(neighbours.text, match))
                and not any(self._named_with(e, kind) for e in match.entity_ids)
            ):
                continue
            before = neighbours.before.get(match.start)
            if (
                places
                and before is not None
                and neighbours.text[before.end : match.start] == " "
                and rules.is_direction_word(before.text)
            ):
                continue
            kept.append(match)
        return kept

    def _locative(self, text: str, match: Match) -> bool:
        return self.rules.is_locative(text, match.start, match.end, match.label)

    def _named_with(self, entity_id: str, kind: str) -> bool:
        label = self.entities[entity_id].labels.get(self.language, "")
        return bool(label) and self.rules.place_kind(label.split()[-1]) == kind

    def _other_spellings(self, text: str, tokens: list[Token], matches: list[Match]) -> list[Match]:
        """Proper names no label matched, compared with the labels by spelling."""
        covered = Spans((m.start, m.end) for m in matches)
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            hit = None
            # One word alone is too little to tell a variant from another word: Kazakhstani is
            # no Kazakhstan, a given name Nursultan no Nur-Sultan.
            for n in (3, 2):
                window = tokens[i : i + n]
                if (
                    len(window) < n
                    or not all(_is_proper(t.text) for t in window)
                    or covered.overlaps(window[0].start, window[-1].end)
                    or not all(text[a.end : b.start] == " " for a, b in itertools.pairwise(window))
                ):
                    continue
                written = [t.text for t in window]
                written[-1] = self.rules.strip_name_case(written[-1])
                hit = self._spelled(n, spelling_key(" ".join(written)))
                if hit is not None:
                    ids, label = hit
                    found.append(Match(window[0].start, window[-1].end, ids, label, False))
                    i += n
                    break
            if hit is None:
                i += 1
        return found

    def _spelled(self, n: int, key: str) -> tuple[tuple[str, ...], str] | None:
        """The entities whose name of ``n`` words is spelled most like ``key``, and that name."""
        if sum(c.isalpha() for c in key) < MIN_SPELLING_LETTERS:
            return None
        if (n, key) in self._spelling_cache:
            return self._spelling_cache[(n, key)]
        choices = self._spellings.get((n, key[:1]), {})
        best = process.extract(
            key, list(choices), scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF, limit=None
        )
        result = None
        if best:
            top = max(score for _, score, _ in best)
            named = {pair for choice, score, _ in best if score == top for pair in choices[choice]}
            result = (tuple(sorted({e for e, _ in named})), min(label for _, label in named))
        self._spelling_cache[(n, key)] = result
        return result

    def _elided_heads(
        self,
        tokens: list[Token],
        found: dict[tuple[int, int], list[tuple[str, str, bool]]],
        conjunction: str,
    ) -> None:
        """«Абайской и Улытауской областей»: the first adjective names its region without the noun.

        When a name of two words is matched right after the conjunction, the capitalised word
        before it is matched against the first word of two-word labels with the same head.
        """
        spans = {start: hits for (start, _end), hits in found.items()}
        for i in range(2, len(tokens)):
            adjective, conj = tokens[i - 2], tokens[i - 1]
            hits = spans.get(tokens[i].start)
            if conj.text != conjunction or not hits or not adjective.text[:1].isupper():
                continue
            heads = {h[1].split()[-1] for h in hits if len(h[1].split()) == 2}
            for name in self._by_prefix.get(_key(adjective.text), ()):
                if (
                    len(name.words) == 2
                    and name.words[1] in heads
                    and self.rules.same_word(adjective.text, name.words[0], last=False)
                ):
                    found[(adjective.start, adjective.end)].append(
                        (name.entity_id, name.label, False)
                    )


class _Neighbours:
    """Each word's neighbours in one text, by position, made once per text."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.after = {a.end: b for a, b in itertools.pairwise(tokens)}
        self.before = {b.start: a for a, b in itertools.pairwise(tokens)}


def _next_word(text: str, tokens: list[Token], k: int, step: int) -> Token | None:
    """The word ``step`` words from the ``k``-th, if only spaces stand between."""
    j = k + step
    if not 0 <= j < len(tokens):
        return None
    first, second = (tokens[j], tokens[k]) if step < 0 else (tokens[k], tokens[j])
    return tokens[j] if _PUNCTUATION.search(text, first.end, second.start) is None else None


def _is_proper(word: str) -> bool:
    """A capitalised word, not an abbreviation (whose letters are each a word)."""
    return word[:1].isupper() and not word.isupper() and any(c.isalpha() for c in word)


def _names(entity: Entity, language: str) -> set[str]:
    names = set(entity.names(language))
    # A name in the Latin script (UNDP, an English acronym) reads the same in every language.
    for other in (*entity.alt_labels.values(), *entity.hidden_labels.values()):
        names.update(n for n in other if n.isupper() and n.isascii())
    return {n for n in names if n and not (entity.kind == "event" and _describes_an_event(n))}


def _describes_an_event(label: str) -> bool:
    """A label a draft gave an event it had no name for ("Forum", «Сессия, Астана,
    2025-05-19»): an event noun, with its place and date after commas. Matched as a name,
    it would make every forum of every later text that one."""
    head = label.split(",", maxsplit=1)[0].strip()
    return "," in label or (
        " " not in head and any(rules.event_noun(head) for rules in REGISTRY.values())
    )


def _names_in_script(entity: Entity, *, cyrillic: bool) -> set[str]:
    """Every name of ``entity``, in any language, written in Cyrillic (or not); for a text in
    the Latin script, a Cyrillic name romanised too, as the press writes Kazakh names
    (Qasym-Zhomart Toqaev, Qasym-Zhomart Toqayev)."""
    names = {n for language in _languages(entity) for n in entity.names(language)}
    if cyrillic:
        return {n for n in names if is_cyrillic(n)}
    romanised = {
        transliterate(n, scheme=scheme)
        for n in names
        if is_cyrillic(n)
        for scheme in ("practical", "practical-plain")
    }
    return {n for n in names if not is_cyrillic(n)} | romanised


def _languages(entity: Entity) -> set[str]:
    return {*entity.labels, *entity.alt_labels, *entity.hidden_labels}


def _key(word: str) -> str:
    return word.casefold()[:_PREFIX]


def _same_gaps(text: str, window: list[Token], gaps: tuple[str, ...]) -> bool:
    """The text separates the words as the label does (spaces aside): no comma or full stop inside a name."""
    return all(
        "".join(text[a.end : b.start].split()) == gap
        for a, b, gap in zip(window, window[1:], gaps, strict=False)
    )


def _maximal(matches: list[Match]) -> list[Match]:
    """The matches no other match holds.

    In order of start, longest first, a match is held by an earlier one exactly when an
    earlier one reaches as far; spans are distinct, so no later match holds an earlier.
    """
    kept: list[Match] = []
    reach = -1
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if match.end <= reach:
            continue
        kept.append(match)
        reach = match.end
    return kept


def resolve_back_references(
    text: str,
    tokens: list[Token],
    matches: list[Match],
    persons: dict[str, str],
    rules: LanguageRules,
) -> list[Match]:
    """A surname alone, after the person was named in full, refers back to that person.

    ``persons`` maps a person's id to their surname as the label writes it. Only names
    after the first full mention count, and those of a headline above it ("Tokayev met
    …" over a report naming Kassym-Jomart Tokayev); two persons with that surname make the
    word ambiguous.
    """
    first_seen: dict[str, int] = {}
    for match in matches:
        if len(match.entity_ids) == 1 and match.entity_ids[0] in persons:
            first_seen.setdefault(match.entity_ids[0], match.end)
    by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pid, surname in persons.items():
        if pid in first_seen:
            by_prefix[_key(surname)].append((pid, surname))
    covered = Spans((m.start, m.end) for m in matches)
    found: list[Match] = []
    for token in tokens:
        if not token.text[:1].isupper() or covered.holds(token.start):
            continue
        ids = tuple(
            sorted(
                pid
                for pid, surname in by_prefix.get(_key(token.text), ())
                if (first_seen[pid] <= token.start or _in_headline(text, token.start))
                and rules.same_word(token.text, surname, last=True)
            )
        )
        if ids:
            found.append(Match(token.start, token.end, ids, token.text, False, back_reference=True))
    return sorted([*matches, *found], key=lambda m: m.start)


HEADLINE_CHARACTERS = 200
"""A headline is one short line; a longer one is a paragraph of the report."""


def _in_headline(text: str, position: int) -> bool:
    """Whether ``position`` is on a headline: a short line ending with no full stop, every
    line before it short too (a page's section name, a date), so it stands above the report."""
    end = text.find("\n", position)
    lines = text[: end if end >= 0 else len(text)].split("\n")
    return all(
        len(line.strip()) <= HEADLINE_CHARACTERS and not line.rstrip().endswith(".")
        for line in lines
    )
