"""What the drafting rules share while they read one text: its words, the persons found, the proposals made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from civicgraph.ingest.index import TextIndex
from civicgraph.ingest.languages import LanguageRules, rules_for
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.tokens import Token
from civicgraph.linking.text import transliterate
from civicgraph.model import Entity

_SLUG = re.compile(r"[^a-z0-9]+")


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
    rules: LanguageRules = field(init=False)
    """The rules of ``language``."""
    index: TextIndex = field(init=False)
    """The text's words, quotes and sentences, made once; every rule looks them up here."""

    def __post_init__(self) -> None:
        self.rules = rules_for(self.language)
        self.index = TextIndex(self.text)

    @property
    def tokens(self) -> list[Token]:
        return self.index.tokens

    @property
    def quotes(self) -> list[tuple[int, int]]:
        return self.index.quotes

    def propose(self, proposal: Proposal) -> None:
        assert self.text[proposal.start : proposal.end] == proposal.quote
        self.proposals.append(proposal)


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
