"""The canonical snapshot: exports and validation read it instead of the disk store."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from civicgraph.build import build_dataset
from civicgraph.errors import StoreError
from civicgraph.export import serialize_snapshot
from civicgraph.formats import rdf_format
from civicgraph.snapshot import MANIFEST_FILE, NQUADS_FILE, Snapshot
from civicgraph.store import memory_store
from civicgraph.validate import validate_snapshot, validate_store
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, SHAPES

EX = "https://example.org/"
XSD_NNI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str | None) -> ox.Quad:
    graph = ox.NamedNode(EX + g) if g is not None else ox.DefaultGraph()
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, graph)


@pytest.fixture(scope="module")
def seed_quads() -> list[ox.Quad]:
    return build_dataset(DATA, ONTOLOGY, iris=IRIS).quads


def test_order_of_input_does_not_change_a_byte(seed_quads: list[ox.Quad]) -> None:
    """Shuffled and duplicated input gives the same files: the order is canonical."""
    shuffled = list(seed_quads) + seed_quads[:50]
    random.Random(7).shuffle(shuffled)  # noqa: S311 - a fixed shuffle, not a secret
    first, second = Snapshot.from_quads(seed_quads), Snapshot.from_quads(shuffled)
    assert first == second
    assert first.quad_count == len(set(seed_quads))


def test_snapshot_holds_the_store_content(seed_quads: list[ox.Quad]) -> None:
    """Every graph block parses back to exactly that graph's quads."""
    snapshot = Snapshot.from_quads(seed_quads)
    assert set(ox.parse(snapshot.nquads, format=ox.RdfFormat.N_QUADS)) == set(seed_quads)
    union = {q.triple for q in seed_quads}
    assert {q.triple for q in ox.parse(snapshot.ntriples, format=ox.RdfFormat.N_TRIPLES)} == union
    assert snapshot.triple_count == len(union)
    for name in snapshot.graph_names():
        expected = {q.triple for q in seed_quads if q.graph_name.value == name}
        graph = snapshot.graph_ntriples(name)
        parsed = {q.triple for q in ox.parse(graph, format=ox.RdfFormat.N_TRIPLES)}
        assert parsed == expected, name
    assert snapshot.graph_names() == sorted(snapshot.graph_names())


def test_store_and_quads_give_the_same_snapshot() -> None:
    """Reading a memory store graph by graph equals serialising the quads it holds."""
    quads = [
        _q("a", "p", ox.Literal("x", language="kk"), "g2"),
        _q("a", "p", ox.NamedNode(EX + "b"), "g1"),
        _q("b", "p", ox.Literal("y"), None),
        _q("b", "p", ox.Literal("y"), "g1"),
    ]
    assert Snapshot.from_store(memory_store(quads)) == Snapshot.from_quads(quads)


def test_graph_name_inside_a_literal_is_not_taken_for_the_graph() -> None:
    """Stripping the graph off a line only touches its end, whatever the literal says."""
    tricky = ox.Literal(f"see <{EX}g1> . and more <{EX}g1> .")
    quads = [_q("a", "p", tricky, "g1"), _q("a", "q", ox.Literal("line\nbreak"), "g1")]
    snapshot = Snapshot.from_quads(quads)
    parsed = list(ox.parse(snapshot.graph_ntriples(EX + "g1"), format=ox.RdfFormat.N_TRIPLES))
    assert {t.object for t in parsed} == {tricky, ox.Literal("line\nbreak")}


def test_graphs_naming_blank_nodes_are_found_in_the_file_as_in_memory(tmp_path: Path) -> None:
    """The scan of ``dataset.nq`` finds the same graphs as the text in memory: a blank
    node as subject or object, "_:" inside a literal, past the first piece read (4 MiB)."""
    filler = [_q(f"s{i:06d}", "p", ox.Literal("x" * 60), "g2") for i in range(80_000)]
    quads = [
        _q("a", "p", ox.Literal("plain"), "g1"),
        *filler,
        ox.Quad(
            ox.NamedNode(EX + "z"),
            ox.NamedNode(EX + "p"),
            ox.BlankNode("b1"),
            ox.NamedNode(EX + "g2"),
        ),
        ox.Quad(
            ox.BlankNode("b2"), ox.NamedNode(EX + "p"), ox.Literal("y"), ox.NamedNode(EX + "g3")
        ),
        _q("a", "p", ox.Literal("says _: here"), "g4"),
        _q("a", "p", ox.Literal("plain"), "g5"),
        ox.Quad(
            ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.BlankNode("b3"), ox.DefaultGraph()
        ),
    ]
    in_memory = Snapshot.from_quads(quads)
    in_memory.write(tmp_path)
    from_file = Snapshot.read(tmp_path)
    assert from_file.nquads.find(b"_:b1") > 4 * 2**20
    expected = ["", EX + "g2", EX + "g3", EX + "g4"]
    assert [b.name for b in in_memory.blocks_with_blank_nodes()] == expected
    assert [b.name for b in from_file.blocks_with_blank_nodes()] == expected


def test_blank_node_graph_is_refused() -> None:
    quad = ox.Quad(
        ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("x"), ox.BlankNode("g")
    )
    with pytest.raises(StoreError, match="blank node graph"):
        Snapshot.from_quads([quad])


def test_exports_keep_the_datatypes_the_build_gave() -> None:
    """Oxigraph's store turns xsd:nonNegativeInteger into xsd:integer; the snapshot does not."""
    quads = [_q("sel", "start", ox.Literal("3", datatype=XSD_NNI), "g")]
    turtle = serialize_snapshot(Snapshot.from_quads(quads), rdf_format("turtle"))
    assert b"nonNegativeInteger" in turtle
    stored = next(iter(memory_store(quads)))
    assert stored.object.datatype.value.endswith("#integer")


def test_write_and_read_round_trip(tmp_path: Path, seed_quads: list[ox.Quad]) -> None:
    snapshot = Snapshot.from_quads(seed_quads)
    snapshot.write(tmp_path)
    assert Snapshot.read(tmp_path) == snapshot


def test_a_damaged_snapshot_is_a_clear_error(tmp_path: Path, seed_quads: list[ox.Quad]) -> None:
    Snapshot.from_quads(seed_quads).write(tmp_path)
    nquads = tmp_path / NQUADS_FILE
    nquads.write_bytes(nquads.read_bytes()[:-100])
    with pytest.raises(StoreError, match="does not match") as caught:
        Snapshot.read(tmp_path)
    assert "civicgraph build" in str(caught.value.hint)
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    manifest["format"] = 99
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="format 99"):
        Snapshot.read(tmp_path)
    (tmp_path / MANIFEST_FILE).unlink()
    with pytest.raises(StoreError, match=r"snapshot\.json is missing"):
        Snapshot.read(tmp_path)


def test_validating_the_snapshot_equals_validating_the_store(seed_quads: list[ox.Quad]) -> None:
    """Same results, same count, with every engine, from the snapshot or the store."""
    ontology = f"{BASE}/graph/ontology"
    broken = [q for q in seed_quads if not q.predicate.value.endswith("#label")]
    snapshot = Snapshot.from_quads(broken)
    for engine in ("pyshacl-turbo", "pyshacl"):
        from_snapshot = validate_snapshot(
            snapshot, shapes_path=SHAPES, ontology_graph=ontology, engine=engine
        )
        from_store = validate_store(
            memory_store(broken), shapes_path=SHAPES, ontology_graph=ontology, engine=engine
        )
        assert not from_snapshot.conforms
        assert from_snapshot.keys == from_store.keys
        assert from_snapshot.triples_validated == from_store.triples_validated
