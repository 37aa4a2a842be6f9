"""Typed values that flow between civicgraph's layers: sources, entities, facts, evidence.

The model is plain data (frozen dataclasses); reading it from files is ``records``'s job
and turning it into RDF is ``build``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

UNKNOWN = "unknown"
"""What a curator writes for a metadata value the source does not give."""


@dataclass(frozen=True)
class Source:
    """A document facts are taken from: held byte for byte, or only cited (external)."""

    id: str
    title: dict[str, str]
    language: str
    path: Path | None
    """The document file; ``None`` for an external source that is cited, not held."""
    sha256: str | None
    text: str | None
    publisher: str | None
    """An entity id (``org/undp``), or ``None`` when the source does not say."""
    url: str | None
    date: str | None
    date_expression: dict[str, str] = field(default_factory=dict)
    publisher_name: str | None = None
    """The publisher's name as given (a page's ``og:site_name``), when it is no entity."""
    metadata_path: Path | None = None
    rights: dict[str, str] = field(default_factory=dict)
    """Who holds the rights to the document and on what terms, by language."""
    text_path: Path | None = None
    """The file the text is read from when it is not ``path``: a page's extracted text."""

    @property
    def is_external(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class Entity:
    """An entry of the authority file: one stable id per person, body, post, place…"""

    id: str
    type: str
    """Local name of a ``civ:`` class."""
    labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Other names to show and to search Wikidata with (skos:altLabel)."""
    hidden_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Forms a name matcher recognises but nobody shows or searches another database with
    (skos:hiddenLabel): the generic words the country's press uses for the entity
    («Парламент», "Head of State", ҚР), which name other things elsewhere."""
    path: Path | None = None
    line: int | None = None

    def names(self, language: str) -> tuple[str, ...]:
        """Every form of the entity's name in ``language`` a matcher recognises: its label,
        alternative and hidden labels, in that order."""
        return (
            *((self.labels[language],) if language in self.labels else ()),
            *self.alt_labels.get(language, ()),
            *self.hidden_labels.get(language, ()),
        )

    @property
    def kind(self) -> str:
        return self.id.split("/", 1)[0]


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: a quote found in a held source, or a whole external source."""

    source_id: str
    quote: str | None = None
    occurrence: int | None = None
    """1-based, required when the quote appears more than once in the source."""
    line: int | None = None
    start: int | None = None
    """Code-point offsets of the quote, when the curator gives them (a draft's are always
    given): the build then checks ``text[start:end] == quote`` instead of searching."""
    end: int | None = None


@dataclass(frozen=True)
class Excerpt:
    """A located span of a source text (W3C Web Annotation: position + quote selectors)."""

    source_id: str
    start: int
    """Unicode code point offset of the decoded text, inclusive."""
    end: int
    """Unicode code point offset, exclusive."""
    exact: str


@dataclass(frozen=True)
class Value:
    """One value of a fact's property, as written by the curator."""

    raw: object
    line: int | None = None


@dataclass(frozen=True)
class Fact:
    """What a document states: a new n-ary node (``id`` + ``type``) or triples about ``subject``."""

    source_id: str
    properties: dict[str, tuple[Value, ...]]
    evidence: tuple[Evidence, ...]
    id: str | None = None
    type: str | None = None
    subject: str | None = None
    path: Path | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        """How errors and reports name this fact."""
        if self.id is not None:
            return self.id
        return f"fact about {self.subject}"


@dataclass(frozen=True)
class Corpus:
    """Everything under ``data/``, read and checked for syntax but not yet built."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    facts: tuple[Fact, ...]
    data_dir: Path
