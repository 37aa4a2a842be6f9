"""Turn sources, entities and records into an RDF dataset with evidence for every fact.

Evidence follows the W3C Web Annotation Data Model: each excerpt is an
``oa:SpecificResource`` with ``oa:hasSource`` and two selectors
(``oa:TextPositionSelector``, ``oa:TextQuoteSelector``); facts point to excerpts with
``prov:wasDerivedFrom``. N-ary facts are nodes of their own; a binary fact about an
entity is asserted in its source's named graph and reified as a ``civ:Assertion``
(``rdf:subject``/``rdf:predicate``/``rdf:object``) that carries the evidence — one scheme
for every fact, so one SPARQL pattern finds the span behind any of them.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from civicgraph.digests import DigestTable
from civicgraph.errors import CivicGraphError, RecordError
from civicgraph.evidence import locate_evidence
from civicgraph.iris import Iris
from civicgraph.languages import language_iri
from civicgraph.metadata import METADATA_GRAPH, describe_dataset
from civicgraph.model import UNKNOWN, Corpus, Entity, Excerpt, Fact, Source, Value
from civicgraph.namespaces import PREFIXES
from civicgraph.ontology import Ontology, load_ontology
from civicgraph.records import (
    ID_PATTERN,
    iter_record_files,
    iter_sources,
    load_entities,
    with_text,
)
from civicgraph.snapshot import Snapshot, statement
from civicgraph.snapshot_writer import SnapshotWriter
from civicgraph.terms import civ, dct, foaf, oa, prov, rdf, rdfs, schema, skos, xsd

EVIDENCE_TOKEN = "$evidence"  # noqa: S105 - a placeholder in records, not a secret
"""A value that stands for the exact text of the fact's first excerpt."""

_CURIE = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z_][A-Za-z0-9_.-]*)$")
_GYEAR = re.compile(r"^-?\d{4}$")
_LABEL_PROPERTIES = {
    rdfs.label.value,
    skos.altLabel.value,
    skos.hiddenLabel.value,
    skos.prefLabel.value,
}

_TYPE = rdf.type
# The terms of the hot loops (one per fact and excerpt), resolved once.
_DERIVED_FROM = prov.wasDerivedFrom
_ASSERTION = civ.Assertion
_SUBJECT = rdf.subject
_PREDICATE = rdf.predicate
_OBJECT = rdf.object
_EXCERPT = civ.Excerpt
_SPECIFIC_RESOURCE = oa.SpecificResource
_HAS_SOURCE = oa.hasSource
_HAS_SELECTOR = oa.hasSelector
_POSITION_SELECTOR = oa.TextPositionSelector
_NON_NEGATIVE = xsd.nonNegativeInteger
_START = oa.start
_END = oa.end
_QUOTE_SELECTOR = oa.TextQuoteSelector
_EXACT = oa.exact


class NodeIndex:
    """Where each entity and fact node id is defined (file and line): the ids a build
    checks references against, kept instead of the entities and facts, and what reports
    point to. An id costs a few dozen bytes: its text and its place packed in one int."""

    def __init__(self) -> None:
        self._files: list[Path | None] = []
        self._file_numbers: dict[Path | None, int] = {}
        # id -> file number << 32 | line (0: none)
        self._entities: dict[str, int] = {}
        self._facts: dict[str, int] = {}

    def _pack(self, path: Path | None, line: int | None) -> int:
        number = self._file_numbers.get(path)
        if number is None:
            number = self._file_numbers[path] = len(self._files)
            self._files.append(path)
        return number << 32 | (line or 0)

    def _unpack(self, packed: int | None) -> tuple[Path | None, int | None] | None:
        if packed is None:
            return None
        return self._files[packed >> 32], (packed & 0xFFFFFFFF) or None

    def add_entity(self, entity: Entity) -> None:
        self._entities[entity.id] = self._pack(entity.path, entity.line)

    def add_fact_node(self, node_id: str, path: Path | None, line: int | None) -> None:
        self._facts[node_id] = self._pack(path, line)

    def entity(self, node_id: str) -> tuple[Path | None, int | None] | None:
        """File and line of the entity ``node_id``; ``None`` when there is none."""
        return self._unpack(self._entities.get(node_id))

    def fact_node(self, node_id: str) -> tuple[Path | None, int | None] | None:
        """File and line of the fact node ``node_id``; ``None`` when there is none."""
        return self._unpack(self._facts.get(node_id))

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._entities or node_id in self._facts

    def ids(self) -> set[str]:
        return set(self._entities) | set(self._facts)

    def compact(self) -> NodePlaces:
        """The places, in tables of digests, for after the build: a dict's strings and
        ints are objects the build's freed memory could not go back to the system
        around (measured: 26 MB more kept a million triples)."""
        tables = (DigestTable(), DigestTable())
        for table, places in zip(tables, (self._entities, self._facts), strict=True):
            for node_id, packed in places.items():
                table.add(node_id.encode(), packed)
            table.freeze()
        return NodePlaces(*tables, files=[None if f is None else Path(f) for f in self._files])


class NodePlaces:
    """Where each entity and fact node id is defined, once the build is done: what a
    report points to (``locate``)."""

    def __init__(
        self,
        entities: DigestTable | None = None,
        facts: DigestTable | None = None,
        *,
        files: list[Path | None] | None = None,
    ) -> None:
        self._entities = entities or DigestTable().freeze()
        self._facts = facts or DigestTable().freeze()
        self._files = files or []

    def _place(self, table: DigestTable, node_id: str) -> tuple[Path | None, int | None] | None:
        packed = table.get(node_id.encode())
        if packed is None:
            return None
        return self._files[packed >> 32], (packed & 0xFFFFFFFF) or None

    def entity(self, node_id: str) -> tuple[Path | None, int | None] | None:
        """File and line of the entity ``node_id``; ``None`` when there is none."""
        return self._place(self._entities, node_id)

    def fact_node(self, node_id: str) -> tuple[Path | None, int | None] | None:
        """File and line of the fact node ``node_id``; ``None`` when there is none."""
        return self._place(self._facts, node_id)

    def locate(self, iris: Iris, iri: str) -> str | None:
        """``file:line`` of the entity or fact record that mints ``iri``, for reports."""
        node_id = iris.id_of(iri)
        if node_id is None:
            return None
        found = self.entity(node_id) or self.fact_node(node_id)
        return None if found is None else f"{found[0]}:{found[1]}"


@dataclass
class Dataset:
    """The built dataset: its canonical snapshot, and what went into it."""

    snapshot: Snapshot
    iris: Iris
    graph_counts: dict[str, int] = field(default_factory=dict)
    entity_count: int = 0
    fact_count: int = 0
    excerpt_count: int = 0
    source_count: int = 0
    nodes: NodePlaces = field(default_factory=NodePlaces)

    @functools.cached_property
    def quads(self) -> list[ox.Quad]:
        """The quads as Oxigraph terms (parsed from the snapshot: for small datasets)."""
        return list(ox.parse(self.snapshot.nquads, format=ox.RdfFormat.N_QUADS))

    def locate(self, iri: str) -> str | None:
        """``file:line`` of the entity or fact record that mints ``iri``, for reports."""
        return self.nodes.locate(self.iris, iri)


class _UnknownReferenceError(Exception):
    """An id that no entity or fact node read so far defines: a forward reference, or an
    unknown entity once every record has been read."""

    def __init__(self, raw: str, fact: Fact, line: int | None) -> None:
        super().__init__(raw)
        self.raw = raw
        self.fact = fact
        self.line = line


class CorpusInput(Protocol):
    """What a build reads: the sources and record files one at a time, the authority file."""

    data_dir: Path

    def sources(self) -> Iterator[Source]:
        """Each source with its text, once, in the order of its folder."""

    def source(self, source_id: str) -> Source | None:
        """The source ``source_id`` with its text (read again if need be)."""

    def entities(self) -> dict[str, Entity]:
        """The authority file, whole."""

    def record_files(
        self, source_ids: Collection[str]
    ) -> Iterator[tuple[Path | None, tuple[Fact, ...]]]:
        """Each records file and its facts, in file order."""


class _InMemoryCorpus:
    """A corpus already read (``load_corpus``, the benchmark's generator)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.data_dir = corpus.data_dir

    def sources(self) -> Iterator[Source]:
        return iter(self.corpus.sources.values())

    def source(self, source_id: str) -> Source | None:
        return self.corpus.sources.get(source_id)

    def entities(self) -> dict[str, Entity]:
        return self.corpus.entities

    def record_files(
        self, source_ids: Collection[str]
    ) -> Iterator[tuple[Path | None, tuple[Fact, ...]]]:
        for path, facts in itertools.groupby(self.corpus.facts, key=lambda fact: fact.path):
            yield path, tuple(facts)


SOURCES_HELD = 8
"""Source texts a streaming build keeps at a time: a record file cites its own source and
now and then another."""


class CorpusFiles:
    """``data/`` read as the build goes: one source text and one records file at a time
    (the authority file whole), so memory does not grow with the number of documents."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._read: dict[str, Source] = {}
        self._held = functools.lru_cache(maxsize=SOURCES_HELD)(self._read_text)

    def sources(self) -> Iterator[Source]:
        for source in iter_sources(self.data_dir):
            self._read[source.id] = replace(source, text=None)
            yield source

    def _read_text(self, source_id: str) -> Source | None:
        source = self._read.get(source_id)
        return with_text(source) if source is not None else None

    def source(self, source_id: str) -> Source | None:
        return self._held(source_id)

    def entities(self) -> dict[str, Entity]:
        return load_entities(self.data_dir)

    def record_files(
        self, source_ids: Collection[str]
    ) -> Iterator[tuple[Path | None, tuple[Fact, ...]]]:
        return iter_record_files(self.data_dir, source_ids)


class _Builder:
    def __init__(
        self, corpus: CorpusInput, ontology: Ontology, *, iris: Iris, out: SnapshotWriter
    ) -> None:
        self.corpus = corpus
        self.ontology = ontology
        self.iris = iris
        self.out = out
        # Per source, the metadata without the text: what the checks and the dataset's
        # description need of every document.
        self.sources: dict[str, Source] = {}
        # The authority file while its statements are written and its types checked;
        # then only its ids and places stay (``nodes``).
        self.entities: dict[str, Entity] = {}
        self.nodes = NodeIndex()
        # Excerpts written for the current records file: a span cited twice is written once.
        self._excerpts_written: set[tuple[str, int, int]] = set()
        self.fact_count = 0
        # Each reference check takes a step; a forward reference is checked when every id is
        # known, and counts as raised at its step (the order errors are reported in).
        self.step = 0
        self.forward: list[tuple[int, _UnknownReferenceError]] = []

    # -- graphs -------------------------------------------------------------------
    def graph(self, name: str) -> str:
        return self.iris.graph(name)

    def add(
        self,
        s: ox.NamedNode | ox.BlankNode,
        p: ox.NamedNode,
        o: ox.NamedNode | ox.BlankNode | ox.Literal,
        g: str,
    ) -> None:
        self.out.add(g, statement(s, p, o))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        for quad in quads:
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                raise RecordError(f"a generated statement is outside a named graph: {quad}")
            self.out.add(graph.value, statement(quad.subject, quad.predicate, quad.object))

    # -- ontology -----------------------------------------------------------------
    def add_ontology(self) -> None:
        graph = self.graph("ontology")
        for t in self.ontology.triples:
            self.out.add(graph, statement(t.subject, t.predicate, t.object))

    # -- sources ------------------------------------------------------------------
    def add_source(self, source: Source) -> None:
        """The source's statements (its metadata is checked by ``check_source``)."""
        self.sources[source.id] = replace(source, text=None)
        graph = self.graph("provenance")
        node = ox.NamedNode(self.iris.source(source.id))
        self.add(node, _TYPE, civ.SourceDocument, graph)
        for lang, title in sorted(source.title.items()):
            self.add(node, dct.title, ox.Literal(title, language=lang), graph)
        self.add(node, dct.language, ox.NamedNode(language_iri(source.language)), graph)
        if source.rights:
            rights = ox.NamedNode(f"{node.value}/rights")
            self.add(node, dct.rights, rights, graph)
            self.add(rights, _TYPE, dct.RightsStatement, graph)
            for lang, statement_text in sorted(source.rights.items()):
                self.add(rights, rdfs.label, ox.Literal(statement_text, language=lang), graph)
        if source.sha256 is not None:
            self.add(node, civ.sha256, ox.Literal(source.sha256), graph)
        if source.text is not None:
            self.add(node, schema.text, ox.Literal(source.text, language=source.language), graph)
        for lang, expression in sorted(source.date_expression.items()):
            self.add(node, civ.dateExpression, ox.Literal(expression, language=lang), graph)
        self._add_source_metadata(source, node, graph)

    def _add_source_metadata(self, source: Source, node: ox.NamedNode, graph: str) -> None:
        unknown = civ.unknownValueOf
        if source.url is None:
            self.add(node, unknown, schema.url, graph)
        else:
            self.add(node, schema.url, ox.Literal(source.url, datatype=xsd.anyURI), graph)
        if source.date is None:
            self.add(node, unknown, dct.date, graph)
        else:
            self.add(node, dct.date, ox.Literal(source.date, datatype=xsd.date), graph)
        if source.publisher is None and source.publisher_name is not None:
            # A publisher known by name only (a page's site name): dct:publisher an agent
            # with that name, as DCAT describes a catalogue's publisher.
            publisher = ox.NamedNode(f"{node.value}/publisher")
            self.add(node, dct.publisher, publisher, graph)
            self.add(publisher, _TYPE, foaf.Agent, graph)
            self.add(publisher, foaf.name, ox.Literal(source.publisher_name), graph)
        elif source.publisher is None:
            self.add(node, unknown, dct.publisher, graph)
        else:
            publisher = ox.NamedNode(self.iris.entity(source.publisher))
            self.add(node, civ.publisherEntity, publisher, graph)

    def check_source(self, source: Source) -> None:
        """What a source's metadata must be against the rest: a date, a known publisher."""
        if source.date is not None:
            self._check_date(source.date, path=source.metadata_path, line=None, subject=source.id)
        if source.publisher is not None and source.publisher not in self.entities:
            raise RecordError(
                f"unknown publisher {source.publisher!r}",
                path=source.metadata_path,
                subject=source.id,
                hint=self._suggest(source.publisher, self.entities),
            )

    # -- entities -----------------------------------------------------------------
    def add_entity(self, entity: Entity) -> None:
        if entity.type not in self.ontology.classes:
            return  # refused by check_entity, in its turn
        graph = self.graph("entities")
        node = ox.NamedNode(self.iris.entity(entity.id))
        self.add(node, _TYPE, civ[entity.type], graph)
        for lang, label in sorted(entity.labels.items()):
            self.add(node, rdfs.label, ox.Literal(label, language=lang), graph)
        for prop, lists in (
            (skos.altLabel, entity.alt_labels),
            (skos.hiddenLabel, entity.hidden_labels),
        ):
            for lang, names in sorted(lists.items()):
                for name in names:
                    self.add(node, prop, ox.Literal(name, language=lang), graph)
        scheme = f"{entity.type}Scheme"
        if scheme in self.ontology.individuals:
            self.add(node, skos.inScheme, civ[scheme], graph)

    def check_entity(self, entity: Entity) -> None:
        self._check_class(entity.type, path=entity.path, line=entity.line, subject=entity.id)

    # -- facts --------------------------------------------------------------------
    def index_fact_node(self, fact: Fact) -> None:
        """Remember where fact node ``fact.id`` is defined; refuse a second definition."""
        if fact.id is None:
            return
        earlier = self.nodes.fact_node(fact.id)
        entity = self.nodes.entity(fact.id)
        if earlier is not None or entity is not None:
            where = (
                f"{earlier[0]}:{earlier[1]}"
                if earlier is not None
                else f"the authority file ({entity[0] if entity else None})"
            )
            raise RecordError(
                f"duplicate id (first defined in {where})",
                path=fact.path,
                line=fact.line,
                subject=fact.id,
                hint="give each fact node its own id",
            )
        self.nodes.add_fact_node(fact.id, fact.path, fact.line)

    def add_fact(self, fact: Fact) -> None:
        self.fact_count += 1
        graph = self.graph(f"source/{fact.source_id}")
        evidence_nodes, excerpts = self._evidence(fact)
        if fact.id is not None:
            assert fact.type is not None  # the reader guarantees a type with an id
            self._check_class(fact.type, path=fact.path, line=fact.line, subject=fact.id)
            node = ox.NamedNode(self.iris.entity(fact.id))
            self.add(node, _TYPE, civ[fact.type], graph)
            for predicate, obj in self._property_values(fact, excerpts):
                self.add(node, predicate, obj, graph)
            for evidence_node in evidence_nodes:
                self.add(node, _DERIVED_FROM, evidence_node, graph)
        else:
            assert fact.subject is not None  # the reader guarantees subject without id
            subject = self._reference(fact.subject, fact=fact, line=fact.line)
            for predicate, obj in self._property_values(fact, excerpts):
                self.add(subject, predicate, obj, graph)
                self._add_assertion(subject, predicate, obj, evidence_nodes, graph)

    def end_records_file(self) -> None:
        self._excerpts_written.clear()
        self.forward = [(step, ref) for step, ref in self.forward if ref.raw not in self.nodes]

    def _add_assertion(
        self,
        subject: ox.NamedNode,
        predicate: ox.NamedNode,
        obj: ox.NamedNode | ox.Literal,
        evidence_nodes: list[ox.NamedNode],
        graph: str,
    ) -> None:
        node = ox.NamedNode(self.iris.assertion(str(subject), str(predicate), str(obj)))
        self.add(node, _TYPE, _ASSERTION, graph)
        self.add(node, _SUBJECT, subject, graph)
        self.add(node, _PREDICATE, predicate, graph)
        self.add(node, _OBJECT, obj, graph)
        for evidence_node in evidence_nodes:
            self.add(node, _DERIVED_FROM, evidence_node, graph)

    def _evidence(self, fact: Fact) -> tuple[list[ox.NamedNode], list[Excerpt]]:
        nodes: list[ox.NamedNode] = []
        excerpts: list[Excerpt] = []
        for evidence in fact.evidence:
            source = self.corpus.source(evidence.source_id)
            if source is None:
                raise RecordError(
                    f"evidence cites unknown source {evidence.source_id!r}",
                    path=fact.path,
                    line=evidence.line,
                    subject=fact.label,
                    hint=self._suggest(evidence.source_id, self.sources),
                )
            excerpt = locate_evidence(evidence, source, fact=fact)
            if excerpt is None:
                nodes.append(ox.NamedNode(self.iris.source(source.id)))
                continue
            excerpts.append(excerpt)
            self._add_excerpt(excerpt)
            nodes.append(ox.NamedNode(self.iris.excerpt(source.id, excerpt.start, excerpt.end)))
        return nodes, excerpts

    def _add_excerpt(self, excerpt: Excerpt) -> None:
        key = (excerpt.source_id, excerpt.start, excerpt.end)
        if key in self._excerpts_written:
            return
        self._excerpts_written.add(key)
        graph = self.graph("provenance")
        node = ox.NamedNode(self.iris.excerpt(excerpt.source_id, excerpt.start, excerpt.end))
        position = ox.NamedNode(f"{node.value}/position")
        quote = ox.NamedNode(f"{node.value}/quote")
        self.add(node, _TYPE, _EXCERPT, graph)
        self.add(node, _TYPE, _SPECIFIC_RESOURCE, graph)
        self.add(
            node,
            _HAS_SOURCE,
            ox.NamedNode(self.iris.source(excerpt.source_id)),
            graph,
        )
        self.add(node, _HAS_SELECTOR, position, graph)
        self.add(node, _HAS_SELECTOR, quote, graph)
        self.add(position, _TYPE, _POSITION_SELECTOR, graph)
        self.add(position, _START, ox.Literal(str(excerpt.start), datatype=_NON_NEGATIVE), graph)
        self.add(position, _END, ox.Literal(str(excerpt.end), datatype=_NON_NEGATIVE), graph)
        self.add(quote, _TYPE, _QUOTE_SELECTOR, graph)
        self.add(quote, _EXACT, ox.Literal(excerpt.exact), graph)

    # -- values -------------------------------------------------------------------
    def _property_values(
        self, fact: Fact, excerpts: list[Excerpt]
    ) -> Iterable[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]:
        for key, values in fact.properties.items():
            predicate, convert = self._property(key, fact=fact, line=values[0].line)
            for value in values:
                yield predicate, convert(value, fact, excerpts)

    def _property(
        self, key: str, *, fact: Fact, line: int | None
    ) -> tuple[ox.NamedNode, Callable[[Value, Fact, list[Excerpt]], ox.NamedNode | ox.Literal]]:
        curie = _CURIE.match(key)
        if curie is not None:
            prefix, local = curie.groups()
            if prefix not in PREFIXES:
                raise RecordError(
                    f"unknown prefix {prefix!r} in {key!r}",
                    path=fact.path,
                    line=line,
                    subject=fact.label,
                    hint=f"known prefixes: {', '.join(sorted(PREFIXES))}",
                )
            iri = PREFIXES[prefix] + local
            if prefix != "civ":
                return ox.NamedNode(iri), self._open_value(iri)
            key = local
        if key in self.ontology.object_properties:
            return civ[key], self._object_value
        if key in self.ontology.datatype_ranges:
            return civ[key], self._literal_value(self.ontology.datatype_ranges[key])
        known = sorted(self.ontology.object_properties | set(self.ontology.datatype_ranges))
        raise RecordError(
            f"unknown property {key!r}",
            path=fact.path,
            line=line,
            subject=fact.label,
            hint=self._suggest(key, known, what="properties"),
        )

    def _object_value(self, value: Value, fact: Fact, excerpts: list[Excerpt]) -> ox.NamedNode:
        raw = value.raw
        if not isinstance(raw, str):
            raise RecordError(
                f"expected an entity id or civ: term, got {raw!r}",
                path=fact.path,
                line=value.line,
                subject=fact.label,
                hint="write kind/slug or civ:Term",
            )
        return self._reference(raw, fact=fact, line=value.line)

    def _reference(self, raw: str, *, fact: Fact, line: int | None) -> ox.NamedNode:
        if raw.startswith("civ:"):
            local = raw[4:]
            if local not in self.ontology.individuals and local not in self.ontology.classes:
                raise RecordError(
                    f"unknown ontology term {raw!r}",
                    path=fact.path,
                    line=line,
                    subject=fact.label,
                    hint=self._suggest(local, sorted(self.ontology.individuals), what="terms"),
                )
            return civ[local]
        self.step += 1
        if not ID_PATTERN.match(raw):
            raise _UnknownReferenceError(raw, fact, line)
        if raw not in self.nodes:
            # A fact node of a later records file, or nothing: known when all are read.
            self.forward.append((self.step, _UnknownReferenceError(raw, fact, line)))
        return ox.NamedNode(self.iris.entity(raw))

    def unknown_reference(self, error: _UnknownReferenceError) -> RecordError:
        """The error for a reference that no entity or fact node defines."""
        return RecordError(
            f"unknown entity {error.raw!r}",
            path=error.fact.path,
            line=error.line,
            subject=error.fact.label,
            hint=self._suggest(error.raw, sorted(self.nodes.ids()), what="entities"),
        )

    def _literal_value(self, datatype: str) -> Callable[[Value, Fact, list[Excerpt]], ox.Literal]:
        def convert(value: Value, fact: Fact, excerpts: list[Excerpt]) -> ox.Literal:
            raw = value.raw
            if datatype == rdf.langString.value:
                return self._lang_literal(value, fact, excerpts)
            if isinstance(raw, dict | list) or raw is None:
                raise RecordError(
                    f"expected a single {_short(datatype)} value, got {raw!r}",
                    path=fact.path,
                    line=value.line,
                    subject=fact.label,
                    hint="write a plain value",
                )
            text = str(raw)
            if datatype == xsd.date.value:
                self._check_date(text, path=fact.path, line=value.line, subject=fact.label)
            elif datatype == xsd.gYear.value and not _GYEAR.match(text):
                raise RecordError(
                    f"invalid year {text!r}",
                    path=fact.path,
                    line=value.line,
                    subject=fact.label,
                    hint="write a four-digit year, e.g. 2024",
                )
            if datatype == rdfs.Literal.value:
                return ox.Literal(text)
            return ox.Literal(text, datatype=ox.NamedNode(datatype))

        return convert

    def _lang_literal(self, value: Value, fact: Fact, excerpts: list[Excerpt]) -> ox.Literal:
        raw = value.raw
        if raw == EVIDENCE_TOKEN:
            if not excerpts:
                raise RecordError(
                    f"{EVIDENCE_TOKEN} needs a quoted excerpt",
                    path=fact.path,
                    line=value.line,
                    subject=fact.label,
                    hint="give the fact an evidence quote from a held source",
                )
            first = excerpts[0]
            return ox.Literal(first.exact, language=self.sources[first.source_id].language)
        if isinstance(raw, dict) and len(raw) == 1:
            ((lang, text),) = raw.items()
            if isinstance(lang, str) and isinstance(text, str) and text:
                return ox.Literal(text, language=lang)
        raise RecordError(
            f"expected one language-tagged text, got {raw!r}",
            path=fact.path,
            line=value.line,
            subject=fact.label,
            hint='write {kk: "…"} (a label without a language is not accepted)',
        )

    def _open_value(
        self, iri: str
    ) -> Callable[[Value, Fact, list[Excerpt]], ox.NamedNode | ox.Literal]:
        """Values of properties outside ``civ:``: labels need a language, ids become IRIs."""

        def convert(value: Value, fact: Fact, excerpts: list[Excerpt]) -> ox.NamedNode | ox.Literal:
            raw = value.raw
            if iri in _LABEL_PROPERTIES or isinstance(raw, dict):
                return self._lang_literal(value, fact, excerpts)
            if isinstance(raw, str) and (ID_PATTERN.match(raw) or raw.startswith("civ:")):
                return self._reference(raw, fact=fact, line=value.line)
            if isinstance(raw, str | int | float | bool):
                return ox.Literal(str(raw))
            raise RecordError(
                f"unsupported value {raw!r}",
                path=fact.path,
                line=value.line,
                subject=fact.label,
                hint="write an id, a CURIE term, a text or {lang: text}",
            )

        return convert

    # -- checks -------------------------------------------------------------------
    def _check_class(self, name: str, *, path: Path | None, line: int | None, subject: str) -> None:
        if name not in self.ontology.classes:
            raise RecordError(
                f"unknown type {name!r}",
                path=path,
                line=line,
                subject=subject,
                hint=self._suggest(name, sorted(self.ontology.classes), what="classes"),
            )

    @staticmethod
    def _check_date(text: str, *, path: Path | None, line: int | None, subject: str) -> None:
        try:
            date.fromisoformat(text)
        except ValueError as error:
            raise RecordError(
                f"invalid date {text!r}",
                path=path,
                line=line,
                subject=subject,
                hint="write an ISO date YYYY-MM-DD, or leave the date out when the source does not give it",
            ) from error
        if len(text) != 10:
            raise RecordError(
                f"invalid date {text!r}",
                path=path,
                line=line,
                subject=subject,
                hint="write YYYY-MM-DD",
            )

    @staticmethod
    def _suggest(name: str, known: Iterable[str], *, what: str = "ids") -> str:
        close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
        if close:
            return "did you mean " + " or ".join(repr(c) for c in close) + "?"
        return f"check the spelling against the known {what}"


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _build(
    corpus: CorpusInput,
    ontology: Ontology,
    *,
    iris: Iris,
    out: SnapshotWriter,
    extra_quads: Callable[..., Iterable[ox.Quad]] | None,
) -> Dataset:
    """Read ``corpus`` once, writing its statements to ``out``; raise on the first problem.

    The problem reported is the one a build that read everything before checking anything
    would report first: records files' syntax, then sources' metadata, entity types,
    duplicate fact node ids, and each fact in turn. So while facts are written as they are
    read, a problem found midway is held while the rest is read for the ones that come
    before it, and a reference to an id not defined yet waits until every id is known.
    """
    builder = _Builder(corpus, ontology, iris=iris, out=out)
    builder.add_ontology()
    for source in corpus.sources():
        builder.add_source(source)
    builder.entities.update(corpus.entities())
    for entity in builder.entities.values():
        builder.add_entity(entity)
    metadata_error = _check_metadata(builder)
    entity_count = len(builder.entities)
    for entity in builder.entities.values():
        builder.nodes.add_entity(entity)
    builder.entities = {}
    failure = _add_records(builder, corpus, read_only=metadata_error is not None)
    if metadata_error is not None:
        raise metadata_error
    if failure is not None:
        raise failure
    if extra_quads is not None:
        builder.add_quads(extra_quads(corpus.data_dir, iris=iris))

    def describe(counts: Mapping[str, int]) -> dict[str, list[bytes]]:
        metadata = describe_dataset(counts, iris=iris, source_ids=builder.sources)
        return {
            iris.graph(METADATA_GRAPH): [
                statement(q.subject, q.predicate, q.object) for q in metadata
            ]
        }

    snapshot = out.finish(describe)
    return Dataset(
        snapshot=snapshot,
        iris=iris,
        graph_counts={block.name: block.triples for block in snapshot.graphs},
        entity_count=entity_count,
        fact_count=builder.fact_count,
        excerpt_count=out.counted,
        source_count=len(builder.sources),
        nodes=builder.nodes.compact(),
    )


def _check_metadata(builder: _Builder) -> CivicGraphError | None:
    """The first problem of the sources' metadata and the entities' types, if any."""
    try:
        for source in sorted(builder.sources.values(), key=lambda s: s.id):
            builder.check_source(source)
        for entity in sorted(builder.entities.values(), key=lambda e: e.id):
            builder.check_entity(entity)
    except CivicGraphError as error:
        return error
    return None


def _add_records(
    builder: _Builder, corpus: CorpusInput, *, read_only: bool
) -> CivicGraphError | None:
    """Write every fact; return the problem to report, if any. A syntax error raises at
    once: it comes before every other. With ``read_only`` the files are only read."""
    duplicate: RecordError | None = None
    fact_error: tuple[int, CivicGraphError | _UnknownReferenceError] | None = None
    for _, facts in corpus.record_files(builder.sources):
        if read_only or duplicate is not None:
            continue  # only a syntax error of a later file comes before this one
        for fact in facts:
            try:
                builder.index_fact_node(fact)
            except RecordError as error:
                duplicate = error
                break
            if fact_error is None:
                try:
                    builder.add_fact(fact)
                except (CivicGraphError, _UnknownReferenceError) as error:
                    fact_error = (builder.step, error)
        builder.end_records_file()
    if duplicate is not None:
        return duplicate
    # A forward reference left unresolved comes before an error raised at its step or later.
    found = [*builder.forward, *([fact_error] if fact_error is not None else [])]
    if not found:
        return None
    first = min(found, key=lambda step_error: step_error[0])[1]
    if isinstance(first, _UnknownReferenceError):
        return builder.unknown_reference(first)
    return first


EXCERPT_TYPE = f" {_TYPE} {_EXCERPT}".encode()
"""How the statement typing an excerpt ends: the build counts excerpts by it."""


def build_dataset(
    data_dir: Path,
    ontology_path: Path,
    *,
    iris: Iris,
    extra_quads: Callable[..., Iterable[ox.Quad]] | None = None,
) -> Dataset:
    """Read ``data/`` and the ontology and return the dataset in memory; raise on the
    first problem. (``build_snapshot`` writes a dataset of any size to files.)"""
    return _build(
        CorpusFiles(data_dir),
        load_ontology(ontology_path),
        iris=iris,
        out=SnapshotWriter(None, count_suffix=EXCERPT_TYPE),
        extra_quads=extra_quads,
    )


def build_snapshot(
    data_dir: Path,
    ontology_path: Path,
    folder: Path,
    *,
    iris: Iris,
    extra_quads: Callable[..., Iterable[ox.Quad]] | None = None,
    buffer_bytes: int | None = None,
) -> Dataset:
    """Read ``data/`` one document at a time and write the dataset's snapshot into
    ``folder`` (sorted runs in ``folder/.runs`` while it is written): memory holds the
    authority file, the ids, one document and ``buffer_bytes`` of statements
    (civicgraph.snapshot_writer's ``DEFAULT_BUFFER``)."""
    return _build(
        CorpusFiles(data_dir),
        load_ontology(ontology_path),
        iris=iris,
        out=SnapshotWriter(folder, buffer_bytes=buffer_bytes, count_suffix=EXCERPT_TYPE),
        extra_quads=extra_quads,
    )


def build_from_corpus(
    corpus: Corpus,
    ontology: Ontology,
    *,
    iris: Iris,
    extra_quads: Callable[..., Iterable[ox.Quad]] | None = None,
) -> Dataset:
    """Build from an already-read corpus (the benchmark's generator uses this directly)."""
    return _build(
        _InMemoryCorpus(corpus),
        ontology,
        iris=iris,
        out=SnapshotWriter(None, count_suffix=EXCERPT_TYPE),
        extra_quads=extra_quads,
    )


__all__ = [
    "UNKNOWN",
    "CorpusFiles",
    "Dataset",
    "Entity",
    "NodeIndex",
    "NodePlaces",
    "build_dataset",
    "build_from_corpus",
    "build_snapshot",
]
