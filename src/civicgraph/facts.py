"""The kinds of fact civicgraph drafts, reviews, records and projects: one table, read by every step.

A row says what a kind is (its ``civ:`` class, or that it states something about an
entity), how a draft's proposal of it becomes a record (``record``: the records-format
item, docs/records.md), which fields a curator sees and may change (``fields``: the
columns of ``draft review``, the options of ``draft edit``), what an accept needs
(``needs``), the key that says the records already state it (``recorded``), and the
edges its facts become in the network projection (``edges``, docs/analysis.md). The
proposal kinds, the CLI's choices, rendering a draft (``ingest/drafts.py``), "already
recorded" (``ingest/recorded.py``), review (``ingest/review.py``), editing a draft
(``ingest/edit.py``) and the projection's relation families (``analyse/projection.py``)
are derived from it: a new kind is a new row, not a branch in each. Kinds no draft
proposes (reported statements, programme regions, reified assertions) are rows too,
without a record form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import product
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from civicgraph.ingest.proposals import Proposal

EVENT_STATUSES: Mapping[str, str] = MappingProxyType(
    {
        "scheduled": "civ:EventScheduled",
        "held": "civ:EventHeld",
        "postponed": "civ:EventPostponed",
        "cancelled": "civ:EventCancelled",
    }
)
"""An event's status as a source reports it, by the name a proposal and a curator use."""

HELD = "held"
"""The one status of an event people take part in (ontology/shapes.ttl says the same)."""

HOLDING_STATUSES: Mapping[str, str] = MappingProxyType(
    {"current": "civ:StatusCurrent", "ended": "civ:StatusEnded", "unknown": "civ:StatusUnknown"}
)
"""A post holding's status, by name."""

ROLE_TERMS: Mapping[str, str] = MappingProxyType(
    {
        "opened": "civ:RoleOpener",
        "chaired": "civ:RoleChair",
        "spoke": "civ:RoleSpeaker",
        "took_part": "civ:RoleAttendee",
        "presented": "civ:RolePresenter",
    }
)
"""The roles a participation proposal names, with the ontology's term for each; every
language's role verbs are keyed by these."""


@dataclass(frozen=True)
class Field:
    """One value of a kind a curator sees in ``draft review`` and may set with ``draft edit``."""

    name: str
    """As the curator names it: the column of the listing, the option of ``draft edit``."""
    key: str
    """The key of the records-format item that holds it."""
    terms: Mapping[str, str] | None = None
    """A controlled vocabulary (name → ``civ:`` term): the curator writes the name."""
    editable: bool = True
    is_id: bool = True
    """The value is an entity id, which must be known or proposed."""

    def shown(self, value: object) -> str:
        """The value as the curator writes it: a term by its name, a text with its language."""
        if isinstance(value, Mapping):
            return ", ".join(f"{text}@{language}" for language, text in value.items())
        if self.terms is not None:
            names = {term: name for name, term in self.terms.items()}
            return names.get(str(value), str(value))
        return str(value)


@dataclass(frozen=True)
class Need:
    """A key an accepted item of the kind must have; without it, one line saying why."""

    key: str
    refusal: str
    """Formatted with ``n`` and ``candidates``."""
    hint: str


@dataclass(frozen=True)
class Recorded:
    """The key that says the records already state a proposal."""

    keys: tuple[str, ...]
    """Record keys whose values are the same (a list value counts each of its values)."""
    overlapping: bool = False
    """And the evidence spans overlap (a quote, a mention: the same words)."""
    named_by_any_fact: bool = False
    """The values may be named by a fact of any kind: a name inside a recorded holding's
    evidence is recorded as well as by a mention of its own."""


@dataclass(frozen=True)
class RecordContext:
    """What a proposal's record form needs besides the proposal: where it is in its draft."""

    source_id: str
    n: int
    language: str
    published: str | None


@dataclass(frozen=True)
class EdgeValue:
    """An edge attribute, from a column of its family's query."""

    column: str
    form: str = "text"
    """``text`` as it is; ``id``/``ids`` one or space-separated node ids; ``term``/``terms``
    the local names of ``civ:`` terms."""


@dataclass(frozen=True)
class Edge:
    """How each row of a relation family's query (``analyse/sparql/<query>.rq``) becomes an
    edge of the network projection. A name starting with ``?`` is a column of the row."""

    family: str
    """The relation family (``graph --family``): one query, one kind of edge."""
    query: str
    source: tuple[str, ...]
    """Columns of the edge's start: the first one bound (a row with none makes no edge)."""
    target: str
    """Column of its end; with ``many``, space-separated ends, an edge each."""
    predicate: str
    """The edge's name: a word, or ``?column`` for the local name of a term."""
    labels: tuple[str, ...]
    """The ontology term whose kk/en/ru labels name the edge: the first that is given."""
    fact_type: str
    """A class name, or ``?column``."""
    values: Mapping[str, EdgeValue] = field(default_factory=dict)
    many: bool = False


def _never(proposal: Proposal, source_id: str) -> bool:
    return False


@dataclass(frozen=True)
class FactKind:
    """One row of the table (module docstring)."""

    name: str
    ontology_class: str | None
    """The ``civ:`` class of the fact node it becomes; ``None`` for statements about an
    entity (``subject:`` in the records), and for new entities."""
    record: Callable[[Proposal, RecordContext], dict[str, Any] | None] | None
    """The records-format item of a proposal (returning ``None``: it adds an entity only);
    ``None`` for a kind no draft proposes."""
    fields: tuple[Field, ...] = ()
    needs: tuple[Need, ...] = ()
    recorded: Recorded | None = None
    id_prefix: str | None = None
    """The kind of the fact node's id (``holding`` in ``holding/<source>-<n>``)."""
    adds_entity: Callable[[Proposal, str], bool] = _never
    """Whether the proposal also adds an entity to the authority file (given the source id)."""
    takes_place: str | None = None
    """The key naming an event that must have taken place (a participation's)."""
    edges: tuple[Edge, ...] = ()
    """The edges its facts become in the network projection."""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def record_keys(self, item: Mapping[str, Any]) -> Iterator[tuple[str, ...]]:
        """The "already recorded" keys of a records-format item of this kind (none when the
        item is of another kind or lacks a key)."""
        if self.recorded is None:
            return
        if self.recorded.named_by_any_fact:
            for named in named_ids(item):
                yield (named,)
            return
        if self.ontology_class is not None and item.get("type") != self.ontology_class:
            return
        if self.ontology_class is None and "subject" not in item:
            return
        values: list[list[str]] = []
        for key in self.recorded.keys:
            value = item.get(key)
            if value is None:
                return
            values.append([str(v) for v in (value if isinstance(value, list) else [value])])
        yield from product(*values)

    def proposal_key(self, item: Mapping[str, Any]) -> tuple[str, ...] | None:
        """The "already recorded" key of a proposal's records-format item."""
        if self.recorded is None:
            return None
        values = [item.get(key) for key in self.recorded.keys]
        if any(v is None or isinstance(v, list) for v in values):
            return None
        return tuple(str(v) for v in values)


def named_ids(item: Mapping[str, Any]) -> set[str]:
    """The entity ids a records-format item names, its evidence and note aside."""
    ids: set[str] = set()
    for key, value in item.items():
        if key in ("evidence", "note"):
            continue
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and "/" in one and " " not in one:
                ids.add(one)
    return ids


# -- record forms ---------------------------------------------------------------------------


def _fact_id(prefix: str, at: RecordContext) -> str:
    return f"{prefix}/{at.source_id}-{at.n}"


def _mention(p: Proposal, at: RecordContext) -> dict[str, Any]:
    x = p.extra
    fact: dict[str, Any] = {
        "id": _fact_id("mention", at),
        "type": "Mention",
        "mentionedEntity": p.entity,
    }
    if p.entity is None:
        fact["candidates"] = x.get("candidates", [])
    if "suggested_label" in x:
        fact["suggestedLabel"] = x["suggested_label"]
    if x.get("spelling"):
        # the name as this text spells it: the entity learns it when the mention is accepted
        fact["addsAltLabel"] = {at.language: x["spelling"]}
    return fact


def _holding(p: Proposal, at: RecordContext) -> dict[str, Any]:
    x = p.extra
    status = str(x.get("status", "current"))
    fact: dict[str, Any] = {
        "id": _fact_id("holding", at),
        "type": "PostHolding",
        "holder": x["person"],
        "post": x["post"],
        "holdingStatus": HOLDING_STATUSES[status],
    }
    if status == "current" and at.published:
        # "is the chairman" in a text of that day: it held then, and no more is known
        fact["knownOn"] = at.published
    return fact


def _event(p: Proposal, at: RecordContext) -> dict[str, Any]:
    x = p.extra
    fact: dict[str, Any] = {"subject": p.entity, "eventStatus": EVENT_STATUSES[str(x["status"])]}
    if x.get("place"):
        fact["location"] = x["place"]
    return fact


def _participation(p: Proposal, at: RecordContext) -> dict[str, Any]:
    x = p.extra
    return {
        "id": _fact_id("participation", at),
        "type": "Participation",
        "participant": x["person"],
        "event": x["event"],
        "participationRole": ROLE_TERMS[str(x["role"])],
    }


def _quote(p: Proposal, at: RecordContext) -> dict[str, Any]:
    x = p.extra
    fact: dict[str, Any] = {"id": _fact_id("quote", at), "type": "Quote", "speaker": x["speaker"]}
    if x.get("event"):
        fact["event"] = x["event"]
    fact["text"] = "$evidence"
    return fact


def _date(p: Proposal, at: RecordContext) -> dict[str, Any]:
    x = p.extra
    # the date of the event its sentence introduces, or of nothing the draft can name
    return {"subject": x.get("event"), "date": x["date"], "basis": x["basis"]}


def _no_fact(p: Proposal, at: RecordContext) -> None:
    return None


def _always(p: Proposal, source_id: str) -> bool:
    return True


def _new_event(p: Proposal, source_id: str) -> bool:
    # An event of the authority file named in the text is that event; a new one is
    # minted for this source (ingest/events.py).
    return str(p.entity).startswith(f"event/{source_id}-")


_EVENT_FIELD = Field("event", "event")
_TOOK_PART: Mapping[str, EdgeValue] = {
    "role": EdgeValue("roles", "terms"),
    "capacity": EdgeValue("capacities", "ids"),
    "event": EdgeValue("event", "id"),
}

FACT_KINDS: tuple[FactKind, ...] = (
    FactKind(
        "mention",
        "Mention",
        _mention,
        fields=(
            Field("entity", "mentionedEntity"),
            # set by --label: the name as the text spells it, learnt when accepted
            Field("spelling", "addsAltLabel", editable=False, is_id=False),
        ),
        needs=(
            Need(
                "mentionedEntity",
                "proposal {n} is ambiguous between {candidates}",
                "name one: civicgraph draft edit {source} {n} --entity ID",
            ),
        ),
        recorded=Recorded(("mentionedEntity",), overlapping=True, named_by_any_fact=True),
        id_prefix="mention",
        # from the event it was named at, else from the speaker of the statement naming it
        edges=(
            Edge(
                "mention",
                "mention",
                ("?atEvent", "?contextSpeaker"),
                "?entity",
                "mentions",
                ("Mention",),
                "Mention",
                {"event": EdgeValue("atEvent", "id"), "context": EdgeValue("mentionContext", "id")},
            ),
        ),
    ),
    FactKind(
        "entity",
        None,
        _no_fact,
        fields=(
            Field("entity", "id", editable=False),
            Field("type", "type", editable=False, is_id=False),
        ),
        adds_entity=_always,
    ),
    FactKind(
        "post_holding",
        "PostHolding",
        _holding,
        fields=(
            Field("person", "holder"),
            Field("post", "post"),
            Field("status", "holdingStatus", HOLDING_STATUSES, is_id=False),
            Field("known", "knownOn", editable=False, is_id=False),
        ),
        recorded=Recorded(("holder", "post")),
        id_prefix="holding",
        edges=(
            Edge(
                "holding",
                "holding",
                ("?holder",),
                "?post",
                "holds",
                ("PostHolding",),
                "PostHolding",
                {
                    "status": EdgeValue("holdingStatus", "term"),
                    "start_date": EdgeValue("startDate"),
                    "end_date": EdgeValue("endDate"),
                    "event": EdgeValue("attestedAt", "id"),
                },
            ),
        ),
    ),
    FactKind(
        "event",
        None,
        _event,
        fields=(
            Field("event", "subject", editable=False),
            Field("status", "eventStatus", EVENT_STATUSES, is_id=False),
            Field("place", "location", editable=False),
        ),
        recorded=Recorded(("subject", "eventStatus")),
        adds_entity=_new_event,
        # its status and place are statements about the event: projected as assertions
    ),
    FactKind(
        "participation",
        "Participation",
        _participation,
        fields=(
            Field("person", "participant"),
            _EVENT_FIELD,
            Field("role", "participationRole", ROLE_TERMS, editable=False, is_id=False),
        ),
        recorded=Recorded(("participant", "participationRole")),
        id_prefix="participation",
        takes_place="event",
        edges=(
            Edge(
                "participation",
                "participation",
                ("?participant",),
                "?event",
                "participatedIn",
                ("Participation",),
                "Participation",
                _TOOK_PART,
            ),
            Edge(
                "participation",
                "participation",
                ("?participant",),
                "?presentedItems",
                "presented",
                ("presented",),
                "Participation",
                _TOOK_PART,
                many=True,
            ),
        ),
    ),
    FactKind(
        "quote",
        "Quote",
        _quote,
        fields=(Field("speaker", "speaker"), _EVENT_FIELD),
        recorded=Recorded((), overlapping=True),
        id_prefix="quote",
        # projected with the statements: a civ:Quote is a civ:Statement
    ),
    FactKind(
        "date",
        None,
        _date,
        fields=(Field("event", "subject"), Field("date", "date", editable=False, is_id=False)),
        needs=(
            Need(
                "subject",
                "proposal {n} is a date of no event the draft names",
                "name its event: civicgraph draft edit {source} {n} --event ID",
            ),
        ),
        recorded=Recorded(("subject", "date")),
    ),
    # -- kinds no draft proposes: recorded by hand, projected as the others
    FactKind(
        "statement",
        "Statement",
        None,
        # a quote's, reported statement's or conclusion's speaker to what it is about
        edges=(
            Edge(
                "statement",
                "statement",
                ("?speaker",),
                "?target",
                "?relation",
                ("?relation",),
                "?kind",
                {"event": EdgeValue("atEvent", "id")},
            ),
        ),
    ),
    FactKind(
        "programme_region",
        "ProgrammeRegion",
        None,
        edges=(
            Edge(
                "programme-region",
                "programme_region",
                ("?programme",),
                "?region",
                "programmeRegion",
                ("?regionRole", "ProgrammeRegion"),
                "ProgrammeRegion",
                {
                    "role": EdgeValue("regionRole", "term"),
                    "start_date": EdgeValue("startDate"),
                    "end_date": EdgeValue("endDate"),
                },
            ),
        ),
    ),
    FactKind(
        "assertion",
        "Assertion",
        None,
        # an event's status, place or date, and every other statement about an entity
        edges=(
            Edge(
                "binary",
                "binary",
                ("?subject",),
                "?object",
                "?predicate",
                ("?predicate",),
                "Assertion",
            ),
        ),
    ),
)
"""Every kind: those a draft proposes first, in the order it lists proposals that start at
the same offset."""

BY_NAME: Mapping[str, FactKind] = MappingProxyType({kind.name: kind for kind in FACT_KINDS})

KINDS: tuple[str, ...] = tuple(kind.name for kind in FACT_KINDS if kind.record is not None)
"""Every kind of proposal."""

FAMILIES: tuple[str, ...] = tuple(
    dict.fromkeys(edge.family for kind in FACT_KINDS for edge in kind.edges)
)
"""The network projection's relation families, one query each."""

EDITABLE: tuple[str, ...] = tuple(
    dict.fromkeys(f.name for kind in FACT_KINDS for f in kind.fields if f.editable)
)
"""The fields ``draft edit`` can set on some kind."""

REFERENCE_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        f.key for kind in FACT_KINDS for f in kind.fields if f.is_id and f.key not in ("id",)
    )
)
"""The record keys whose values are entity ids that must exist."""

FACT_ID_PREFIXES: tuple[str, ...] = tuple(
    f"{kind.id_prefix}/" for kind in FACT_KINDS if kind.id_prefix is not None
)
"""The kinds of id a fact node has (not entities of the authority file)."""


def fact_kind(name: str) -> FactKind | None:
    return BY_NAME.get(name)


__all__ = [
    "BY_NAME",
    "EDITABLE",
    "EVENT_STATUSES",
    "FACT_ID_PREFIXES",
    "FACT_KINDS",
    "FAMILIES",
    "HELD",
    "HOLDING_STATUSES",
    "KINDS",
    "REFERENCE_KEYS",
    "ROLE_TERMS",
    "Edge",
    "EdgeValue",
    "FactKind",
    "Field",
    "Need",
    "RecordContext",
    "Recorded",
    "fact_kind",
    "named_ids",
]
