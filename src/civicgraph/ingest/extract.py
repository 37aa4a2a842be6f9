"""Propose, from one text, every mention, new entity and fact it states, and nothing it does not.

This module finds the names (known entities, new persons, bodies and places); ``titles``
proposes the holdings, ``events`` the events, participations, quotes and dates.

The rules keep to what the words say (README, "The text says what it says"): a title
without a name next to it ("the Prime Minister") gets no person; a person named only
inside a quote or after "the President's Address" is a mention, never a participant;
an event in a future or intention form is scheduled, and nobody takes part in it; a date
comes from the sentence that gives it, or from "today" and the publication date.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from civicgraph.errors import SourceError
from civicgraph.ingest.context import DraftState, Person, propose_new_entity, slugify
from civicgraph.ingest.dates import find_dates
from civicgraph.ingest.events import propose_events
from civicgraph.ingest.languages import CREDIT_CHARACTERS, is_credit_line
from civicgraph.ingest.matching import (
    EntityIndex,
    Match,
    resolve_back_references,
    same_spelling,
    spelling_key,
)
from civicgraph.ingest.proposals import KINDS, Proposal
from civicgraph.ingest.spans import Spans
from civicgraph.ingest.titles import propose_holdings
from civicgraph.ingest.tokens import Token, tokenize
from civicgraph.model import Entity

_PLACE_CLASSES = frozenset({"City", "Region", "District"})
"""The classes of the place shapes in the language rules (the others are bodies)."""
_CLAUSE_REACH = 9
"""Words before a name read for a title it follows or agrees with."""
_INITIAL = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]?")
_MIN_FAMILY_NAME = 3
_MIN_CAPITALISED_NAME = 6

MAX_DRAFT_CHARS = 8_000_000
"""The longest text drafted, in characters. Drafting time grows with the text (3 to 6 ms
of CPU a KB, benchmarks/draft_scaling.py), but a draft of a longer text holds hundreds of
thousands of proposals: no curator could review it, so such a document is added in parts."""


def refuse_too_long(text: str, source_id: str) -> None:
    """Refuse a text longer than a draft reads, before it is held or drafted."""
    if len(text) > MAX_DRAFT_CHARS:
        raise SourceError(
            f"the text has {len(text):,} characters, more than the {MAX_DRAFT_CHARS:,} a draft "
            "reads: no curator could review its proposals",
            subject=source_id,
            hint="add the document in parts with civicgraph source add",
        )


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
    refuse_too_long(text, source_id)
    entity_map = {e.id: e for e in entities}
    index = index if index is not None else EntityIndex(entity_map.values(), language)
    state = DraftState(text, language, source_id, entity_map)
    tokens = state.tokens
    known = index.find(text, tokens)
    new_people = _new_persons(state, known)
    surnames = {
        e.id: e.labels[language].split()[-1]
        for e in entity_map.values()
        if e.type == "Person" and e.labels.get(language)
    }
    surnames.update({p.id: p.label.split()[-1] for p in new_people})
    matches = resolve_back_references(
        text, tokens, [*known, *_as_matches(new_people)], surnames, state.rules
    )
    _propose_mentions(state, matches, {p.id for p in new_people})
    new_labels: dict[str, str] = {}
    for p in new_people:
        new_labels.setdefault(p.id, p.label)
    for person in new_people:
        state.persons.append(person)
    for match in matches:
        if len(match.entity_ids) == 1 and entity_map.get(match.entity_ids[0]) is not None:
            entity = entity_map[match.entity_ids[0]]
            if entity.type == "Person":
                state.persons.append(
                    Person(
                        entity.id,
                        match.start,
                        match.end,
                        entity.labels.get(language, match.label),
                        True,
                    )
                )
        elif match.back_reference and len(match.entity_ids) == 1:
            label = new_labels.get(match.entity_ids[0], match.label)
            state.persons.append(Person(match.entity_ids[0], match.start, match.end, label, False))
    state.persons.sort(key=lambda p: p.start)
    propose_holdings(state, known)
    _propose_bodies_and_places(state, known)
    dates = find_dates(text, language, published=published)
    propose_events(state, known, dates, published)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(
        state.proposals, key=lambda p: (p.start, order[p.kind], p.end, p.entity or "", p.label)
    )


# ---------------------------------------------------------------- persons


def _new_persons(state: DraftState, known: list[Match]) -> list[Person]:
    """Persons of two or three capitalised words not in the authority file, nominative
    restored: of the ways a name reads in the nominative, the one another place of the text
    writes as it is («Ерлана Кошанова» is Ерлан Кошанов where «Ерлан Кошанов» is written
    too), else the likeliest."""
    names = _person_names(state, known)
    readings = [
        [
            " ".join(r)
            for r in state.rules.nominative_readings(
                [w.text for w in words], before=_clause_before(state, words[0])
            )
        ]
        for words in names
    ]
    written: dict[str, set[int]] = {}
    for n, words in enumerate(names):
        as_written = " ".join(w.text for w in words)
        if readings[n][0] == as_written:
            written.setdefault(as_written, set()).add(n)
    labels = [
        next((r for r in readings[n] if written.get(r, set()) - {n}), readings[n][0])
        for n in range(len(names))
    ]
    in_full: dict[tuple[str, str], set[str]] = {}
    for label in labels:
        if not label.split()[0].endswith("."):
            in_full.setdefault(_initialled(label), set()).add(label)
    found: list[Person] = []
    seen: dict[str, str] = {}
    # labels by their first letter and their family name's: the spellings of one name agree
    # on those, and a long text compares each name with a few, not with every other
    spelt: dict[tuple[str, str], list[str]] = {}
    for words, written_label in zip(names, labels, strict=True):
        # «Д. Назарбаева» is the one Дариға Назарбаева the text names in full
        full = in_full.get(_initialled(written_label), set())
        initialled = written_label.split()[0].endswith(".")
        label = next(iter(full)) if initialled and len(full) == 1 else written_label
        # one person for two spellings on one page (Қабибұлла, Қабиболла): the first named
        first, family = _initialled(label)
        bucket = spelt.setdefault((first, family[:1]), [])
        label = next((s for s in bucket if same_spelling(s, label)), label)
        if label not in bucket:
            bucket.append(label)
        person_id = seen.get(label.casefold()) or f"person/{slugify(label)}"
        seen[label.casefold()] = person_id
        found.append(Person(person_id, words[0].start, words[-1].end, label, False))
    return found


def _initialled(name: str) -> tuple[str, str]:
    """A name's first letter and family name, folded: how an initial writes it."""
    words = spelling_key(name).split()
    return words[0][:1], words[-1]


def _clause_before(state: DraftState, first: Token) -> list[str]:
    """The words of the name's clause before it, up to a punctuation mark (a title the name
    stands in apposition to: «акима области» before «Даниала Ахметова»); an apostrophe
    stays inside the clause (the President’s Office)."""
    words = state.index.tokens_before(first.start, _CLAUSE_REACH)
    kept: list[str] = []
    following = first
    for token in reversed(words):
        if state.text[token.end : following.start].strip(" '’"):
            break
        kept.insert(0, token.text)
        following = token
    return kept


def _person_names(state: DraftState, known: list[Match]) -> list[list[Token]]:
    """The words of each place the text names a person the authority file does not hold:
    in each run of capitalised words, the given name, patronymic and family name it holds
    (Ермек Көшербаев in «Ермек Көшербаев Ресейдің Өскемендегі …», Daniel Rosenblum at the end
    of «Kazakhstan Daniel Rosenblum» after a title), and initials with a family name."""
    taken = Spans((m.start, m.end) for m in known)
    found: list[list[Token]] = []
    for run in _capitalised_runs(state):
        found.extend(_names_in_run(state, run, taken))
    found.extend(_initialled_names(state, taken))
    return sorted(found, key=lambda words: words[0].start)


def _capitalised_runs(state: DraftState) -> list[list[Token]]:
    """Runs of capitalised words one space apart. A family name in capitals after a name
    (Нурлан НОГАЕВ, as some sites write it) is read as the name it is (Ногаев)."""
    runs: list[list[Token]] = []
    for token in state.tokens:
        follows = bool(runs) and state.text[runs[-1][-1].end : token.start] == " "
        if _is_capitalised_family_name(token.text) and follows:
            runs[-1].append(Token(token.start, token.end, token.text.capitalize()))
            continue
        if not _is_name_word(token.text) or _is_initial(state, token):
            continue
        if follows:
            runs[-1].append(token)
        else:
            runs.append([token])
    return [run for run in runs if len(run) >= 2]


def _is_capitalised_family_name(word: str) -> bool:
    """A word in capitals long enough to be no abbreviation (ЗКО, ҚР, ODIHR are short)."""
    return word.isupper() and word.isalpha() and len(word) >= _MIN_CAPITALISED_NAME


def _names_in_run(state: DraftState, run: list[Token], taken: Spans) -> list[list[Token]]:
    """The persons' names in one run, read from its end, where a title leaves its holder's
    name. A pair needs the shape of a name (a family name of the region's shape, a first name
    a dictionary knows), or to end the run, or follow a title in it, right after a title."""
    rules = state.rules
    found: list[list[Token]] = []
    k = len(run) - 2
    while k >= 0:
        words = run[k : k + 2]
        if k >= 1 and rules.looks_like_patronymic(words[0].text):
            words = run[k - 1 : k + 2]
        elif (
            k >= 1
            and rules.looks_like_patronymic(words[-1].text)
            and rules.looks_like_surname(run[k - 1].text)
            and not rules.looks_like_patronymic(run[k - 1].text)
        ):
            # the official order, family name first: «Дүйсенбаев Берік Фатықұлы»
            words = run[k - 1 : k + 2]
        given, family = words[0].text, words[-1].text
        shaped = rules.is_person_name(given, family) or (
            len(words) == 3 and rules.looks_like_surname(family)
        )
        at_title_end = k + 2 == len(run) or rules.is_title_word(run[k + 2].text)
        titled = at_title_end and rules.titles_name(_clause_before(state, words[0]))
        if (
            (shaped or titled)
            and rules.may_begin_name(words[0].text)
            and not any(rules.is_title_word(w.text) for w in words)
            and not taken.overlaps(words[0].start, words[-1].end)
            and not _is_known_word(state, words)
            and not _credited(state, words)
        ):
            found.append(words)
            k -= len(words)
        else:
            k -= 1
    return found


def _is_initial(state: DraftState, token: Token) -> bool:
    """An initial: one letter or two (Zh) and a full stop (A. Smailov, Zh.Kasymbek)."""
    return (
        _INITIAL.fullmatch(token.text) is not None and state.text[token.end : token.end + 1] == "."
    )


def _initialled_names(state: DraftState, taken: Spans) -> list[list[Token]]:
    """An initial (or two letters, Zh.) and a family name: «А. Смаилов», "B.Baibek". Written
    with a space, the family name must have the region's shape or follow a title; written
    without one, nothing else reads so."""
    text, tokens, rules = state.text, state.tokens, state.rules
    known = {
        _initialled(entity.labels[state.language])
        for entity in state.entities.values()
        if entity.type == "Person" and len(entity.labels.get(state.language, "").split()) >= 2
    }
    found: list[list[Token]] = []
    for initial, family in itertools.pairwise(tokens):
        gap = text[initial.end : family.start]
        if (
            gap not in (".", ". ")
            or not _is_initial(state, initial)
            or not _is_name_word(family.text)
            or len(family.text) < _MIN_FAMILY_NAME
            or text[initial.start - 1 : initial.start] == "."  # U.S.
        ):
            continue
        # the initial keeps its full stop: the label is «А. Смаилов», not «А Смаилов»
        words = [Token(initial.start, initial.end + 1, initial.text + "."), family]
        written = " ".join(state.rules.nominative_name([w.text for w in words]))
        if _initialled(written) in known:
            continue  # K.Tokayev: a known person, named again
        if (
            (gap == "." or rules.looks_like_surname(family.text)
             or rules.titles_name(_clause_before(state, initial)))
            and not rules.is_title_word(family.text)
            and not taken.overlaps(initial.start, family.end)
            and not _is_known_word(state, words)
            and not _credited(state, words)
        ):  # fmt: skip
            found.append(words)
    return found


def _is_name_word(word: str) -> bool:
    return (
        word[:1].isupper()
        and not word.isupper()
        and word.replace("-", "").replace("'", "").replace("’", "").isalpha()
    )


def _is_known_word(state: DraftState, words: list[Token]) -> bool:
    """Words of a place's or a body's name (облысы, Region, Ministry, Affairs) are no person's name."""
    return any(state.rules.is_name_kind_word(w.text) for w in words)


def _with_inner(matches: list[Match]) -> list[Match]:
    """Every match, each followed by the known names inside it."""
    return [m for match in matches for m in (match, *match.inner)]


def _credited(state: DraftState, words: list[Token]) -> bool:
    """A name on a line that credits a photo or names the author (Фото: …, Автор: …, Photo
    by …), or alone on its line but for figures (a byline's date, time and view count, a
    caption): the journalist's or photographer's, not a person the report names. A name
    alone on its line with the holder's title on the next is a signature («Бейбіт ЖҮСІПОВ,»
    over «облыстық мәслихатының төрағасы»), the report's own."""
    if _between_slashes(state.text, words[0].start, words[-1].end):
        return True
    start, end = state.index.line(words[0].start)
    if end - start > CREDIT_CHARACTERS:
        return False  # a paragraph, not a credit, a byline or a caption
    if is_credit_line(state.text[start:end]):
        return True
    named = {w.start for w in words}
    alone = not any(
        any(c.isalpha() for c in t.text)
        for t in state.index.tokens_within(start, end)
        if t.start not in named
    )
    if not alone:
        return False
    following = state.index.tokens_within(end, state.index.line(end + 1)[1])
    return not any(state.rules.is_title_word(t.text) for t in following)


def _between_slashes(text: str, start: int, end: int) -> bool:
    """A name set off by slashes is an agency's byline inside the lead («ҚазАқпарат /Имя
    Фамилия/ -», "AGENCY /Jane Madeup/"), the reporter's, not a person of the report."""
    return text[start - 1 : start] == "/" and text[end : end + 1] == "/"


def _as_matches(persons: list[Person]) -> list[Match]:
    return [Match(p.start, p.end, (p.id,), p.label, True) for p in persons]


def _propose_mentions(state: DraftState, matches: list[Match], new_person_ids: set[str]) -> None:
    first_new: set[str] = set()
    inside = {inner: match for match in matches for inner in match.inner}
    for match in _with_inner(matches):
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
                propose_new_entity(state, entity_id, label=match.label, entity_type="Person", span=(match.start, match.end), why=
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
        elif match in inside:
            outer = inside[match]
            confidence = 0.85
            why = f"{match.label!r} inside the name {state.text[outer.start : outer.end]!r}"
        elif match.exact:
            confidence, why = 0.95, f"the words of its label {match.label!r}"
        else:
            confidence, why = 0.9, f"{match.label!r} inflected or spelt another way"
        extra: dict[str, object] = {}
        if (
            entity.type == "Person"
            and state.language not in entity.labels
            and not match.back_reference
        ):
            # the person's name in this text's language, for the authority file to learn
            named = state.rules.nominative_name([t.text for t in tokenize(quote)])
            extra["suggested_label"] = {state.language: " ".join(named)}
        state.propose(
            Proposal(
                "mention", entity_id, label, entity.type, quote, match.start, match.end,
                confidence, why, extra,
            )
        )  # fmt: skip


# ---------------------------------------------------------------- bodies and places


def _propose_bodies_and_places(state: DraftState, known: list[Match]) -> None:
    text, rules = state.text, state.rules
    taken = [(m.start, m.end) for m in known]
    patterns = [*rules.body_patterns, *rules.place_patterns]
    for pattern, entity_type in patterns:
        # One pattern's matches never overlap: what earlier ones took is all to check.
        earlier = Spans(taken)
        for match in re.finditer(pattern, text):
            start, end = match.start(), match.end()
            if earlier.contains(start, end):
                continue
            label = rules.nominative_phrase(match.group())
            kind = "place" if entity_type in _PLACE_CLASSES else "org"
            propose_new_entity(state, f"{kind}/{slugify(label)}", label=label, entity_type=entity_type, span=(start, end), why=
                                f"shaped as the name of a {entity_type}")  # fmt: skip
            taken.append((start, end))
    for match in re.finditer(rules.party_pattern, text):
        propose_new_entity(state, f"org/{slugify(match.group(1))}-party",
                           label=rules.nominative_phrase(match.group()),
                           entity_type="Organisation", span=match.span(),
                           why="a name with the word for a political party")  # fmt: skip
    named = Spans(taken)
    for name in rules.chambers:
        for token in state.tokens:
            # the name with a case ending (Мажилиса, мажилисом), not a word made from it
            # («мажилисмен», a deputy of it)
            if rules.same_word(token.text, name, last=True) and not named.holds(token.start):
                propose_new_entity(state, f"org/{slugify(name)}", label=name, entity_type="LegislativeChamber", span=(token.start, token.end),
                                    why="the name of a chamber of Parliament")  # fmt: skip
