"""validate and stats give the same answers against a SPARQL endpoint as on the embedded store."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.sparql.client import PASSWORD_ENV, USER_ENV
from tests.seed import DATA, ONTOLOGY, ROOT, SHAPES

QUERIES = str(ROOT / "queries")


@pytest.fixture(scope="module")
def built(seeded: tuple[Path, str]) -> Path:
    return seeded[0]


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
    # A store holds more than the dataset (Virtuoso's system graphs, other datasets):
    # stats and validate through the endpoint count only the dataset's graphs.
    foreign = work / "foreign.ttl"
    foreign.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    server.load(foreign, graph="http://example.org/another-dataset")
    return store, server.url


def test_stats_on_endpoint_equal_store(seeded: tuple[Path, str]) -> None:
    """stats --endpoint reports the same figures as stats on the store the endpoint was loaded from."""
    store, url = seeded
    local = json.loads(CliRunner().invoke(main, ["stats", "--store", str(store), "--json"]).output)
    remote = json.loads(CliRunner().invoke(main, ["stats", "--endpoint", url, "--json"]).output)
    assert remote == local


def test_coverage_on_endpoint_equals_the_records(seeded: tuple[Path, str]) -> None:
    """coverage --endpoint finds the same cited names and sentences in the pushed dataset
    as in the graph the records build."""
    _, url = seeded
    flags = ["coverage", "--data", str(DATA), "--ontology", str(ONTOLOGY)]
    local = CliRunner().invoke(main, flags)
    remote = CliRunner().invoke(main, [*flags, "--endpoint", url])
    assert (remote.exit_code, remote.output) == (local.exit_code, local.output)
    assert "names of known entities" in local.output


def test_coverage_on_an_empty_endpoint_finds_nothing_cited(oxigraph_server) -> None:
    """The facts come from the endpoint: one that holds none leaves every name uncited."""
    server = oxigraph_server()
    flags = ["coverage", "--data", str(DATA), "--ontology", str(ONTOLOGY)]
    result = CliRunner().invoke(main, [*flags, "--endpoint", server.url])
    assert result.exit_code == 1
    assert "name not cited: person/maulen-ashimbayev" in result.output


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_validate_on_endpoint_conforms(seeded: tuple[Path, str], engine: str) -> None:
    """validate --endpoint prints the store's report (the same triples counted), with the
    chosen engine, though the endpoint holds another dataset's graph too."""
    store, url = seeded
    args = ["validate", "--shapes", str(SHAPES), "--engine", engine]
    result = CliRunner().invoke(main, [*args, "--endpoint", url])
    local = CliRunner().invoke(main, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms:")
    assert f"({engine})" in result.output
    assert result.output == local.output


def test_unreachable_endpoint_is_one_line(tmp_path: Path) -> None:
    """A refused connection is one line naming the URL, exit 2."""
    result = CliRunner().invoke(main, ["stats", "--endpoint", "http://127.0.0.1:9/"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "127.0.0.1:9" in lines[0]


def _commands(url: str) -> dict[str, list[str]]:
    return {
        "query": [
            "query",
            "events_all",
            "--queries",
            QUERIES,
            "--format",
            "json",
            "--endpoint",
            url,
        ],
        "stats": ["stats", "--json", "--endpoint", url],
        "validate": ["validate", "--shapes", str(SHAPES), "--endpoint", url],
    }


def test_query_accepts_the_service_root_as_the_other_commands_do(seeded) -> None:
    """query --endpoint http://host:port finds /query, as stats, validate and push do."""
    store, url = seeded
    local = CliRunner().invoke(
        main,
        ["query", "events_all", "--queries", QUERIES, "--store", str(store), "--format", "json"],
    )
    remote = CliRunner().invoke(main, _commands(url)["query"])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(local.output)


@pytest.mark.parametrize("command", ["query", "stats", "validate"])
def test_every_command_logs_in_with_the_servers_scheme(
    seeded, fault_server, monkeypatch, command: str
) -> None:
    """A store behind HTTP Digest (as Virtuoso's update paths are): every command that asks
    an endpoint sends the credentials of the environment, and fails in one line without."""
    _, url = seeded
    door = fault_server()
    door.auth, door.mode, door.redirect_to = "digest", "proxy", url
    monkeypatch.delenv(USER_ENV, raising=False)
    refused = CliRunner().invoke(main, _commands(door.url)[command])
    assert refused.exit_code == 2
    assert "HTTP 401" in refused.output
    monkeypatch.setenv(USER_ENV, door.user)
    monkeypatch.setenv(PASSWORD_ENV, door.password)
    result = CliRunner().invoke(main, _commands(door.url)[command])
    assert result.exit_code == 0, result.output
    assert door.requests[-1].headers["Authorization"].startswith("Digest ")
    assert door.password not in result.output


def test_push_logs_in_with_the_servers_scheme(
    built, oxigraph_server, fault_server, monkeypatch
) -> None:
    server = oxigraph_server()
    door = fault_server()
    door.auth, door.mode, door.redirect_to = "digest", "proxy", server.url
    monkeypatch.setenv(USER_ENV, door.user)
    monkeypatch.setenv(PASSWORD_ENV, door.password)
    result = CliRunner().invoke(main, ["push", "--store", str(built), "--endpoint", door.url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pushed ")
    assert {r.method for r in door.requests} == {"PUT", "POST"}


@pytest.mark.parametrize("command", ["query", "stats", "validate", "push"])
def test_every_command_has_one_deadline_per_request(built, fault_server, command: str) -> None:
    """--timeout bounds a server that drips one byte a second, on every command."""
    server = fault_server()
    server.mode = "drip"
    commands = _commands(server.url) | {
        "push": ["push", "--store", str(built), "--endpoint", server.url]
    }
    started = time.monotonic()
    result = CliRunner().invoke(main, [*commands[command], "--timeout", "1.5"])
    assert result.exit_code == 2
    assert "timed out after 1.5 s without a complete answer" in result.output
    assert time.monotonic() - started < 6


def test_validate_refuses_an_empty_answer(fault_server) -> None:
    """An endpoint that answers nothing is not a graph that conforms."""
    server = fault_server()
    server.mode = "empty"
    result = CliRunner().invoke(main, _commands(server.url)["validate"])
    assert result.exit_code == 2
    assert "HTTP 200, text/plain, empty body, not SPARQL JSON results" in result.output
    assert "conforms" not in result.output


def test_validate_refuses_an_endpoint_without_data(oxigraph_server) -> None:
    """An empty store has nothing to validate: that is not "conforms: 0 triples"."""
    server = oxigraph_server()
    result = CliRunner().invoke(main, _commands(server.url)["validate"])
    assert result.exit_code == 2
    assert "nothing to validate" in result.output
    assert "conforms" not in result.output
