"""Post titles next to a name, and the post holdings they state: known posts or new ones.

A title holds a post only with a name beside it (before it, or after it and a comma):
"the Prime Minister" alone proposes nothing. A title that contains a known post but adds
a deputy word («орынбасары», «заместитель», "Deputy") is another post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicgraph.ingest import lexicon
from civicgraph.ingest.context import DraftState, Person, propose_new_entity, slugify
from civicgraph.ingest.matching import Match, Token
from civicgraph.ingest.morphology import is_adjective, nominative_phrase_head, russian_lemma
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


def propose_holdings(state: DraftState, known: list[Match]) -> None:
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


def _title_before(state: DraftState, person: Person, posts: list[Match]) -> Title | None:
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
        return Title(known.start, known.end, known.entity_ids[0], known.label, True)
    if not words:
        return None
    label = _title_label(words, language, text)
    ending = _post_ending_with(state, label)
    if ending is not None and not deputy:
        return Title(words[0].start, words[-1].end, ending, label, True, shortened=True)
    return Title(
        words[0].start,
        words[-1].end,
        portfolio_post_id(label, language) or f"post/{slugify(label)}",
        label,
        False,
    )


def portfolio_post_id(title: str, language: str) -> str | None:
    """``post/minister-of-finance`` for «Қаржы министрі», «Министр финансов», "Minister of Finance".

    A minister's title names the same post in every language; its id comes from the English
    key of its head and portfolio, so drafts of a kk, a ru and an en article agree.
    """
    folded = " ".join(title.casefold().replace("—", " ").split())
    words = folded.replace("-", " ").split()
    for head, forms in lexicon.PORTFOLIO_TITLES.items():
        head_words = forms[language].replace("-", " ").split()
        if not _contains(words, head_words):
            continue
        for portfolio, names in lexicon.PORTFOLIOS.items():
            if any(_contains(words, name.replace("-", " ").split()) for name in names[language]):
                return f"post/{head}-of-{portfolio}"
    return None


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _post_ending_with(state: DraftState, title: str) -> str | None:
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


_APPOSITION = re.compile(r", ([^,.;:!?«»\"\n]{3,80})(?=[,.;:!?\n]|$)")
_MAX_APPOSITION_WORDS = 6


def _title_after(state: DraftState, person: Person, posts: list[Match]) -> Title | None:
    """«Мадина Ерланова, министр финансов, …»: a title set off by a comma after the name."""
    for match in posts:
        if state.text[person.end : match.start] == ", ":
            return Title(match.start, match.end, match.entity_ids[0], match.label, True)
    apposition = _APPOSITION.match(state.text, person.end)
    if apposition is None:
        return None
    start, end = apposition.span(1)
    words = [t for t in state.tokens if start <= t.start and t.end <= end]
    if not words or len(words) > _MAX_APPOSITION_WORDS:
        return None
    language = state.language
    if language == "kk":
        is_title = any(words[-1].text.casefold().startswith(s) for s in lexicon.TITLE_NOUNS["kk"])
    elif language == "ru":
        is_title = russian_lemma(words[0].text) in lexicon.TITLE_NOUNS["ru"]
    else:
        is_title = words[0].text.casefold() in lexicon.TITLE_NOUNS["en"]
    if not is_title:
        return None
    label = _title_label(words, language, state.text)
    label = label[:1].upper() + label[1:] if language == "en" else label
    post_id = portfolio_post_id(label, language) or f"post/{slugify(label)}"
    return Title(start, words[-1].end, post_id, label, False)


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
    """The title as a post's label: a Russian title noun back in the nominative («Министра финансов» → «Министр финансов»)."""
    if language == "ru":
        for token in words:
            if russian_lemma(token.text) in lexicon.TITLE_NOUNS["ru"]:
                head = nominative_phrase_head(token.text)
                return text[words[0].start : token.start] + head + text[token.end : words[-1].end]
    return text[words[0].start : words[-1].end]
