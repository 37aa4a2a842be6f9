"""Propose, from one text, every mention, new entity and fact it states, and nothing it does not.

The rules keep to what the words say (README, "The text says what it says"): a title
without a name next to it ("the Prime Minister") gets no person; a person named only
inside a quote or after "the President's Address" is a mention, never a participant;
an event in a future or intention form is planned, and nobody takes part in it; a date
comes from the sentence that gives it, or from "today" and the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from civicgraph.ingest import lexicon
from civicgraph.ingest.dates import FoundDate, find_dates
from civicgraph.ingest.matching import EntityIndex, Match, Token, resolve_back_references, tokenize
from civicgraph.ingest.morphology import (
    is_adjective,
    is_given_name,
    looks_like_patronymic,
    looks_like_surname,
    nominative_name,
    nominative_phrase_head,
    russian_lemma,
    russian_lemmas,
    strip_name_case,
)
from civicgraph.ingest.proposals import KINDS, Proposal
from civicgraph.ingest.text import inside, quote_spans, sentence_spans
from civicgraph.linking.text import transliterate
from civicgraph.model import Entity

_MIN_QUOTE_WORDS = 3
_KK_POSSESSIVE_CASE = re.compile(r"^(.{3,}[ыі])(?:ның|нің|на|не|нда|нде|нан|нен|ны|ні|мен|н)$")
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A lower-case ASCII slug of any kk/ru/en text, through the linker's transliteration."""
    latin = transliterate(text).casefold()
    latin = latin.encode("ascii", "ignore").decode()
    return _SLUG.sub("-", latin).strip("-") or "x"


@dataclass
class _Person:
    """A person the text names: known (authority id) or new (proposed id)."""

    id: str
    start: int
    end: int
    label: str
    known: bool


@dataclass
class _Event:
    id: str
    status: str
    noun: str
    placed: bool
    """Whether a place or date was given where it was introduced."""


@dataclass
class _State:
    text: str
    language: str
    source_id: str
    entities: dict[str, Entity]
    tokens: list[Token]
    quotes: list[tuple[int, int]]
    proposals: list[Proposal] = field(default_factory=list)
    persons: list[_Person] = field(default_factory=list)
    new_ids: dict[str, str] = field(default_factory=dict)
    """Proposed id → label of every new entity proposed so far."""

    def propose(self, proposal: Proposal) -> None:
        assert self.text[proposal.start : proposal.end] == proposal.quote
        self.proposals.append(proposal)


def draft_text(
    text: str,
    *,
    language: str,
    source_id: str,
    entities: Iterable[Entity],
    published: str | None,
    index: EntityIndex | None = None,
) -> list[Proposal]:
    """Every proposal for ``text``, sorted by offset; ``index`` may be shared across texts."""
    entity_map = {e.id: e for e in entities}
    index = index if index is not None else EntityIndex(entity_map.values(), language)
    tokens = tokenize(text)
    quotes = quote_spans(text)
    state = _State(text, language, source_id, entity_map, tokens, quotes)
    known = index.find(text, tokens)
    new_people = _new_persons(state, known)
    surnames = {
        e.id: e.labels[language].split()[-1]
        for e in entity_map.values()
        if e.type == "Person" and e.labels.get(language)
    }
    surnames.update({p.id: p.label.split()[-1] for p in new_people})
    matches = resolve_back_references(
        text, tokens, [*known, *_as_matches(new_people)], surnames, language
    )
    _propose_mentions(state, matches, {p.id for p in new_people})
    for person in new_people:
        state.persons.append(person)
    for match in matches:
        if len(match.entity_ids) == 1 and entity_map.get(match.entity_ids[0]) is not None:
            entity = entity_map[match.entity_ids[0]]
            if entity.type == "Person":
                state.persons.append(
                    _Person(
                        entity.id,
                        match.start,
                        match.end,
                        entity.labels.get(language, match.label),
                        True,
                    )
                )
        elif match.back_reference and len(match.entity_ids) == 1:
            label = next((p.label for p in new_people if p.id == match.entity_ids[0]), match.label)
            state.persons.append(_Person(match.entity_ids[0], match.start, match.end, label, False))
    state.persons.sort(key=lambda p: p.start)
    _propose_holdings(state, known)
    _propose_bodies_and_places(state, known)
    dates = find_dates(text, language, published=published)
    _propose_events(state, known, dates, published)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(
        state.proposals, key=lambda p: (p.start, order[p.kind], p.end, p.entity or "", p.label)
    )


# ---------------------------------------------------------------- persons


def _new_persons(state: _State, known: list[Match]) -> list[_Person]:
    """Persons of two or three capitalised words not in the authority file, nominative restored."""
    text, tokens, language = state.text, state.tokens, state.language
    taken = [(m.start, m.end) for m in known]
    found: list[_Person] = []
    seen: dict[str, str] = {}
    for j, token in enumerate(tokens):
        if j == 0 or not _is_name_word(token.text):
            continue
        first = tokens[j - 1]
        if not _is_name_word(first.text) or text[first.end : token.start] != " ":
            continue
        after_title = j >= 2 and _is_title_word(tokens[j - 2].text, language)
        shaped = looks_like_surname(token.text, language)
        if language == "ru" and not after_title:
            shaped = shaped and is_given_name(first.text, language)
        if not (shaped or after_title) or _is_title_word(first.text, language):
            continue
        if (
            j + 1 < len(tokens)
            and _is_name_word(tokens[j + 1].text)
            and text[token.end : tokens[j + 1].start] == " "
        ):
            continue  # the name goes on: its last word decides
        words = [first, token]
        if j >= 2 and looks_like_patronymic(first.text) and _is_name_word(tokens[j - 2].text):
            words.insert(0, tokens[j - 2])
        start, end = words[0].start, words[-1].end
        if any(s < end and start < e for s, e in taken) or _is_known_word(state, words):
            continue
        label = " ".join(nominative_name([w.text for w in words], language))
        person_id = seen.get(label.casefold()) or f"person/{slugify(label)}"
        seen[label.casefold()] = person_id
        found.append(_Person(person_id, start, end, label, False))
    return found


def _is_name_word(word: str) -> bool:
    return (
        word[:1].isupper()
        and not word.isupper()
        and word.replace("-", "").replace("'", "").replace("’", "").isalpha()
    )


def _is_known_word(state: _State, words: list[Token]) -> bool:
    """Words that are a place or body kind word (облысы, Region, Ministry) are no person's name."""
    kinds = {"облысы", "облыстық", "қаласы", "region", "ministry", "республикасы", "парламенті"}
    return any(strip_name_case(w.text, state.language).casefold() in kinds for w in words)


def _is_title_word(word: str, language: str) -> bool:
    folded = word.casefold()
    if language == "ru":
        return russian_lemma(folded) in lexicon.TITLE_NOUNS["ru"]
    if language == "kk":
        return any(folded.startswith(stem) for stem in lexicon.TITLE_NOUNS["kk"])
    return folded in lexicon.TITLE_NOUNS["en"]


def _as_matches(persons: list[_Person]) -> list[Match]:
    return [Match(p.start, p.end, (p.id,), p.label, True) for p in persons]


def _propose_mentions(state: _State, matches: list[Match], new_person_ids: set[str]) -> None:
    first_new: set[str] = set()
    for match in matches:
        quote = state.text[match.start : match.end]
        if len(match.entity_ids) > 1:
            state.propose(
                Proposal(
                    "mention", None, quote, "Ambiguous", quote, match.start, match.end, 0.4,
                    f"{quote!r} names {len(match.entity_ids)} entities of the authority file; pick one",
                    {"candidates": list(match.entity_ids)},
                )
            )  # fmt: skip
            continue
        entity_id = match.entity_ids[0]
        if entity_id in new_person_ids:
            if entity_id not in first_new and not match.back_reference:
                first_new.add(entity_id)
                _propose_new_entity(state, entity_id, label=match.label, entity_type="Person", span=(match.start, match.end), why=
                                    "two or three capitalised words shaped as a person's name"
                                    + (f", nominative of {quote!r}" if quote != match.label else ""))  # fmt: skip
                continue
            why = (
                "surname alone, refers back to the person named earlier"
                if match.back_reference
                else "the new person named again"
            )
            state.propose(
                Proposal(
                    "mention",
                    entity_id,
                    match.label,
                    "Person",
                    quote,
                    match.start,
                    match.end,
                    0.75,
                    why,
                )
            )
            continue
        entity = state.entities[entity_id]
        label = entity.labels.get(state.language) or match.label
        if match.back_reference:
            confidence, why = 0.8, f"surname alone, refers back to {label} named earlier"
        elif match.exact:
            confidence, why = 0.95, f"the words of its label {match.label!r}"
        else:
            confidence, why = 0.9, f"{match.label!r} inflected"
        state.propose(
            Proposal(
                "mention",
                entity_id,
                label,
                entity.type,
                quote,
                match.start,
                match.end,
                confidence,
                why,
            )
        )


def _propose_new_entity(
    state: _State, entity_id: str, *, label: str, entity_type: str, span: tuple[int, int], why: str
) -> str:
    """Propose a new entity once; an id the authority file already has is that entity."""
    start, end = span
    quote = state.text[start:end]
    if entity_id in state.entities:
        known = state.entities[entity_id]
        state.propose(
            Proposal(
                "mention", entity_id, known.labels.get(state.language) or label, known.type, quote,
                start, end, 0.75, f"{label!r} is the name of {entity_id} in another script",
                {"suggested_label": {state.language: label}},
            )
        )  # fmt: skip
        return entity_id
    if entity_id in state.new_ids:
        return entity_id
    state.new_ids[entity_id] = label
    extra: dict[str, object] = {"language": state.language}
    if state.language != "en":
        extra["suggested_label"] = {"en": transliterate(label), "machine_made": True}
    state.propose(
        Proposal("entity", entity_id, label, entity_type, quote, start, end, 0.7, why, extra)
    )
    return entity_id


# ---------------------------------------------------------------- posts and holdings


@dataclass(frozen=True)
class _Title:
    start: int
    end: int
    post_id: str
    label: str
    known: bool
    shortened: bool = False
    """The words are only the end of the known post's name."""


def _propose_holdings(state: _State, known: list[Match]) -> None:
    posts = [
        m
        for m in known
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].type == "Post"
    ]
    for person in state.persons:
        title = _title_before(state, person, posts) or _title_after(state, person, posts)
        if title is None:
            continue
        if not title.known:
            _propose_new_entity(state, title.post_id, label=title.label, entity_type="Post", span=(title.start, title.end), why=
                                "a title next to a person's name")  # fmt: skip
        start, end = min(title.start, person.start), max(title.end, person.end)
        post_label = (
            title.label
            if not title.known
            else state.entities[title.post_id].labels.get(state.language, title.label)
        )
        state.propose(
            Proposal(
                "post_holding", None, f"{person.label} — {post_label}", "PostHolding",
                state.text[start:end], start, end, _holding_confidence(title), _holding_why(title, person),
                {"person": person.id, "post": title.post_id, "status": "current"},
            )
        )  # fmt: skip


def _holding_confidence(title: _Title) -> float:
    if title.shortened:
        return 0.6
    return 0.85 if title.known else 0.7


def _holding_why(title: _Title, person: _Person) -> str:
    where = (
        "stands next to the name"
        if title.start < person.start
        else "follows the name after a comma"
    )
    if title.shortened:
        return f"the title {where}; its words are the end of the name of {title.post_id}"
    return f"the title {where}"


def _title_before(state: _State, person: _Person, posts: list[Match]) -> _Title | None:
    text, language = state.text, state.language
    before = [t for t in state.tokens if t.end <= person.start]
    if not before or text[before[-1].end : person.start] != " ":
        return None
    rule = {"kk": _kk_title, "ru": _ru_title, "en": _en_title}[language]
    words = rule(before)
    # A title never reaches back over punctuation: keep the words after the last mark.
    while words and re.search(r"[.,;:!?()«»\"]", text[words[0].start : words[-1].end]):
        words = words[1:]
    known = next((m for m in posts if text[m.end : person.start] == " "), None)
    deputy = any(
        w.text.casefold().startswith(d) for w in words for d in lexicon.DEPUTY_WORDS[language]
    )
    if known is not None and not deputy:
        return _Title(known.start, known.end, known.entity_ids[0], known.label, True)
    if not words:
        return None
    label = _title_label(words, language, text)
    ending = _post_ending_with(state, label)
    if ending is not None and not deputy:
        return _Title(words[0].start, words[-1].end, ending, label, True, shortened=True)
    return _Title(words[0].start, words[-1].end, f"post/{slugify(label)}", label, False)


def _post_ending_with(state: _State, title: str) -> str | None:
    """The one known post whose name ends with ``title`` («… Тұрақты өкілі»), if only one does.

    The press shortens a post to its last words once the body is clear from the sentence;
    two posts ending alike make it no match at all.
    """
    folded = " ".join(title.casefold().split())
    found = {
        entity.id
        for entity in state.entities.values()
        if entity.type == "Post"
        for name in (
            entity.labels.get(state.language, ""),
            *entity.alt_labels.get(state.language, ()),
        )
        if name and " ".join(name.casefold().split()).endswith(" " + folded)
    }
    return found.pop() if len(found) == 1 else None


def _title_after(state: _State, person: _Person, posts: list[Match]) -> _Title | None:
    for match in posts:
        gap = state.text[person.end : match.start]
        if gap == ", ":
            return _Title(match.start, match.end, match.entity_ids[0], match.label, True)
    return None


def _kk_title(before: list[Token]) -> list[Token]:
    head = before[-1]
    if not any(head.text.casefold().startswith(s) for s in lexicon.TITLE_NOUNS["kk"]):
        return []
    words = [head]
    for token in reversed(before[:-1]):
        current = words[0].text.casefold()
        word = token.text
        genitive = re.search(r"(?:ның|нің|дың|дің|тың|тің)$", word) is not None
        adjectival = (
            re.search(r"(?:тық|тік|дық|дік|лық|лік|дағы|дегі|тағы|тегі)$", word) is not None
        )
        capital_ok = word[:1].isupper() and (
            words[0] is head
            or re.search(r"(?:ның|нің|дың|дің|тың|тің|тық|тік|дық|дік|лық|лік)$", current)
        )
        if genitive or adjectival or capital_ok:
            words.insert(0, token)
            if len(words) >= 5 or (capital_ok and not (genitive or adjectival)):
                break
        else:
            break
    return words


def _ru_title(before: list[Token]) -> list[Token]:
    for k in range(len(before) - 1, max(len(before) - 5, -1), -1):
        if russian_lemma(before[k].text) in lexicon.TITLE_NOUNS["ru"]:
            if not all(t.text[:1].islower() or t.text.isupper() for t in before[k + 1 :]):
                return []
            first = k - 1 if k > 0 and is_adjective(before[k - 1].text) else k
            return before[first:]
    return []


def _en_title(before: list[Token]) -> list[Token]:
    words: list[Token] = []
    for token in reversed(before):
        word = token.text
        if "'" in word or "’" in word:
            break
        if (
            word[:1].isupper()
            or word in ("of", "for", "the", "in")
            or word.casefold() in lexicon.TITLE_NOUNS["en"]
        ):
            words.insert(0, token)
            continue
        # "maslikhat secretary": a body noun in front of the title belongs to it
        if (
            words
            and words[0].text.casefold() in lexicon.TITLE_NOUNS["en"]
            and word in lexicon.EN_BODY_NOUNS
        ):
            words.insert(0, token)
        break
    while words and words[0].text in ("of", "for", "the", "in", "The"):
        words.pop(0)
    if not any(w.text.casefold() in lexicon.TITLE_NOUNS["en"] for w in words):
        return []
    return words


def _title_label(words: list[Token], language: str, text: str) -> str:
    phrase = text[words[0].start : words[-1].end]
    if language == "ru":
        head = words[0]
        for token in words:
            if russian_lemma(token.text) in lexicon.TITLE_NOUNS["ru"]:
                head = token
                prefix = text[words[0].start : token.start]
                return prefix + nominative_phrase_head(token.text) + text[token.end : words[-1].end]
        return nominative_phrase_head(head.text) + phrase[len(head.text) :]
    return phrase


# ---------------------------------------------------------------- bodies and places


def _propose_bodies_and_places(state: _State, known: list[Match]) -> None:
    text, language = state.text, state.language
    taken = [(m.start, m.end) for m in known]
    patterns = [*lexicon.BODY_PATTERNS[language], *lexicon.PLACE_PATTERNS[language]]
    for pattern, entity_type in patterns:
        for match in re.finditer(pattern, text):
            start, end = match.start(), match.end()
            if any(s <= start and end <= e for s, e in taken):
                continue
            label = _nominative_phrase(match.group(), language)
            kind = "place" if entity_type in ("City", "Region") else "org"
            _propose_new_entity(state, f"{kind}/{slugify(label)}", label=label, entity_type=entity_type, span=(start, end), why=
                                f"shaped as the name of a {entity_type}")  # fmt: skip
            taken.append((start, end))
    for name in lexicon.CHAMBERS[language]:
        for token in state.tokens:
            if token.text.casefold().startswith(name.casefold()) and not any(
                s <= token.start < e for s, e in taken
            ):
                _propose_new_entity(state, f"org/{slugify(name)}", label=name, entity_type="LegislativeChamber", span=(token.start, token.end),
                                    why="the name of a chamber of Parliament")  # fmt: skip


def _nominative_phrase(phrase: str, language: str) -> str:
    words = phrase.split()
    if language == "kk":
        match = _KK_POSSESSIVE_CASE.match(words[-1])
        if match:
            words[-1] = match.group(1)
    elif language == "ru":
        words[0] = nominative_phrase_head(words[0])
    return " ".join(words)


# ---------------------------------------------------------------- events, participation, quotes, dates


def _propose_events(
    state: _State, known: list[Match], dates: list[FoundDate], published: str | None
) -> None:
    text, language = state.text, state.language
    sentences = sentence_spans(text, state.quotes)
    places = [
        m
        for m in known
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].kind == "place"
    ]
    events = [
        m
        for m in known
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].kind == "event"
    ]
    current: _Event | None = None
    count = 0
    event_dates: set[tuple[int, int]] = set()
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        outside = _outside_quotes(text, s_start, s_end, state.quotes).casefold()
        noun = _event_noun(state, s_start, s_end)
        held = any(marker in outside for marker in lexicon.HELD_MARKERS[language])
        planned = _is_planned(outside, language)
        in_sentence = [d for d in dates if s_start <= d.start < s_end]
        named = next((m for m in events if s_start <= m.start < s_end), None)
        new_noun = current is None or noun is None or noun[0] != current.noun
        place = next(
            (m for m in places if s_start <= m.start < s_end and _is_locative(state, m)), None
        )
        if noun is not None and (
            current is None or in_sentence or (new_noun and (held or planned) and place is not None)
        ):
            status = "planned" if planned else "held"
            if named is not None:
                # An event of the authority file named in the sentence is that event.
                event_id = named.entity_ids[0]
            elif current is not None and not new_noun and not current.placed:
                # A headline named it without place or date; this sentence gives them.
                event_id = current.id
            else:
                count += 1
                event_id = f"event/{state.source_id}-{count}"
            current = _Event(event_id, status, noun[0], bool(in_sentence or place))
            date = in_sentence[0] if in_sentence else None
            extra: dict[str, object] = {"status": status, "event_type": noun[1],
                                        "place": place.entity_ids[0] if place else None,
                                        "date": date.date if date else None,
                                        "basis": date.basis if date else None}  # fmt: skip
            label = noun[0][:1].upper() + noun[0][1:]
            why = ("a future or intention form: planned, not held" if planned
                   else "an event noun with a past form or a date: it took place")  # fmt: skip
            state.propose(
                Proposal(
                    "event", current.id, label, noun[1], sentence, s_start, s_end, 0.7, why, extra
                )
            )
            for d in in_sentence:
                event_dates.add((d.start, d.end))
                state.propose(Proposal("date", current.id, d.date, "date", d.quote, d.start, d.end,
                                       0.9 if d.basis == "absolute" else 0.75,
                                       f"the date of {current.id}: {d.basis}",
                                       {"date": d.date, "basis": d.basis, "event": current.id}))  # fmt: skip
        if current is not None and current.status == "held":
            _propose_participations(state, s_start, s_end, current, outside)
        _propose_quotes(state, s_start, s_end, current)
    for d in dates:
        if (d.start, d.end) not in event_dates:
            state.propose(Proposal("date", None, d.date, "date", d.quote, d.start, d.end,
                                   0.8 if d.basis == "absolute" else 0.6,
                                   f"a date the text gives: {d.basis}", {"date": d.date, "basis": d.basis, "event": None}))  # fmt: skip


def _is_locative(state: _State, match: Match) -> bool:
    """The place is where something happens: Астанада, «в Астане», "in Astana"."""
    if state.language == "kk":
        # The ending added to the name, not the name's own letters (Қызылорда ends in -да).
        written = state.text[match.start : match.end].split()[-1].casefold()
        tail = written.removeprefix(match.label.split()[-1].casefold())
        return tail != written and re.fullmatch(r"(?:да|де|та|те|нда|нде)", tail) is not None
    before = state.text[max(0, match.start - 4) : match.start].casefold()
    if state.language == "ru":
        return re.search(r"(?:^|\s)во? $", before) is not None
    return re.search(r"(?:^|\s)(?:in|at) $", before) is not None


def _outside_quotes(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
    chars = [c if not inside(start + i, quotes) else " " for i, c in enumerate(text[start:end])]
    return " " + "".join(chars) + " "


def _event_noun(state: _State, start: int, end: int) -> tuple[str, str] | None:
    nouns = lexicon.EVENT_NOUNS[state.language]
    for token in state.tokens:
        if not (start <= token.start < end) or inside(token.start, state.quotes):
            continue
        folded = token.text.casefold()
        if state.language == "kk":
            for stem, kind in nouns.items():
                if folded.startswith(stem):
                    return stem, kind
        elif state.language == "ru":
            for lemma in russian_lemmas(folded):
                if lemma in nouns:
                    return lemma, nouns[lemma]
        elif folded in nouns:
            return folded.rstrip("s") if folded.endswith("ations") else folded, nouns[folded]
        if folded in lexicon.MEETING_VERBS[state.language]:
            return {"kk": "кездесу", "ru": "встреча", "en": "meeting"}[state.language], "Meeting"
    return None


def _is_planned(outside: str, language: str) -> bool:
    if any(marker in outside for marker in lexicon.PLANNED_MARKERS[language]):
        return True
    if language == "kk":
        return any(
            re.search(rf"[а-яәғқңөұүһі]{{2,}}{ending}\b", outside)
            for ending in lexicon.KK_INTENTION
        )
    return False


def _propose_participations(
    state: _State, start: int, end: int, event: _Event, outside: str
) -> None:
    language = state.language
    if any(neg in outside for neg in lexicon.NEGATIONS[language]):
        return
    people = [
        p
        for p in state.persons
        if start <= p.start < end
        and not inside(p.start, state.quotes)
        and not _only_mentioned(state, p, start)
    ]
    if not people:
        return
    sentence = state.text[start:end]
    done: set[tuple[str, str]] = set()
    for role, verbs in lexicon.ROLE_VERBS[language].items():
        for verb in verbs:
            end_mark = "" if language == "kk" else r"(?!\w)"
            for match in re.finditer(
                rf"(?<!\w){re.escape(verb)}{end_mark}", sentence, re.IGNORECASE
            ):
                at = start + match.start()
                if inside(at, state.quotes):
                    continue
                person = min(people, key=lambda p: min(abs(p.start - at), abs(p.end - at)))
                if (person.id, role) in done:
                    continue
                done.add((person.id, role))
                state.propose(
                    Proposal(
                        "participation", None, f"{person.label} — {role}", "Participation",
                        sentence, start, end, 0.7,
                        f"{match.group()!r} gives the role of the person named in the sentence of {event.id}",
                        {"person": person.id, "event": event.id, "role": role},
                    )
                )  # fmt: skip


def _only_mentioned(state: _State, person: _Person, sentence_start: int) -> bool:
    """Named after "Address"/«Послании»/«Жолдауында» in the same sentence: mentioned, not present."""
    words = lexicon.QUOTE_MENTION_WORDS[state.language]
    head = state.text[sentence_start : person.start].casefold()
    return any(w in head for w in words)


def _propose_quotes(state: _State, start: int, end: int, event: _Event | None) -> None:
    for q_start, q_end in state.quotes:
        if not (start <= q_start < end):
            continue
        quote = state.text[q_start:q_end]
        if len(quote.split()) < _MIN_QUOTE_WORDS:
            continue
        outside = [
            p for p in state.persons if start <= p.start < end and not inside(p.start, state.quotes)
        ]
        after = [p for p in outside if p.start >= q_end]
        before = [p for p in outside if p.end <= q_start]
        speaker: _Person | None = None
        why = ""
        if after:
            speaker, why = after[0], "the speaker is named after the quote"
        elif before:
            speaker, why = before[-1], "the speaker is named before the quote"
        else:
            earlier = [
                p for p in state.persons if p.end <= start and not inside(p.start, state.quotes)
            ]
            if earlier:
                speaker, why = (
                    earlier[-1],
                    "no name in the sentence: the person last named before it",
                )
        if speaker is None:
            continue
        extra: dict[str, object] = {"speaker": speaker.id, "event": event.id if event else None}
        state.propose(Proposal("quote", None, f"{speaker.label}: {quote[:40]}", "Quote", quote, q_start, q_end,
                               0.8 if not why.startswith("no name") else 0.6, why, extra))  # fmt: skip
