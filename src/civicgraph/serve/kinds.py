"""What the explorer lists: the kinds of entity and of fact a reader can browse, one table.

The home page says what the graph holds with these kinds, each a count that links to its
list (``/list/<name>``). Entity kinds are the ontology's classes a reader looks for
(people, bodies, posts, events, programmes, places, sources), each with its subclasses (a
legislative chamber is a body, a meeting an event); fact kinds are the rows of the one
table of fact kinds (``civicgraph.facts``) that have a class of their own, so a new kind
of fact is listed without a change here. The ontology's internal classes (excerpts,
assertions, roles, statuses, concept schemes) are listed nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pyoxigraph as ox

from civicgraph.facts import FACT_KINDS, FactKind
from civicgraph.namespaces import PREFIXES
from civicgraph.terms import civ, dct

PAGE_SIZE = 50
"""Members of a list on one page."""
MAX_PAGE_SIZE = 100
"""The most members a page shows, and those a download reads in one batch."""


@dataclass(frozen=True)
class ListKind:
    """One kind a reader can browse: ``/list/<name>``."""

    name: str
    classes: tuple[ox.NamedNode, ...]
    """Its members are the instances of these classes and of every class below them."""
    dated_by: ox.NamedNode | None = None
    """The property whose value dates a member: the list can be sorted by it."""
    newest_first: bool = False
    """Listed by date, the latest first, unless the reader asks otherwise."""
    columns: tuple[ox.NamedNode, ...] = ()
    """The members' own properties a list shows beside their names."""
    holds_posts: bool = False
    """The list shows the posts each member holds (through its post holdings)."""
    fact: FactKind | None = None
    """The kind of fact it lists; ``None`` for entities."""

    @property
    def sorts(self) -> tuple[str, ...]:
        """The orders a list of this kind can be asked for (``?sort=``), the default first."""
        if self.fact is not None:
            return ("document",)  # a fact has no name of its own: listed as recorded
        if self.dated_by is None:
            return ("label",)
        return ("-date", "date", "label") if self.newest_first else ("label", "-date", "date")


def _expand(prefixed: str) -> ox.NamedNode:
    prefix, _, local = prefixed.partition(":")
    return ox.NamedNode(PREFIXES[prefix] + local)


def fact_names(kind: FactKind) -> tuple[ox.NamedNode, ...]:
    """The properties whose values name a fact of ``kind`` in words, in order."""
    return tuple(_expand(name) for name in kind.named_by)


ENTITY_KINDS: tuple[ListKind, ...] = (
    ListKind("person", (civ.Person,), holds_posts=True),
    ListKind("body", (civ.Organisation,), columns=(civ.partOf,)),
    ListKind("post", (civ.Post,), columns=(civ.postIn,)),
    ListKind(
        "event",
        (civ.Event,),
        dated_by=civ.date,
        newest_first=True,
        columns=(civ.heldBy, civ.location),
    ),
    ListKind("programme", (civ.Programme,), dated_by=civ.startYear, columns=(civ.partner,)),
    ListKind("place", (civ.Place,), columns=(civ.locatedIn,)),
    ListKind("source", (civ.SourceDocument,), dated_by=dct.date, columns=(civ.publisherEntity,)),
)
"""What the graph is about, in the order the home page says it."""

_INTERNAL_FACTS = {"assertion"}
"""Reified statements about an entity: shown on the entity's page, by their property."""

FACT_LIST_KINDS: tuple[ListKind, ...] = tuple(
    ListKind(kind.name, (civ[kind.ontology_class],), columns=fact_names(kind), fact=kind)
    for kind in FACT_KINDS
    if kind.ontology_class is not None and kind.name not in _INTERNAL_FACTS
)
"""The facts recorded, by kind, as the table of fact kinds has them."""

LIST_KINDS: Mapping[str, ListKind] = MappingProxyType(
    {kind.name: kind for kind in (*ENTITY_KINDS, *FACT_LIST_KINDS)}
)


def own_classes(
    kind: ListKind, below: Mapping[str, set[str]], kinds: Iterable[ListKind] = LIST_KINDS.values()
) -> set[str]:
    """The classes whose instances ``kind`` lists: its classes and those below them
    (``below``: each class's subclasses, however deep), less those another kind lists
    under a class of its own (a quote is a statement, but quotes are a kind of their own)."""
    mine = {c.value for c in kind.classes}
    mine |= {sub for c in kind.classes for sub in below.get(c.value, ())}
    for other in kinds:
        top = {c.value for c in other.classes}
        if other is not kind and top <= mine and not top & {c.value for c in kind.classes}:
            mine -= top | {sub for c in top for sub in below.get(c, ())}
    return mine


__all__ = [
    "ENTITY_KINDS",
    "FACT_LIST_KINDS",
    "LIST_KINDS",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "ListKind",
    "fact_names",
    "own_classes",
]
