"""Post titles next to a name, and the post holdings they state: known posts or new ones.

A title holds a post only with a name beside it (before it, or after it and a comma):
"the Prime Minister" alone proposes nothing. A title that contains a known post but adds
a deputy word («орынбасары», «заместитель», "Deputy") is another post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicgraph.ingest.context import DraftState, Person, propose_new_entity, slugify
from civicgraph.ingest.languages import LanguageRules
from civicgraph.ingest.matching import Match
from civicgraph.ingest.proposals import Proposal


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    post_id: str
    label: str
    known: bool
    shortened: bool = False
    """The words are only the end of the known post's name."""


_TITLE_REACH = 16
"""No title is longer than this many words: the words a title rule reads before a name."""


@dataclass(frozen=True)
class _Posts:
    """Known posts named in the text, by where they end and start, and the known posts'
    names by their last words (a title may be the end of a post's name)."""

    ending_at: dict[int, Match]
    starting_at: dict[int, Match]
    by_ending: dict[str, set[str]]


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
    return _Posts(ending_at, starting_at, by_ending)


def propose_holdings(state: DraftState, known: list[Match]) -> None:
    posts = _index_posts(state, known)
    for person in state.persons:
        title = _title_before(state, person, posts) or _title_after(state, person, posts)
        if title is None:
            continue
        if not title.known:
            propose_new_entity(state, title.post_id, label=title.label, entity_type="Post", span=(title.start, title.end), why=
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


def _title_before(state: DraftState, person: Person, posts: _Posts) -> Title | None:
    text, rules = state.text, state.rules
    before = state.index.tokens_before(person.start, _TITLE_REACH)
    if not before or text[before[-1].end : person.start] != " ":
        return None
    words = rules.title_before(before)
    # A title never reaches back over punctuation: keep the words after the last mark.
    while words and re.search(r"[.,;:!?()«»\"]", text[words[0].start : words[-1].end]):
        words = words[1:]
    known = posts.ending_at.get(person.start - 1) if text[person.start - 1] == " " else None
    deputy = any(w.text.casefold().startswith(d) for w in words for d in rules.deputy_words)
    if known is not None and not deputy:
        return Title(known.start, known.end, known.entity_ids[0], known.label, True)
    if not words:
        return None
    label = rules.title_label(words, text)
    ending = _post_ending_with(posts, label)
    if ending is not None and not deputy:
        return Title(words[0].start, words[-1].end, ending, label, True, shortened=True)
    return Title(
        words[0].start,
        words[-1].end,
        portfolio_post_id(label, rules) or f"post/{slugify(label)}",
        label,
        False,
    )


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
_MAX_APPOSITION_WORDS = 6


def _title_after(state: DraftState, person: Person, posts: _Posts) -> Title | None:
    """«Мадина Ерланова, министр финансов, …»: a title set off by a comma after the name."""
    match = posts.starting_at.get(person.end + 2)
    if match is not None and state.text[person.end : match.start] == ", ":
        return Title(match.start, match.end, match.entity_ids[0], match.label, True)
    apposition = _APPOSITION.match(state.text, person.end)
    if apposition is None:
        return None
    start, end = apposition.span(1)
    words = state.index.tokens_within(start, end)
    if not words or len(words) > _MAX_APPOSITION_WORDS:
        return None
    rules = state.rules
    if not rules.is_apposition_title(words):
        return None
    label = rules.apposition_label(rules.title_label(words, state.text))
    post_id = portfolio_post_id(label, rules) or f"post/{slugify(label)}"
    return Title(start, words[-1].end, post_id, label, False)
