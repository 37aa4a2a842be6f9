"""Large loads into Virtuoso the two ways its users make them, on a generated corpus.

``civicgraph export --format nquads`` then Virtuoso's bulk loader (``ld_dir``,
``rdf_loader_run``, ``checkpoint``: docs/scale.md), and ``civicgraph push`` streaming the
snapshot a batch of triples a request; after each, ``stats`` and every catalogue query
(its listing, and bound to an entity of the corpus) answer through ``--endpoint`` what
they answer on the embedded store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.remote import PASSWORD_ENV, USER_ENV
from civicgraph.sparql.text import QueryForm, load_catalogue
from tests.seed import ONTOLOGY, ROOT, SHAPES
from tests.test_virtuoso import _answer
from tests.virtuoso import PASSWORD, USER, VirtuosoServer

sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_corpus

pytestmark = pytest.mark.server

CATALOGUE = ROOT / "queries"
GRAPH_FOR_TRIPLES = "https://w3id.org/civicgraph/graph/default"
SAMPLE_IDS = {"event": "event/e1", "subject": "event/e1", "person": "person/p1"}
SAMPLE_IDS |= {"programme": "programme/g1", "body": "org/o1", "post": "post/s1"}
SAMPLE_IDS |= {"speaker": "person/p1", "bySpeaker": "person/p1", "partner": "org/o1"}
SAMPLE_IDS |= {"fact": "participation/e1-0", "inBody": "org/o1"}
CREDENTIALS = {USER_ENV: USER, PASSWORD_ENV: PASSWORD}


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def _calls() -> list[tuple[str, dict[str, str]]]:
    """Each catalogue query as its listing (when it needs no parameter) and bound to an
    entity of the generated corpus (when it takes one)."""
    calls: list[tuple[str, dict[str, str]]] = []
    for entry in load_catalogue(CATALOGUE):
        if not any(p.required for p in entry.parameters):
            calls.append((entry.name, {}))
        bound = [p.name for p in entry.parameters if p.type == "id" and p.name in SAMPLE_IDS]
        if bound:
            calls.append((entry.name, {bound[0]: SAMPLE_IDS[bound[0]]}))
    return calls


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("virtuoso-corpus")
    gen_corpus.write_corpus_stream(5_000, folder / "data")
    store = folder / "store"
    args = ["--ontology", str(ONTOLOGY), "--shapes", str(SHAPES), "--store", str(store)]
    result = _run("build", "--data", str(folder / "data"), *args)
    assert result.exit_code == 0, result.output
    return store


def _same_as_embedded(endpoint: str, store: Path) -> None:
    local = json.loads(_run("stats", "--store", str(store), "--json").output)
    remote = _run("stats", "--endpoint", endpoint, "--json")
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == local
    for name, params in _calls():
        flags = [f"--param={k}={v}" for k, v in params.items()] + ["--queries", str(CATALOGUE)]
        form = next(e for e in load_catalogue(CATALOGUE) if e.name == name).form
        flags += ["--format", "ntriples" if form is QueryForm.CONSTRUCT else "json"]
        here = _run("query", name, *flags, "--store", str(store))
        there = _run("query", name, *flags, "--endpoint", endpoint)
        assert here.exit_code == 0, here.output
        assert there.exit_code == 0, (name, params, there.output)
        assert _answer(name, there.output) == _answer(name, here.output), (name, params)


def test_export_then_bulk_loader_answers_like_the_embedded_store(
    corpus_store: Path, virtuoso_server: VirtuosoServer
) -> None:
    """N-Quads exported and read by Virtuoso's bulk loader: every graph holds its triples
    and every catalogue call answers as on the embedded store."""
    load = virtuoso_server.folder / "load"  # under the server's folder: in its DirsAllowed
    load.mkdir()
    exported = _run(
        "export",
        "--store",
        str(corpus_store),
        "--format",
        "nquads",
        "--out",
        str(load / "civicgraph.nq"),
    )
    assert exported.exit_code == 0, exported.output
    virtuoso_server.bulk_load(load, "*.nq", GRAPH_FOR_TRIPLES)
    _same_as_embedded(virtuoso_server.query_url, corpus_store)


def test_push_in_batches_answers_like_the_embedded_store(
    corpus_store: Path, virtuoso_server: VirtuosoServer
) -> None:
    """push streams each graph 500 triples a request into temporary graphs and swaps them
    in: the endpoint then answers as the embedded store."""
    result = _run(
        "push",
        "--store",
        str(corpus_store),
        "--endpoint",
        virtuoso_server.query_url,
        "--replace",
        "--batch-size",
        "500",
        env=CREDENTIALS,
    )
    assert result.exit_code == 0, result.output
    assert "via graph-store" in result.output
    _same_as_embedded(virtuoso_server.query_url, corpus_store)
