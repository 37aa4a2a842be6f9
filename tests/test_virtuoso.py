"""The seed dataset pushed to Virtuoso Open Source gives the embedded store's answers.

Virtuoso is a second, independent SPARQL 1.1 implementation: its own paths (``/sparql``,
``/sparql-auth``, ``/sparql-graph-crud-auth``), HTTP Digest authentication and its own
query engine. Everything goes through the command line as a user would type it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.remote import PASSWORD_ENV, USER_ENV
from civicgraph.sparql.text import QueryForm, find_query
from tests.seed import ROOT, SHAPES, build_seed
from tests.virtuoso import PASSWORD, USER, VirtuosoServer, require_virtuoso

CATALOGUE = ROOT / "queries"
EVENT = "event/council-maslikhats-extended-meeting-2025-04"

pytestmark = pytest.mark.server

CALLS: list[tuple[str, dict[str, str]]] = [
    # The parameters tests/test_query_catalogue.py gives each query on the embedded store.
    ("events_all", {}),
    ("events_by_status", {}),
    ("events_by_status", {"status": "civ:EventScheduled"}),
    ("participants_by_event", {"event": EVENT}),
    ("who_opened_event", {}),
    ("topics_by_event", {"event": EVENT}),
    ("conclusions_by_event", {}),
    ("posts_held", {}),
    ("posts_held", {"inBody": "org/senate-kz"}),
    ("posts_as_of", {"date": "2025-04-03"}),
    ("posts_as_of", {"date": "2020-01-01", "post": "post/chairman-senate-kz"}),
    ("activities_by_person", {"person": "person/maulen-ashimbayev"}),
    ("persons_mentioned_only", {}),
    ("bodies_hierarchy", {}),
    ("bodies_hierarchy", {"ancestor": "org/parliament-kz"}),
    ("partners_by_programme", {}),
    ("organisations_international", {}),
    ("programmes_all", {}),
    ("aims_by_programme", {"programme": "programme/undp-kz-regional-programme"}),
    ("regions_by_role", {}),
    ("regions_by_role", {"role": "https://w3id.org/civicgraph/ontology#RegionPilot"}),
    ("quotes_all", {}),
    ("statements_search", {"term": "АЛТЫН КӨПІР"}),
    ("statements_search", {"term": "Мәслихат"}),
    ("priorities_by_statement", {}),
    ("priorities_by_statement", {"bySpeaker": "person/katarzyna-wawiernia"}),
    ("evidence_by_subject", {"subject": "participation/extended-meeting-maulen-ashimbayev"}),
    ("evidence_by_subject", {}),
    ("evidence_by_subject", {"subject": EVENT}),
    ("facts_unevidenced", {}),
    ("labels_missing", {}),
    ("links_missing", {"type": "https://w3id.org/civicgraph/ontology#Person"}),
    ("links_missing", {"type": "https://w3id.org/civicgraph/ontology#Region"}),
    ("counts_by_class", {}),
    ("triples_about", {"subject": EVENT}),
    # The per-case evidence queries the entity pages of `civicgraph serve` use.
    ("evidence_of_entity", {"subject": "person/maulen-ashimbayev"}),
    ("evidence_of_entity", {"subject": EVENT}),
    ("evidence_of_fact", {"fact": "participation/extended-meeting-maulen-ashimbayev"}),
    # Listings and bindings where Virtuoso's property paths were seen to lose solutions.
    ("activities_by_person", {}),
    ("partners_by_programme", {"partner": "org/undp"}),
    ("statements_search", {"term": "а"}),
    ("bodies_hierarchy", {"body": "org/council-maslikhats"}),
    # evidence_by_subject for an entity named only by facts, and for an assertion
    ("evidence_by_subject", {"subject": "person/maulen-ashimbayev"}),
    ("evidence_by_subject", {"subject": "assertion/0ce112696652cf71"}),
]


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed(tmp_path_factory.mktemp("virtuoso-seed") / "store")


@pytest.fixture(scope="module")
def pushed(seed_store: Path, virtuoso_server: VirtuosoServer) -> tuple[Result, str]:
    """The seed store pushed with ``civicgraph push --endpoint <virtuoso>/sparql``."""
    endpoint = virtuoso_server.query_url
    result = _run(
        "push",
        "--store",
        str(seed_store),
        "--endpoint",
        endpoint,
        env={USER_ENV: USER, PASSWORD_ENV: PASSWORD},
    )
    return result, endpoint


@pytest.fixture
def endpoint(pushed: tuple[Result, str]) -> str:
    result, url = pushed
    assert result.exit_code == 0, result.output
    return url


def test_push_uploads_every_triple(pushed: tuple[Result, str], seed_store: Path) -> None:
    """push reports the store's triple count, and the endpoint then holds as many per graph."""
    result, url = pushed
    assert result.exit_code == 0, result.output
    local = json.loads(_run("stats", "--store", str(seed_store), "--json").output)
    assert f"pushed {local['totalTriples']} triples" in result.output
    remote = _run("stats", "--endpoint", url, "--json")
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == local


def test_push_through_sparql_update_when_no_graph_store(
    endpoint: str, seed_store: Path, virtuoso_server: VirtuosoServer
) -> None:
    """A Graph Store URL that answers 404 makes push send SPARQL Update, blank nodes and
    all, and the endpoint then holds what the embedded store holds."""
    result = _run(
        "push",
        "--store",
        str(seed_store),
        "--endpoint",
        endpoint,
        "--layout",
        "virtuoso",
        "--store-url",
        f"{virtuoso_server.url}/nonexistent",
        "--replace",
        env={USER_ENV: USER, PASSWORD_ENV: PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "via sparql-update" in result.output
    local = json.loads(_run("stats", "--store", str(seed_store), "--json").output)
    remote = _run("stats", "--endpoint", endpoint, "--json")
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == local


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = re.compile(
    re.escape(_XSD)
    + "(?:nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger"
    + "|long|int|short|byte|unsignedLong|unsignedInt|unsignedShort|unsignedByte)\\b"
)
"""Oxigraph stores a literal of any type derived from xsd:integer as an xsd:integer (the
same value); Virtuoso keeps the type as loaded, so both are compared as xsd:integer."""


def _answer(name: str, output: str) -> tuple[list[str], list[str]]:
    """Columns and rows of a result, sorted so that ties in ORDER BY do not matter."""
    output = _INTEGER_TYPES.sub(f"{_XSD}integer", output)
    if find_query(name, CATALOGUE).form is QueryForm.CONSTRUCT:
        return [], sorted(output.splitlines())
    document: dict[str, Any] = json.loads(output)
    rows = [
        json.dumps(row, sort_keys=True, ensure_ascii=False)
        for row in document["results"]["bindings"]
    ]
    return document["head"]["vars"], sorted(rows)


@pytest.mark.parametrize(
    ("name", "params"),
    [pytest.param(n, p, id=f"{n}-{i}") for i, (n, p) in enumerate(CALLS)],
)
def test_catalogue_query_gives_the_embedded_answer(
    name: str, params: dict[str, str], endpoint: str, seed_store: Path
) -> None:
    """query NAME --endpoint <virtuoso> answers exactly what query NAME does on the store."""
    flags = [f"--param={k}={v}" for k, v in params.items()] + ["--queries", str(CATALOGUE)]
    form = find_query(name, CATALOGUE).form
    flags += ["--format", "ntriples" if form is QueryForm.CONSTRUCT else "json"]
    local = _run("query", name, *flags, "--store", str(seed_store))
    remote = _run("query", name, *flags, "--endpoint", endpoint)
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert _answer(name, remote.output) == _answer(name, local.output)


def test_every_catalogue_query_is_compared() -> None:
    """Each query of the catalogue is run against Virtuoso at least once above."""
    assert {p.stem for p in CATALOGUE.glob("*.rq")} == {name for name, _ in CALLS}


def test_validate_on_virtuoso_equals_embedded(endpoint: str, seed_store: Path) -> None:
    """validate --endpoint <virtuoso> prints the embedded store's report."""
    local = _run("validate", "--shapes", str(SHAPES), "--store", str(seed_store))
    remote = _run("validate", "--shapes", str(SHAPES), "--endpoint", endpoint)
    assert (remote.exit_code, remote.output) == (local.exit_code, local.output)
    assert local.output.startswith("conforms:")


def test_wrong_password_is_one_line(seed_store: Path, virtuoso_server: VirtuosoServer) -> None:
    """Virtuoso's refusal of a bad password is one line naming the endpoint, exit 2."""
    result = _run(
        "push",
        "--store",
        str(seed_store),
        "--endpoint",
        virtuoso_server.query_url,
        env={USER_ENV: USER, PASSWORD_ENV: "not-the-password"},
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "401" in lines[0]
    assert f"127.0.0.1:{virtuoso_server.http_port}" in lines[0]


def test_missing_virtuoso_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without virtuoso-t the tests skip on a workstation but fail where CI=true."""
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"CI must install it \(\.ci/run\)"):
        require_virtuoso()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install virtuoso-opensource"):
        require_virtuoso()
