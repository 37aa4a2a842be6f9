"""``civicgraph graph`` as a user runs it: output, files and one-line errors."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from civicgraph.analyse import project_graph
from civicgraph.analyse.metrics import rank_nodes
from civicgraph.cli import main
from civicgraph.triplesource import EmbeddedSource
from tests.seed import DATA, IRIS, ONTOLOGY, SHAPES

PROJECT = ["--data", str(DATA), "--ontology", str(ONTOLOGY), "--shapes", str(SHAPES)]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("graph-cli") / "store"
    result = run("build", *PROJECT, "--store", str(path))
    assert result.exit_code == 0, result.output
    return str(path)


def counts(store: str) -> tuple[int, int]:
    graph = project_graph(EmbeddedSource.open(Path(store), iris=IRIS))
    return graph.number_of_nodes(), graph.number_of_edges()


def test_stats_prints_counts(store: str) -> None:
    """graph stats prints node and edge totals, components and counts per type."""
    result = run("graph", "stats", "--store", store)
    assert result.exit_code == 0, result.output
    nodes, edges = counts(store)
    assert f"nodes: {nodes}, edges: {edges}" in result.output
    assert "weak components: 1" in result.output
    assert "  Person: 3" in result.output


def test_central_lists_the_top_nodes(store: str) -> None:
    """graph central --top 3 prints three ranked lines with scores and labels."""
    result = run("graph", "central", "--store", store, "--top", "3", "--lang", "kk")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 3
    expected = rank_nodes(
        project_graph(EmbeddedSource.open(Path(store), iris=IRIS)), top=3, lang="kk"
    )
    for line, score in zip(lines, expected, strict=True):
        assert (
            line
            == f"{score.rank:>3}  {score.score:.4f}  {score.node}  {score.label} ({score.type})"
        )
    assert "Қазақстан Үкіметінің Өңірлік бағдарламасы (Programme)" in result.output


def test_path_explains_each_step_with_evidence(store: str) -> None:
    """graph path prints the path through the programme and the quoted evidence."""
    result = run("graph", "path", "--store", store, "Wawiernia", "org/government-kz")
    assert result.exit_code == 0, result.output
    assert (
        ": person/katarzyna-wawiernia -> programme/undp-kz-regional-programme -> org/government-kz"
        in result.output
    )
    assert (
        '"БҰҰДБ мен Қазақстан Үкіметі бірге әзірлеген жаңа Өңірлік бағдарламаны"' in result.output
    )


def test_path_to_an_unknown_entity_is_one_line(store: str) -> None:
    """An unknown name exits 2 with one line and the closest id as a hint."""
    result = run("graph", "path", "--store", store, "Tokaev", "org/senate-kz")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: unknown entity 'Tokaev' (hint: did you mean person/kassym-jomart-tokayev?)"
    )


def test_ego_lists_neighbours_with_roles(store: str) -> None:
    """graph ego prints the programme's regions with their pilot/planned role."""
    result = run("graph", "ego", "--store", store, "programme/undp-kz-regional-programme")
    assert result.exit_code == 0, result.output
    assert "--pilot region [RegionPilot]--> place/abai-region" in result.output
    assert "--planned region [RegionPlanned]--> place/kyzylorda-region" in result.output


def test_export_writes_graphml_networkx_reads(store: str, tmp_path: Path) -> None:
    """graph export --format graphml writes a file networkx reads with the same counts."""
    out = tmp_path / "seed.graphml"
    result = run("graph", "export", "--store", store, "--format", "graphml", "--out", str(out))
    assert result.exit_code == 0, result.output
    nodes, edges = counts(store)
    assert f"{nodes} nodes, {edges} edges" in result.output
    back = nx.read_graphml(out, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)


def test_draw_writes_an_svg_in_kazakh(store: str, tmp_path: Path) -> None:
    """graph draw --lang kk writes an SVG whose labels are Kazakh text."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "seed.svg"
    result = run("graph", "draw", "--store", store, "--lang", "kk", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Катаржина Вавьерниа" in out.read_text(encoding="utf-8")


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    """Without a built store every graph command exits 2 and says to build first."""
    result = run("graph", "stats", "--store", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "run 'civicgraph build' first" in result.output
