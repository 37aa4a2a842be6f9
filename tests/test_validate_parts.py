"""Validating part by part gives the report of validating the whole graph at once."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from civicgraph.build import build_dataset
from civicgraph.linking.rdf import link_quads
from civicgraph.snapshot import Snapshot
from civicgraph.validate import ValidationReport, validate_snapshot
from civicgraph.validate_parts import VALUE_CLASS, non_local_reason
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, SHAPES

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BROKEN = sorted(p for p in FIXTURES.glob("*.ttl") if p.name != "valid.ttl")
ONTOLOGY_GRAPH = f"{BASE}/graph/ontology"
DATA_GRAPH = ox.NamedNode(f"{BASE}/graph/data")


def comparable(report: ValidationReport) -> tuple[bool, list[tuple[str | None, ...]]]:
    """Conformance and results, with the blank node labels of shapes (which differ from one
    parse of the shapes to the next) left out."""
    results = sorted(
        (
            r.focus_node,
            r.path,
            r.constraint,
            r.severity,
            r.message,
            r.value,
            r.source_shape if ":" in r.source_shape else None,
        )
        for r in report.results
    )
    return report.conforms, results


PARTS: list[int] = []
"""Parts validated since the last ``clear`` (``count_parts``)."""


@pytest.fixture(autouse=True)
def count_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count the parts each validation cuts, so that a test knows it validated in parts."""
    import civicgraph.validate  # noqa: PLC0415

    cut = civicgraph.validate.cut_parts

    def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for part in cut(*args, **kwargs):
            PARTS.append(1)
            yield part

    PARTS.clear()
    monkeypatch.setattr(civicgraph.validate, "cut_parts", counted)


def same_in_parts(
    snapshot: Snapshot,
    sizes: tuple[int, ...],
    *,
    shapes: Path = SHAPES,
    engine: str = "pyshacl-turbo",
) -> ValidationReport:
    """Validate whole, then in parts of each size: the same report, and in parts exactly
    when the shapes allow it."""
    PARTS.clear()
    whole = validate_snapshot(
        snapshot, shapes_path=shapes, ontology_graph=ONTOLOGY_GRAPH, engine=engine, part_triples=0
    )
    assert not PARTS, "validated whole"
    local = non_local_reason(rdflib.Graph().parse(shapes, format="turtle")) is None
    for size in sizes:
        PARTS.clear()
        parts = validate_snapshot(
            snapshot,
            shapes_path=shapes,
            ontology_graph=ONTOLOGY_GRAPH,
            engine=engine,
            part_triples=size,
        )
        assert comparable(parts) == comparable(whole), f"parts of {size}"
        assert (len(PARTS) > 1) == local, "in parts exactly when the shapes allow it"
        assert parts.triples_validated == whole.triples_validated
        parsed = rdflib.Graph().parse(data=parts.report_turtle, format="turtle")
        assert len(list(parsed.objects(None, rdflib.SH.result))) == len(whole.results), (
            "the report graph holds each result (sh:detail results nested in theirs)"
        )
    return whole


@cache
def ontology_quads() -> list[ox.Quad]:
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    ]


def fixture_snapshot(*paths: Path) -> Snapshot:
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, DATA_GRAPH)
        for path in paths
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    ]
    return Snapshot.from_quads(quads + ontology_quads())


def test_the_seed_in_parts_of_25_and_300_statements() -> None:
    """The seed conforms in parts as it does whole."""
    snapshot = build_dataset(DATA, ONTOLOGY, iris=IRIS, extra_quads=link_quads).snapshot
    assert same_in_parts(snapshot, (25, 300)).conforms


def test_the_broken_fixtures_give_their_results_in_parts() -> None:
    """Every fixture that breaks a shape, all in one graph, in parts of ten statements,
    and with pyshacl in parts of two hundred: the results of the whole graph."""
    snapshot = fixture_snapshot(FIXTURES / "valid.ttl", *BROKEN)
    whole = same_in_parts(snapshot, (10,))
    assert len({(r.focus_node, r.constraint) for r in whole.results}) >= len(BROKEN)
    same_in_parts(snapshot, (200,), engine="pyshacl")


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix civ: <https://w3id.org/civicgraph/ontology#> .
@prefix ex: <https://example.org/> .
"""


def shapes_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(SHAPES_HEAD + body, encoding="utf-8")
    return path


def test_a_publisher_known_by_name_is_checked_by_its_own_statements(tmp_path: Path) -> None:
    """The shapes read a publisher's foaf:name (a value's own statement): in parts, a
    publisher named twice or not at all gives the results of the whole graph."""
    broken = tmp_path / "publishers.ttl"
    broken.write_text(
        "@prefix dct: <http://purl.org/dc/terms/> .\n"
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "@prefix id: <https://w3id.org/civicgraph/id/> .\n"
        'id:source\\/council-meeting\\/publisher foaf:name "Екінші атау" .\n'
        "id:source\\/council-meeting dct:publisher id:source\\/unnamed\\/publisher .\n"
        "id:source\\/unnamed\\/publisher a foaf:Agent .\n",
        encoding="utf-8",
    )
    whole = same_in_parts(fixture_snapshot(FIXTURES / "valid.ttl", broken), (6,))
    assert {r.constraint.rsplit("#", 1)[-1] for r in whole.results} >= {
        "NodeConstraintComponent",
        "MaxCountConstraintComponent",
    }


def test_a_class_constraint_without_a_message_names_the_class_not_the_value_class(
    tmp_path: Path,
) -> None:
    """The engine's own message for sh:class names the class the shapes ask for."""
    shapes = shapes_file(
        tmp_path,
        "ex:S a sh:NodeShape ; sh:targetClass civ:Participation ;"
        " sh:property [ sh:path civ:participant ; sh:class civ:Organisation ] .",
    )
    snapshot = build_dataset(DATA, ONTOLOGY, iris=IRIS).snapshot
    whole = same_in_parts(snapshot, (50,), shapes=shapes)
    assert whole.results, "people take part: each is a result"
    assert all(VALUE_CLASS not in r.message for r in whole.results)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "ex:S a sh:NodeShape ; sh:targetClass civ:Person ;"
            " sh:property [ sh:path [ sh:inversePath civ:participant ] ; sh:minCount 1 ] .",
            "not a single predicate",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass civ:Participation ; sh:property [ sh:path"
            " civ:participant ; sh:node [ sh:property [ sh:path civ:x ; sh:node [ sh:property"
            " [ sh:path civ:y ; sh:minCount 1 ] ] ] ] ] .",
            "the statements of a value's values",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetNode civ:x ; sh:property [ sh:path civ:y ;"
            " sh:minCount 1 ] .",
            "sh:targetNode",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetObjectsOf civ:participant ;"
            " sh:property [ sh:path civ:y ; sh:maxCount 0 ] .",
            "sh:targetObjectsOf",
        ),
    ],
)
def test_shapes_that_look_past_a_node_are_validated_whole(
    tmp_path: Path, body: str, reason: str
) -> None:
    """Shapes whose results need other nodes' statements are named as such and validated
    whole, with the whole graph's results."""
    shapes = shapes_file(tmp_path, body)
    found = non_local_reason(rdflib.Graph().parse(shapes, format="turtle"))
    assert found is not None
    assert reason in found
    snapshot = build_dataset(DATA, ONTOLOGY, iris=IRIS).snapshot
    same_in_parts(snapshot, (50,), shapes=shapes)


def test_the_shipped_shapes_are_validated_in_parts() -> None:
    """The shipped shapes ask only for a node's statements and its values' types."""
    assert non_local_reason(rdflib.Graph().parse(SHAPES, format="turtle")) is None


def test_parts_are_cut_by_bytes_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where statements are long (the sources' texts), a part ends at ``PART_BYTES``
    before it has ``part_triples`` statements, with the report of the whole."""
    import civicgraph.validate  # noqa: PLC0415
    import civicgraph.validate_parts  # noqa: PLC0415

    snapshot = build_dataset(DATA, ONTOLOGY, iris=IRIS, extra_quads=link_quads).snapshot
    whole = validate_snapshot(
        snapshot, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH, part_triples=0
    )
    budget = 16_384
    monkeypatch.setattr(civicgraph.validate_parts, "PART_BYTES", budget)
    cut = civicgraph.validate_parts.cut_parts
    sizes: list[int] = []

    def measured(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for part in cut(*args, **kwargs):
            sizes.append(len(part.statements))
            yield part

    monkeypatch.setattr(civicgraph.validate, "cut_parts", measured)
    parts = validate_snapshot(
        snapshot,
        shapes_path=SHAPES,
        ontology_graph=ONTOLOGY_GRAPH,
        part_triples=snapshot.quad_count - 1,
    )
    assert comparable(parts) == comparable(whole)
    assert len(sizes) >= len(snapshot.ntriples) // budget
    assert sum(size > 2 * budget for size in sizes) <= 2, "only a subject longer than the budget"
