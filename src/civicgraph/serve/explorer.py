"""What the pages show, read from a ``TripleSource``: no HTTP and no HTML here.

Each method asks the source (the embedded store or any SPARQL 1.1 endpoint) the questions
one page needs (the queries in ``sparql/``), through the one query runner
(``civicgraph.query``), and returns plain view objects that the templates render. Every
fact carries its evidence: the exact words, the sentence around them, and the span's
offsets in its document. What a page lists is sorted here, never left in the order a
store answered, so a page is the same bytes whichever store holds the data.

An entity's page reads as a summary first: what it is (its type in words), what it holds
or belongs to, its latest events, then its facts grouped by kind (the table of fact kinds,
``civicgraph.facts``) with their counts, each group a page of ``GROUP_PAGE`` facts. Only
the facts a page shows are asked for their evidence, so a body named by thousands of
facts costs what one page of each group shows. Vocabulary terms (properties, classes) are
named by their ontology labels in the page's language (``civicgraph.term_labels``), dates
as the language writes them (``civicgraph.formatting``).
"""

from __future__ import annotations

import bisect
import math
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
from cachetools import LRUCache

from civicgraph.analyse.projection import local_name, project_facts
from civicgraph.facts import BY_NAME, FACT_KINDS
from civicgraph.formatting import format_date
from civicgraph.languages import LocalText, choose_text, language_tag
from civicgraph.mentions import sentence_spans
from civicgraph.metadata import dataset_iri, describe_contents
from civicgraph.namespaces import WD
from civicgraph.query import QueryResult, fetch_labels, fetch_local_labels, run_query
from civicgraph.records import is_web_address
from civicgraph.serve import queries
from civicgraph.serve.i18n import count_of, words
from civicgraph.serve.kinds import (
    ENTITY_KINDS,
    FACT_LIST_KINDS,
    LIST_KINDS,
    ListKind,
    fact_names,
    own_classes,
)
from civicgraph.serve.listing import Lists
from civicgraph.serve.neighbourhood import Neighbourhood, picture
from civicgraph.serve.search import Hit, NameIndex, NameKind
from civicgraph.sparql.text import CatalogueQuery
from civicgraph.term_labels import TermLabels, load_term_labels
from civicgraph.terms import civ, oa, prov, rdf, rdfs, skos, xsd
from civicgraph.triplesource import TripleSource

CIV = civ.iri
_NAME_PROPERTIES = {rdfs.label.value, skos.prefLabel.value, skos.altLabel.value}
_HIDDEN_LABEL = skos.hiddenLabel.value
"""Forms search finds an entity by and no page shows (SKOS §5.4)."""
_NAME_KINDS = {
    rdfs.label.value: NameKind.LABEL,
    skos.prefLabel.value: NameKind.LABEL,
    skos.altLabel.value: NameKind.ALTERNATIVE,
    _HIDDEN_LABEL: NameKind.HIDDEN,
}
_HIDDEN_FACT_PROPERTIES = {rdf.type.value, prov.wasDerivedFrom.value}
_SOURCE_CACHE_BYTES = 32 * 1024 * 1024
"""Memory for documents' texts and sentence bounds (the context of evidence spans),
weighed in bytes: a million-triple corpus cites thousands of documents, and every page
of one not kept asks the store for its whole text again."""
_LABEL_CACHE = 200_000
HOME_SOURCES = 50
"""Sources listed on the home page; search and the query page reach the others."""
HOME_EVENTS = 5
"""The latest events the home page names."""
WHOLE_DATA_TIMEOUT = 300.0
"""Seconds for the questions asked once of the whole dataset (every name, every source,
the counts): asked at start-up and when the data changes, not by a page."""
GROUP_PAGE = 10
"""Facts of one group on one page of an entity (``?group=…&page=…`` shows the others)."""
FOLD_AFTER = 2
"""A group of more facts is folded (``<details>``) until the reader opens it."""
SUMMARY_EVENTS = 5
"""The latest events an entity's summary names."""
PICTURE_FACTS = 200
"""Facts naming an entity its picture is drawn from: a body named by thousands draws from
the first (by IRI), and the picture shows at most ``neighbourhood.MAX_NEIGHBOURS`` anyway."""
TIMELINE_EVENTS = 50
"""The events a body's or programme's timeline shows."""
_WIKIDATA = str(WD)
_TYPE = rdf.type.value
_DERIVED = prov.wasDerivedFrom.value
_EVENT = civ.event.value
_HELD_BY = civ.heldBy.value
_PRESENTED = civ.presented.value
_DATE = civ.date
_RDF_TYPE = rdf.type
_SOURCE_DOCUMENT = civ.SourceDocument
_DATE_TYPES = {xsd.date, xsd.dateTime, xsd.gYear, xsd.gYearMonth}
_STATEMENT = (rdf.subject.value, rdf.predicate.value, rdf.object.value)
_GROUP_ORDER = (
    "post_holding",
    "participation",
    "quote",
    "statement",
    "programme_region",
    "mention",
    "assertion",
)
"""The order of an entity's groups of facts: what it holds and does first."""
_TIMELINE_KINDS = {"body", "programme"}
_SUMMARY_KINDS = {"post_holding"}
"""The kinds of fact the summary reads beyond the page shown (all of them: few a person)."""
_HOLDER = civ.holder.value
_POST = civ.post.value
_HOLDING_LINES = (
    (_HOLDER, _POST, _POST),
    (_POST, _HOLDER, _HOLDER),
)
"""The summary's holdings: the entity's role in them, the other end shown, the line's name
(a person's posts; a post's holders)."""
_Properties = dict[str, list[queries.Term]]
"""A node's values by property IRI, in the order the store gave them."""
Labels = Mapping[str, LocalText]
"""One label per IRI, with the language it is in."""


@dataclass(frozen=True)
class Value:
    """One RDF term as a page shows it: a label, and a link where there is somewhere to go.

    ``lang`` is the language of ``text`` (a literal's, or the label's): a page marks a
    text in another language than its own. ``note`` is said after it (a post's dates).
    """

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    source: str
    source_href: str
    start: int | None = None
    end: int | None = None
    exact: str = ""
    before: str = ""
    after: str = ""
    title: str = ""
    lang: str | None = None
    """The language of the document's words (its quoted sentence, its title)."""

    @property
    def span(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass
class Fact:
    """One fact on an entity's page: what it says besides the entity, and its evidence."""

    iri: str
    href: str
    kind: str
    parts: list[tuple[Value, list[Value]]] = field(default_factory=list)
    """Its properties and their values, the entity's own role left out."""
    evidence: list[Evidence] = field(default_factory=list)
    statement: tuple[Value | None, Value, Value | None] | None = None
    """For a reified statement: its subject, property and object (``None``: the entity)."""
    date: str = ""
    """The date of its event, for ordering."""


@dataclass
class FactGroup:
    """The facts of one kind naming an entity: one page of them, and how many there are."""

    key: str
    heading: str
    count: int
    facts: list[Fact]
    page: int = 1
    pages: int = 1
    open: bool = True


@dataclass(frozen=True)
class Dated:
    """An event with its date as the page's language writes it ("" when unknown)."""

    date: str
    value: Value


@dataclass
class Link:
    target: Value
    score: str
    note: str


@dataclass
class EntityView:
    iri: str
    entity_id: str
    title: str
    names: dict[str, list[str]]
    types: list[Value]
    description: list[tuple[Value, list[Value]]]
    links: list[Link]
    fact_groups: list[FactGroup]
    own_evidence: list[Evidence]
    title_lang: str | None = None
    summary: list[tuple[Value | str, list[Value]]] = field(default_factory=list)
    """What it holds, belongs to and took part in: a line each, before the facts, headed
    by a property or by a word of the pages (a key of ``civicgraph.serve.i18n``)."""
    timeline: list[Dated] = field(default_factory=list)
    is_fact: bool = False
    neighbourhood: Neighbourhood | None = None
    """The picture of its neighbourhood."""

    @property
    def groups(self) -> list[tuple[str, list[Fact]]]:
        """The groups as (heading, facts shown) pairs."""
        return [(group.heading, group.facts) for group in self.fact_groups]

    @property
    def fact_count(self) -> int:
        return sum(group.count for group in self.fact_groups)


@dataclass(frozen=True)
class Segment:
    """A stretch of a document's text and the cited spans that cover all of it."""

    text: str
    spans: tuple[str, ...]
    selected: bool
    anchor: str | None = None
    target: str | None = None


@dataclass
class SourceView:
    iri: str
    entity_id: str
    title: str
    language: str
    url: str | None
    link: str | None
    """``url`` when it is a web address a page may link to; else ``None``."""
    segments: list[Segment]
    span_count: int
    selected: str | None
    selected_text: str
    selected_facts: list[tuple[str, Value]]
    publisher: Value | None = None
    date: str = ""
    """The date of publication in the page's language, or the words the text dates itself
    with (in their own language: ``date_lang``)."""
    date_lang: str | None = None
    rights: Value | None = None


@dataclass
class Holding:
    """One kind on the home page: its count in words, linked to its list."""

    kind: str
    text: str
    count: int


@dataclass
class HomeView:
    holds: list[Holding]
    facts: list[Holding]
    latest: list[Dated]
    sources: list[Value]
    built: str | None
    triples: int
    more_sources: int = 0


@dataclass
class _Naming:
    """What an entity's page reads of the facts naming it, shared by the parts it builds."""

    entity: ox.NamedNode
    facts: Mapping[str, _Properties]
    kinds: Mapping[str, str]
    """Each fact's kind (``civicgraph.facts``)."""
    dates: Mapping[str, str]
    """The dates of the events they name."""
    lang: str
    labels: Labels = field(default_factory=dict)
    excerpts: dict[str, list[Evidence]] = field(default_factory=dict)


class Explorer:
    """One version of the data read for pages; safe to share between threads.

    What it remembers (labels, titles, the name index, the counts, the lists) belongs to
    the version it was made for: the server makes a new explorer when the data changes.
    """

    def __init__(
        self,
        source: TripleSource,
        *,
        built_at: datetime | None = None,
        timeout: float = 10.0,
        terms: TermLabels | None = None,
    ) -> None:
        self.data = source
        """Where the triples are (named so: ``source`` is a document's page here)."""
        self.iris = source.iris
        self.built_at = built_at
        """When the data was built, if the source tells."""
        self.timeout = timeout
        self.terms = terms or load_term_labels()
        """The labels of vocabulary terms in kk, ru and en."""
        self.lists = Lists(self, timeout=WHOLE_DATA_TIMEOUT)
        self._names: NameIndex | None = None
        self._subclasses: dict[str, set[str]] | None = None
        self._counts: tuple[list[str], int] | None = None
        self._titles: dict[str, str] | None = None
        self._title_languages: dict[str, str] = {}
        self._document_languages: dict[str, str] = {}
        self._graphs: set[str] | None = None
        self._label_cache: dict[tuple[str, str], LocalText | None] = {}
        self._lock = threading.Lock()
        self._sources: LRUCache[str, _SourceText] = LRUCache(
            maxsize=_SOURCE_CACHE_BYTES, getsizeof=_weight
        )

    # -- helpers ------------------------------------------------------------------------

    def _run(self, name: str, **params: str) -> QueryResult:
        return self._ask(queries.page_query(name), params, timeout=self.timeout)

    def _ask(
        self, query: CatalogueQuery, params: dict[str, str] | None = None, *, timeout: float
    ) -> QueryResult:
        return run_query(query, self.data, params=params, timeout=timeout)

    def local_href(self, iri: str) -> str | None:
        entity_id = self.iris.id_of(iri)
        return f"/id/{entity_id}" if entity_id is not None else None

    def iri_of(self, entity_id: str) -> str:
        return self.iris.entity(entity_id)

    def _value(self, term: object, labels: Labels, lang: str = "") -> Value:
        """A term as a page shows it: an IRI by its label (a vocabulary term by its
        ontology label), a date as ``lang`` writes it, any other literal as it is."""
        if isinstance(term, ox.NamedNode):
            href = self.local_href(term.value)
            label = labels.get(term.value)
            if label is None and href is None and lang:
                label = self.terms.label(term.value, lang)
            if href is None and term.value.startswith(_WIKIDATA):
                text = label.text if label else term.value[len(_WIKIDATA) :]
                return Value(text, term.value, term.value, label.lang if label else None)
            if label is None and lang and href is not None:
                label = self._fact_label(term.value, lang)
            if label is None:
                return Value(queries.shorten_iri(term.value, iris=self.iris), href, term.value)
            return Value(label.text, href, term.value, label.lang)
        if isinstance(term, ox.Literal):
            if lang and term.datatype in _DATE_TYPES:
                return Value(format_date(term.value, lang))
            return Value(term.value, lang=term.language)
        return Value(str(term))

    def _fact_label(self, iri: str, lang: str) -> LocalText | None:
        """A fact node, which has no label, by its kind («Цитата»): its page says more."""
        entity_id = self.iris.id_of(iri) or ""
        kind = next(
            (k for k in FACT_KINDS if k.id_prefix and entity_id.startswith(f"{k.id_prefix}/")), None
        )
        if kind is None or kind.ontology_class is None:
            return None
        return self.terms.label(civ[kind.ontology_class].value, lang)

    def term_value(self, term: ox.NamedNode | str, lang: str) -> Value:
        """A property or class by its ontology label in ``lang`` (capitalised, as a
        heading), else by its prefixed name."""
        iri = term.value if isinstance(term, ox.NamedNode) else term
        label = self.terms.label(iri, lang)
        if label is None:
            return Value(queries.shorten_iri(iri, iris=self.iris), iri=iri)
        return Value(label.text[:1].upper() + label.text[1:], iri=iri, lang=label.lang)

    def labels_of(self, terms: Iterable[object], lang: str) -> dict[str, LocalText]:
        """One label per IRI; remembered, since the data never changes under the explorer."""
        wanted = {t.value for t in terms if isinstance(t, ox.NamedNode)}
        with self._lock:
            known = {i: self._label_cache.get((i, lang)) for i in wanted}
            missing = {i for i in wanted if (i, lang) not in self._label_cache}
        found = (
            fetch_local_labels(self.data, missing, lang=lang, timeout=self.timeout)
            if missing
            else {}
        )
        with self._lock:
            if len(self._label_cache) > _LABEL_CACHE:
                self._label_cache.clear()
            for iri in missing:
                self._label_cache[(iri, lang)] = found.get(iri)
        chosen = {**known, **found}
        return {iri: label for iri, label in chosen.items() if label is not None}

    def _labels(self, terms: Iterable[object], lang: str) -> dict[str, LocalText]:
        return self.labels_of(terms, lang)

    def values_of(self, terms: Iterable[queries.Term], labels: Labels, lang: str) -> list[Value]:
        """Terms as values, each once, in the order a page lists them."""
        return sorted({self._value(t, labels, lang) for t in terms}, key=_order)

    def link(self, iri: str, text: str, lang: str | None) -> Value:
        return Value(text, self.local_href(iri), iri, lang)

    def date_text(self, text: str, lang: str) -> str:
        return format_date(text, lang)

    def type_values(self, types: Iterable[queries.Term], lang: str) -> list[Value]:
        """Classes by their labels, a class left out when a class below it is there."""
        named = {t.value for t in types if isinstance(t, ox.NamedNode)}
        below = self._below()
        specific = {t for t in named if not (below.get(t, set()) & named)}
        return sorted(
            (self._value(ox.NamedNode(t), {}, lang) for t in specific or named), key=_order
        )

    def fact_title(
        self,
        values: Mapping[str, Sequence[queries.Term]],
        names: Sequence[ox.NamedNode],
        labels: Labels,
        lang: str,
    ) -> str:
        """A fact in words: the values of its naming properties, joined by dashes
        («Маулен Әшімбаев — Сенат төрағасы»); "" when it has none of them."""
        parts = []
        for name in names:
            shown = self.values_of(values.get(name.value, ()), labels, lang)
            if shown:
                parts.append(", ".join(v.text for v in shown))
        return " — ".join(parts)

    def answer_labels(self, terms: Iterable[object], lang: str) -> dict[str, str]:
        """One label per IRI of a visitor's answer, asked each time and never remembered:
        its IRIs are any the query made up, and remembering them would grow the server
        with every distinct answer (the pages' IRIs are the store's own, so bounded)."""
        wanted = {t.value for t in terms if isinstance(t, ox.NamedNode)}
        return self._fetch_labels(wanted, lang) if wanted else {}

    def _fetch_labels(self, iri_values: set[str], lang: str) -> dict[str, str]:
        return fetch_labels(self.data, iri_values, lang=lang, timeout=self.timeout)

    # -- home and lists -----------------------------------------------------------------

    def home(self, catalogue: Path, lang: str) -> HomeView:
        """What the graph holds in words, the latest events and the first sources."""
        sources, triples = self._overview()
        holds = [
            Holding(k.name, count_of(k.name, self.lists.count(k), lang), self.lists.count(k))
            for k in ENTITY_KINDS
        ]
        facts = [
            Holding(k.name, count_of(k.name, self.lists.count(k), lang), self.lists.count(k))
            for k in FACT_LIST_KINDS
            if self.lists.count(k)
        ]
        events = LIST_KINDS["event"]
        latest = self.lists.page(events, sort="-date", page=1, lang=lang, size=HOME_EVENTS)
        titles = self._source_titles()
        source_values = [
            Value(
                titles.get(str(iri), str(iri)),
                self.local_href(str(iri)),
                str(iri),
                lang=self._title_languages.get(str(iri)),
            )
            for iri in sources[:HOME_SOURCES]
        ]
        return HomeView(
            holds,
            facts,
            [Dated(row.date, row.value) for row in latest.rows],
            source_values,
            self._built(),
            triples,
            more_sources=max(len(sources) - HOME_SOURCES, 0),
        )

    def _overview(self) -> tuple[list[str], int]:
        """The sources and the number of quads, computed once for the version served."""
        with self._lock:
            if self._counts is not None:
                return self._counts
        triples = self.data.count(timeout=WHOLE_DATA_TIMEOUT)
        overview = (sorted(self._source_titles_all()), triples)
        with self._lock:
            self._counts = overview
        return overview

    def warm_up(self, catalogue: Path) -> None:
        """Build what the first visitors would otherwise wait for (seconds at 1M triples)."""
        self._overview()
        for kind in LIST_KINDS.values():
            self.lists.members(kind)
        self.names()

    def own_classes(self, kind: ListKind) -> set[str]:
        """The classes whose instances ``kind`` lists (``civicgraph.serve.kinds``)."""
        return own_classes(kind, self._below())

    def _built(self) -> str | None:
        """When the data was built, where the source tells."""
        return self.built_at.strftime("%Y-%m-%d %H:%M UTC") if self.built_at else None

    # -- entity -------------------------------------------------------------------------

    def exists(self, iri: str) -> bool:
        """Whether the dataset says anything about ``iri``."""
        return self.data.ask(f"ASK {{ {ox.NamedNode(iri)} ?p ?o }}", timeout=self.timeout)

    def page(
        self, iri: str, lang: str, span: str | None, *, group: str = "", group_page: int = 1
    ) -> EntityView | SourceView | None:
        """A source document's page, any other entity's, or ``None`` for an IRI the store
        says nothing about (its own triples tell both, in one query). ``group`` and
        ``group_page`` choose the page of one group of facts shown (and open it)."""
        description = self._run("entity_description", entity=iri)
        if not description.rows:
            return None
        if (_RDF_TYPE, _SOURCE_DOCUMENT) in description.rows:
            return self.source(iri, lang, span)
        return self._entity(iri, lang, description, group=group, group_page=group_page)

    def entity(self, iri: str, lang: str) -> EntityView:
        return self._entity(iri, lang, self._run("entity_description", entity=iri))

    def _entity(
        self,
        iri: str,
        lang: str,
        description: QueryResult,
        *,
        group: str = "",
        group_page: int = 1,
    ) -> EntityView:
        """What the page shows: the entity's triples, what names it (the facts and the
        Wikidata link statements), the dates of its events with the bodies of its posts,
        the evidence of the facts shown, the texts it is read from and the labels: six
        queries whatever the entity, besides the picture's."""
        node = ox.NamedNode(iri)
        own = _properties((node, p, v) for p, v in description.rows).get(iri, {})
        naming = _properties(self._run("entity_facts", entity=iri).rows)
        # only a fact cites evidence; only a linked entity shows its Wikidata links
        facts = {n: props for n, props in naming.items() if _DERIVED in props}
        link_nodes = (
            [props for props in naming.values() if _is_link(props, node)]
            if skos.exactMatch.value in own
            else []
        )
        kinds = {n: self._fact_kind(props) for n, props in facts.items()}
        events = self._events_of(node, facts, kinds)
        dates, bodies = self._dates_and_bodies(events, self._posts_of(node, facts, kinds))
        naming_facts = _Naming(node, facts, kinds, dates, lang)
        chosen = self._chosen_facts(naming_facts, group, group_page)
        shown = {n for *_, page in chosen for n in page}
        excerpts = self._excerpts(
            {v for props in (own, *(facts[n] for n in shown)) for v in props.get(_DERIVED, ())}
        )
        terms: list[object] = [node]
        terms.extend(t for row in description.rows for t in row)
        for fact_iri in shown | {n for n, k in kinds.items() if k in _SUMMARY_KINDS}:
            terms.extend(v for values in facts[fact_iri].values() for v in values)
        terms.extend(ox.NamedNode(e) for e in events)
        terms.extend(t for props in link_nodes for t in props.get(rdf.object.value, ()))
        terms.extend(bodies)
        labels = self.labels_of(terms, lang)
        naming_facts.labels, naming_facts.excerpts = labels, excerpts

        names, types, described = self._describe(description, labels, lang)
        entity_id = self.iris.id_of(iri) or iri
        title = labels.get(iri)
        own_kind = self._fact_kind(own) if _DERIVED in own else None
        fact_title = ""
        if own_kind is not None:
            fact_title = self.fact_title(own, fact_names(BY_NAME[own_kind]), labels, lang)
        list_kind = self._list_kind(own.get(_TYPE, []))
        return EntityView(
            iri=iri,
            entity_id=entity_id,
            title=fact_title or (title.text if title else entity_id),
            title_lang=None if fact_title else (title.lang if title else None),
            names=names,
            types=types,
            description=described,
            links=self._links(link_nodes, labels),
            fact_groups=[
                FactGroup(
                    key,
                    count_of(key, count, lang),
                    count,
                    [self._fact(naming_facts, f) for f in page],
                    number,
                    pages,
                    open=count <= FOLD_AFTER or key == group,
                )
                for key, count, number, pages, page in chosen
            ],
            own_evidence=self._cited(own.get(_DERIVED, []), excerpts),
            summary=self._summary(naming_facts, events, bodies),
            timeline=self._timeline(events, dates, labels, lang)
            if list_kind in _TIMELINE_KINDS
            else [],
            is_fact=own_kind is not None,
            neighbourhood=self._neighbourhood(iri, facts, lang, title.text if title else entity_id),
        )

    def _neighbourhood(
        self, iri: str, facts: Mapping[str, _Properties], lang: str, name: str
    ) -> Neighbourhood | None:
        """The picture of the entity's neighbourhood: the projection of the facts naming
        it (at most ``PICTURE_FACTS``, by IRI), cut to its ego network."""
        focus = self.iris.id_of(iri)
        if focus is None or not facts:
            return None
        chosen = sorted(facts)[:PICTURE_FACTS]
        graph = project_facts(
            self.data,
            chosen,
            term_labels=self._ontology_labels(),
            families=self._families_of(facts[f] for f in chosen),
            timeout=self.timeout,
        )
        hrefs = {n: href for n in graph if (href := self.local_href(graph.nodes[n]["iri"]))}
        title = words(lang)["connections_of"].format(name=name)
        return picture(graph, focus, lang, title=title, href_of=hrefs)

    def _families_of(self, facts: Iterable[_Properties]) -> set[str]:
        """The relation families facts of these classes can be projected by: those of each
        kind whose class is one of theirs or above one (a quote is in the statements')."""
        classes = {_text(t) for props in facts for t in props.get(_TYPE, ())}
        return {
            edge.family
            for kind in FACT_KINDS
            if kind.ontology_class is not None
            and self.with_subclasses({civ[kind.ontology_class].value}) & classes
            for edge in kind.edges
        }

    def _ontology_labels(self) -> dict[str, dict[str, str]]:
        """The ontology's term labels by local name, as the projection names its edges:
        from the ontology the explorer reads (the one the build put in the data), not from
        the endpoint, where a store may refuse the query by its cost estimate and would
        fail every page with facts."""
        namespace = civ.iri
        return {
            local_name(iri): dict(texts)
            for iri, texts in self.terms.by_term.items()
            if iri.startswith(namespace)
        }

    def _describe(
        self, description: QueryResult, labels: Labels, lang: str
    ) -> tuple[dict[str, list[str]], list[Value], list[tuple[Value, list[Value]]]]:
        """The entity's names by language, its types, and its other properties."""
        names: dict[str, list[str]] = defaultdict(list)
        types: list[queries.Term] = []
        properties: dict[str, list[Value]] = defaultdict(list)
        for prop, value in description.rows:
            assert isinstance(prop, ox.NamedNode)
            if prop.value == _HIDDEN_LABEL:
                continue
            if prop.value in _NAME_PROPERTIES and isinstance(value, ox.Literal):
                if value.value not in names[value.language or ""]:
                    names[value.language or ""].append(value.value)
            elif prop.value == _TYPE:
                types.append(value)  # type: ignore[arg-type]
            elif prop.value not in (_DERIVED, skos.exactMatch.value):
                properties[prop.value].append(self._value(value, labels, lang))
        described = [
            (self.term_value(p, lang), sorted(set(v), key=_order))
            for p, v in sorted(properties.items())
        ]
        in_order = {language: sorted(said) for language, said in sorted(names.items())}
        return in_order, self.type_values(types, lang), described

    def _links(self, nodes: list[_Properties], labels: Labels) -> list[Link]:
        """Each Wikidata target of the link statements, with its score and review note."""
        rows = {
            (_text(target), _text(score), _text(note))
            for props in nodes
            for target in props.get(rdf.object.value, ())
            for score in props.get(prov.value.value) or [None]  # type: ignore[list-item]
            for note in props.get(skos.note.value) or [None]  # type: ignore[list-item]
        }
        return [
            Link(self._value(ox.NamedNode(target), labels), score, note)
            for target, score, note in sorted(rows)
        ]

    def _fact_in_words(self, iri: str, lang: str) -> Value:
        """A fact a span supports, by its title in words («holder — post»), its id when
        it has no naming property: one query for the fact's own statements."""
        node = ox.NamedNode(iri)
        rows = self._run("entity_description", entity=iri).rows
        props = _properties((node, p, v) for p, v in rows).get(iri, {})
        kind = self._fact_kind(props)
        names = fact_names(BY_NAME[kind]) if kind in BY_NAME else ()
        values = [v for values in props.values() for v in values]
        title = self.fact_title(props, names, self.labels_of(values, lang), lang)
        return self.link(iri, title or (self.iris.id_of(iri) or iri), None)

    def _fact_kind(self, props: _Properties) -> str:
        """The kind (``civicgraph.facts``) of a fact node: its class's row, or the row of the
        nearest class above it (a conclusion is a statement); ``assertion`` for the rest."""
        classes = {t.value for t in props.get(_TYPE, []) if isinstance(t, ox.NamedNode)}
        if rdf.predicate.value in props:
            return "assertion"
        for kind in FACT_LIST_KINDS:
            if classes & self.own_classes(kind):
                return kind.name
        return "assertion"

    def _list_kind(self, types: Iterable[queries.Term]) -> str | None:
        classes = {t.value for t in types if isinstance(t, ox.NamedNode)}
        return next((k.name for k in ENTITY_KINDS if classes & self.own_classes(k)), None)

    def _events_of(
        self, entity: ox.NamedNode, facts: Mapping[str, _Properties], kinds: Mapping[str, str]
    ) -> set[str]:
        """The events the entity's facts name: those it took part in or was mentioned,
        quoted or presented at, and those a body held."""
        events: set[str] = set()
        for fact_iri, props in facts.items():
            if kinds[fact_iri] == "mention":  # a person mentioned did not take part
                continue
            if kinds[fact_iri] == "assertion":
                said = [_text(v) for v in props.get(rdf.predicate.value, ())]
                if _HELD_BY in said and entity in props.get(rdf.object.value, ()):
                    events.update(_text(v) for v in props.get(rdf.subject.value, ()))
                continue
            events.update(_text(v) for v in props.get(_EVENT, ()) if isinstance(v, ox.NamedNode))
        events.discard(entity.value)
        return events

    def _dates_and_bodies(
        self, events: set[str], posts: list[ox.NamedNode]
    ) -> tuple[dict[str, str], list[queries.Term]]:
        """Each event's date (its latest, when it has several) and the bodies the posts
        are in (``civ:postIn``): one query for both, none when there is neither."""
        rows = [{"entity": ox.NamedNode(e), "property": _DATE} for e in sorted(events)]
        rows.extend({"entity": post, "property": civ.postIn} for post in posts)
        answer = queries.run_values(
            self.data, queries.page_query("list_details"), rows, timeout=self.timeout
        )
        dates: dict[str, str] = {}
        bodies: list[queries.Term] = []
        for entity, prop, value in answer.rows:
            iri, text = _text(entity), _text(value)
            if prop == _DATE and iri in events and text > dates.get(iri, ""):
                dates[iri] = text
            elif prop == civ.postIn and entity in posts and value is not None:
                bodies.append(value)
        return dates, bodies

    def _chosen_facts(
        self, naming: _Naming, group: str, group_page: int
    ) -> list[tuple[str, int, int, int, list[str]]]:
        """Each group's key, its count, the page shown and the number of pages, and the
        facts of that page (the first, or ``group_page`` of ``group``) in the page's order:
        the latest event first, then by IRI."""
        by_kind: dict[str, list[str]] = defaultdict(list)
        for fact_iri, kind in naming.kinds.items():
            by_kind[kind].append(fact_iri)
        chosen = []
        for key in sorted(by_kind, key=_group_rank):
            members = sorted(by_kind[key])
            members.sort(key=lambda f: _latest(naming.facts[f], naming.dates), reverse=True)
            pages = max(1, math.ceil(len(members) / GROUP_PAGE))
            page = min(max(group_page, 1), pages) if key == group else 1
            shown = members[(page - 1) * GROUP_PAGE : page * GROUP_PAGE]
            chosen.append((key, len(members), page, pages, shown))
        return chosen

    def _fact(self, naming: _Naming, fact_iri: str) -> Fact:
        """One fact naming the entity: its values besides the entity's own role."""
        props, kind, lang = naming.facts[fact_iri], naming.kinds[fact_iri], naming.lang
        fact = Fact(
            fact_iri,
            self.local_href(fact_iri) or fact_iri,
            kind,
            evidence=self._cited(props[_DERIVED], naming.excerpts),
            date=_latest(props, naming.dates),
        )
        entity, labels = naming.entity, naming.labels
        if kind == "assertion" and all(len(props.get(p, ())) == 1 for p in _STATEMENT):
            subject, predicate, obj = (props[p][0] for p in _STATEMENT)
            fact.statement = (
                None if subject == entity else self._value(subject, labels, lang),
                self.term_value(_text(predicate), lang),
                None if obj == entity else self._value(obj, labels, lang),
            )
            return fact
        # a quote's text is the words of its evidence: said once, as the evidence
        quoted = {" ".join(e.exact.split()) for e in fact.evidence}
        fact.parts = [
            (self.term_value(p, lang), shown)
            for p, values in sorted(props.items())
            if p not in _HIDDEN_FACT_PROPERTIES and entity not in values
            if (
                shown := [
                    v
                    for v in self.values_of(values, labels, lang)
                    if v.iri or " ".join(v.text.split()) not in quoted
                ]
            )
        ]
        return fact

    def _posts_of(
        self, entity: ox.NamedNode, facts: Mapping[str, _Properties], kinds: Mapping[str, str]
    ) -> list[ox.NamedNode]:
        """The posts the entity holds, by its post holdings."""
        return sorted(
            {
                post
                for f, props in facts.items()
                if kinds[f] == "post_holding" and entity in props.get(_HOLDER, ())
                for post in props.get(_POST, ())
                if isinstance(post, ox.NamedNode)
            },
            key=str,
        )

    def _summary(
        self, naming: _Naming, events: set[str], bodies: Sequence[queries.Term]
    ) -> list[tuple[Value | str, list[Value]]]:
        """The lines that say who or what the entity is, from its facts: the posts it
        holds (with their status and dates) and the bodies they are in, who holds it (a
        post), its latest events."""
        lines: list[tuple[Value | str, list[Value]]] = []
        lang, labels = naming.lang, naming.labels
        for role, other, heading in _HOLDING_LINES:
            held = [
                self._held(props, other, labels, lang)
                for f, props in naming.facts.items()
                if naming.kinds[f] == "post_holding" and naming.entity in props.get(role, ())
            ]
            if held:
                lines.append((self.term_value(heading, lang), sorted(set(held), key=_order)))
            if held and role == _HOLDER and bodies:
                lines.append(("bodies_of_posts", self.values_of(bodies, labels, lang)))
        latest = sorted(events, key=lambda e: (naming.dates.get(e, ""), e), reverse=True)
        if latest:
            shown = [self._dated(e, naming.dates, labels, lang) for e in latest[:SUMMARY_EVENTS]]
            lines.append(("latest_participations", shown))
        return lines

    def _held(self, props: _Properties, other: str, labels: Labels, lang: str) -> Value:
        """A holding's post (or holder) with its status and dates as a note."""
        target = self._value(props[other][0], labels, lang) if props.get(other) else Value("")
        notes = [self._value(s, labels, lang).text for s in props.get(civ.holdingStatus.value, [])]
        start = [self._value(d, labels, lang).text for d in props.get(civ.startDate.value, [])]
        end = [self._value(d, labels, lang).text for d in props.get(civ.endDate.value, [])]
        if start or end:
            notes.append(f"{', '.join(start) or '…'} – {', '.join(end) or '…'}")
        known = [self._value(d, labels, lang).text for d in props.get(civ.knownOn.value, [])]
        notes.extend(known)
        return Value(target.text, target.href, target.iri, target.lang, " · ".join(sorted(notes)))

    def _dated(self, event: str, dates: Mapping[str, str], labels: Labels, lang: str) -> Value:
        value = self._value(ox.NamedNode(event), labels, lang)
        date = dates.get(event)
        return Value(
            value.text, value.href, value.iri, value.lang, format_date(date, lang) if date else ""
        )

    def _timeline(
        self, events: set[str], dates: Mapping[str, str], labels: Labels, lang: str
    ) -> list[Dated]:
        """The events of a body or programme in the order they took place; undated last."""
        ordered = sorted(events, key=lambda e: (dates.get(e) is None, dates.get(e, ""), e))
        return [
            Dated(
                format_date(dates[e], lang) if e in dates else "",
                self._value(ox.NamedNode(e), labels, lang),
            )
            for e in ordered[:TIMELINE_EVENTS]
        ]

    def _cited(
        self, cited: Iterable[queries.Term], excerpts: dict[str, list[Evidence]]
    ) -> list[Evidence]:
        """The excerpts a node cites, then the pages it cites as a whole."""
        iri_values = {_text(c) for c in cited}
        found = sorted(
            (e for c in iri_values for e in excerpts.get(c, ())),
            key=lambda e: (e.source, e.start or 0, e.end or 0, e.exact),
        )
        return found + [self._page(page) for page in sorted(iri_values - excerpts.keys())]

    def _excerpts(self, cited: set[queries.Term]) -> dict[str, list[Evidence]]:
        """Each cited excerpt's spans, by excerpt IRI; one query for the whole page.

        An excerpt is cited as such when it has a position (start and end) and a quote;
        anything else a fact is derived from is shown as a page cited whole.
        """
        rows: list[dict[str, queries.Term]] = [
            {"evidence": c} for c in sorted(cited, key=str) if isinstance(c, ox.NamedNode)
        ]
        answer = queries.run_values(
            self.data, queries.page_query("evidence_excerpts"), rows, timeout=self.timeout
        )
        sources: dict[str, set[str]] = defaultdict(set)
        # excerpt -> selector -> property -> values
        selectors: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for row in answer.rows:
            excerpt, source, selector, prop, value = (_text(t) for t in row)
            sources[excerpt].add(source)
            selectors[excerpt][selector][prop].append(value)
        texts = self._sources_of(set().union(*sources.values()))
        found: dict[str, list[Evidence]] = {}
        for excerpt_iri, by_selector in selectors.items():
            positions = {
                (int(start), int(end))
                for props in by_selector.values()
                for start in props.get(oa.start.value, ())
                for end in props.get(oa.end.value, ())
            }
            quotes = {q for props in by_selector.values() for q in props.get(oa.exact.value, ())}
            spans = [
                self._evidence(source, start, end, exact, texts.get(source))
                for source in sorted(sources[excerpt_iri])
                for start, end in sorted(positions)
                for exact in sorted(quotes)
            ]
            if spans:
                found[excerpt_iri] = list(dict.fromkeys(spans))
        return found

    def _page(self, iri: str) -> Evidence:
        titles = self._source_titles()
        return Evidence(
            iri, self._source_href(iri), title=titles.get(iri, iri),
            lang=self._title_languages.get(iri),
        )  # fmt: skip

    def _source_href(self, iri: str) -> str:
        """Where a cited source links: its page here, else its web address; a source named
        by any other IRI (``javascript:…`` is one) links nowhere ("")."""
        return self.local_href(iri) or (iri if is_web_address(iri) else "")

    def _source_titles(self) -> dict[str, str]:
        return {iri: title for iri, title in self._source_titles_all().items() if title}

    def _source_titles_all(self) -> dict[str, str]:
        """Every source document and its title ("" when it has none), read once."""
        with self._lock:
            if self._titles is not None:
                return self._titles
        answer = self._ask(queries.page_query("sources_all"), timeout=WHOLE_DATA_TIMEOUT)
        records = answer.records()
        titles = {
            str(r["source"].value): str(r["title"].value) if "title" in r else ""  # type: ignore[union-attr]
            for r in records
        }
        languages = {
            str(r["source"].value): language  # type: ignore[union-attr]
            for r in records
            if "title" in r and (language := getattr(r["title"], "language", None))
        }
        documents = {
            str(r["source"].value): language_tag(str(r["language"].value))  # type: ignore[union-attr]
            for r in records
            if "language" in r
        }
        with self._lock:
            self._titles, self._title_languages = titles, languages
            self._document_languages = documents
        return titles

    def _evidence(
        self, source: str, first: int, last: int, exact: str, document: _SourceText | None
    ) -> Evidence:
        """A span with the sentence around it, read from the document's text."""
        href = self._source_href(source)
        before = after = ""
        if document is not None:
            text, sentences, starts = document
            at = max(bisect.bisect_right(starts, first) - 1, 0)
            to = max(bisect.bisect_right(starts, max(last - 1, first)) - 1, 0)
            before = text[sentences[at][0] : first].lstrip()
            after = text[last : sentences[to][1]].rstrip()
            exact = text[first:last]
        self._source_titles_all()  # the documents' languages, read once
        return Evidence(
            source, f"{href}?span={first}-{last}", first, last, exact, before, after,
            lang=self._document_languages.get(source),
        )  # fmt: skip

    def _sources_of(self, iris: set[str]) -> dict[str, _SourceText]:
        """The texts of the documents ``iris`` that hold one: those kept, and the others
        in one query for all (over an endpoint each request costs more than its rows)."""
        found: dict[str, _SourceText] = {}
        with self._lock:
            for iri in iris:
                if (kept := self._sources.get(iri)) is not None:
                    found[iri] = kept
        missing = [{"source": ox.NamedNode(i)} for i in sorted(iris - found.keys())]
        answer = queries.run_values(
            self.data, queries.page_query("source_texts"), missing, timeout=self.timeout
        )
        for source, value in answer.rows:
            iri, text = _text(source), _text(value)
            if iri in found:  # a document of several texts shows its first
                continue
            sentences = sentence_spans(text) or [(0, len(text))]
            entry = found[iri] = (text, sentences, [s for s, _ in sentences])
            with self._lock:
                if _weight(entry) <= self._sources.maxsize:  # a larger one is never kept
                    self._sources[iri] = entry
        return found

    # -- source -------------------------------------------------------------------------

    def source(self, iri: str, lang: str, selected: str | None) -> SourceView:
        answer = self._run("source_text", source=iri)
        record = answer.records()[0] if answer.rows else {}
        text = record["text"].value if "text" in record else ""  # type: ignore[union-attr]
        spans_answer = self._run("source_spans", source=iri)
        spans: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
        for row in spans_answer.records():
            key = (int(row["start"].value), int(row["end"].value))  # type: ignore[union-attr]
            fact, kind = str(row["fact"].value), str(row["factType"].value)  # type: ignore[union-attr]
            # a fact of several classes is listed once, under its civicgraph class
            if fact not in spans[key] or kind.startswith(CIV):
                spans[key][fact] = kind
        chosen = _parse_span(selected) if selected else None
        if chosen is not None and chosen not in spans:
            chosen = None
        supported = spans.get(chosen, {}) if chosen else {}
        labels = self._labels([ox.NamedNode(i) for pair in supported.items() for i in pair], lang)
        title = record["title"].value if "title" in record else iri  # type: ignore[union-attr]
        language = language_tag(record["language"].value) if "language" in record else ""  # type: ignore[union-attr]
        url = record["url"].value if "url" in record else None  # type: ignore[union-attr]
        # a link only to a web address: a store built before the build refused others may
        # still hold a `javascript:` url, which the page then shows as text
        link = url if url is not None and is_web_address(url) else None
        about = self._run("source_about", source=iri).records()
        publisher = next((r["publisher"] for r in about if "publisher" in r), None)
        if publisher is not None:
            labels |= self._labels([publisher], lang)
        named = next((r["publisherName"] for r in about if "publisherName" in r), None)
        rights = choose_text(
            {r["rights"].language or "": r["rights"].value for r in about if "rights" in r},  # type: ignore[union-attr]
            lang,
        )
        dated = next((r["date"].value for r in about if "date" in r), None)  # type: ignore[union-attr]
        said = choose_text(
            {
                r["dateExpression"].language or "": r["dateExpression"].value  # type: ignore[union-attr]
                for r in about
                if "dateExpression" in r
            },
            lang,
        )
        return SourceView(
            publisher=self._value(publisher if publisher is not None else named, labels)
            if publisher is not None or named is not None
            else None,
            date=format_date(dated, lang) if dated else (said.text if said else ""),
            date_lang=None if dated or said is None else said.lang,
            rights=Value(rights.text, lang=rights.lang) if rights else None,
            iri=iri,
            entity_id=self.iris.id_of(iri) or iri,
            title=title,
            language=language,
            url=url,
            link=link,
            segments=_segments(text, sorted(spans), chosen),
            span_count=len(spans),
            selected=f"{chosen[0]}-{chosen[1]}" if chosen else None,
            selected_text=text[chosen[0] : chosen[1]] if chosen else "",
            selected_facts=[
                (self._value(ox.NamedNode(kind), labels, lang).text, self._fact_in_words(f, lang))
                for f, kind in sorted(supported.items())
            ],
        )

    # -- search and RDF -----------------------------------------------------------------

    def names(self) -> NameIndex:
        with self._lock:
            if self._names is None:
                answer = self._ask(
                    queries.page_query("names_all"),
                    {"prefix": self.iris.id_prefix},
                    timeout=WHOLE_DATA_TIMEOUT,
                )
                self._names = NameIndex.build(
                    (
                        r["entity"].value,  # type: ignore[union-attr]
                        r["name"].value,  # type: ignore[union-attr]
                        r["type"].value if "type" in r else None,  # type: ignore[union-attr]
                        r["lang"].value if "lang" in r else "",  # type: ignore[union-attr]
                        _NAME_KINDS[r["nameProperty"].value],  # type: ignore[union-attr]
                    )
                    for r in answer.records()
                )
            return self._names

    def search(self, text: str, lang: str, *, limit: int = 20) -> list[tuple[Hit, Value]]:
        hits = self.names().search(text, limit=limit)
        labels = self._labels([ox.NamedNode(h.entity) for h in hits], lang)
        return [(hit, self._value(ox.NamedNode(hit.entity), labels)) for hit in hits]

    def named_graphs(self) -> set[str]:
        """The dataset's named graphs (the build puts every triple in one)."""
        with self._lock:
            if self._graphs is None:
                self._graphs = set(self.data.graphs())
            return self._graphs

    def entity_id(self, iri: str) -> str:
        return self.iris.id_of(iri) or iri

    def with_subclasses(self, classes: Iterable[str]) -> set[str]:
        """The classes and every class below them."""
        wanted = set(classes)
        below = self._below()
        return wanted.union(*(below.get(c, set()) for c in wanted))

    def _below(self) -> dict[str, set[str]]:
        """Each class's subclasses, however deep, read once."""
        with self._lock:
            if self._subclasses is None:
                direct: dict[str, set[str]] = defaultdict(set)
                for sub, sup in self._run("subclasses").rows:
                    direct[_text(sup)].add(_text(sub))
                self._subclasses = {c: _below(c, direct) for c in direct}
            return self._subclasses

    def type_labels(self, type_iris: set[str], lang: str) -> dict[str, str]:
        found = self._labels((ox.NamedNode(t) for t in type_iris), lang)
        return {iri: label.text for iri, label in found.items()}

    def property_values(self, iri: str) -> dict[str, list[object]]:
        """Every value of every property of the entity, by property IRI."""
        values: dict[str, list[object]] = defaultdict(list)
        for prop, value in self._run("entity_description", entity=iri).rows:
            if isinstance(prop, ox.NamedNode):
                values[prop.value].append(value)
        return values

    def quads(self, iri: str) -> tuple[ox.Quad, ...]:
        """The entity's own triples, the facts that name it and their evidence, each in
        the dataset's graph that holds it, graph by graph; none for an IRI with no triples
        of its own (no entity, as for the pages)."""
        node = ox.NamedNode(iri)
        graphs = self.named_graphs()
        found: set[ox.Quad] = set()
        own = False
        for graph, subject, prop, value in self._run("entity_quads", entity=iri).rows:
            # over an endpoint whose store holds more than the dataset, GRAPH ?graph sees
            # the version graph too: only the dataset's graphs make the entity's RDF
            if not isinstance(graph, ox.NamedNode) or graph.value not in graphs:
                continue
            own = own or subject == node
            found.add(ox.Quad(subject, prop, _as_integer(value), graph))  # type: ignore[arg-type]
        if not own:
            return ()
        return tuple(sorted(found, key=lambda q: (str(q.graph_name), str(q.triple))))

    def void(self) -> tuple[ox.Triple, ...]:
        """The dataset's VoID description: the metadata graph the build wrote, and what the
        data holds (class partitions, the Wikidata linkset: ``describe_contents``), asked
        of the store once for the version served."""
        return self._void

    @cached_property
    def _void(self) -> tuple[ox.Triple, ...]:
        built = self._run("void", graph=self.iris.graph("metadata")).triples
        held = describe_contents(self.data, ox.NamedNode(dataset_iri(self.iris)))
        return (*built, *held)


_INTEGER_TYPES = {
    xsd.nonNegativeInteger,
    xsd.positiveInteger,
    xsd.nonPositiveInteger,
    xsd.negativeInteger,
    xsd.long,
    xsd.int,
    xsd.short,
    xsd.byte,
    xsd.unsignedLong,
    xsd.unsignedInt,
    xsd.unsignedShort,
    xsd.unsignedByte,
}


def _as_integer(term: queries.Term) -> queries.Term:
    """A literal of a type derived from xsd:integer as xsd:integer: Oxigraph keeps every
    such literal so, Virtuoso keeps the type loaded (the offsets' nonNegativeInteger), and
    an entity's RDF is the same bytes whichever store answers."""
    if isinstance(term, ox.Literal) and term.datatype in _INTEGER_TYPES:
        return ox.Literal(term.value, datatype=xsd.integer)
    return term


_SourceText = tuple[str, list[tuple[int, int]], list[int]]
"""A document's text, its sentences' bounds and their starts."""


def _weight(entry: _SourceText) -> int:
    """Bytes a kept text holds: the string and about 100 bytes a sentence's bounds."""
    return sys.getsizeof(entry[0]) + 100 * len(entry[1])


def _below(cls: str, direct: dict[str, set[str]]) -> set[str]:
    """Every class under ``cls``, however deep (a cycle of classes ends the walk)."""
    found: set[str] = set()
    todo = list(direct.get(cls, ()))
    while todo:
        sub = todo.pop()
        if sub not in found:
            found.add(sub)
            todo.extend(direct.get(sub, ()))
    return found


def _order(value: Value) -> tuple[str, str, str]:
    """Values as a page lists them: by their text, then what they are."""
    return (value.text, value.iri or "", value.lang or "")


def _parse_span(text: str) -> tuple[int, int] | None:
    start, dash, end = text.partition("-")
    if not dash or not start.isdigit() or not end.isdigit():
        return None
    return int(start), int(end)


def _segments(
    text: str, spans: list[tuple[int, int]], chosen: tuple[int, int] | None
) -> list[Segment]:
    """The text cut at every span boundary; each piece knows the spans covering it."""
    cuts = sorted({0, len(text), *(p for span in spans for p in span if 0 <= p <= len(text))})
    segments: list[Segment] = []
    anchored = False
    for start, end in pairwise(cuts):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        selected = chosen is not None and chosen[0] <= start and end <= chosen[1]
        anchor = None
        if selected and not anchored:
            anchor, anchored = f"span-{chosen[0]}-{chosen[1]}", True  # type: ignore[index]
        # a click on a piece chooses the narrowest span that covers it
        narrowest = min(covering, key=lambda s: s[1] - s[0]) if covering else None
        segments.append(
            Segment(
                text[start:end],
                tuple(f"{s}-{e}" for s, e in covering),
                selected,
                anchor,
                f"{narrowest[0]}-{narrowest[1]}" if narrowest else None,
            )
        )
    return segments


def _properties(rows: Iterable[tuple[queries.Term | None, ...]]) -> dict[str, _Properties]:
    """Rows of (node, property, value) (distinct: the queries say so) as each node's
    values by property."""
    nodes: dict[str, _Properties] = defaultdict(lambda: defaultdict(list))
    for node, prop, value in rows:
        if value is not None:
            nodes[_text(node)][_text(prop)].append(value)
    return nodes


def _text(term: queries.Term | None) -> str:
    """The IRI or lexical form of a term; "" for none."""
    if term is None:
        return ""
    return term.value if not isinstance(term, ox.Triple) else str(term)


def _is_link(props: _Properties, entity: ox.NamedNode) -> bool:
    """A Wikidata link statement about the entity (``civicgraph link`` writes them)."""
    return (
        entity in props.get(rdf.subject.value, ())
        and rdf.Statement in props.get(_TYPE, ())
        and skos.exactMatch in props.get(rdf.predicate.value, ())
    )


def _group_rank(key: str) -> tuple[int, str]:
    return (_GROUP_ORDER.index(key) if key in _GROUP_ORDER else len(_GROUP_ORDER), key)


def _latest(props: _Properties, dates: Mapping[str, str]) -> str:
    """The date of the latest event a fact names ("" for none)."""
    return max((dates.get(_text(e), "") for e in props.get(_EVENT, ())), default="")
