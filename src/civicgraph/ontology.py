"""Read the ontology and shapes from ``ontology/`` and answer what the build needs to know.

The build is driven by the ontology: whether a property takes an entity or a literal,
and which datatype a literal has, comes from ``owl:ObjectProperty`` /
``owl:DatatypeProperty`` and ``rdfs:range`` in ``civic.ttl`` — one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import OntologyError
from civicgraph.terms import civ, owl, rdf, rdfs


@dataclass(frozen=True)
class Ontology:
    """What the build needs from ``civic.ttl``, plus its triples for the ontology graph."""

    triples: tuple[ox.Triple, ...]
    classes: frozenset[str]
    """Local names of ``civ:`` classes."""
    object_properties: frozenset[str]
    datatype_ranges: dict[str, str]
    """Local name of a ``civ:`` datatype property → IRI of its ``rdfs:range``."""
    individuals: frozenset[str]
    """Local names of other ``civ:`` terms (controlled-vocabulary concepts, schemes)."""
    path: Path


def parse_turtle(path: Path) -> list[ox.Triple]:
    """Parse a Turtle file with Oxigraph; syntax errors name the file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise OntologyError(
            "file not found", path=path, hint="run from the project folder or pass --ontology"
        ) from error
    try:
        triples = [
            q.triple
            for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        ]
    except SyntaxError as error:
        line = getattr(error, "lineno", None)
        raise OntologyError(
            f"Turtle syntax error: {error.msg if hasattr(error, 'msg') else error}",
            path=path,
            line=line,
            hint="fix the Turtle on that line",
        ) from error
    return _stable_blank_nodes(triples, prefix=path.stem)


def _stable_blank_nodes(triples: list[ox.Triple], *, prefix: str) -> list[ox.Triple]:
    """Relabel blank nodes by order of first appearance.

    Parsers give blank nodes fresh random labels, so the same file would export differently
    each build; the file's own order is stable, so labels derived from it are too.
    """
    labels: dict[ox.BlankNode, ox.BlankNode] = {}

    def stable(
        term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.BlankNode):
            if term not in labels:
                labels[term] = ox.BlankNode(f"{prefix}{len(labels) + 1}")
            return labels[term]
        assert not isinstance(
            term, ox.Triple
        )  # RDF 1.2 triple terms are not used in Turtle 1.1 files
        return term

    return [
        ox.Triple(stable(t.subject), t.predicate, stable(t.object))  # type: ignore[arg-type]
        for t in triples
    ]


def _local(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str | None:
    if isinstance(node, ox.NamedNode) and node in civ:
        return node.value[len(civ.iri) :]
    return None


def load_ontology(path: Path) -> Ontology:
    """Read ``civic.ttl`` and index its ``civ:`` classes, properties and individuals."""
    triples = parse_turtle(path)
    classes: set[str] = set()
    object_properties: set[str] = set()
    datatype_properties: set[str] = set()
    ranges: dict[str, str] = {}
    declared: set[str] = set()
    for triple in triples:
        subject = _local(triple.subject)
        if subject is None:
            continue
        declared.add(subject)
        if triple.predicate == rdf.type:
            if triple.object == owl.Class:
                classes.add(subject)
            elif triple.object == owl.ObjectProperty:
                object_properties.add(subject)
            elif triple.object == owl.DatatypeProperty:
                datatype_properties.add(subject)
        elif triple.predicate == rdfs.range and isinstance(triple.object, ox.NamedNode):
            ranges[subject] = triple.object.value
    return Ontology(
        triples=tuple(triples),
        classes=frozenset(classes),
        object_properties=frozenset(object_properties),
        datatype_ranges={p: ranges.get(p, rdfs.Literal.value) for p in datatype_properties},
        individuals=frozenset(declared - classes - object_properties - datatype_properties),
        path=path,
    )
