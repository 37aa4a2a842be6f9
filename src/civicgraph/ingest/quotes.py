"""Quotes: direct speech in quotation marks or after a dash, with its speaker.

A passage in quotation marks is speech only where its sentence attributes it — a speech
verb («сказал», деді, "said", «по словам») or a colon before it — and is not followed by
the noun it names («…» атағы, «ЭКСПО-2017» көрмесі): a law «Об областном бюджете» or a
gloss "virgin lands city" is no one's speech. Speech attributed to a press release or
service («делінген хабарламада», "the press service said") is no person's: its speaker is
the body named in the sentence when the authority file knows it, else nothing is proposed —
unless the press passes the words on ("the press service quotes the President as
saying"): they are the person's whom the title after that word stands for. Otherwise the
speaker is the person named after the quote (as a subject is named), else before it, else
the person a title in the attribution stands for («— деді облыс әкімі» after «облыс әкімі
Қырымбек Көшербаев», «— поручил глава Кабмина» after «Премьер-Министр Карим Масимов»), else
the person last named as a subject ("he said").
"""

from __future__ import annotations

import re
from bisect import bisect_left

from civicgraph.ingest.context import DraftState, Person
from civicgraph.ingest.languages import LanguageRules
from civicgraph.ingest.matching import Match
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.spans import ByStart

_OPENING_MARKS = '«“"„'
_MIN_QUOTE_WORDS = 3
_ATTRIBUTION_WORDS = 3
"""A speech verb this close after the closing mark attributes the quote ("he said")."""
_TITLE_LOOKBACK = 24
_OPENING_WORDS = 5
"""The words of a sentence's opening where its subject's title stands."""
"""How many titles back a title in an attribution is looked for."""


def propose_quotes(
    state: DraftState,
    persons: ByStart[Person],
    known: ByStart[Match],
    sentence: tuple[int, int],
    *,
    event: str | None,
) -> list[Person]:
    """Quotes of the sentence ``[start, end)`` with their speakers; ``event`` is the held
    event the sentence belongs to, if any. Returns the speakers that the attributions
    after dash speech name («– …, – деді Ерлан Сапаров», «— …, — сказал Ерлан Сапаров»):
    news reports so what was said at the event, where words in quotation marks are as
    often a statement's or an interview's."""
    start, end = sentence
    text, index, rules = state.text, state.index, state.rules
    quotes = index.quotes
    speech = rules.speech_pattern()
    outside = index.outside_quotes(start, end)
    named_after: list[Person] = []
    for q_start, q_end in quotes[bisect_left(quotes, (start, -1)) : bisect_left(quotes, (end, -1))]:
        quote = text[q_start:q_end]
        if len(quote.split()) < _MIN_QUOTE_WORDS or _names_a_thing(state, q_end, speech):
            continue
        colon = text[max(0, q_start - 3) : q_start].rstrip('«“"„ –—-').endswith(":")
        if (
            not colon
            and not _from_press(rules.press_words, outside.casefold())
            and (speech is None or speech.search(outside) is None)
        ):
            continue  # no one is said to say it
        named = [p for p in persons.between(start, end) if not index.in_quote(p.start)]
        after = [p for p in named if p.start >= q_end]
        before = [p for p in named if p.end <= q_start]
        attribution = index.outside_quotes(q_end, end).casefold()
        speaker: Person | None = None
        why = ""
        subjects = [p for p in after if state.named_as_subject(p)]
        relayed = _relayed(state, known, attribution, (q_end, end), start)
        if subjects or after or relayed:
            # «…», — сказал коллега Ерлановой Ерлан Карин: a name in another case than its
            # label is whose colleague, not who spoke.
            speaker = (subjects or after or relayed)[0]
            why = (
                "the speaker is named after the quote"
                if subjects or after
                else "the press passes on the words of the person its title names"
            )
        elif _from_press(rules.press_words, attribution) or (
            not before and _from_press(rules.press_words, outside.casefold())
        ):
            body = next(
                (
                    m
                    for m in known.between(start, end)
                    if _kind(state, m) == "org" and not index.in_quote(m.start)
                ),
                None,
            )
            if body is None:
                continue
            _propose(state, (body.entity_ids[0], body.label), (q_start, q_end), event=event,
                     confidence=0.6, why="attributed to a press release or service: the body "
                     "named in the sentence")  # fmt: skip
            continue
        elif before:
            speaker, why = before[-1], "the speaker is named before the quote"
        elif _names_another(
            _without_descriptive_titles(rules, index.outside_quotes(q_end, end)), speech
        ):
            continue  # «…», said Ashymbayev: a name the draft does not know, no guess
        else:
            posts = {
                m.entity_ids[0] for m in known.between(q_end, end) if _kind(state, m) == "post"
            }
            speaker = _titled(state, attribution, posts, start)
            why = "a title in the attribution stands for the person the text gave it"
            if speaker is None:
                speaker = _subject_before(state, known, start)
                why = "no name in the sentence: the subject of the sentence before it"
            if speaker is None:
                speaker = state.last_subject_before(start)
                why = "no name in the sentence: the person last named as a subject before it"
        if speaker is None:
            continue
        by_name = why == "the speaker is named after the quote" and _is_dash_speech(text, q_start)
        named_after.extend([speaker] if by_name else [])
        confidence = 0.8 if why.startswith("the speaker is named") else 0.6
        _propose(
            state,
            (speaker.id, speaker.label),
            (q_start, q_end),
            event=event,
            confidence=confidence,
            why=why,
        )
    return named_after


def _is_dash_speech(text: str, start: int) -> bool:
    return text[start - 1 : start] not in _OPENING_MARKS


def _propose(
    state: DraftState,
    speaker: tuple[str, str],
    span: tuple[int, int],
    *,
    event: str | None,
    confidence: float,
    why: str,
) -> None:
    (speaker_id, label), (start, end) = speaker, span
    quote = state.text[start:end]
    extra: dict[str, object] = {"speaker": speaker_id, "event": event}
    state.propose(Proposal("quote", None, f"{label}: {quote[:40]}", "Quote", quote, start, end,
                           confidence, why, extra))  # fmt: skip


def _names_a_thing(state: DraftState, q_end: int, speech: re.Pattern[str] | None) -> bool:
    """«Қызылорда облысының құрметті азаматы» атағы, «ЭКСПО-2017» халықаралық көрмесі: a
    lower-case word right after the closing mark, not a speech verb, is what the words name."""
    after = state.text[q_end + 1 : q_end + 40]
    word = re.match(r" (\w[\w-]*)", after)
    if word is None or not word.group(1)[:1].islower():
        return False
    next_words = " ".join(after.split()[:_ATTRIBUTION_WORDS])
    opening = " ".join(after.split()[: _ATTRIBUTION_WORDS + 2]).casefold()
    if _from_press(state.rules.press_words, opening) or _from_press(
        tuple(state.rules.descriptive_titles), opening
    ):
        return False  # "…," the press service said / the head of government instructed
    return speech is None or speech.search(next_words) is None  # not «…» he said


def _names_another(attribution: str, speech: re.Pattern[str] | None) -> bool:
    """Whether a capitalised word follows the speech verb of an attribution ("said
    Ashymbayev", «— сказал аким ЗКО Нурлан НОГАЕВ»): someone is named, whom the draft did
    not find; "he said", «деді облыс әкімі» name nobody."""
    verb = speech.search(attribution) if speech is not None else None
    if verb is None:
        return False
    return any(w[:1].isupper() for w in attribution[verb.end() :].split()[: _ATTRIBUTION_WORDS + 1])


def _from_press(words: tuple[str, ...], attribution: str) -> bool:
    return any(word in attribution for word in words)


def _subject_before(state: DraftState, known: ByStart[Match], start: int) -> Person | None:
    """Whom "he said" is about: the title opening the sentence before ("The Senate Chairman
    stressed …") when the text gave it to a person, not a name later in that sentence ("…
    at the initiative of President X")."""
    sentences = state.index.sentences
    at = bisect_left(sentences, (start, -1))
    if at == 0:
        return None
    s_start, s_end = sentences[at - 1]
    opening = state.index.tokens_within(s_start, s_end)[:_OPENING_WORDS]
    if not opening:
        return None
    head_end = opening[-1].end
    posts = {m.entity_ids[0] for m in known.between(s_start, head_end) if _kind(state, m) == "post"}
    head = state.text[s_start:head_end].casefold()
    for title in reversed(state.titles_by_start.last_before(s_start, _TITLE_LOOKBACK)):
        if title.post_id in posts or re.search(rf"(?<!\w){re.escape(title.words)}(?!\w)", head):
            return title.person
    return None


def _kind(state: DraftState, match: Match) -> str | None:
    return state.entities[match.entity_ids[0]].kind if len(match.entity_ids) == 1 else None


def _titled(
    state: DraftState, attribution: str, posts: set[str], sentence_start: int
) -> Person | None:
    """The person an attribution's title stands for: «— деді облыс әкімі» after «облыс
    әкімі Қырымбек Көшербаевтың», "the Head of State said" after the President's post was
    given to a name, «— поручил глава Кабмина» after «Премьер-Министр Карим Масимов»."""
    earlier = state.titles_by_start.last_before(sentence_start, _TITLE_LOOKBACK)
    described = [
        word
        for phrase, word in state.rules.descriptive_titles.items()
        if re.search(rf"(?<!\w){re.escape(phrase)}", attribution)
    ]
    for title in reversed(earlier):
        if (
            title.post_id in posts
            or re.search(rf"(?<!\w){re.escape(title.words)}(?!\w)", attribution)
            or any(word in title.words.casefold() for word in described)
        ):
            return title.person
    return None


def _relayed(
    state: DraftState,
    known: ByStart[Match],
    attribution: str,
    span: tuple[int, int],
    sentence_start: int,
) -> list[Person]:
    """The person whose words the press passes on ("the press service quotes the President
    as saying"): the one the title after the relaying word stands for, if the text named
    them."""
    q_end, end = span
    verb = next(
        (
            m
            for w in state.rules.relay_words
            if (m := re.search(rf"(?<!\w){re.escape(w)}", attribution))
        ),
        None,
    )
    if verb is None:
        return []
    posts = {
        m.entity_ids[0] for m in known.between(q_end + verb.end(), end) if _kind(state, m) == "post"
    }
    person = _titled(state, attribution[verb.end() :], posts, sentence_start)
    return [person] if person is not None else []


def _without_descriptive_titles(rules: LanguageRules, attribution: str) -> str:
    """The attribution with its descriptive titles blanked: «Кабмина» in «— поручил глава
    Кабмина» is a word of a title, no name the draft missed."""
    folded = attribution.casefold()
    for phrase in rules.descriptive_titles:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}\w*", folded):
            attribution = attribution[: m.start()] + " " * len(m.group()) + attribution[m.end() :]
    return attribution
