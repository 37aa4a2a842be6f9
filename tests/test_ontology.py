"""Pin that ontology/civic.ttl is complete, in step with ``civicgraph.namespaces.CIV``,
readable by both RDF libraries, and that ontology/shapes.ttl is a valid shapes graph."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from civicgraph.namespaces import (
    CIV,
    DCTERMS,
    FOAF,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    VANN,
    XSD,
)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CIV_NS = str(CIV)


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def defined_terms() -> set[URIRef]:
    """civ: IRIs that civic.ttl gives a type to."""
    return {
        s
        for s in ontology().subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(CIV_NS)
    }


def code_terms() -> set[URIRef]:
    return {CIV[name] for name in CIV.__annotations__}


def properties() -> set[URIRef]:
    g = ontology()
    return {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in g.subjects(RDF.type, kind)
        if isinstance(p, URIRef)
    }


def test_every_code_term_is_defined_in_the_ontology() -> None:
    """Every attribute of the closed CIV namespace is a term of civic.ttl."""
    assert code_terms() - defined_terms() == set()


def test_every_ontology_term_is_in_the_code() -> None:
    """Every civ: term civic.ttl defines is an attribute of CIV."""
    assert defined_terms() - code_terms() == set()


def test_closed_namespace_refuses_unknown_terms() -> None:
    """A misspelt term fails at once instead of minting a new IRI."""
    with pytest.raises(AttributeError):
        _ = CIV.Persn


@pytest.mark.parametrize("term", sorted(defined_terms()), ids=lambda t: t[len(CIV_NS) :])
def test_term_is_labelled_commented_and_defined_by(term: URIRef) -> None:
    """Every term has en, kk and ru labels, an English comment and rdfs:isDefinedBy."""
    g = ontology()
    labels = {o.language for o in g.objects(term, RDFS.label) if isinstance(o, Literal)}
    assert {"en", "kk", "ru"} <= labels
    comments = {o.language for o in g.objects(term, RDFS.comment) if isinstance(o, Literal)}
    assert "en" in comments
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in g


@pytest.mark.parametrize("prop", sorted(properties()), ids=lambda t: t[len(CIV_NS) :])
def test_property_has_domain_and_range(prop: URIRef) -> None:
    """Every property has a domain and a range; a union domain lists its classes."""
    g = ontology()
    for relation in (RDFS.domain, RDFS.range):
        value = g.value(prop, relation)
        assert value is not None, relation
        if isinstance(value, BNode):
            members = list(g.items(g.value(value, OWL.unionOf)))
            assert len(members) >= 2


def test_ontology_header_carries_its_version() -> None:
    """The ontology declares version 0.3.0, its version IRI and the version before it."""
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.3.0")
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.3.0")
    assert g.value(ONTOLOGY_IRI, OWL.priorVersion) == URIRef(f"{ONTOLOGY_IRI}/0.2.1")
    assert (ONTOLOGY_IRI, DCTERMS.hasVersion, None) not in g


def test_ontology_header_says_who_when_and_which_prefix() -> None:
    """Creator, creation and modification dates, and the VANN preferred prefix and namespace."""
    g = ontology()
    creator = g.value(ONTOLOGY_IRI, DCTERMS.creator)
    assert creator is not None
    assert g.value(creator, FOAF.name) is not None
    for date in (DCTERMS.created, DCTERMS.modified):
        value = g.value(ONTOLOGY_IRI, date)
        assert isinstance(value, Literal), date
        assert value.datatype == XSD.date, date
    assert str(g.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "civ"
    assert str(g.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == CIV_NS
    assert PREFIXES["civ"] == CIV_NS


def test_skos_mappings_only_relate_concepts() -> None:
    """SKOS mapping properties relate skos:Concepts (SKOS Reference §10), never OWL classes
    or properties: those are aligned with RDFS axioms or rdfs:seeAlso."""
    g = ontology()
    schema_terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, kind)
    }
    for mapping in (SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch):
        for subject, _, obj in g.triples((None, mapping, None)):
            assert subject not in schema_terms, (subject, mapping, obj)


def test_operates_under_is_a_link_not_containment() -> None:
    """civ:operatesUnder specialises org:linkedTo, not org:subOrganizationOf (ORG's containment)."""
    g = ontology()
    assert set(g.objects(CIV.operatesUnder, RDFS.subPropertyOf)) == {ORG.linkedTo}


def test_ontology_parses_with_rdflib_and_oxigraph_alike() -> None:
    """civic.ttl parses with rdflib and pyoxigraph to the same number of triples."""
    quads = list(ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(ontology()) > 0


def test_shapes_pass_meta_validation() -> None:
    """shapes.ttl is a well-formed SHACL shapes graph (SHACL-SHACL meta-validation)."""
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, ont_graph=ontology(), meta_shacl=True, inference="none"
    )
    assert conforms, text


def test_shapes_use_shacl_core_only() -> None:
    """No SHACL-SPARQL constraints or targets: the shapes run on any Core validator."""
    text = SHAPES.read_text(encoding="utf-8")
    for keyword in ("sh:sparql", "sh:select", "sh:ask", "sh:SPARQL"):
        assert keyword not in text
