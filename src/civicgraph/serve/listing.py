"""The lists of the explorer: every person, body, event … of one kind, sorted and paged.

A list's members, their names in every language and their dates are asked once for the
version served (``list_members``, ``list_dates``) and kept; each order a reader asks for
is sorted once and kept too. A page then costs what it shows: one query for the columns
of its members only (``list_details``, one ``VALUES`` row per member and property) and
their labels, never a scan of the whole kind with ``ORDER BY … OFFSET``, which sorts every
member again for each page (at a million triples, 8,840 people).

Names are sorted by the Unicode Collation Algorithm (pyuca, the DUCET table): Kazakh
letters take their places in the alphabet (Ә after А, Қ after К), where code point order
would put them after Я.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pyuca

from civicgraph.languages import choose_text
from civicgraph.serve import queries
from civicgraph.serve.kinds import LIST_KINDS, MAX_PAGE_SIZE, PAGE_SIZE, ListKind, own_classes
from civicgraph.terms import rdf
from civicgraph.triplesource import term_text

if TYPE_CHECKING:
    from civicgraph.serve.explorer import Explorer, Value

_TYPE = rdf.type.value


@dataclass(frozen=True)
class Member:
    """One member of a list: its IRI, its names by language and its date ("" if none)."""

    iri: str
    names: Mapping[str, str]
    date: str = ""


@dataclass
class ListRow:
    """A member as a page of its list shows it."""

    value: Value
    date: str = ""
    types: list[Value] = field(default_factory=list)
    columns: list[list[Value]] = field(default_factory=list)


@dataclass
class ListPage:
    """One page of a list, in one order and one language."""

    kind: ListKind
    count: int
    page: int
    pages: int
    size: int
    sort: str
    columns: list[Value]
    rows: list[ListRow]
    dated: bool

    @property
    def first(self) -> int:
        """The position of the first member shown (1-based), 0 for an empty list."""
        return (self.page - 1) * self.size + 1 if self.rows else 0


@cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()


def name_in(member: Member, lang: str) -> tuple[str, str | None]:
    """The member's name in ``lang`` (else in the fallback order, else any), with the
    language it is in; its IRI when it has no name."""
    chosen = choose_text(member.names, lang)
    if chosen is not None:
        return chosen.text, chosen.lang
    if member.names:
        language, text = min((k, v) for k, v in member.names.items())
        return text, language or None
    return member.iri, None


def sort_members(members: Sequence[Member], sort: str, lang: str) -> list[Member]:
    """``members`` in the order ``sort`` names: ``label`` (alphabetical in ``lang``),
    ``-date`` (the latest first), ``date`` (the earliest first), ``document`` (by IRI: a
    fact's id is its document and its place there). Undated members come last, by name;
    ties are broken by IRI, so an order never depends on the store's."""
    collate = _collator().sort_key

    def by_name(member: Member) -> tuple[tuple[int, ...], str]:
        return collate(name_in(member, lang)[0]), member.iri

    if sort == "document":
        return sorted(members, key=lambda m: m.iri)
    named = sorted(members, key=by_name)
    if sort == "label":
        return named
    dated = [m for m in named if m.date]
    # a stable sort on the date keeps the alphabetical order among members of one date
    dated.sort(key=lambda m: m.date, reverse=sort == "-date")
    return dated + [m for m in named if not m.date]


class Lists:
    """The lists of one version of the data, read through its explorer; thread-safe."""

    def __init__(self, explorer: Explorer, *, timeout: float) -> None:
        self.explorer = explorer
        self.timeout = timeout
        """Seconds for the questions asked once of a whole kind."""
        self._members: dict[str, list[Member]] = {}
        self._orders: dict[tuple[str, str, str], list[Member]] = {}
        self._lock = threading.Lock()

    def members(self, kind: ListKind) -> list[Member]:
        """Every member of ``kind``, asked once."""
        with self._lock:
            kept = self._members.get(kind.name)
        if kept is not None:
            return kept
        classes = sorted(self.explorer.own_classes(kind))
        rows = [{"class": ox.NamedNode(c)} for c in classes]
        names: dict[str, dict[str, str]] = defaultdict(dict)
        answer = queries.run_values(
            self.explorer.data, queries.page_query("list_members"), rows, timeout=self.timeout
        )
        for entity, name in answer.rows:
            texts = names[term_text(entity)]
            if isinstance(name, ox.Literal):
                language = (name.language or "").lower()
                # one name a language, the same whichever store answers first
                if language not in texts or name.value < texts[language]:
                    texts[language] = name.value
        dates: dict[str, str] = {}
        if kind.dated_by is not None:
            dated = queries.run_values(
                self.explorer.data,
                queries.page_query("list_dates"),
                [{"class": ox.NamedNode(c), "dateProperty": kind.dated_by} for c in classes],
                timeout=self.timeout,
            )
            for entity, date in dated.rows:
                iri, text = term_text(entity), term_text(date)
                if iri in names and (iri not in dates or text > dates[iri]):
                    dates[iri] = text
        found = [Member(iri, texts, dates.get(iri, "")) for iri, texts in names.items()]
        with self._lock:
            self._members[kind.name] = found
        return found

    def count(self, kind: ListKind) -> int:
        return len(self.members(kind))

    def ordered(self, kind: ListKind, sort: str, lang: str) -> list[Member]:
        """The members of ``kind`` in one order, sorted once."""
        key = (kind.name, sort, lang if sort != "document" else "")
        with self._lock:
            kept = self._orders.get(key)
        if kept is not None:
            return kept
        ordered = sort_members(self.members(kind), sort, lang)
        with self._lock:
            self._orders[key] = ordered
        return ordered

    def page(
        self, kind: ListKind, *, sort: str, page: int, lang: str, size: int | None = None
    ) -> ListPage:
        """Page ``page`` (from 1) of the list, ``size`` members (``PAGE_SIZE``); a page past
        the end is the last one."""
        size = max(1, min(size or PAGE_SIZE, MAX_PAGE_SIZE))
        ordered = self.ordered(kind, sort, lang)
        pages = max(1, math.ceil(len(ordered) / size))
        page = max(1, min(page, pages))
        shown = ordered[(page - 1) * size : page * size]
        return ListPage(
            kind=kind,
            count=len(ordered),
            page=page,
            pages=pages,
            size=size,
            sort=sort,
            columns=[self.explorer.term_value(c, lang) for c in kind.columns],
            rows=self.rows(kind, shown, lang),
            dated=kind.dated_by is not None,
        )

    def rows(self, kind: ListKind, members: Sequence[Member], lang: str) -> list[ListRow]:
        """What a page shows of ``members``: names, dates, types and columns, asked for
        these members only."""
        shown = [*kind.columns, rdf.type]
        pairs = [{"entity": ox.NamedNode(m.iri), "property": p} for m in members for p in shown]
        values: dict[tuple[str, str], list[queries.Term]] = defaultdict(list)
        for start in range(0, len(pairs), _BATCH):
            answer = queries.run_values(
                self.explorer.data,
                queries.page_query("list_details"),
                pairs[start : start + _BATCH],
                timeout=self.explorer.timeout,
            )
            for entity, prop, value in answer.rows:
                if value is not None:
                    values[(term_text(entity), term_text(prop))].append(value)
        if kind.holds_posts and members:
            held = queries.run_values(
                self.explorer.data,
                queries.page_query("list_posts"),
                [{"entity": ox.NamedNode(m.iri)} for m in members],
                timeout=self.explorer.timeout,
            )
            for entity, post in held.rows:
                if post is not None:
                    values[(term_text(entity), _POSTS)].append(post)
        if kind.fact is not None:
            return self._fact_rows(kind, members, values, lang)
        terms = [v for vs in values.values() for v in vs if isinstance(v, ox.NamedNode)]
        labels = self.explorer.labels_of(terms, lang)
        mine = self.explorer.own_classes(kind)
        rows = []
        for member in members:
            name, language = name_in(member, lang)
            columns = [
                self.explorer.values_of(values.get((member.iri, c.value), []), labels, lang)
                for c in kind.columns
            ]
            if kind.holds_posts:
                columns.append(
                    self.explorer.values_of(values.get((member.iri, _POSTS), []), labels, lang)
                )
            types = [t for t in values.get((member.iri, _TYPE), []) if term_text(t) in mine]
            rows.append(
                ListRow(
                    value=self.explorer.link(member.iri, name, language),
                    date=self.explorer.date_text(member.date, lang) if member.date else "",
                    types=self.explorer.type_values(types, lang),
                    columns=columns,
                )
            )
        return rows

    def _fact_rows(
        self,
        kind: ListKind,
        members: Sequence[Member],
        values: Mapping[tuple[str, str], list[queries.Term]],
        lang: str,
    ) -> list[ListRow]:
        """Facts by their titles in words: «holder — post»."""
        terms = [v for vs in values.values() for v in vs if isinstance(v, ox.NamedNode)]
        labels = self.explorer.labels_of(terms, lang)
        rows = []
        for member in members:
            by_property = {c.value: values.get((member.iri, c.value), []) for c in kind.columns}
            title = self.explorer.fact_title(by_property, kind.columns, labels, lang)
            rows.append(ListRow(value=self.explorer.link(member.iri, title or member.iri, lang)))
        return rows

    def table(
        self, kind: ListKind, sort: str, lang: str, *, limit: int
    ) -> tuple[list[str], list[tuple[queries.Term | None, ...]], bool]:
        """The whole list (its first ``limit`` members) as a table for CSV and JSON: the
        member's IRI, its name, its date, its types and each column's values, named and
        joined with ``; ``; whether members were left out."""
        ordered = self.ordered(kind, sort, lang)
        chosen = ordered[:limit]
        header = ["entity", "name"]
        if kind.dated_by is not None:
            header.append("date")
        if kind.fact is None:
            header.append("type")
            header.extend(_column_name(c.value) for c in kind.columns)
            if kind.holds_posts:
                header.append("post")
        table: list[tuple[queries.Term | None, ...]] = []
        for start in range(0, len(chosen), MAX_PAGE_SIZE):
            members = chosen[start : start + MAX_PAGE_SIZE]
            for member, row in zip(members, self.rows(kind, members, lang), strict=True):
                cells: list[queries.Term | None] = [
                    ox.NamedNode(member.iri),
                    _literal(row.value.text, row.value.lang),
                ]
                if kind.dated_by is not None:
                    cells.append(ox.Literal(member.date) if member.date else None)
                if kind.fact is None:
                    cells.append(_joined(row.types))
                    cells.extend(_joined(values) for values in row.columns)
                table.append(tuple(cells))
        return header, table, len(ordered) > limit


_BATCH = 600
"""(member, property) rows a details request carries: Virtuoso refuses a VALUES block of a
few thousand terms (``civicgraph.query.LABEL_BATCH``), and a row here is two."""
_POSTS = "posts"
"""The key of the posts a person holds, among the columns' properties."""


def _column_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _literal(text: str, lang: str | None) -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


def _joined(values: Sequence[Value]) -> ox.Literal | None:
    return ox.Literal("; ".join(v.text for v in values)) if values else None


def list_kind(name: str) -> ListKind | None:
    return LIST_KINDS.get(name)


__all__ = [
    "ListPage",
    "ListRow",
    "Lists",
    "Member",
    "list_kind",
    "name_in",
    "own_classes",
    "sort_members",
]
