"""Events, who took part in them and in what role, quotes with their speakers, and dates.

An event is introduced by a sentence with an event noun (or "met") and a past or future
form, a date, or a place; later sentences with the same noun refer to it. A future or
intention form makes it planned, and nobody takes part in a planned event. A person named
inside a quote or after "Address" is mentioned, never a participant.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from civicgraph.ingest.context import DraftState, Person
from civicgraph.ingest.dates import FoundDate
from civicgraph.ingest.languages import LanguageRules
from civicgraph.ingest.matching import Match
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.spans import ByStart

_MIN_QUOTE_WORDS = 3


@dataclass
class _Event:
    id: str
    status: str
    noun: str
    placed: bool
    """Whether a place or date was given where it was introduced."""


def propose_events(state: DraftState, known: list[Match], dates: list[FoundDate]) -> None:
    """Events sentence by sentence, with the participations and quotes of each sentence."""
    text, rules = state.text, state.rules
    sentences = state.index.sentences
    places = ByStart(
        m
        for m in known
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].kind == "place"
    )
    events = ByStart(
        m
        for m in known
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].kind == "event"
    )
    dates_by_start = ByStart(dates)
    persons = ByStart(state.persons)
    current: _Event | None = None
    count = 0
    event_dates: set[tuple[int, int]] = set()
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        outside = state.index.outside_quotes(s_start, s_end).casefold()
        noun = _event_noun(state, s_start, s_end)
        held = any(marker in outside for marker in rules.held_markers)
        planned = _is_planned(outside, rules, held=held)
        in_sentence = list(dates_by_start.between(s_start, s_end))
        named = next(iter(events.between(s_start, s_end)), None)
        new_noun = current is None or noun is None or noun[0] != current.noun
        place = next((m for m in places.between(s_start, s_end) if _is_locative(state, m)), None)
        # A sentence introduces an event with a date, or with a place and either a past or
        # future form of another event noun, or the place a headline's event lacked.
        fills_headline = current is not None and not new_noun and not current.placed
        if noun is not None and (
            current is None
            or in_sentence
            or (place is not None and ((new_noun and (held or planned)) or fills_headline))
        ):
            status = "scheduled" if planned else "held"  # facts.EVENT_STATUSES
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
            # A new event's label: its noun, where and when, as far as the sentence says.
            label = ", ".join(
                part
                for part in (
                    noun[0][:1].upper() + noun[0][1:],
                    _place_label(state, place),
                    date.date if date else "",
                )
                if part
            )
            why = ("a future or intention form: scheduled, not held" if planned
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
            _propose_participations(state, persons, s_start, s_end, current, outside=outside)
        _propose_quotes(state, persons, s_start, s_end, current)
    for d in dates:
        if (d.start, d.end) not in event_dates:
            state.propose(Proposal("date", None, d.date, "date", d.quote, d.start, d.end,
                                   0.8 if d.basis == "absolute" else 0.6,
                                   f"a date the text gives: {d.basis}", {"date": d.date, "basis": d.basis, "event": None}))  # fmt: skip


def _place_label(state: DraftState, place: Match | None) -> str:
    if place is None:
        return ""
    return state.entities[place.entity_ids[0]].labels.get(state.language, place.label)


def _is_locative(state: DraftState, match: Match) -> bool:
    """The place is where something happens: Астанада, «в Астане», "in Astana"."""
    return state.rules.is_locative(state.text, match.start, match.end, match.label)


def _event_noun(state: DraftState, start: int, end: int) -> tuple[str, str] | None:
    rules = state.rules
    for token in state.index.tokens_within(start, end):
        if state.index.in_quote(token.start):
            continue
        noun = rules.event_noun(token.text)
        if noun is not None:
            return noun
        if token.text.casefold() in rules.meeting_verbs:
            return rules.meeting_noun, "Meeting"
    return None


def _is_planned(outside: str, rules: LanguageRules, *, held: bool) -> bool:
    if any(marker in outside for marker in rules.planned_markers) or rules.marks_intention(outside):
        return True
    met = any(re.search(rf"\b{verb}\b", outside) for verb in rules.meeting_verbs)
    if held or met:
        # A past form wins over an announcement: the event took place, and the future
        # form is about something said at it.
        return False
    if any(marker in outside for marker in rules.announcement_markers):
        return True
    return rules.has_future_verb(outside)


def _propose_participations(
    state: DraftState,
    persons: ByStart[Person],
    start: int,
    end: int,
    event: _Event,
    *,
    outside: str,
) -> None:
    rules = state.rules
    if any(neg in outside for neg in rules.negations):
        return
    people = [
        p
        for p in persons.between(start, end)
        if not state.index.in_quote(p.start) and not _only_mentioned(state, p, start)
    ]
    if not people:
        return
    sentence = state.text[start:end]
    done: set[tuple[str, str]] = set()
    for role, verbs in rules.role_verbs.items():
        for verb in verbs:
            for match in re.finditer(rules.role_verb_pattern(verb), sentence, re.IGNORECASE):
                at = start + match.start()
                if state.index.in_quote(at):
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


def _only_mentioned(state: DraftState, person: Person, sentence_start: int) -> bool:
    """Named after "Address"/«Послании»/«Жолдауында» in the same sentence: mentioned, not present."""
    words = state.rules.quote_mention_words
    head = state.text[sentence_start : person.start].casefold()
    return any(w in head for w in words)


def _named_as_subject(state: DraftState, person: Person) -> bool:
    """Whether the text names ``person`` as a subject can be named: the last word as the
    label (in the nominative) writes it, not inflected (Ерлановой, Ерланованың,
    Yerlanova's), and in English not after "of"."""
    written = state.text[person.start : person.end].split()
    if not written or written[-1].casefold() != person.label.split()[-1].casefold():
        return False
    before = state.text[max(0, person.start - 3) : person.start]
    return not state.rules.marks_possessor(before)


def _propose_quotes(
    state: DraftState, persons: ByStart[Person], start: int, end: int, event: _Event | None
) -> None:
    quotes = state.quotes
    for q_start, q_end in quotes[bisect_left(quotes, (start, -1)) : bisect_left(quotes, (end, -1))]:
        quote = state.text[q_start:q_end]
        if len(quote.split()) < _MIN_QUOTE_WORDS:
            continue
        outside = [p for p in persons.between(start, end) if not state.index.in_quote(p.start)]
        after = [p for p in outside if p.start >= q_end]
        before = [p for p in outside if p.end <= q_start]
        speaker: Person | None = None
        why = ""
        # «…», — сказал коллега Ерлановой Ерлан Карин / "said Yerlanova's colleague Erlan
        # Karin": a name in another case than its label is whose colleague, not who spoke.
        subjects = [p for p in after if _named_as_subject(state, p)]
        if subjects:
            speaker, why = subjects[0], "the speaker is named after the quote"
        elif after:
            speaker, why = after[0], "the speaker is named after the quote"
        elif before:
            speaker, why = before[-1], "the speaker is named before the quote"
        else:
            earlier = next(
                (
                    p
                    for p in reversed(persons.before(start))
                    if p.end <= start and not state.index.in_quote(p.start)
                ),
                None,
            )
            if earlier is not None:
                speaker, why = earlier, "no name in the sentence: the person last named before it"
        if speaker is None:
            continue
        extra: dict[str, object] = {"speaker": speaker.id, "event": event.id if event else None}
        state.propose(Proposal("quote", None, f"{speaker.label}: {quote[:40]}", "Quote", quote, q_start, q_end,
                               0.8 if not why.startswith("no name") else 0.6, why, extra))  # fmt: skip
