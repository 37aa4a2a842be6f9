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
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import RecordError
from civicgraph.evidence import locate_evidence
from civicgraph.iris import Iris
from civicgraph.languages import language_iri
from civicgraph.metadata import METADATA_GRAPH, describe_dataset
from civicgraph.model import UNKNOWN, Corpus, Entity, Excerpt, Fact, Source, Value
from civicgraph.namespaces import PREFIXES
from civicgraph.ontology import Ontology, load_ontology
from civicgraph.records import ID_PATTERN, load_corpus
from civicgraph.snapshot import Snapshot, statement
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

    @functools.cached_property
    def quads(self) -> list[ox.Quad]:
        """The quads as Oxigraph terms (parsed from the snapshot: for small datasets)."""
        return list(ox.parse(self.snapshot.nquads, format=ox.RdfFormat.N_QUADS))


class _Builder:
    def __init__(self, corpus: Corpus, ontology: Ontology, *, iris: Iris) -> None:
        self.corpus = corpus
        self.ontology = ontology
        self.iris = iris
        # Each graph's statements as N-Triples lines without the full stop.
        self.lines: defaultdict[str, list[bytes]] = defaultdict(list)
        self.excerpts: dict[tuple[str, int, int], Excerpt] = {}
        self.node_ids: dict[str, Fact] = {}
        self.fact_count = 0

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
        self.lines[g].append(statement(s, p, o))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        for quad in quads:
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                raise RecordError(f"a generated statement is outside a named graph: {quad}")
            self.lines[graph.value].append(statement(quad.subject, quad.predicate, quad.object))

    # -- ontology -----------------------------------------------------------------
    def add_ontology(self) -> None:
        self.lines[self.graph("ontology")].extend(
            statement(t.subject, t.predicate, t.object) for t in self.ontology.triples
        )

    # -- sources ------------------------------------------------------------------
    def add_sources(self) -> None:
        graph = self.graph("provenance")
        for source in sorted(self.corpus.sources.values(), key=lambda s: s.id):
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
                self.add(
                    node, schema.text, ox.Literal(source.text, language=source.language), graph
                )
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
            self._check_date(source.date, path=source.metadata_path, line=None, subject=source.id)
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
            if source.publisher not in self.corpus.entities:
                raise RecordError(
                    f"unknown publisher {source.publisher!r}",
                    path=source.metadata_path,
                    subject=source.id,
                    hint=self._suggest(source.publisher, self.corpus.entities),
                )
            self.add(
                node,
                civ.publisherEntity,
                ox.NamedNode(self.iris.entity(source.publisher)),
                graph,
            )

    # -- entities -----------------------------------------------------------------
    def add_entities(self) -> None:
        graph = self.graph("entities")
        for entity in sorted(self.corpus.entities.values(), key=lambda e: e.id):
            self._check_class(entity.type, path=entity.path, line=entity.line, subject=entity.id)
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

    # -- facts --------------------------------------------------------------------
    def index_fact_nodes(self) -> None:
        for fact in self.corpus.facts:
            if fact.id is None:
                continue
            earlier = self.node_ids.get(fact.id)
            if earlier is not None or fact.id in self.corpus.entities:
                where = (
                    f"{earlier.path}:{earlier.line}"
                    if earlier is not None
                    else f"the authority file ({self.corpus.entities[fact.id].path})"
                )
                raise RecordError(
                    f"duplicate id (first defined in {where})",
                    path=fact.path,
                    line=fact.line,
                    subject=fact.id,
                    hint="give each fact node its own id",
                )
            self.node_ids[fact.id] = fact

    def add_facts(self) -> None:
        for fact in self.corpus.facts:
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
            source = self.corpus.sources.get(evidence.source_id)
            if source is None:
                raise RecordError(
                    f"evidence cites unknown source {evidence.source_id!r}",
                    path=fact.path,
                    line=evidence.line,
                    subject=fact.label,
                    hint=self._suggest(evidence.source_id, self.corpus.sources),
                )
            excerpt = locate_evidence(evidence, source, fact=fact)
            if excerpt is None:
                nodes.append(ox.NamedNode(self.iris.source(source.id)))
                continue
            excerpts.append(excerpt)
            self.excerpts[(excerpt.source_id, excerpt.start, excerpt.end)] = excerpt
            nodes.append(ox.NamedNode(self.iris.excerpt(source.id, excerpt.start, excerpt.end)))
        return nodes, excerpts

    def add_excerpts(self) -> None:
        graph = self.graph("provenance")
        for key in sorted(self.excerpts):
            excerpt = self.excerpts[key]
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
            non_negative = _NON_NEGATIVE
            self.add(
                position,
                _START,
                ox.Literal(str(excerpt.start), datatype=non_negative),
                graph,
            )
            self.add(position, _END, ox.Literal(str(excerpt.end), datatype=non_negative), graph)
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
        if ID_PATTERN.match(raw) and (raw in self.corpus.entities or raw in self.node_ids):
            return ox.NamedNode(self.iris.entity(raw))
        known = sorted(set(self.corpus.entities) | set(self.node_ids))
        raise RecordError(
            f"unknown entity {raw!r}",
            path=fact.path,
            line=line,
            subject=fact.label,
            hint=self._suggest(raw, known, what="entities"),
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
            return ox.Literal(first.exact, language=self.corpus.sources[first.source_id].language)
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


def locate_node(corpus: Corpus, iris: Iris, iri: str) -> str | None:
    """``file:line`` of the entity or fact record that mints ``iri``, for reports."""
    node_id = iris.id_of(iri)
    if node_id is None:
        return None
    entity = corpus.entities.get(node_id)
    if entity is not None:
        return f"{entity.path}:{entity.line}"
    for fact in corpus.facts:
        if fact.id == node_id:
            return f"{fact.path}:{fact.line}"
    return None


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def build_dataset(
    data_dir: Path,
    ontology_path: Path,
    *,
    iris: Iris,
    extra_quads: Callable[..., Iterable[ox.Quad]] | None = None,
) -> Dataset:
    """Read ``data/`` and the ontology and return the dataset; raise on the first problem."""
    corpus = load_corpus(data_dir)
    ontology = load_ontology(ontology_path)
    return build_from_corpus(corpus, ontology, iris=iris, extra_quads=extra_quads)


def build_from_corpus(
    corpus: Corpus,
    ontology: Ontology,
    *,
    iris: Iris,
    extra_quads: Callable[..., Iterable[ox.Quad]] | None = None,
) -> Dataset:
    """Build from an already-read corpus (the benchmark's generator uses this directly)."""
    builder = _Builder(corpus, ontology, iris=iris)
    builder.add_ontology()
    builder.add_sources()
    builder.add_entities()
    builder.index_fact_nodes()
    builder.add_facts()
    builder.add_excerpts()
    if extra_quads is not None:
        builder.add_quads(extra_quads(corpus.data_dir, iris=iris))
    counts = {graph: len(lines) for graph, lines in builder.lines.items()}
    metadata = describe_dataset(counts, iris=iris, source_ids=corpus.sources)
    builder.add_quads(metadata)
    counts[iris.graph(METADATA_GRAPH)] = len(metadata)
    snapshot = Snapshot.from_statements(builder.lines)
    builder.lines.clear()
    return Dataset(
        snapshot=snapshot,
        iris=iris,
        graph_counts=counts,
        entity_count=len(corpus.entities),
        fact_count=builder.fact_count,
        excerpt_count=len(builder.excerpts),
        source_count=len(corpus.sources),
    )


__all__ = ["UNKNOWN", "Dataset", "Entity", "build_dataset", "build_from_corpus"]
