"""The properties of the reconciliation service (Reconciliation Service API v0.2, §2.3
"Properties", §8 "Data Extension Service"): what a query may compare and what data
extension may fetch, one identifier for both.

Each named property is one query shipped in ``serve/sparql/reconcile/<id>.rq`` whose
header gives the property's name and description in kk, ru and en, and whose answer is
(entity, value) pairs. A property whose values hang off a node (a person's post, through
a ``civ:PostHolding``) or off several paths (a region: a place's, a body's jurisdiction,
a person's post's) is one union there, so that a client names "post" or "region" and
never the ontology's paths. Any property of the graph may also be named by its IRI or
prefixed name (``skos:exactMatch``, ``civ:heldBy``): its direct values.

Values are read for many entities at once (a VALUES block of ``CHUNK`` rows a query),
so a batch of a hundred queries costs one query a property, never one a candidate; the
same queries bound by value find the entities that have a value (properties-only
reconciliation), up to ``LOOKUP_CAP`` of them.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.io import short_repr
from civicgraph.languages import LocalText
from civicgraph.namespaces import PREFIXES
from civicgraph.serve import queries
from civicgraph.sparql.text import CatalogueQuery, shipped_query
from civicgraph.terms import civ
from civicgraph.triplesource import TripleSource

CHUNK = 200
"""Entities (or values) one query is bound to: a VALUES block Virtuoso and Oxigraph both
read at once, and small enough that a request to an endpoint stays a few kilobytes."""
LOOKUP_CAP = 1_000
"""Most entities a value lookup returns: a region has thousands of people at a million
triples, and a value shared so widely tells no candidate from another."""


class ValueKind(StrEnum):
    """What a property's values are, which says how they compare and are written."""

    ENTITY = "entity"
    """Entities of the graph: compared by id, IRI or name; written as ``{id, name}``."""
    WIKIDATA = "wikidata"
    """Wikidata items: compared by Q-id or IRI; written as their Q-id."""
    LABEL = "label"
    """Names in one language."""
    DATE = "date"
    TYPE = "type"
    """Classes of the ontology: compared by local name, IRI or label."""
    ANY = "any"
    """A property named by its IRI: whatever the graph holds."""


@dataclass(frozen=True)
class ServiceProperty:
    """A property the service names: its query, and what its values are."""

    id: str
    kind: ValueKind
    value_type: str | None = None
    """The class (local name) of the entities it leads to, for data extension's meta."""
    proposed_for: tuple[str, ...] = ()
    """Classes (local names) whose instances have it; () for every class."""
    language: str | None = None
    """The language of a label property's values."""
    iri: str | None = None
    """A property named by its IRI (``ValueKind.ANY``): its direct values."""

    @cached_property
    def query(self) -> CatalogueQuery:
        if self.iri is not None:
            return queries.page_query("reconcile_direct")
        return shipped_query("civicgraph.serve", self.id, folder="sparql/reconcile")

    def name(self, lang: str) -> LocalText:
        if self.iri is not None:
            return LocalText(self.id, None)
        return self.query.title_in(lang)

    def description(self, lang: str) -> LocalText:
        if self.iri is not None:
            return LocalText(self.iri, None)
        return self.query.description_in(lang)

    @property
    def identifying(self) -> bool:
        """Whether one value agreeing says the entity is the one asked for."""
        return self.kind is ValueKind.WIKIDATA or self.iri in _IDENTIFYING


_EVERY = ()
NAMED: dict[str, ServiceProperty] = {
    p.id: p
    for p in (
        ServiceProperty("post", ValueKind.ENTITY, "Post", ("Person",)),
        ServiceProperty("holder", ValueKind.ENTITY, "Person", ("Post",)),
        ServiceProperty(
            "body", ValueKind.ENTITY, "Organisation", ("Person", "Post", "Organisation", "Group")
        ),
        ServiceProperty(
            "region",
            ValueKind.ENTITY,
            "Place",
            ("Person", "Post", "Organisation", "Place", "Event", "Programme"),
        ),
        ServiceProperty("held_by", ValueKind.ENTITY, "Organisation", ("Event",)),
        ServiceProperty("date", ValueKind.DATE, None, ("Event",)),
        ServiceProperty("partner", ValueKind.ENTITY, "Organisation", ("Programme",)),
        ServiceProperty("wikidata", ValueKind.WIKIDATA, None, _EVERY),
        ServiceProperty("label_kk", ValueKind.LABEL, None, _EVERY, language="kk"),
        ServiceProperty("label_ru", ValueKind.LABEL, None, _EVERY, language="ru"),
        ServiceProperty("label_en", ValueKind.LABEL, None, _EVERY, language="en"),
        ServiceProperty("type", ValueKind.TYPE, None, _EVERY),
    )
}
"""The properties the service names and proposes, in the order it proposes them."""

_IDENTIFYING = {f"{PREFIXES['skos']}exactMatch", f"{PREFIXES['owl']}sameAs"}


def find_property(pid: str) -> ServiceProperty:
    """The property ``pid`` names: a named one, or any property by IRI or prefixed name."""
    named = NAMED.get(pid)
    if named is not None:
        return named
    iri = expand_iri(pid)
    if iri is None:
        raise QueryError(
            f"unknown property {short_repr(pid)}",
            hint=f"name one of {', '.join(NAMED)} (see /reconcile/suggest/property),"
            " or a property by its IRI or prefixed name (civ:heldBy)",
        )
    named_by_iri = {f"{PREFIXES['skos']}exactMatch": NAMED["wikidata"]}.get(iri)
    return named_by_iri or ServiceProperty(pid, ValueKind.ANY, iri=iri)


def expand_iri(name: str) -> str | None:
    """``civ:Person`` or a full IRI as an IRI; ``None`` for anything else."""
    if "://" in name:
        try:
            return ox.NamedNode(name).value
        except ValueError:
            return None
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and local:
        return f"{PREFIXES[prefix]}{local}"
    return None


Values = dict[str, list[queries.Term]]
"""Each entity's values of one property, by entity IRI, main value first."""


def read_values(
    source: TripleSource, prop: ServiceProperty, entities: Iterable[str], *, deadline: float
) -> Values:
    """The values of ``prop`` of each of ``entities``."""
    found: Values = defaultdict(list)
    rank: dict[tuple[str, queries.Term], tuple[bool, str]] = {}
    for rows in _chunks([{"entity": ox.NamedNode(e)} for e in sorted(set(entities))]):
        answer = queries.run_values(
            source, prop.query, _with_property(prop, rows), timeout=time_left(deadline)
        )
        for record in answer.records():
            entity, value = record["entity"], record["value"]
            if not isinstance(entity, ox.NamedNode) or value is None:
                continue
            if value not in found[entity.value]:
                found[entity.value].append(value)
            # a post held now first, then the latest begun (post.rq gives both)
            current = record.get("status") == civ.StatusCurrent
            start = record.get("start")
            key = (entity.value, value)
            order = (not current, _inverted(_term_text(start) if start is not None else ""))
            rank[key] = min(rank.get(key, order), order)
    for iri, values in found.items():
        values.sort(key=lambda v, e=iri: (rank[(e, v)], _term_text(v)))  # type: ignore[misc]
    return found


def find_entities(
    source: TripleSource,
    prop: ServiceProperty,
    values: Sequence[queries.Term],
    *,
    deadline: float,
) -> dict[queries.Term, set[str]]:
    """The entities that have each of ``values`` as a value of ``prop`` (at most
    ``LOOKUP_CAP`` a lookup)."""
    found: dict[queries.Term, set[str]] = defaultdict(set)
    for rows in _chunks([{"value": v} for v in sorted(set(values), key=str)]):
        answer = queries.run_values(
            source,
            prop.query,
            _with_property(prop, rows),
            timeout=time_left(deadline),
            limit=LOOKUP_CAP,
        )
        for record in answer.records():
            entity, value = record["entity"], record["value"]
            if isinstance(entity, ox.NamedNode) and value is not None:
                found[value].add(entity.value)
    return found


def _with_property(
    prop: ServiceProperty, rows: list[dict[str, queries.Term]]
) -> list[dict[str, queries.Term]]:
    if prop.iri is None:
        return rows
    node = ox.NamedNode(prop.iri)
    return [{**row, "property": node} for row in rows]


def _chunks(rows: list[dict[str, queries.Term]]) -> Iterable[list[dict[str, queries.Term]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def time_left(deadline: float) -> float:
    """Seconds left before ``deadline`` (``time.monotonic``); past it, the request stops."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise queries.QueryTimeoutError(
            "the request ran past its time and was stopped",
            hint="send fewer queries or ids in one request",
        )
    return left


def _inverted(text: str) -> str:
    """A text that sorts in the reverse order of ``text`` (latest date first)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) + "\U0010ffff"


def _term_text(term: queries.Term) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)
