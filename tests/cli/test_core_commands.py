"""build, validate, export and stats as a user runs them: exit codes, messages, files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.compare import to_isomorphic

from civicgraph.build import build_dataset
from civicgraph.cli import main
from civicgraph.linking.rdf import link_quads
from civicgraph.store import open_store
from tests.seed import DATA, ONTOLOGY, SHAPES

PROJECT = ["--data", str(DATA), "--ontology", str(ONTOLOGY), "--shapes", str(SHAPES)]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = run("build", *PROJECT, "--store", str(store))
    assert result.exit_code == 0, result.output
    return store


def test_build_reports_what_it_built(built_store: Path) -> None:
    """build prints counts of entities, facts and excerpts and leaves a store."""
    result = run("build", *PROJECT, "--store", str(built_store))
    assert result.exit_code == 0
    assert "49 entities" in result.output
    assert "excerpts from 3 sources" in result.output
    assert (built_store / "db" / "CURRENT").exists()
    for name in ("dataset.nq", "dataset.nt", "snapshot.json"):
        assert (built_store / name).stat().st_size > 0


def test_validate_conforms_exit_zero(built_store: Path) -> None:
    """validate exits 0 on the real data and says it conforms."""
    result = run("validate", "--shapes", str(SHAPES), "--store", str(built_store))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms:")


def test_validate_json_report(built_store: Path) -> None:
    """--format json gives a machine-readable report."""
    result = run(
        "validate", "--shapes", str(SHAPES), "--store", str(built_store), "--format", "json"
    )
    report = json.loads(result.output)
    assert report["conforms"] is True
    assert report["results"] == []


def test_build_refuses_a_graph_that_breaks_the_shapes(tmp_path: Path) -> None:
    """A build whose graph breaks a shape exits 1, names the record's file:line, keeps the old store."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    store = tmp_path / "store"
    project = [
        "--data",
        str(data),
        "--ontology",
        str(ONTOLOGY),
        "--shapes",
        str(SHAPES),
        "--store",
        str(store),
    ]
    assert run("build", *project).exit_code == 0
    groups = data / "entities" / "groups.yaml"
    line = len(groups.read_text(encoding="utf-8").splitlines()) + 2
    with groups.open("a", encoding="utf-8") as handle:
        handle.write(
            '\n  - id: group/unexplained\n    type: Group\n    label: {kk: "Топ", en: "Group", ru: "Группа"}\n'
        )
    result = CliRunner().invoke(main, ["build", *project])
    assert result.exit_code == 1
    assert (
        f"{groups}:{line}: Violation: https://w3id.org/civicgraph/id/group/unexplained"
        in result.output
    )
    assert "A Group needs civ:drawnFrom" in result.output
    assert "was left as it was" in result.output
    stats = run("stats", "--store", str(store), "--json").output
    assert "group/unexplained" not in stats
    assert json.loads(stats)["entitiesPerClass"]["https://w3id.org/civicgraph/ontology#Group"] == 5


def test_validate_violation_exit_one_names_focus_node(tmp_path: Path) -> None:
    """A store built with --skip-validation that breaks a shape: validate exits 1 naming the node."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "entities" / "groups.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n  - id: group/unexplained\n    type: Group\n    label: {kk: "Топ", en: "Group", ru: "Группа"}\n'
        )
    store = tmp_path / "store"
    built = run(
        "build",
        "--data",
        str(data),
        "--ontology",
        str(ONTOLOGY),
        "--store",
        str(store),
        "--skip-validation",
    )
    assert built.exit_code == 0
    result = run("validate", "--shapes", str(SHAPES), "--store", str(store))
    assert result.exit_code == 1
    assert "does not conform: 1 result(s)" in result.output
    assert "https://w3id.org/civicgraph/id/group/unexplained" in result.output
    assert "A Group needs civ:drawnFrom" in result.output


def test_validate_without_store_exit_two_one_line(tmp_path: Path) -> None:
    """No store: one line on stderr with a hint, exit 2, no traceback."""
    result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "no store here (hint: run 'civicgraph build' first" in lines[0]


def test_failed_build_keeps_previous_store(tmp_path: Path) -> None:
    """A build that fails exits 2 and leaves the previous store and no staging folder."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    store = tmp_path / "store"
    assert (
        run(
            "build", "--data", str(data), "--ontology", str(ONTOLOGY), "--store", str(store)
        ).exit_code
        == 0
    )
    before = run(
        "export", "--store", str(store), "--format", "nquads", "--out", str(tmp_path / "a.nq")
    )
    assert before.exit_code == 0
    records = data / "records" / "maslikhat-council-extended-meeting.yaml"
    records.write_text(
        records.read_text(encoding="utf-8").replace("place/astana", "place/astna"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", "--data", str(data), "--ontology", str(ONTOLOGY), "--store", str(store)]
    )
    assert result.exit_code == 2
    assert "unknown entity 'place/astna'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nq", "data", "store"]
    run("export", "--store", str(store), "--format", "nquads", "--out", str(tmp_path / "b.nq"))
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads", "jsonld"])
def test_export_is_byte_identical_across_rebuilds(tmp_path: Path, fmt: str) -> None:
    """Two independent builds export byte-identical files in every format."""
    outputs = []
    for name in ("one", "two"):
        store = tmp_path / f"store-{name}"
        assert run("build", *PROJECT, "--store", str(store)).exit_code == 0
        out = tmp_path / f"{name}.{fmt}"
        assert (
            run("export", "--store", str(store), "--format", fmt, "--out", str(out)).exit_code == 0
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_turtle_export_round_trips(built_store: Path, tmp_path: Path) -> None:
    """The Turtle export parses with pyoxigraph and rdflib and is isomorphic to the built triples.

    Built, not stored: Oxigraph's store turns xsd:nonNegativeInteger offsets into
    xsd:integer, the export keeps the type Web Annotation gives them."""
    out = tmp_path / "graph.ttl"
    assert run("export", "--store", str(built_store), "--out", str(out)).exit_code == 0
    oxigraph_triples = list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))
    parsed = rdflib.Graph().parse(out, format="turtle")
    built = build_dataset(DATA, ONTOLOGY, extra_quads=link_quads)
    expected = rdflib.Graph()
    nt = ox.serialize((q.triple for q in built.quads), format=ox.RdfFormat.N_TRIPLES)
    expected.parse(data=nt, format="nt")
    assert len(oxigraph_triples) == len(parsed) == len(expected)
    assert to_isomorphic(parsed) == to_isomorphic(expected)


def test_export_failure_leaves_nothing(built_store: Path, tmp_path: Path) -> None:
    """An export that cannot be written exits 2 with one line and leaves no partial file."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(
        main, ["export", "--store", str(built_store), "--out", str(blocker / "x.ttl")]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_stats_counts(built_store: Path) -> None:
    """stats --json reports triples per graph, entities per class, facts with evidence, labels."""
    result = run("stats", "--store", str(built_store), "--json")
    stats = json.loads(result.output)
    assert stats["entitiesPerClass"]["https://w3id.org/civicgraph/ontology#Person"] == 3
    facts = stats["factsPerClass"]
    assert all(v["facts"] == v["withEvidence"] for v in facts.values())
    assert facts["https://w3id.org/civicgraph/ontology#Quote"]["facts"] == 2
    assert stats["labelsPerLanguage"]["kk"] >= 49
    assert stats["totalTriples"] == sum(stats["triplesPerGraph"].values())
    assert "source/maslikhat-council-extended-meeting" in stats["triplesPerGraph"]


def test_build_includes_accepted_wikidata_links(built_store: Path) -> None:
    """Every accepted link of data/links/wikidata.yaml is a skos:exactMatch in the links graph."""
    import yaml  # noqa: PLC0415 - only this test reads the review file directly

    review = yaml.safe_load((DATA / "links" / "wikidata.yaml").read_text(encoding="utf-8"))
    accepted = {(e["entity"], e["qid"]) for e in review["links"] if e["status"] == "accepted"}
    assert accepted, "the seed has reviewed links"
    store = open_store(built_store)
    found = {
        (row["e"].value.split("/id/", 1)[1], row["q"].value.rsplit("/", 1)[1])
        for row in store.query(
            "SELECT ?e ?q WHERE { GRAPH <https://w3id.org/civicgraph/graph/links> "
            "{ ?e <http://www.w3.org/2004/02/skos/core#exactMatch> ?q } }"
        )
    }
    assert found == accepted


# JSON-LD relabels the ontology's blank nodes, so it is compared by isomorphism in
# tests/test_jsonld.py.
@pytest.mark.parametrize(("fmt", "rdf_format"), [("trig", ox.RdfFormat.TRIG)])
def test_dataset_exports_round_trip_graph_by_graph(
    built_store: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat
) -> None:
    """TriG and JSON-LD parse back to exactly the N-Quads export, each graph in one block."""
    nquads = tmp_path / "all.nq"
    out = tmp_path / f"all.{fmt}"
    assert (
        run(
            "export", "--store", str(built_store), "--format", "nquads", "--out", str(nquads)
        ).exit_code
        == 0
    )
    assert (
        run("export", "--store", str(built_store), "--format", fmt, "--out", str(out)).exit_code
        == 0
    )
    expected = set(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    assert set(ox.parse(path=str(out), format=rdf_format)) == expected
    if fmt == "trig":
        graphs = {q.graph_name for q in expected}
        opened = [
            line for line in out.read_text(encoding="utf-8").splitlines() if line.endswith("{")
        ]
        assert len(opened) == len(graphs)
