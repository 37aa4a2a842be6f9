"""validate and stats give the same answers against a SPARQL endpoint as on the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from tests.seed import DATA, ONTOLOGY, SHAPES


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, oxigraph_server_module) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("endpoint")
    store = work / "store"
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["build", "--data", str(DATA), "--ontology", str(ONTOLOGY), "--store", str(store)]
        ).exit_code
        == 0
    )
    trig = work / "seed.trig"
    assert (
        runner.invoke(
            main, ["export", "--store", str(store), "--format", "trig", "--out", str(trig)]
        ).exit_code
        == 0
    )
    server = oxigraph_server_module()
    server.load(trig)
    return store, server.url


def test_stats_on_endpoint_equal_store(seeded: tuple[Path, str]) -> None:
    """stats --endpoint reports the same figures as stats on the store the endpoint was loaded from."""
    store, url = seeded
    local = json.loads(CliRunner().invoke(main, ["stats", "--store", str(store), "--json"]).output)
    remote = json.loads(CliRunner().invoke(main, ["stats", "--endpoint", url, "--json"]).output)
    assert remote == local


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_validate_on_endpoint_conforms(seeded: tuple[Path, str], engine: str) -> None:
    """validate --endpoint validates the endpoint's graphs with the chosen engine."""
    _, url = seeded
    result = CliRunner().invoke(
        main, ["validate", "--shapes", str(SHAPES), "--endpoint", url, "--engine", engine]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms:")
    assert f"({engine})" in result.output


def test_unreachable_endpoint_is_one_line(tmp_path: Path) -> None:
    """A refused connection is one line naming the URL, exit 2."""
    result = CliRunner().invoke(main, ["stats", "--endpoint", "http://127.0.0.1:9/"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "127.0.0.1:9" in lines[0]
