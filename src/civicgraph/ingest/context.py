"""What the drafting rules share while they read one text: its words, the persons found, the proposals made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from civicgraph.ingest.index import TextIndex
from civicgraph.ingest.languages import LanguageRules, rules_for
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.spans import ByStart, Spans
from civicgraph.ingest.tokens import Token
from civicgraph.linking.text import transliterate
from civicgraph.model import Entity

_SLUG = re.compile(r"[^a-z0-9]+")
_SUBJECT_LOOKBACK = 12
"""How many names back a pronoun's person is looked for: a paragraph or two."""


def slugify(text: str) -> str:
    """A lower-case ASCII slug of any kk/ru/en text, through the linker's transliteration."""
    latin = transliterate(text).casefold()
    latin = latin.encode("ascii", "ignore").decode()
    return _SLUG.sub("-", latin).strip("-") or "x"


@dataclass
class Person:
    """A person the text names: known (authority id) or new (proposed id)."""

    id: str
    start: int
    end: int
    label: str
    known: bool


@dataclass(frozen=True)
class NamedTitle:
    """A title the text gives a person next to the name, a post's or a bare one («облыс
    әкімі»): later, the title alone may stand for the person."""

    start: int
    end: int
    words: str
    """The title's words, case-folded."""
    person: Person
    post_id: str | None
    """The post the title holds, ``None`` for a bare title."""


@dataclass
class DraftState:
    text: str
    language: str
    source_id: str
    entities: dict[str, Entity]
    proposals: list[Proposal] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    new_ids: dict[str, str] = field(default_factory=dict)
    """Proposed id → label of every new entity proposed so far."""
    roles_given: set[tuple[str, str, str]] = field(default_factory=set)
    """(person, event, role) of the participations proposed: one each, at the first
    sentence that states it (a headline and the report below it state it twice)."""
    titles: list[NamedTitle] = field(default_factory=list)
    """Titles given next to names, in text order (``titles.propose_holdings`` finds them)."""
    title_spans: Spans = field(default_factory=lambda: Spans(()))
    """Where those titles stand: the words between the names of a list."""
    title_starts: dict[int, int] = field(default_factory=dict)
    """A person's start → the start of the title right before the name."""
    titles_by_start: ByStart[NamedTitle] = field(default_factory=lambda: ByStart(()))
    _by_start: ByStart[Person] | None = field(default=None, init=False, repr=False)
    rules: LanguageRules = field(init=False)
    """The rules of ``language``."""
    index: TextIndex = field(init=False)
    """The text's words, quotes and sentences, made once; every rule looks them up here."""

    def __post_init__(self) -> None:
        self.rules = rules_for(self.language)
        self.index = TextIndex(self.text, speech=self.rules.speech_pattern())

    @property
    def tokens(self) -> list[Token]:
        return self.index.tokens

    @property
    def quotes(self) -> list[tuple[int, int]]:
        return self.index.quotes

    def propose(self, proposal: Proposal) -> None:
        assert self.text[proposal.start : proposal.end] == proposal.quote
        self.proposals.append(proposal)

    def last_subject_before(self, position: int) -> Person | None:
        """The person last named as a subject before ``position``, outside quotes: whom "he
        said", «деді ол» or a sentence naming nobody is about."""
        if self._by_start is None or len(self._by_start.items) != len(self.persons):
            self._by_start = ByStart(self.persons)
        for person in reversed(self._by_start.last_before(position, _SUBJECT_LOOKBACK)):
            if (
                person.end <= position
                and not self.index.in_quote(person.start)
                and self.named_as_subject(person)
            ):
                return person
        return None

    def named_as_subject(self, person: Person) -> bool:
        """Whether the text names ``person`` as a subject is named: the last word as the
        label (in the nominative) writes it, not inflected (Ерлановой, Ерланованың,
        Yerlanova's), and in English not after "of", before the name or its title."""
        written = self.text[person.start : person.end].split()
        if not written or written[-1].casefold() != person.label.split()[-1].casefold():
            return False
        start = self.title_starts.get(person.start, person.start)
        return not self.rules.marks_possessor(self.text[max(0, start - 16) : start])


def propose_new_entity(
    state: DraftState,
    entity_id: str,
    *,
    label: str,
    entity_type: str,
    span: tuple[int, int],
    why: str,
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
    if state.rules.script != "Latn":
        # An English label is suggested by transliteration, which reads Cyrillic only.
        extra["suggested_label"] = {"en": transliterate(label), "machine_made": True}
    state.propose(
        Proposal("entity", entity_id, label, entity_type, quote, start, end, 0.7, why, extra)
    )
    return entity_id
