"""export: formats from Oxigraph's table, standard output, and materialised alignment types."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.export import Entailment, ExportFormat, entail_alignments, export_bytes
from civicgraph.namespaces import CIV, FOAF, ORG, RDF, SCHEMA
from civicgraph.snapshot import Snapshot
from civicgraph.store import open_snapshot
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, SHAPES

ALIGNMENTS = f"{BASE}/graph/alignments"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--data",
            str(DATA),
            "--ontology",
            str(ONTOLOGY),
            "--shapes",
            str(SHAPES),
            "--store",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.output
    return path


@cache
def seed(store: Path) -> Snapshot:
    return open_snapshot(store)


@pytest.mark.parametrize(
    ("fmt", "extension", "media_type", "keeps_graphs"),
    [
        (ExportFormat.TURTLE, "ttl", "text/turtle", False),
        (ExportFormat.NTRIPLES, "nt", "application/n-triples", False),
        (ExportFormat.TRIG, "trig", "application/trig", True),
        (ExportFormat.NQUADS, "nq", "application/n-quads", True),
        (ExportFormat.JSONLD, "jsonld", "application/ld+json", True),
    ],
)
def test_format_table_comes_from_oxigraph(
    fmt: ExportFormat, extension: str, media_type: str, keeps_graphs: bool
) -> None:
    """Extension, media type and dataset support are those of the matching ox.RdfFormat."""
    assert (fmt.extension, fmt.media_type, fmt.keeps_graphs) == (
        extension,
        media_type,
        keeps_graphs,
    )


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_out_dash_writes_the_exact_bytes_to_stdout(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """--out - writes the export to standard output, byte for byte, and no file named '-'."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    piped = runner.invoke(main, ["export", "--store", str(store), "--format", fmt, "--out", "-"])
    assert piped.exit_code == 0, piped.output
    assert list(tmp_path.iterdir()) == []
    written = runner.invoke(
        main, ["export", "--store", str(store), "--format", fmt, "--out", "file"]
    )
    assert written.exit_code == 0
    assert piped.stdout_bytes == (tmp_path / "file").read_bytes()


def _types(snapshot: Snapshot, graph: str) -> set[tuple[str, str]]:
    store = ox.Store()
    store.bulk_load(snapshot.nquads, format=ox.RdfFormat.N_QUADS)
    return {
        (q.subject.value, q.object.value)
        for q in store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), None, ox.NamedNode(graph)
        )
    }


def _instances(snapshot: Snapshot, cls: str) -> set[str]:
    store = ox.Store()
    store.bulk_load(snapshot.nquads, format=ox.RdfFormat.N_QUADS)
    return {
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(cls))
    }


def test_entail_alignments_types_instances_with_the_standard_classes(store: Path) -> None:
    """Every person becomes schema:Person and foaf:Person, every body org:Organization,
    every post org:Post, in the alignments graph; nothing else of the dataset changes."""
    snapshot = seed(store)
    entailed = entail_alignments(snapshot, iris=IRIS)
    added = _types(entailed, ALIGNMENTS)
    persons = _instances(snapshot, str(CIV.Person))
    posts = _instances(snapshot, str(CIV.Post))
    chambers = _instances(snapshot, str(CIV.LegislativeChamber))
    assert len(persons) == 3
    assert posts
    assert chambers
    for person in persons:
        assert {(person, str(SCHEMA.Person)), (person, str(FOAF.Person))} <= added
    assert {(post, str(ORG.Post)) for post in posts} <= added
    assert {(body, str(ORG.Organization)) for body in chambers} <= added
    assert {(body, str(ORG.OrganizationalUnit)) for body in chambers} <= added
    assert not any(cls.startswith(str(CIV)) for _, cls in added)
    assert not any(subject.startswith(str(CIV)) for subject, _ in added)
    others = [name for name in entailed.graph_names() if name != ALIGNMENTS]
    assert others == snapshot.graph_names()
    for name in others:
        assert entailed.graph_ntriples(name) == snapshot.graph_ntriples(name)


def test_entail_option_of_the_command(store: Path) -> None:
    """export --entail alignments adds the types; without it the export has none of them."""
    runner = CliRunner()
    plain = runner.invoke(
        main, ["export", "--store", str(store), "--format", "nquads", "--out", "-"]
    )
    entailed = runner.invoke(
        main,
        [
            "export",
            "--store",
            str(store),
            "--format",
            "nquads",
            "--entail",
            "alignments",
            "--out",
            "-",
        ],
    )
    assert ALIGNMENTS.encode() not in plain.stdout_bytes
    assert f"<{ORG.Organization}> <{ALIGNMENTS}> .".encode() in entailed.stdout_bytes
    assert entailed.stdout_bytes == export_bytes(
        seed(store), ExportFormat.NQUADS, entail=Entailment.ALIGNMENTS, iris=IRIS
    )
