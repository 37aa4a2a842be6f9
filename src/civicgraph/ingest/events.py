"""Events, who took part in them and in what role, quotes with their speakers, and dates.

An event is introduced by a sentence with an event noun, a verb of meeting, or a verb of
receiving someone; later sentences with the same noun refer to it unless they give it
another place, date or status. Its status is what the sentence says
(``civicgraph.facts.EVENT_STATUSES``): called off (cancelled), put off (postponed), a
future, intention or convening form (scheduled), else held; nobody takes part in an event
that was not held. A person named inside a quote or after "Address" is mentioned, never a
participant. A date that is a document's («2025
жылғы 10 желтоқсандағы шешімі», "the June 8 decree") is no event's date. One proposal is
made per event, at the sentence that places it (or introduces it), once the text is read.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from civicgraph.ingest.context import DraftState, Person
from civicgraph.ingest.dates import FoundDate, resolve_year
from civicgraph.ingest.languages import ANY_KIND, LanguageRules
from civicgraph.ingest.matching import Match
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.quotes import propose_quotes
from civicgraph.ingest.spans import ByStart, Spans
from civicgraph.ingest.tokens import Token

_STATUS_REACH = 8
"""A word calling an event off or putting it off stands within this many words of its noun
(«отменить проведение форума», "call off the 2024 Astana International Forum")."""
_SPOKEN_AT_REACH = 4
"""A speech verb followed this closely by an event noun says the person spoke at it."""
_GOVERNED_WORDS = 4
"""At most this many words, titles aside, between a phrase and the name it governs."""
_GOVERNED_GAP = 3
"""The characters between a Kazakh name and the postposition after it (a space)."""
_CLAUSE_REACH = 600
"""A clause is looked for this many characters each side of the event noun."""
_CLAUSE_START = re.compile(r"[.!?;…]+[»”\"']?\s|:\s*[«“\"]")
_CLAUSE_END = re.compile(r"[.!?;…](?=[»”\"']?\s|$)")
_YEAR = re.compile(r"(?:19|20)\d\d(?:-?\w{1,4})?")
"""A year as a word of its own (2022, the Kazakh 2022-жылы's first part aside)."""
_MODIFIER_REACH = 3
"""A word giving an event's status stands within this many words before its noun ("the
scheduled annual session")."""
_HOLDING_REACH = 3
"""A holding verb's event noun stands within this many words of it ("held an extended
meeting", «жылу маусымы бойынша жиналыс өткізді» counts from the verb back)."""
_HOLDS = "holds"
"""The role a holding verb gives before the sentence says which (``holding_verbs``)."""
_VOTE = "vote"
"""The kind of an election or referendum (``LanguageRules.event_kinds``)."""
_REPORTS = "reports"
"""The role a reporting verb gives when its subject stands beside it (``reporting_verbs``)."""
_DOCUMENT_REACH = 3
"""A document noun stands within this many words after its date («10 желтоқсандағы № 8С-24
шешімі», "June 8 decree"), a quoted title aside, or right before it («решением от»)."""


@dataclass
class _Event:
    id: str
    noun: str
    event_type: str
    status: str
    span: tuple[int, int]
    """The sentence that introduced the event, or the later one that gave its place."""
    place: Match | None = None
    date: FoundDate | None = None
    unknown_place: str | None = None
    """Where it was, by a name the authority file lacks: two sittings "in Semey" and "in
    Taldykorgan" are two."""
    year: str | None = None
    """The year a sentence about it gives without a day («в 2022 году»)."""
    number: str | None = None
    """The ordinal that numbers it ("the IV meeting", «ХХІ сессия»)."""
    dated_later: bool = False
    """Scheduled because its date is after the publication's, whatever its verb's tense."""
    stated: bool = True
    """Whether a sentence said its status: one that said nothing ("Senate to hold a forum",
    a headline) is held until a later sentence about it says otherwise."""


class _Where(NamedTuple):
    """What a sentence says of where and when its event is, and which of its kind."""

    place: Match | None
    date: FoundDate | None
    year: str | None
    unknown_place: str | None
    number: str | None


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    outside: str
    """The sentence with its quoted passages blanked, case-folded."""
    noun: tuple[str, str] | None
    bilateral: bool
    """A meeting or reception of sides the sentence names (met, «принял», "a meeting with")."""
    own: bool
    """Whether a verb of meeting or receiving states it: an event of its own (a meeting of
    two sides during a visit), not the meeting a "with" adds sides to."""
    status: str | None
    dates: list[FoundDate]
    place: Match | None
    noun_at: int | None = None
    """Where the sentence's event noun (or verb) starts."""
    status_at_noun: str | None = None
    """The status the words around the event noun say: a future clause elsewhere in the
    sentence («…, отметив, что проблемы будут решаться») is about something else."""
    unknown_place: str | None = None
    """The name of a place the authority file lacks, in a locative ("in Semey")."""


def propose_events(
    state: DraftState, known: list[Match], dates: list[FoundDate], published: str | None
) -> None:
    """Events sentence by sentence, with the participations and quotes of each sentence."""
    places = ByStart(m for m in known if _kind(state, m) == "place")
    named_events = ByStart(m for m in known if _kind(state, m) == "event")
    dates_by_start = ByStart(dates)
    persons = ByStart(state.persons)
    mentions = ByStart(m for m in known if len(m.entity_ids) == 1)
    documents = {(d.start, d.end) for d in dates if _is_document_date(state, d)}
    events: list[_Event] = []
    current: _Event | None = None
    event_dates: dict[tuple[int, int], FoundDate] = {}
    for s_start, s_end in state.index.sentences:
        in_sentence = list(persons.between(s_start, s_end))
        sentence = _read_sentence(state, s_start, s_end, in_sentence, places)
        sentence_dates = [
            resolve_year(d, sentence.status, published)
            for d in dates_by_start.between(s_start, s_end)
        ]
        for d in sentence_dates:
            event_dates[(d.start, d.end)] = d
        sentence = replace(
            sentence, dates=[d for d in sentence_dates if (d.start, d.end) not in documents]
        )
        generic = (
            sentence.noun is None
            and current is not None
            and _names_generically(state, s_start, s_end)
        )
        if sentence.noun is not None or generic:
            if not generic:
                named = next(iter(named_events.between(s_start, s_end)), None)
                event = _event_of(state, current, sentence, named, (events, published))
                if all(event is not e for e in events):
                    events.append(event)
                current = event
            assert current is not None
            for d in sentence.dates:
                if current.date is None or current.date.date == d.date:
                    current.date = current.date or d
                    event_dates[(d.start, d.end)] = d
                    state.propose(Proposal("date", current.id, d.date, "date", d.quote, d.start, d.end,
                                           0.9 if d.basis == "absolute" else 0.75,
                                           f"the date of {current.id}: {d.basis}",
                                           {"date": d.date, "basis": d.basis, "event": current.id}))  # fmt: skip
        for event in _modified_events(state, sentence, events, len(events)):
            events.append(event)
        held = current if current is not None and current.status == "held" else None
        speakers = propose_quotes(
            state, persons, mentions, (s_start, s_end), event=held.id if held else None
        )
        if held is not None:
            _propose_participations(state, in_sentence, sentence, (held, speakers))
    for event in events:
        _propose_event(state, event)
    proposed = {(p.start, p.end) for p in state.proposals if p.kind == "date"}
    for d in event_dates.values():
        if (d.start, d.end) not in proposed:
            state.propose(Proposal("date", None, d.date, "date", d.quote, d.start, d.end,
                                   0.8 if d.basis == "absolute" else 0.6,
                                   f"a date the text gives: {d.basis}", {"date": d.date, "basis": d.basis, "event": None}))  # fmt: skip


def _kind(state: DraftState, match: Match) -> str | None:
    return state.entities[match.entity_ids[0]].kind if len(match.entity_ids) == 1 else None


def _read_sentence(
    state: DraftState, start: int, end: int, persons: list[Person], places: ByStart[Match]
) -> _Sentence:
    outside = state.index.outside_quotes(start, end)
    folded = outside.casefold()
    noun, (bilateral, own), at = _event_noun(state, start, end, persons)
    place = next(
        (
            m
            for m in places.between(start, end)
            # a place in a quote or in a person's title ("the UNDP Representative in
            # Kazakhstan") is not where the event is
            if not state.index.in_quote(m.start)
            and not state.title_spans.holds(m.start)
            and _is_locative(state, m)
        ),
        None,
    )
    status = _status(state, start, end, outside)
    modified = None
    window, i = _at_noun(state, start, end, at)
    if at is not None:
        before = [t.text for t in window[max(0, i - _MODIFIER_REACH) : i]]
        modified = state.rules.modifier_status(before, state.text[window[i].end : end])
    status = modified or status
    near = status
    if at is not None and status == "scheduled" and modified is None:
        left = window[max(0, i - _STATUS_REACH)].start
        right = window[min(len(window) - 1, i + _STATUS_REACH)].end
        near = _status(state, left, right, state.index.outside_quotes(left, right))
    unknown = next(
        (
            name
            for at_name, name in state.rules.locative_names(state.text[start:end])
            if not state.index.in_quote(start + at_name)
            and not state.title_spans.holds(start + at_name)
            and not any(m.start <= start + at_name < m.end for m in places.between(start, end))
        ),
        None,
    )
    return _Sentence(start, end, folded, noun, bilateral, own, status, [], place, at, near,
                     unknown)  # fmt: skip


def _event_of(
    state: DraftState,
    current: _Event | None,
    sentence: _Sentence,
    named: Match | None,
    known: tuple[list[_Event], str | None],
) -> _Event:
    """The event the sentence's noun names: the current one, given what the sentence adds
    (its place, date or a status that follows from it), the last earlier one of its kind
    ("the meeting also addressed…" after a presentation it discussed), or a new one
    (``known``: the events so far, and the publication date)."""
    assert sentence.noun is not None
    earlier, published = known
    count = len(earlier)
    noun, event_type = sentence.noun
    status, place = sentence.status, sentence.place
    date = sentence.dates[0] if sentence.dates else None
    year = _year_near(state, sentence)
    later = date is not None and published is not None and date.date > published
    dated_later = status in (None, "held") and (later or _month_after(state, sentence, published))
    if dated_later:
        # "has opened a mission for the 20 November election", published in October: the
        # past form is the mission's; an event dated after the publication has not happened
        status = "scheduled"
    span = (sentence.start, sentence.end)
    if named is not None:
        event_id = named.entity_ids[0]
        if current is not None and current.id == event_id:
            return current
        return _Event(
            event_id,
            noun,
            event_type,
            status or "held",
            span,
            place,
            dated_later=dated_later,
            stated=status is not None,
        )
    number = (
        _ordinal_before(state.text, sentence.start, sentence.noun_at)
        if sentence.noun_at is not None
        else None
    )
    where = _Where(place, date, year, sentence.unknown_place, number)
    kind = state.rules.event_kind(noun)
    if current is not None and not sentence.own:
        # the current event, else the last earlier one this sentence can be about: "the
        # meeting also addressed…" after a presentation it discussed; the videoconference
        # set for 20 April, named again after the sitting that announced it
        current = next(
            (
                e
                for e in (current, *reversed(earlier))
                if state.rules.event_kind(e.noun) in (kind, ANY_KIND)
                and _same_event(
                    state.rules,
                    e,
                    noun,
                    sentence.status_at_noun,
                    where,
                )
            ),
            current,
        )
    if sentence.own and current is not None and current.noun != noun:
        pass  # a meeting of two sides during a visit or a session is an event of its own
    elif current is not None and _same_event(
        state.rules,
        current,
        noun,
        sentence.status_at_noun,
        where,
    ):
        current.year = current.year or year
        current.unknown_place = current.unknown_place or sentence.unknown_place
        current.number = current.number or number
        if status is not None and (
            status in ("cancelled", "postponed") or _unstated(current, noun)
        ):
            current.status, current.stated = status, True
        if current.place is None and place is not None:
            current.place, current.span = place, span
        return current
    return _Event(
        f"event/{state.source_id}-{count + 1}",
        noun,
        event_type,
        status or "held",
        span,
        place,
        unknown_place=sentence.unknown_place,
        year=year,
        number=number,
        dated_later=dated_later,
        stated=status is not None,
    )


def _at_noun(state: DraftState, start: int, end: int, at: int | None) -> tuple[list[Token], int]:
    """The sentence's words, and which of them is the event noun starting at ``at`` (0
    when there is none): the words around it give its status, year and month."""
    tokens = state.index.tokens_within(start, end)
    starts = [t.start for t in tokens]
    i = bisect_left(starts, at) if at is not None else 0
    return tokens, i


def _year_near(state: DraftState, sentence: _Sentence) -> str | None:
    """The one year written next to the event noun outside a full date («прямыми выборами
    в 2022 году», "the 2019 election", «2022 жылы сайлау»)."""
    if sentence.noun_at is None:
        return None
    tokens, at = _at_noun(state, sentence.start, sentence.end, sentence.noun_at)
    dated = Spans((d.start, d.end) for d in sentence.dates)
    years = {
        t.text[:4]
        for t in tokens[max(0, at - _STATUS_REACH) : at + _STATUS_REACH + 1]
        if _YEAR.fullmatch(t.text) and not dated.holds(t.start)
    }
    return years.pop() if len(years) == 1 else None


def _month_after(state: DraftState, sentence: _Sentence, published: str | None) -> bool:
    """Whether a month and year next to the event noun ("an election in April 2020",
    «выборах в марте 2020 года», «2020 жылғы наурыздағы сайлау») is later than the
    publication's month."""
    if published is None or sentence.noun_at is None:
        return False
    tokens, at = _at_noun(state, sentence.start, sentence.end, sentence.noun_at)
    near = tokens[max(0, at - _SPOKEN_AT_REACH) : at + _SPOKEN_AT_REACH + 1]
    reach = state.text[near[0].start : near[-1].end]
    return any(month > published[:7] for _, _, month in state.rules.month_years(reach))


def _same_event(
    rules: LanguageRules,
    current: _Event,
    noun: str,
    status: str | None,
    where: _Where,
) -> bool:
    place, date = where.place, where.date
    if rules.event_kind(noun) not in (rules.event_kind(current.noun), ANY_KIND):
        return False  # the referendum, then the maslikhat's meeting that followed it
    if _elsewhere_or_else_when(current, where):
        return False
    if status is not None and not _unstated(current, noun) and not _follows(current.status, status):
        return False  # the next sitting, announced at a held one; the forum to resume
    if noun == current.noun or rules.event_kind(noun) == ANY_KIND:
        return True
    # Another noun names the same event ("the session … the sitting") unless it comes with
    # what introduces an event: a date, or a place and a status.
    return date is None and (place is None or status is None)


def _elsewhere_or_else_when(current: _Event, where: _Where) -> bool:
    """Whether a sentence's place, date, year or number is not the event's: the same kind
    of event in another place, on another day, in another year (the elections of 2022,
    then those held last Sunday) or with another number (the IV meeting, after the V) is
    another event."""
    place, date, year, unknown = where.place, where.date, where.year, where.unknown_place
    if where.number is not None and current.number not in (None, where.number):
        return True
    if (
        unknown is not None
        and current.unknown_place is not None
        and place is None
        and current.place is None
        and unknown != current.unknown_place
    ):
        return True
    if (
        place is not None
        and current.place is not None
        and place.entity_ids != current.place.entity_ids
    ):
        return True
    if date is not None and current.date is not None and date.date != current.date.date:
        return True
    years = {y for y in (year, date.date[:4] if date else None) if y}
    known = {y for y in (current.year, current.date.date[:4] if current.date else None) if y}
    return bool(years and known and not years & known)


def _unstated(current: _Event, noun: str) -> bool:
    """Whether a sentence with the event's own noun may give it the status none gave it (the
    headline's forum, then "the forum will be held"); another noun with a status of its own
    ("a referendum will be held") is another event."""
    return not current.stated and noun == current.noun


def _follows(before: str, after: str) -> bool:
    """Whether one event can be said to be ``before`` and then ``after``: an announced
    event is called off or put off, a held one is told again as held."""
    return after == before or (before == "scheduled" and after in ("cancelled", "postponed"))


def _propose_event(state: DraftState, event: _Event) -> None:
    start, end = event.span
    label = ", ".join(
        part
        for part in (
            event.noun[:1].upper() + event.noun[1:],
            _place_label(state, event.place),
            event.date.date if event.date else "",
        )
        if part
    )
    why = {
        "scheduled": "dated after the publication date: scheduled, not held"
        if event.dated_later
        else "a future, intention or convening form: scheduled, not held",
        "cancelled": "a word calling the event off: cancelled",
        "postponed": "a word putting the event off: postponed",
    }.get(event.status, "an event noun with a past form, a date or nothing else: it took place")
    extra: dict[str, object] = {"status": event.status, "event_type": event.event_type,
                                "place": event.place.entity_ids[0] if event.place else None,
                                "date": event.date.date if event.date else None,
                                "basis": event.date.basis if event.date else None}  # fmt: skip
    state.propose(
        Proposal("event", event.id, label, event.event_type, state.text[start:end], start, end,
                 0.7, why, extra)
    )  # fmt: skip


def _place_label(state: DraftState, place: Match | None) -> str:
    if place is None:
        return ""
    return state.entities[place.entity_ids[0]].labels.get(state.language, place.label)


def _is_locative(state: DraftState, match: Match) -> bool:
    """The place is where something happens: Астанада, «в Астане», "in Astana"."""
    return state.rules.is_locative(state.text, match.start, match.end, match.label)


def _event_noun(
    state: DraftState, start: int, end: int, persons: list[Person]
) -> tuple[tuple[str, str] | None, tuple[bool, bool], int | None]:
    """The sentence's event noun (or meeting verb), and whether it is a meeting of sides the
    sentence names: a verb of meeting or receiving, or the meeting noun before "with"."""
    rules = state.rules
    roles = _role_words(state, start, end)
    tokens = [
        t
        for t in state.index.tokens_within(start, end)
        # "President of the 75th session", «Сессия төрағасы»: a word of a title; "made a
        # presentation": a word of a role
        if not state.index.in_quote(t.start)
        and not state.title_spans.holds(t.start)
        and not roles.holds(t.start)
    ]
    for i, token in enumerate(tokens):
        noun = rules.event_noun(token.text)
        if noun is not None:
            with_sides = noun[0] == rules.reception_noun or (
                noun[0] == rules.meeting_noun
                and (
                    any(
                        t.text.casefold() in rules.with_words
                        for t in tokens[i + 1 : i + 1 + _STATUS_REACH]
                    )
                    or (i > 0 and rules.names_a_side(tokens[i - 1].text))
                )
            )
            return noun, (with_sides, noun[0] == rules.reception_noun), token.start
        word = token.text.casefold()
        if word in rules.meeting_verbs:
            return (rules.meeting_noun, "Meeting"), (True, True), token.start
        if word in rules.reception_verbs and rules.receives_someone(
            state.text, token.end, end, [(p.start, p.end, p.label) for p in persons]
        ):
            return (rules.reception_noun, "Meeting"), (True, True), token.start
    return None, (False, False), None


def _modified_events(
    state: DraftState, sentence: _Sentence, events: list[_Event], count: int
) -> list[_Event]:
    """Events the sentence names beside its own by a noun whose next words give their status
    ("ahead of the summit scheduled for April", «о саммите, прошедшем в Габале», «келесі
    Үкімет отырысында», even in a quote): each an event of its own, unless one named so
    with that status is known already."""
    rules, index = state.rules, state.index
    roles = _role_words(state, sentence.start, sentence.end)
    tokens = [
        t
        for t in index.tokens_within(sentence.start, sentence.end)
        if not state.title_spans.holds(t.start) and not roles.holds(t.start)
    ]
    found: list[_Event] = []
    for i, token in enumerate(tokens):
        noun = rules.event_noun(token.text)
        if noun is None or token.start == sentence.noun_at:
            continue
        clause = _clause_of(state, sentence, token.start)
        before = [t.text for t in tokens[max(0, i - _MODIFIER_REACH) : i] if t.start >= clause[0]]
        status = rules.modifier_status(before, state.text[token.end : token.end + 40])
        number = _ordinal_before(state.text, clause[0], token.start)
        if status is None and number is not None and sentence.status != "scheduled":
            status = "held"  # "voiced at the IV meeting of the Kurultai": a numbered one
        if status is None or any(
            e.noun == noun[0] and (e.number == number if number else e.status == status)
            for e in (*events, *found)
        ):
            continue
        found.append(
            _Event(f"event/{state.source_id}-{count + len(found) + 1}", noun[0], noun[1],
                   status, clause, number=number)
        )  # fmt: skip
    return found


_ORDINAL = re.compile(
    r"(?<![\w-])(?:[IVXLІХ]{1,6}|\d{1,3}-?(?:st|nd|rd|th|го|й|я|е|ое|ая|ий|ші|шы|інші|ыншы|нші|ншы))"
    r"(?:\s+[^\W\d]+){0,2}\s+$"
)
"""An ordinal before an event noun, a word or two between ("the IV meeting", «12-го
саммита», «ХХІ сессиясы», «35-ші кезектен тыс сессиясы»): Roman numerals in Latin or
Cyrillic letters (Х, І), or digits with an ordinal ending (a bare number is a day)."""


def _ordinal_before(text: str, clause_start: int, noun_start: int) -> str | None:
    """The ordinal that numbers the event noun at ``noun_start``: a numbered event is one
    event, told apart from another of its noun by its number."""
    match = _ORDINAL.search(text, max(clause_start, noun_start - 40), noun_start)
    return match.group().split()[0].rstrip("-").split("-")[0] if match else None


def _clause_of(state: DraftState, sentence: _Sentence, at: int) -> tuple[int, int]:
    """The sentence within the sentence that holds ``at``: a quote of several sentences
    is one for the rules, but an event named in one of them is stated by that one (at most
    ``_CLAUSE_REACH`` characters each side, so a text with no stops stays linear)."""
    text = state.text
    left = max(sentence.start, at - _CLAUSE_REACH)
    stops = [m.end() for m in _CLAUSE_START.finditer(text, left, at)]
    start = stops[-1] if stops else left
    after = _CLAUSE_END.search(text, at, min(sentence.end, at + _CLAUSE_REACH))
    end = after.end() if after else min(sentence.end, at + _CLAUSE_REACH)
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _role_words(state: DraftState, start: int, end: int) -> Spans:
    """Where the words of speaking and presenting stand ("made a presentation", «баяндама
    жасады»): an event noun among them names no event ("held a meeting" does)."""
    body = state.text[start:end]
    return Spans(
        (start + m.start(), start + m.end())
        for role, _, pattern in _role_patterns(state.rules)
        if role in ("spoke", "presented")
        for m in pattern.finditer(body)
    )


def _names_generically(state: DraftState, start: int, end: int) -> bool:
    """Whether the sentence names an event by a word of any event ("the event, which was
    due to open on 10 June"): the event of the text so far, its date if it had none."""
    words = state.rules.generic_event_words
    return any(
        t.text.casefold() in words and not state.index.in_quote(t.start)
        for t in state.index.tokens_within(start, end)
    )


def _status(state: DraftState, start: int, end: int, outside: str) -> str | None:
    """What the sentence says of its event: cancelled, postponed, scheduled, held, or nothing."""
    rules = state.rules
    folded = outside.casefold()
    for status, markers in (("cancelled", rules.cancelled_markers),
                            ("postponed", rules.postponed_markers)):  # fmt: skip
        if _near_event_noun(state, start, end, folded, markers):
            return status
    held = any(marker in folded for marker in rules.held_markers)
    if _is_scheduled(outside, folded, rules, held=held):
        return "scheduled"
    met = any(
        re.search(rf"\b{verb}\b", folded) for verb in (*rules.meeting_verbs, *rules.reception_verbs)
    )
    return "held" if held or met else None


def _near_event_noun(
    state: DraftState, start: int, end: int, folded: str, markers: tuple[str, ...]
) -> bool:
    """Whether one of ``markers`` stands within a few words of an event noun: calling off a
    forum, not repealing a law discussed at a sitting."""
    found = [start + m.start() for m in _any_of(markers).finditer(folded)]
    if not found:
        return False
    rules = state.rules
    tokens = state.index.tokens_within(start, end)
    nouns = [i for i, t in enumerate(tokens) if rules.event_noun(t.text) is not None]
    starts = [t.start for t in tokens]
    for at in found:
        marker = bisect_right(starts, at) - 1
        for noun in nouns:
            if 0 < noun - marker <= _STATUS_REACH:
                return True  # «отменить проведение форума», "call off the forum"
            subject = noun == 0 or tokens[noun - 1].text.casefold() not in rules.event_prepositions
            if 0 < marker - noun <= _STATUS_REACH and subject:
                return True  # «форум отменён», "the session was postponed", not «на заседании отменили закон»
    return False


@cache
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for a lexicon's words, each at a word's start (compiled once: a
    pattern built per sentence and word cost more than the rest of the sentence's rules)."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")")


@cache
def _role_patterns(rules: LanguageRules) -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """Each role verb and phrase of ``rules``, compiled once, with its role and whether it
    governs the name after (or, in Kazakh, before) it."""
    return tuple(
        (role, governs, re.compile(rules.role_verb_pattern(verb), re.IGNORECASE))
        for role, verbs, governs in (
            *((role, verbs, False) for role, verbs in rules.role_verbs.items()),
            (_HOLDS, rules.holding_verbs, False),
            (_REPORTS, rules.reporting_verbs, False),
            *((role, phrases, True) for role, phrases in rules.role_phrases.items()),
        )
        for verb in verbs
    )


def _beside(state: DraftState, person: Person, at: int, until: int) -> bool:
    """Whether ``person`` is named right beside the verb at ``[at, until)``, as its subject
    ("Asel Nurova said that", «отметил Ерлан Сапаров»), not the object of a verb before it
    ("congratulated Asel Nurova and noted that"); a Kazakh subject opens its clause. A
    phrase ending in a conjunction or preposition ("said that", "reported on") is followed
    by what was said, not by who said it."""
    if state.rules.subject_first:
        return True
    if person.end <= at:
        gap = state.text[person.end : at]
    elif " " in state.text[at:until].strip():
        return False
    else:
        gap = state.text[until : person.start]
    return not re.search(r"\w", gap)


def _holds_an_event(state: DraftState, at: int, until: int, start: int, end: int) -> bool:
    """Whether the holding verb at ``[at, until)`` has an event noun within a few words of
    it ("held a meeting", «провёл совещание», «заседании, которое провёл», «жиналыс
    өткізді»), in the active: not "held a post", «өткізді» a time, "was held"."""
    tokens = state.index.tokens_within(
        max(start, at - _CLAUSE_REACH), min(end, until + _CLAUSE_REACH)
    )
    after = [t for t in tokens if t.start >= until][:_HOLDING_REACH]
    before = [t for t in tokens if t.end <= at][-_HOLDING_REACH:]
    if before and before[-1].text.casefold() in state.rules.passive_words:
        return False  # "the session was held": nobody named beside it held it
    return any(state.rules.event_noun(t.text) is not None for t in (*before, *after))


def _is_scheduled(outside: str, folded: str, rules: LanguageRules, *, held: bool) -> bool:
    if any(marker in folded for marker in rules.planned_markers) or rules.marks_intention(outside):
        return True
    met = any(re.search(rf"\b{verb}\b", folded) for verb in rules.meeting_verbs)
    if held or met:
        # A past form wins over an announcement: the event took place, and the future
        # form is about something said at it.
        return False
    if any(marker in folded for marker in rules.announcement_markers):
        return True
    return rules.has_future_verb(folded)


def _is_document_date(state: DraftState, date: FoundDate) -> bool:
    """«2025 жылғы 10 желтоқсандағы № 8С-24-2 шешімі», "the June 8 decree", «решением от 8
    июня»: the date of a document, not of an event."""
    rules, index, text = state.rules, state.index, state.text
    stop = re.compile(r"[.!?;]\s|\n").search(text, date.end, date.end + 300)
    after = index.tokens_within(date.end, stop.start() if stop else min(len(text), date.end + 300))
    words = [t for t in after if not index.in_quote(t.start) and not t.text[:1].isdigit()]
    before = index.tokens_before(date.start, 2)
    if before and re.search(r"[.!?;\n]", text[before[0].end : date.start]):
        before = []
    return any(rules.is_document_noun(t.text) for t in (*words[:_DOCUMENT_REACH], *before))


def _propose_participations(
    state: DraftState,
    persons: list[Person],
    sentence: _Sentence,
    event_and_speakers: tuple[_Event, list[Person]],
) -> None:
    """Roles of the persons of a sentence of a held event: the subject of a role verb
    («выступил Ерланов»), the person a role phrase governs («под председательством
    Ерланова»), every name of the list that person heads, both sides of a meeting, and
    the speakers the sentence's dash speech is attributed to by name. Nobody speaks at an
    election or a referendum: what its sentences report was said elsewhere."""
    rules, text = state.rules, state.text
    held, speakers = event_and_speakers
    event = held.id
    elsewhere = rules.event_kind(held.noun) == _VOTE or any(
        w in sentence.outside for w in rules.other_occasion_words
    )
    start, end = sentence.start, sentence.end
    if any(neg in sentence.outside for neg in rules.negations):
        return
    mentioned_after = _mention_words_end(state, start, end)
    people = [p for p in persons if not state.index.in_quote(p.start) and p.start < mentioned_after]
    if not people:
        return
    body = text[start:end]
    starts = [p.start for p in people]

    def named_near(at: int, until: int) -> list[Person]:
        # the names within a clause's reach of a role word: a text with no stops is one
        # sentence, and every name of it for every verb would grow with its square
        return people[
            bisect_left(starts, at - _CLAUSE_REACH) : bisect_right(starts, until + _CLAUSE_REACH)
        ]

    def give(person: Person, role: str, why: str) -> None:
        if (person.id, event, role) in state.roles_given:
            return
        state.roles_given.add((person.id, event, role))
        state.propose(
            Proposal("participation", None, f"{person.label} — {role}", "Participation", body,
                     start, end, 0.7, why, {"person": person.id, "event": event, "role": role})
        )  # fmt: skip

    found = sorted(
        (start + match.start(), start + match.end(), role, governs, match.group())
        for role, governs, pattern in _role_patterns(rules)
        for match in pattern.finditer(body)
        if not state.index.in_quote(start + match.start())
    )
    # a role phrase holding the holding verb says more ("held talks": took part)
    phrases = Spans((a, u) for a, u, kind, _, _ in found if kind != _HOLDS)
    # "held a sitting chaired by X": the phrase says who chaired, and why
    chaired = any(kind == "chaired" and governs for _, _, kind, governs, _ in found)
    found = [f for f in found if f[2] != _HOLDS or not (phrases.holds(f[0]) or chaired)]
    clause = start
    for at, until, kind, governs, words in found:
        # A verb's subject is looked for after the verb before it («X сөйледі, Y баяндама
        # жасады»): each verb ends a clause.
        candidates = [p for p in named_near(at, until) if p.start >= clause or governs]
        person = _actor(state, candidates, at, until, governs=governs)
        if not governs:
            clause = until
        role = _role_of(state, sentence, (at, until, kind), person, sides=len(people) > 1,
                        elsewhere=elsewhere)  # fmt: skip
        if person is None or role is None:
            continue
        for member in _list_of(state, named_near(at, until), person):
            give(member, role, f"{words!r} gives the role of the person named in the sentence")
    speech = rules.speech_pattern()
    for match in speech.finditer(body) if speech is not None else ():
        # "Ashimbayev said at the meeting", «заявил на заседании»: speaking at the event
        at = start + match.start()
        near = state.index.tokens_within(start + match.end(), end)[:_SPOKEN_AT_REACH]
        if state.index.in_quote(at) or not any(rules.event_noun(t.text) for t in near):
            continue
        person = _actor(state, named_near(at, start + match.end()), at, start + match.end(),
                        governs=False)  # fmt: skip
        if person is not None:
            give(person, "spoke", f"{match.group()!r} at the event: the person spoke at it")
    for person in [p for p in speakers if p in people and not elsewhere]:
        give(person, "spoke", "the dash speech's attribution names the person: spoke at the event")
    if sentence.bilateral:
        for person in people:
            give(person, "took_part", "a side of the meeting or reception the sentence states")


def _role_of(
    state: DraftState,
    sentence: _Sentence,
    found: tuple[int, int, str],
    person: Person | None,
    *,
    sides: bool,
    elsewhere: bool,
) -> str | None:
    """The role a role word ``found`` (its span and kind) gives ``person``: a holding verb
    beside an event noun chairs it, or, in a meeting with someone the sentence names
    (``sides``), takes part; a reporting verb speaks, its subject beside it, unless the
    sentence tells of another occasion (``elsewhere``)."""
    at, until, kind = found
    if kind == _HOLDS:
        if not _holds_an_event(state, at, until, sentence.start, sentence.end):
            return None
        return "took_part" if sentence.bilateral and sides else "chaired"
    if kind == _REPORTS:
        if elsewhere or person is None or not _beside(state, person, at, until):
            return None
        return "spoke"
    return kind


def _actor(
    state: DraftState, people: list[Person], start: int, end: int, *, governs: bool
) -> Person | None:
    """The person a role word is about. A phrase governs the name after it («под
    председательством Ерланова», "with the participation of X") or, in Kazakh, before it
    («Ерлановтың қатысуымен»), in any case; a passive verb the name after its agent word
    ("chaired by X"); a verb its subject — the name written as its label is, nearest the
    verb, or the first of its clause where the subject comes first (Kazakh)."""
    rules, text = state.rules, state.text
    agent = re.match(r"\s+(\w+)\s", text[end : end + 12])
    if governs or (agent is not None and agent.group(1).casefold() in rules.agent_words):
        if rules.phrase_governs_before and governs:
            before = [p for p in people if p.end <= start]
            return before[-1] if before and start - before[-1].end <= _GOVERNED_GAP else None
        after = [p for p in people if p.start >= end]
        if not after:
            return None
        gap = state.title_spans.blank(text, end, after[0].start)
        return after[0] if len(gap.split()) <= _GOVERNED_WORDS else None
    subjects = [p for p in people if state.named_as_subject(p)]
    if not subjects:
        return None
    if rules.subject_first:
        before = [p for p in subjects if p.end <= start]
        return before[0] if before else None
    return min(subjects, key=lambda p: min(abs(p.start - end), abs(p.end - start)))


def _list_of(state: DraftState, people: list[Person], person: Person) -> list[Person]:
    """``person`` and the names joined to it in a list: only commas, list conjunctions and
    the titles of the names stand between them."""
    ordered = sorted(people, key=lambda p: p.start)
    at = ordered.index(person)
    members = [person]
    for step in (-1, 1):
        i = at
        while 0 <= i + step < len(ordered):
            a, b = sorted((ordered[i], ordered[i + step]), key=lambda p: p.start)
            if not _joined(state, a.end, b.start):
                break
            i += step
            members.append(ordered[i])
    return members


def _joined(state: DraftState, start: int, end: int) -> bool:
    gap = state.title_spans.blank(state.text, start, end).casefold()
    words = [w for w in re.split(r"[\s,;–—-]+", gap) if w]
    conjunctions = {c for phrase in state.rules.list_conjunctions for c in phrase.split()}
    return (
        bool(re.search(r"[,;]|\w", gap))
        and all(w in conjunctions for w in words)
        and ("," in gap or bool(words))
    )


def _mention_words_end(state: DraftState, start: int, end: int) -> int:
    """Where the first "Address"/«Послании»/«Жолдауында» of the sentence ends: a person
    named after it is mentioned, not present (the sentence's end if it has none)."""
    folded = state.text[start:end].casefold()
    ends = [at + len(w) for w in state.rules.quote_mention_words if (at := folded.find(w)) >= 0]
    return start + min(ends) if ends else end + 1
