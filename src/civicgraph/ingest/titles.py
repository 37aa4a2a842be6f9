"""Post titles next to a name, and the post holdings they state: known posts or new ones.

A title holds a post only with a name beside it (before it, or after it and a comma), or
governed by a verb of electing or appointing with the name nearest it ("X was elected
Speaker of the Senate", «Спикером Мажилиса избран X», «X вице-спикері қызметіне
сайланды»): "the Prime Minister" alone proposes nothing. A title never reaches over another
person's name: in «акима Карагандинской области Жениса Касымбека, акима …» each akim's
title is the one before his name. A title that contains a known post but adds a deputy
word («орынбасары», «заместитель», "Deputy", "First") is another post. A bare title
(«депутат», «облыс әкімі», «аким области», "Speaker") names no post and gives no holding,
but is kept: the title alone may later stand for the person (``DraftState.titles``). A
holding is current, or ended when the title follows "former" («бывший», бұрынғы) or the
verb is one of past service ("previously served as").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicgraph.ingest.context import DraftState, NamedTitle, Person, propose_new_entity, slugify
from civicgraph.ingest.languages import LanguageRules
from civicgraph.ingest.matching import Match
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.spans import ByStart, Spans
from civicgraph.ingest.tokens import Token


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    post_id: str
    label: str
    known: bool
    shortened: bool = False
    """The words are only the end of the known post's name."""
    ended: bool = False
    """The text states the holding as a past one."""
    appointed: bool = False
    """Found through a verb of electing or appointing, not next to the name."""


_TITLE_REACH = 16
"""No title is longer than this many words: the words a title rule reads before a name."""


@dataclass(frozen=True)
class _Posts:
    """Known posts named in the text, by where they end and start, and the known posts'
    names by their last words (a title may be the end of a post's name)."""

    ending_at: dict[int, Match]
    starting_at: dict[int, Match]
    by_ending: dict[str, set[str]]
    bodies: Spans
    """Where known bodies and places are named: "of the Parliament of Kazakhstan" after a
    known post's name restates its body."""


def _index_posts(state: DraftState, known: list[Match]) -> _Posts:
    ending_at: dict[int, Match] = {}
    starting_at: dict[int, Match] = {}
    for m in known:
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].type == "Post":
            ending_at.setdefault(m.end, m)
            starting_at.setdefault(m.start, m)
    by_ending: dict[str, set[str]] = {}
    for entity in state.entities.values():
        if entity.type != "Post":
            continue
        for name in entity.names(state.language):
            words = name.casefold().split()
            for k in range(1, len(words)):
                by_ending.setdefault(" ".join(words[k:]), set()).add(entity.id)
    bodies = Spans(
        (m.start, m.end)
        for m in known
        if len(m.entity_ids) == 1 and state.entities[m.entity_ids[0]].kind in ("org", "place")
    )
    return _Posts(ending_at, starting_at, by_ending, bodies)


def propose_holdings(state: DraftState, known: list[Match]) -> None:
    posts = _index_posts(state, known)
    persons = Spans((p.start, p.end) for p in state.persons)
    for person in state.persons:
        title = _title_before(state, person, posts, persons) or _title_after(
            state, person, posts, persons
        )
        if title is None:
            continue
        _note_title(state, title, person)
        if title.post_id:
            _propose_holding(state, person, title)
        earlier = _title_before_title(state, title, posts, persons)
        if earlier is not None:
            _note_title(state, earlier, person)
            if earlier.post_id:
                _propose_holding(state, person, earlier)
    _propose_appointments(state, posts, persons)
    state.title_spans = Spans((t.start, t.end) for t in state.titles)
    state.titles_by_start = ByStart(state.titles)


def _note_title(state: DraftState, title: Title, person: Person) -> None:
    state.titles.append(NamedTitle(title.start, title.end, state.text[title.start:title.end].casefold(),
                                   person, title.post_id or None))  # fmt: skip
    if title.end <= person.start:
        state.title_starts[person.start] = title.start


def _title_before_title(
    state: DraftState, title: Title, posts: _Posts, persons: Spans
) -> Title | None:
    """«Председатель Мажилиса, действующий председатель ТюркПА Ерлан Кошанов»: a title
    opening its sentence, then a comma and the title before the name, is the name's too."""
    text, rules = state.text, state.rules
    start = title.start
    lead = state.index.tokens_before(start, 1)
    if lead and text[lead[0].end : start] == " " and not rules.trim_title(lead):
        start = lead[0].start  # «, действующий председатель …»: the word trimmed off
    separator = _TITLES_SEPARATOR.search(text, max(0, start - 3), start)
    if separator is None or separator.end() != start:
        return None
    before = state.index.tokens_before(separator.start(), _TITLE_REACH)
    if not before or before[-1].end != separator.start():
        return None
    words = _after_persons(rules.title_before(before), persons)
    while words and re.search(r"[.,;:!?()«»\"]", text[words[0].start : words[-1].end]):
        words = words[1:]
    words = rules.trim_title(words)
    # a comma parts two titles only where the first opens the sentence; a dash joins two
    # posts of one person wherever it stands ("Deputy Prime Minister - Minister of …")
    if not words or (separator.group() == ", " and not _opens_sentence(state, words[0].start)):
        return None
    known = posts.ending_at.get(words[-1].end)
    if known is not None and known.start >= words[0].start:
        return Title(known.start, known.end, known.entity_ids[0], known.label, True)
    return _title_of_words(state, words, posts)


def _propose_holding(state: DraftState, person: Person, title: Title) -> None:
    if not title.known:
        propose_new_entity(state, title.post_id, label=title.label, entity_type="Post", span=(title.start, title.end), why=
                            "a title next to a person's name" if not title.appointed
                            else "a title a verb of electing or appointing gives a person")  # fmt: skip
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
            {"person": person.id, "post": title.post_id, "status": "ended" if title.ended else "current"},
        )
    )  # fmt: skip


def _propose_appointments(state: DraftState, posts: _Posts, persons: Spans) -> None:
    """ "X was elected Speaker of the Senate", «назначен акимом области»: the title a verb of
    electing, appointing or serving governs is the post of the person nearest it."""
    rules, text = state.rules, state.text
    if not rules.appointment_verbs:
        return
    people = ByStart(state.persons)
    verbs = re.compile(
        "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in rules.appointment_verbs), re.IGNORECASE
    )
    for s_start, s_end in state.index.sentences:
        tokens = state.index.tokens_within(s_start, s_end)
        outside = state.index.outside_quotes(s_start, s_end).casefold()
        for match in verbs.finditer(text, s_start, s_end):
            if state.index.in_quote(match.start()):
                continue
            at = next(i for i, t in enumerate(tokens) if t.end >= match.end())
            first = next(i for i, t in enumerate(tokens) if t.start >= match.start())
            words = rules.appointed_title(text, tokens, first if at == first else at)
            words = rules.trim_title(_after_persons(words, persons))
            if not words or _bare(state, words):
                continue
            title_start, title_end = words[0].start, words[-1].end
            candidates = [p for p in people.between(s_start, s_end)
                          if not (title_start <= p.start < title_end)]  # fmt: skip
            person = (
                min(
                    candidates,
                    key=lambda p: min(abs(p.start - title_end), abs(p.end - title_start)),
                )
                if candidates
                else state.last_subject_before(s_start)
            )
            if person is None:
                continue
            service = match.group().casefold() in rules.service_verbs
            ended = service or any(m in outside for m in rules.past_markers)
            title = _title_of_words(state, words, posts, appointed=True, ended=ended)
            if title is not None and title.post_id:
                _propose_holding(state, person, title)


def _after_persons(words: list[Token], persons: Spans) -> list[Token]:
    """The title's words after the last person's name among them: a title never reaches
    over another name («акима … Жениса Касымбека, акима … Даниала Ахметова»)."""
    for i in range(len(words) - 1, -1, -1):
        if persons.holds(words[i].start):
            return words[i + 1 :]
    return words


def _bare(state: DraftState, words: list[Token]) -> bool:
    """Whether every word of a title is a bare one: «облыс әкімі», «аким области», "the
    Speaker" name no post. Where titles are not capitalised, a capitalised word not opening
    the sentence names what the title is of («Советник Президента», «Президенттің кеңесшісі»)."""
    rules = state.rules
    opens = _opens_sentence(state, words[0].start)
    heads = [i for i, w in enumerate(words) if rules.is_title_word(w.text)]
    head = (heads[-1] if rules.head_last else heads[0]) if heads else -1
    return all(
        rules.is_bare_title_word(w.text)
        and (
            i == head or (i == 0 and opens) or rules.titles_capitalised or not w.text[:1].isupper()
        )
        for i, w in enumerate(words)
    )


def _holding_confidence(title: Title) -> float:
    if title.shortened:
        return 0.6
    return 0.85 if title.known else 0.7


def _holding_why(title: Title, person: Person) -> str:
    where = (
        "stands next to the name"
        if title.start < person.start
        else "follows the name after a comma"
    )
    if title.shortened:
        return f"the title {where}; its words are the end of the name of {title.post_id}"
    return f"the title {where}"


def _title_before(state: DraftState, person: Person, posts: _Posts, persons: Spans) -> Title | None:
    text, rules = state.text, state.rules
    before = state.index.tokens_before(person.start, _TITLE_REACH)
    gap = text[before[-1].end : person.start] if before else ""
    closing = gap[:1] in _CLOSING_MARKS and gap[1:] == " "
    if gap != " " and not closing and not (gap == ", " and rules.title_before_comma):
        return None
    words = _after_persons(rules.title_before(before), persons)
    end = before[-1].end + (1 if closing else 0)
    # A title never reaches back over punctuation, nor into a quoted name it does not
    # hold whole («руководитель фракции «Аманат»», «Аманат» партиясы фракциясының
    # жетекшісі hold it): keep the words after the mark.
    begin = 0
    while words:
        begin = words[0].start
        # an empty slice is "in" any string: at the text's start there is no mark before
        if not _balanced(text[begin:end]) and begin and text[begin - 1] in _OPENING_MARKS:
            begin -= 1
        if _TITLE_BREAK.search(text[begin:end]) or not _balanced(text[begin:end]):
            words = words[1:]
            continue
        break
    if gap == ", " and not (words and _opens_sentence(state, words[0].start)):
        return None  # "The secretary of the maslikhat, Name," opens its sentence
    if any(rules.is_possessive_pronoun(w.text) for w in words):
        return None  # «своему заместителю Имя»: another's deputy, no post of its own
    trimmed = rules.trim_title(words)
    if trimmed != words:
        words, begin = trimmed, trimmed[0].start if trimmed else begin
    former = bool(words) and _is_former(rules, words[0].text)
    if former:
        words = words[1:]
        begin = words[0].start if words else begin
    known = (
        posts.ending_at.get(person.start - 1)
        if text[person.start - 1 : person.start] == " "
        else None
    )
    if known is not None and not _deputy(rules, words, known.start):
        ended = former or _after_former(state, known.start)
        return Title(known.start, known.end, known.entity_ids[0], known.label, True, ended=ended)
    if not words:
        return None
    return _title_of_words(
        state,
        words,
        posts,
        ended=former or _after_former(state, words[0].start),
        span=(begin, end),
    )


_TITLE_BREAK = re.compile(r"[.,;:!?()\n/]|\s[-–—]\s")
"""What a title never reaches back over: punctuation, a byline's slash, a spaced dash (the
dash between two titles of one person parts them, ``_TITLES_SEPARATOR``)."""
_TITLES_SEPARATOR = re.compile(r", | [-–—] ")
_OPENING_MARKS = '«“"'
_CLOSING_MARKS = '»”"'


def _balanced(words: str) -> bool:
    return words.count("«") == words.count("»") and words.count('"') % 2 == 0


def _restates_body(state: DraftState, posts: _Posts, words: list[Token], known_end: int) -> bool:
    """Whether the title's words after a known post's name only restate where it is ("the
    Chairman of the Senate of Kazakhstan's Parliament"), not make it another post ("the
    Chairman of the Senate Committee on Science")."""
    rest = [w for w in words if w.start >= known_end]
    return all(
        posts.bodies.holds(w.start) or w.text in _LINKS or state.rules.lemma(w.text) in _LINKS
        for w in rest
    )


_LINKS = frozenset({"of", "the", "in", "for"})
"""Words between a post's name and the body it restates."""


def _deputy(rules: LanguageRules, words: list[Token], known_start: int) -> bool:
    """Whether a deputy word stands before a known post's name in the title (the first
    deputy of the Minister is not the Minister)."""
    return any(
        w.start < known_start and w.text.casefold().startswith(d)
        for w in words
        for d in rules.deputy_words
    )


def _opens_sentence(state: DraftState, start: int) -> bool:
    before = state.index.tokens_before(start, 1)
    if before and before[0].text in ("The", "the"):
        start = before[0].start
    return re.search(r"(?:^|[.!?]\s|\n)\s*$", state.text[max(0, start - 4) : start]) is not None


def _after_former(state: DraftState, start: int) -> bool:
    """Whether "former" («бывший», бұрынғы) stands right before the title."""
    before = state.index.tokens_before(start, 1)
    return bool(before) and _is_former(state.rules, before[0].text)


def _is_former(rules: LanguageRules, word: str) -> bool:
    return word.casefold().rstrip("-") in (w.rstrip("-") for w in rules.former_words)


def _title_of_words(
    state: DraftState,
    words: list[Token],
    posts: _Posts,
    *,
    appointed: bool = False,
    ended: bool = False,
    span: tuple[int, int] | None = None,
) -> Title | None:
    """The post a title's words name: a known post they start with or end with, a
    portfolio's post, a new post, or none for a bare title (``post_id`` empty). ``span``
    is where the title starts and ends when quotation marks open or close its words."""
    text, rules = state.text, state.rules
    start = min(span[0], words[0].start) if span else words[0].start
    end = max(span[1], words[-1].end) if span else words[-1].end
    if not any(rules.is_title_word(w.text) for w in words):
        return None  # what is left of a title cut at a name or a mark
    known = posts.starting_at.get(start)
    deputy = any(w.text.casefold().startswith(d) for w in words for d in rules.deputy_words)
    if known is not None and not deputy and _restates_body(state, posts, words, known.end):
        return Title(
            start, end, known.entity_ids[0], known.label, True, ended=ended, appointed=appointed
        )
    label = (
        text[start : words[0].start] + rules.title_label(words, text) + text[words[-1].end : end]
    )
    if _bare(state, words):
        return Title(start, end, "", label, False)
    ending = _post_ending_with(posts, label)
    if ending is not None and not deputy:
        return Title(
            start, end, ending, label, True, shortened=True, ended=ended, appointed=appointed
        )
    post_id = portfolio_post_id(label, rules) or f"post/{slugify(label)}"
    return Title(start, end, post_id, label, False, ended=ended, appointed=appointed)


def portfolio_post_id(title: str, rules: LanguageRules) -> str | None:
    """``post/minister-of-finance`` for «Қаржы министрі», «Министр финансов», "Minister of Finance".

    A minister's title names the same post in every language; its id comes from the English
    key of its head and portfolio, so drafts of a kk, a ru and an en article agree.
    """
    folded = " ".join(title.casefold().replace("—", " ").split())
    words = folded.replace("-", " ").split()
    for head, form in rules.portfolio_titles.items():
        head_words = form.replace("-", " ").split()
        if not _contains(words, head_words):
            continue
        outside_head = " ".join(words).replace(" ".join(head_words), " ").split()
        if any(w.startswith(d) for w in outside_head for d in rules.deputy_words):
            return None  # the first deputy minister of finance holds another post
        for portfolio, names in rules.portfolios.items():
            if any(_contains(words, name.replace("-", " ").split()) for name in names):
                return f"post/{head}-of-{portfolio}"
    return None


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _post_ending_with(posts: _Posts, title: str) -> str | None:
    """The one known post whose name ends with ``title`` («… Тұрақты өкілі»), if only one does.

    The press shortens a post to its last words once the body is clear from the sentence;
    two posts ending alike make it no match at all.
    """
    found = posts.by_ending.get(" ".join(title.casefold().split()), set())
    return next(iter(found)) if len(found) == 1 else None


_APPOSITION = re.compile(r", ([^,.;:!?«»\"\n]{3,80})(?=[,.;:!?\n]|$)")
_MAX_APPOSITION_WORDS = 10


def _title_after(state: DraftState, person: Person, posts: _Posts, persons: Spans) -> Title | None:
    """«Мадина Ерланова, министр финансов, …»: a title set off by a comma after the name."""
    apposition = _APPOSITION.match(state.text, person.end)
    if apposition is None:
        return None
    start, end = apposition.span(1)
    words = state.index.tokens_within(start, end)
    if not words or len(words) > _MAX_APPOSITION_WORDS or persons.overlaps(start, end):
        return None  # a title before the next name of a list is that name's
    rules = state.rules
    words = rules.trim_title(words) if rules.is_apposition_title(words) else []
    if not words:
        return None  # ", who spoke first,"; ", the UNDP Resident Representative," trimmed
    title = _title_of_words(state, words, posts)
    if title is None or title.known:
        return title
    label = rules.apposition_label(title.label)
    post_id = title.post_id and (portfolio_post_id(label, rules) or f"post/{slugify(label)}")
    return Title(title.start, title.end, post_id, label, False)
