"""Pin what ontology/shapes.ttl accepts and refuses, one broken fixture per node shape.

Each ``tests/fixtures/shapes/<Shape>.ttl`` is added to ``valid.ttl`` and must break that
node shape and only it; its ``# path:`` header names the result path (``none`` for a
node-level constraint such as ``sh:xone``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from civicgraph.namespaces import CIVSH, PREFIXES, RDF

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SH = "http://www.w3.org/ns/shacl#"
BROKEN = sorted(p for p in FIXTURES.glob("*.ttl") if p.name != "valid.ttl")


@cache
def load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def validate(data: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=load(SHAPES),
        ont_graph=load(ONTOLOGY),
        inference="none",
        allow_infos=True,
    )
    return bool(conforms), report


def owning_node_shape(shapes: Graph, shape: Node) -> Node:
    """The named node shape a (possibly blank, nested or listed) source shape belongs to."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(shapes.subjects(None, shape), None)
        if parent is None:
            break
        shape = parent
    return shape


def expected_path(fixture: Path) -> URIRef | None:
    for line in fixture.read_text(encoding="utf-8").splitlines():
        if line.startswith("# path:"):
            curie = line.removeprefix("# path:").strip()
            if curie == "none":
                return None
            prefix, local = curie.split(":", 1)
            return URIRef(PREFIXES[prefix] + local)
    raise AssertionError(f"{fixture.name} has no '# path:' header")


def test_valid_fixture_conforms() -> None:
    """The valid fixture, with the ontology's vocabularies, conforms to every shape."""
    conforms, report = validate(load(FIXTURES / "valid.ttl"))
    assert conforms, report.serialize(format="turtle")


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_violates_its_shape_only(fixture: Path) -> None:
    """Each broken fixture fails its own node shape, at the expected path, and no other."""
    data = Graph()
    data.parse(FIXTURES / "valid.ttl", format="turtle")
    data.parse(fixture, format="turtle")
    conforms, report = validate(data)
    assert not conforms

    shapes = load(SHAPES)
    sh = URIRef(SH + "sourceShape")
    path = URIRef(SH + "resultPath")
    results = list(report.subjects(RDF.type, URIRef(SH + "ValidationResult")))
    owners = {owning_node_shape(shapes, report.value(r, sh)) for r in results}
    assert owners == {CIVSH[fixture.stem]}, owners
    paths = {report.value(r, path) for r in results}
    assert expected_path(fixture) in paths, paths


def test_every_node_shape_has_a_broken_fixture() -> None:
    """Adding a node shape without a broken fixture fails the suite."""
    shapes = load(SHAPES)
    node_shapes = {
        s for s in shapes.subjects(RDF.type, URIRef(SH + "NodeShape")) if isinstance(s, URIRef)
    }
    assert node_shapes == {CIVSH[p.stem] for p in BROKEN}


def test_every_shape_explains_itself() -> None:
    """Every node shape has an rdfs:label and every property shape an sh:message."""
    shapes = load(SHAPES)
    label = URIRef(PREFIXES["rdfs"] + "label")
    for node_shape in shapes.subjects(RDF.type, URIRef(SH + "NodeShape")):
        assert shapes.value(node_shape, label) is not None, node_shape
    for prop in shapes.objects(None, URIRef(SH + "property")):
        assert shapes.value(prop, URIRef(SH + "message")) is not None, prop


@pytest.mark.parametrize(
    "publisher",
    [
        'id:source\\/council-meeting\\/publisher foaf:name "Second name" .',
        "id:source\\/council-meeting dct:publisher id:source\\/other\\/publisher .",
    ],
    ids=["two-names", "two-publishers"],
)
def test_a_publisher_known_by_name_has_one_name(publisher: str) -> None:
    """A source's publisher named by the page (no entity) is one agent with one foaf:name."""
    data = Graph()
    data.parse(FIXTURES / "valid.ttl", format="turtle")
    data.parse(
        data=f"""@prefix id: <https://w3id.org/civicgraph/id/> .
                 @prefix dct: <http://purl.org/dc/terms/> .
                 @prefix foaf: <http://xmlns.com/foaf/0.1/> .
                 {publisher}""",
        format="turtle",
    )
    conforms, report = validate(data)
    assert not conforms
    results = list(report.subjects(RDF.type, URIRef(SH + "ValidationResult")))
    paths = {report.value(r, URIRef(SH + "resultPath")) for r in results}
    assert URIRef(PREFIXES["dct"] + "publisher") in paths, paths
