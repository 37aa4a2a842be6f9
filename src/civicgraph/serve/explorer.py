"""What the pages show, read from a ``TripleSource``: no HTTP and no HTML here.

Each method asks the source (the embedded store or any SPARQL 1.1 endpoint) the questions
one page needs (the queries in ``sparql/``), through the one query runner
(``civicgraph.query``), and returns plain view objects that the templates render. Every
fact carries its evidence: the exact words, the sentence around them, and the span's
offsets in its document. What a page lists is sorted here, never left in the order a
store answered, so a page is the same bytes whichever store holds the data.
"""

from __future__ import annotations

import bisect
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
from cachetools import LRUCache

from civicgraph.mentions import sentence_spans
from civicgraph.namespaces import WD
from civicgraph.query import QueryResult, fetch_labels, run_query
from civicgraph.records import is_web_address
from civicgraph.serve import queries
from civicgraph.serve.search import Hit, NameIndex
from civicgraph.sparql.text import CatalogueQuery
from civicgraph.terms import civ, oa, prov, rdf, rdfs, skos, xsd
from civicgraph.triplesource import TripleSource

CIV = civ.iri
_NAME_PROPERTIES = {rdfs.label.value, skos.prefLabel.value, skos.altLabel.value}
_HIDDEN_LABEL = skos.hiddenLabel.value
"""Forms search finds an entity by and no page shows (SKOS §5.4)."""
_HIDDEN_FACT_PROPERTIES = {rdf.type.value, prov.wasDerivedFrom.value}
_SOURCE_CACHE_BYTES = 32 * 1024 * 1024
"""Memory for documents' texts and sentence bounds (the context of evidence spans),
weighed in bytes: a million-triple corpus cites thousands of documents, and every page
of one not kept asks the store for its whole text again."""
_LABEL_CACHE = 200_000
HOME_SOURCES = 50
"""Sources listed on the home page; search and the query page reach the others."""
WHOLE_DATA_TIMEOUT = 300.0
"""Seconds for the questions asked once of the whole dataset (every name, every source,
the counts): asked at start-up and when the data changes, not by a page."""
_WIKIDATA = str(WD)
_TYPE = rdf.type.value
_DERIVED = prov.wasDerivedFrom.value
_RDF_TYPE = rdf.type
_SOURCE_DOCUMENT = civ.SourceDocument
_Properties = dict[str, list[queries.Term]]
"""A node's values by property IRI, in the order the store gave them."""


@dataclass(frozen=True)
class Value:
    """One RDF term as a page shows it: a label, and a link where there is somewhere to go."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None


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

    @property
    def span(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass
class Fact:
    iri: str
    href: str
    kind: str
    role: Value
    properties: list[tuple[Value, list[Value]]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    statement: tuple[Value, Value, Value] | None = None
    """For a reified statement: its subject, property and object."""


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
    groups: list[tuple[str, list[Fact]]]
    own_evidence: list[Evidence]


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


@dataclass
class HomeView:
    counts: list[tuple[Value, int]]
    sources: list[Value]
    built: str | None
    triples: int
    more_sources: int = 0


class Explorer:
    """One version of the data read for pages; safe to share between threads.

    What it remembers (labels, titles, the name index, the counts) belongs to the
    version it was made for: the server makes a new explorer when the data changes.
    """

    def __init__(
        self, source: TripleSource, *, built_at: datetime | None = None, timeout: float = 10.0
    ) -> None:
        self.data = source
        """Where the triples are (named so: ``source`` is a document's page here)."""
        self.iris = source.iris
        self.built_at = built_at
        """When the data was built, if the source tells."""
        self.timeout = timeout
        self._names: NameIndex | None = None
        self._subclasses: dict[str, set[str]] | None = None
        self._counts: tuple[QueryResult, list[str], int] | None = None
        self._titles: dict[str, str] | None = None
        self._graphs: set[str] | None = None
        self._label_cache: dict[tuple[str, str], str] = {}
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

    def _value(self, term: object, labels: dict[str, str]) -> Value:
        if isinstance(term, ox.NamedNode):
            href = self.local_href(term.value)
            text = labels.get(term.value) or queries.shorten_iri(term.value, iris=self.iris)
            if href is None and term.value.startswith(_WIKIDATA):
                href, text = term.value, labels.get(term.value) or term.value[len(_WIKIDATA) :]
            return Value(text, href, term.value)
        if isinstance(term, ox.Literal):
            return Value(term.value, lang=term.language)
        return Value(str(term))

    def _labels(self, terms: Iterable[object], lang: str) -> dict[str, str]:
        """One label per IRI; remembered, since the store never changes under the server."""
        wanted = {t.value for t in terms if isinstance(t, ox.NamedNode)}
        with self._lock:
            known = {i: self._label_cache.get((i, lang)) for i in wanted}
        missing = {i for i, label in known.items() if label is None}
        found = self._fetch_labels(missing, lang) if missing else {}
        with self._lock:
            if len(self._label_cache) > _LABEL_CACHE:
                self._label_cache.clear()
            for iri in missing:
                self._label_cache[(iri, lang)] = found.get(iri, "")
        return {i: label for i, label in ({**known, **found}).items() if label}

    def answer_labels(self, terms: Iterable[object], lang: str) -> dict[str, str]:
        """One label per IRI of a visitor's answer, asked each time and never remembered:
        its IRIs are any the query made up, and remembering them would grow the server
        with every distinct answer (the pages' IRIs are the store's own, so bounded)."""
        wanted = {t.value for t in terms if isinstance(t, ox.NamedNode)}
        return self._fetch_labels(wanted, lang) if wanted else {}

    def _fetch_labels(self, iri_values: set[str], lang: str) -> dict[str, str]:
        return fetch_labels(self.data, iri_values, lang=lang, timeout=self.timeout)

    # -- home ---------------------------------------------------------------------------

    def home(self, catalogue: Path, lang: str) -> HomeView:
        """Counts by class and the first sources, in ``lang``."""
        counts, sources, triples = self._overview(catalogue)
        labels = self._labels([r[0] for r in counts.rows], lang)
        count_rows = [
            (self._value(row[0], labels), int(row[1].value))  # type: ignore[union-attr]
            for row in counts.rows
            if row[0] is not None and row[1] is not None
        ]
        titles = self._source_titles()
        source_values = [
            Value(titles.get(str(iri), str(iri)), self.local_href(str(iri)), str(iri))
            for iri in sources[:HOME_SOURCES]
        ]
        return HomeView(
            count_rows,
            source_values,
            self._built(),
            triples,
            more_sources=max(len(sources) - HOME_SOURCES, 0),
        )

    def _overview(self, catalogue: Path) -> tuple[QueryResult, list[str], int]:
        """What the home page counts, computed once for the version served."""
        with self._lock:
            if self._counts is not None:
                return self._counts
        counts = self._ask(
            queries.catalogue_query("counts_by_class", catalogue), timeout=WHOLE_DATA_TIMEOUT
        )
        triples = self.data.count(timeout=WHOLE_DATA_TIMEOUT)
        overview = (counts, sorted(self._source_titles_all()), triples)
        with self._lock:
            self._counts = overview
        return overview

    def warm_up(self, catalogue: Path) -> None:
        """Build what the first visitors would otherwise wait for (seconds at 1M triples)."""
        self._overview(catalogue)
        self.names()

    def _built(self) -> str | None:
        """When the data was built, where the source tells."""
        return self.built_at.strftime("%Y-%m-%d %H:%M UTC") if self.built_at else None

    # -- entity -------------------------------------------------------------------------

    def exists(self, iri: str) -> bool:
        """Whether the dataset says anything about ``iri``."""
        return self.data.ask(f"ASK {{ {ox.NamedNode(iri)} ?p ?o }}", timeout=self.timeout)

    def page(self, iri: str, lang: str, span: str | None) -> EntityView | SourceView | None:
        """A source document's page, any other entity's, or ``None`` for an IRI the store
        says nothing about (its own triples tell both, in one query)."""
        description = self._run("entity_description", entity=iri)
        if not description.rows:
            return None
        if (_RDF_TYPE, _SOURCE_DOCUMENT) in description.rows:
            return self.source(iri, lang, span)
        return self._entity(iri, lang, description)

    def entity(self, iri: str, lang: str) -> EntityView:
        return self._entity(iri, lang, self._run("entity_description", entity=iri))

    def _entity(self, iri: str, lang: str, description: QueryResult) -> EntityView:
        """Three queries whatever the entity: its triples, what names it, the excerpts."""
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
        excerpts = self._excerpts(
            {v for props in (own, *facts.values()) for v in props.get(_DERIVED, ())}
        )
        terms: list[queries.Term | None] = [node]
        terms.extend(t for row in description.rows for t in row)
        for fact_iri, props in facts.items():
            terms.append(ox.NamedNode(fact_iri))
            terms.extend(ox.NamedNode(p) for p in props)
            terms.extend(v for values in props.values() for v in values)
        targets = [t for props in link_nodes for t in props.get(rdf.object.value, ())]
        labels = self._labels([*terms, *targets], lang)

        names, types, described = self._describe(description, labels)
        entity_id = self.iris.id_of(iri) or iri
        return EntityView(
            iri=iri,
            entity_id=entity_id,
            title=labels.get(iri) or entity_id,
            names=names,
            types=types,
            description=described,
            links=self._links(link_nodes, labels),
            groups=self._facts(node, facts, excerpts, labels),
            own_evidence=self._cited(own.get(_DERIVED, []), excerpts),
        )

    def _describe(
        self, description: QueryResult, labels: dict[str, str]
    ) -> tuple[dict[str, list[str]], list[Value], list[tuple[Value, list[Value]]]]:
        """The entity's names by language, its types, and its other properties."""
        names: dict[str, list[str]] = defaultdict(list)
        types: list[Value] = []
        properties: dict[str, list[Value]] = defaultdict(list)
        for prop, value in description.rows:
            assert isinstance(prop, ox.NamedNode)
            if prop.value == _HIDDEN_LABEL:
                continue
            if prop.value in _NAME_PROPERTIES and isinstance(value, ox.Literal):
                if value.value not in names[value.language or ""]:
                    names[value.language or ""].append(value.value)
            elif prop.value == _TYPE:
                types.append(self._value(value, labels))
            else:
                properties[prop.value].append(self._value(value, labels))
        described = [
            (self._value(ox.NamedNode(p), labels), sorted(v, key=_order))
            for p, v in sorted(properties.items())
        ]
        in_order = {language: sorted(said) for language, said in sorted(names.items())}
        return in_order, sorted(types, key=_order), described

    def _links(self, nodes: list[_Properties], labels: dict[str, str]) -> list[Link]:
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

    def _facts(
        self,
        entity: ox.NamedNode,
        facts: dict[str, _Properties],
        excerpts: dict[str, list[Evidence]],
        labels: dict[str, str],
    ) -> list[tuple[str, list[Fact]]]:
        """The facts naming the entity, each with its evidence, grouped by kind.

        The kind of an n-ary fact is its class (civicgraph's own where it has several); of
        a reified statement, its property.
        """
        statement_parts = (rdf.subject.value, rdf.predicate.value, rdf.object.value)
        groups: dict[str, list[Fact]] = defaultdict(list)
        for fact_iri in sorted(facts):
            props = facts[fact_iri]
            roles = sorted(p for p, values in props.items() if entity in values)
            predicate = [
                v for v in props.get(rdf.predicate.value, ()) if isinstance(v, ox.NamedNode)
            ]
            kind_iri = predicate[0].value if predicate else _fact_class(props.get(_TYPE, []))
            kind = (
                (labels.get(kind_iri) or queries.shorten_iri(kind_iri, iris=self.iris))
                if kind_iri
                else ""
            )
            shown: dict[str, list[Value]] = {}
            for prop, values in props.items():
                if prop not in _HIDDEN_FACT_PROPERTIES:
                    shown[prop] = list(dict.fromkeys(self._value(v, labels) for v in values))
            fact = Fact(
                fact_iri,
                self.local_href(fact_iri) or fact_iri,
                kind,
                self._value(ox.NamedNode(roles[0]), labels),
                evidence=self._cited(props[_DERIVED], excerpts),
            )
            if all(len(shown.get(part, [])) == 1 for part in statement_parts):
                subject, predicate_value, obj = (shown.pop(part)[0] for part in statement_parts)
                fact.statement = (subject, predicate_value, obj)
            fact.properties = [
                (self._value(ox.NamedNode(p), labels), sorted(v, key=_order))
                for p, v in sorted(shown.items())
            ]
            groups[kind].append(fact)
        return sorted(groups.items())

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
                self._evidence(source, start, end, exact)
                for source in sorted(sources[excerpt_iri])
                for start, end in sorted(positions)
                for exact in sorted(quotes)
            ]
            if spans:
                found[excerpt_iri] = list(dict.fromkeys(spans))
        return found

    def _page(self, iri: str) -> Evidence:
        return Evidence(iri, self._source_href(iri), title=self._source_titles().get(iri, iri))

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
        titles = {
            str(r["source"].value): str(r["title"].value) if "title" in r else ""  # type: ignore[union-attr]
            for r in answer.records()
        }
        with self._lock:
            self._titles = titles
        return titles

    def _evidence(self, source: str, first: int, last: int, exact: str) -> Evidence:
        """A span with the sentence around it, read from the document's text."""
        href = self._source_href(source)
        before = after = ""
        cached = self._source(source)
        if cached is not None:
            text, sentences, starts = cached
            at = max(bisect.bisect_right(starts, first) - 1, 0)
            to = max(bisect.bisect_right(starts, max(last - 1, first)) - 1, 0)
            before = text[sentences[at][0] : first].lstrip()
            after = text[last : sentences[to][1]].rstrip()
            exact = text[first:last]
        return Evidence(source, f"{href}?span={first}-{last}", first, last, exact, before, after)

    def _source(self, iri: str) -> _SourceText | None:
        with self._lock:
            kept = self._sources.get(iri)
            if kept is not None:
                return kept
        answer = self._run("source_text", source=iri)
        record = answer.records()[0] if answer.rows else {}
        if "text" not in record:
            return None
        text = record["text"].value  # type: ignore[union-attr]
        sentences = sentence_spans(text) or [(0, len(text))]
        entry = (text, sentences, [s for s, _ in sentences])
        with self._lock:
            if _weight(entry) <= self._sources.maxsize:  # a larger one is never kept
                self._sources[iri] = entry
        return entry

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
        language = record["language"].value if "language" in record else ""  # type: ignore[union-attr]
        url = record["url"].value if "url" in record else None  # type: ignore[union-attr]
        # a link only to a web address: a store built before the build refused others may
        # still hold a `javascript:` url, which the page then shows as text
        link = url if url is not None and is_web_address(url) else None
        return SourceView(
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
                (
                    labels.get(kind, queries.shorten_iri(kind, iris=self.iris)),
                    self._value(ox.NamedNode(f), labels),
                )
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
                        r["nameProperty"].value == _HIDDEN_LABEL,  # type: ignore[union-attr]
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
        with self._lock:
            if self._subclasses is None:
                direct: dict[str, set[str]] = defaultdict(set)
                for sub, sup in self._run("subclasses").rows:
                    direct[_text(sup)].add(_text(sub))
                self._subclasses = {c: _below(c, direct) for c in direct}
            below = self._subclasses
        return wanted.union(*(below.get(c, set()) for c in wanted))

    def type_labels(self, type_iris: set[str], lang: str) -> dict[str, str]:
        return self._labels((ox.NamedNode(t) for t in type_iris), lang)

    def property_values(self, iri: str) -> dict[str, list[object]]:
        """Every value of every property of the entity, by property IRI."""
        values: dict[str, list[object]] = defaultdict(list)
        for prop, value in self._run("entity_description", entity=iri).rows:
            if isinstance(prop, ox.NamedNode):
                values[prop.value].append(value)
        return values

    def graph(self, iri: str) -> tuple[ox.Triple, ...]:
        """The entity's own triples, the facts that name it and their evidence; none for
        an IRI with no triples of its own (no entity, as for the pages)."""
        node = ox.NamedNode(iri)
        own = {
            ox.Triple(node, prop, value)  # type: ignore[arg-type]
            for prop, value in self._run("entity_description", entity=iri).rows
        }
        if not own:
            return ()
        triples = own | set(self._run("entity_graph", entity=iri).triples)
        return tuple({ox.Triple(t.subject, t.predicate, _as_integer(t.object)) for t in triples})

    def void(self) -> tuple[ox.Triple, ...]:
        return self._run("void", graph=self.iris.graph("metadata")).triples


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


def _fact_class(types: list[queries.Term]) -> str | None:
    """The class a fact is listed under: civicgraph's own where it has several."""
    names = sorted(str(t.value) for t in types if isinstance(t, ox.NamedNode))
    return next((n for n in names if n.startswith(CIV)), names[0] if names else None)
