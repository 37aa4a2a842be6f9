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


def results_of(extra: str) -> set[tuple[Node, Node | None, str]]:
    """(node shape, result path, message) of every result once ``extra`` joins valid.ttl."""
    data = Graph()
    data.parse(FIXTURES / "valid.ttl", format="turtle")
    prefixes = "".join(f"@prefix {p}: <{n}> .\n" for p, n in PREFIXES.items())
    data.parse(
        data=prefixes + "@prefix id: <https://w3id.org/civicgraph/id/> .\n" + extra,
        format="turtle",
    )
    conforms, report = validate(data)
    assert not conforms
    shapes = load(SHAPES)
    # the report's own results, not the sh:detail results nested in them
    results = report.objects(None, URIRef(SH + "result"))
    return {
        (
            owning_node_shape(shapes, report.value(r, URIRef(SH + "sourceShape"))),
            report.value(r, URIRef(SH + "resultPath")),
            str(report.value(r, URIRef(SH + "resultMessage"))),
        )
        for r in results
    }


@pytest.mark.parametrize("status", ["EventScheduled", "EventPostponed", "EventCancelled"])
def test_nobody_takes_part_in_an_event_not_held(status: str) -> None:
    """A participation in an event a source reports only scheduled, postponed or cancelled
    is refused at its civ:event; the same event reported held as well takes participants."""
    extra = f"""id:event\\/summit a civ:Event ; rdfs:label "Summit"@en ; civ:eventStatus civ:{status} .
        id:participation\\/early a civ:Participation ;
            civ:participant id:person\\/maulen-ashimbayev ; civ:event id:event\\/summit ;
            prov:wasDerivedFrom id:excerpt\\/council-meeting\\/0-10 ."""
    [(owner, path, message)] = results_of(extra)
    assert (owner, path) == (CIVSH.ParticipationShape, URIRef(PREFIXES["civ"] + "event"))
    assert message.startswith("Nobody takes part in an event that is only scheduled")
    held = Graph().parse(FIXTURES / "valid.ttl", format="turtle")
    prefixes = "".join(f"@prefix {p}: <{n}> .\n" for p, n in PREFIXES.items())
    held.parse(
        data=prefixes
        + "@prefix id: <https://w3id.org/civicgraph/id/> .\n"
        + extra
        + "\nid:event\\/summit civ:eventStatus civ:EventHeld .",
        format="turtle",
    )
    assert validate(held)[0]


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        (
            "civ:holdingStatus civ:StatusEnded ; civ:knownOn '2025-04-03'^^xsd:date",
            None,
            "A PostHolding with civ:knownOn is current on that day",
        ),
        (
            "civ:holdingStatus civ:StatusCurrent ; civ:startDate '2025-05-01'^^xsd:date ;"
            " civ:knownOn '2025-04-03'^^xsd:date",
            "startDate",
            "civ:startDate must not be after civ:knownOn",
        ),
        (
            "civ:holdingStatus civ:StatusCurrent ;"
            " civ:knownOn '2025-04-03'^^xsd:date , '2025-04-04'^^xsd:date",
            "knownOn",
            "civ:knownOn must be at most one xsd:date.",
        ),
    ],
    ids=["ended", "started-later", "two-days"],
)
def test_a_holding_known_on_a_day_is_current_then(
    extra: str, path: str | None, message: str
) -> None:
    """civ:knownOn: one date, not before the start, and only on a current holding."""
    [(owner, result_path, result_message)] = results_of(
        f"""id:holding\\/known a civ:PostHolding ; civ:holder id:person\\/maulen-ashimbayev ;
            civ:post id:post\\/senate-chair ; {extra} ;
            prov:wasDerivedFrom id:excerpt\\/council-meeting\\/0-10 ."""
    )
    assert owner == CIVSH.PostHoldingShape
    assert result_path == (URIRef(PREFIXES["civ"] + path) if path else None)
    assert result_message.startswith(message)


def test_an_event_status_is_an_event_status() -> None:
    """A holding's status given as an event's is refused at civ:eventStatus."""
    [(owner, path, message)] = results_of(
        "id:event\\/forum-2026 civ:eventStatus civ:StatusCurrent ."
    )
    assert (owner, path) == (CIVSH.EventShape, URIRef(PREFIXES["civ"] + "eventStatus"))
    assert message.startswith("civ:eventStatus must be an EventStatus")


@pytest.mark.parametrize(
    ("hidden", "conforms"),
    [('"Head of State"@en', True), ('"Head of State"', False), ('"Head of State"@de', False)],
    ids=["tagged", "untagged", "other-language"],
)
def test_a_hidden_label_is_accepted_when_tagged_with_a_label_language(
    hidden: str, conforms: bool
) -> None:
    """skos:hiddenLabel (a form a matcher recognises) is tagged kk, en, ru or kk-Latn, as a label."""
    data = Graph()
    data.parse(FIXTURES / "valid.ttl", format="turtle")
    data.parse(
        data=f"""@prefix id: <https://w3id.org/civicgraph/id/> .
                 @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                 id:person\\/maulen-ashimbayev skos:hiddenLabel {hidden} .""",
        format="turtle",
    )
    result, report = validate(data)
    assert result is conforms, report.serialize(format="turtle")
    if not conforms:
        paths = {report.value(r, URIRef(SH + "resultPath")) for r in report.subjects()}
        assert URIRef(PREFIXES["skos"] + "hiddenLabel") in paths
