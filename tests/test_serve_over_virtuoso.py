"""The explorer over Virtuoso is the explorer over the embedded store: every entity page,
in every language and every RDF form, is the same bytes; and a push moves the pages and
/sparql to the new data together."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import uvicorn
from click.testing import CliRunner
from starlette.testclient import TestClient

from civicgraph.cli import main
from civicgraph.errors import ServeError
from civicgraph.query import run_query
from civicgraph.remote import push_dataset
from civicgraph.serve import ServeSettings, create_app, queries
from civicgraph.sparql.client import Endpoint
from civicgraph.store import open_store, replace_store
from civicgraph.terms import rdfs
from civicgraph.triplesource import EmbeddedSource, EndpointSource
from tests.seed import IRIS
from tests.serve_support import CATALOGUE, Canary

pytestmark = pytest.mark.server

FORMS = ("turtle", "ntriples", "jsonld")
PERSON = "person/maulen-ashimbayev"


@pytest.fixture(scope="module")
def embedded(seed_store_session: Path) -> Iterator[TestClient]:
    settings = ServeSettings(store_path=seed_store_session, iris=IRIS, catalogue=CATALOGUE)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def over(endpoint: Endpoint, **limits: float) -> TestClient:
    settings = ServeSettings(
        store_path=None, endpoint=endpoint, iris=IRIS, catalogue=CATALOGUE, **limits
    )  # type: ignore[arg-type]
    return TestClient(create_app(settings), raise_server_exceptions=False)


def entity_ids(store_path: Path) -> list[str]:
    """Every entity and source document of the seed: the subjects its graphs type."""
    answer = open_store(store_path).query(
        "SELECT DISTINCT ?s WHERE { ?s a ?type }", use_default_graph_as_union=True
    )
    assert isinstance(answer, ox.QuerySolutions)
    found = {IRIS.id_of(s["s"].value) for s in answer if isinstance(s["s"], ox.NamedNode)}
    return sorted(i for i in found if i is not None)


def test_every_entity_page_is_the_same_bytes_over_virtuoso(
    embedded: TestClient, virtuoso_seed: Endpoint, seed_store_session: Path
) -> None:
    ids = entity_ids(seed_store_session)
    assert len(ids) > 100  # people, bodies, posts, events, facts, sources
    differ: list[str] = []
    with over(virtuoso_seed) as remote:
        for entity_id in ids:
            asked = [f"/id/{entity_id}?lang={lang}" for lang in ("kk", "ru", "en")]
            asked += [f"/id/{entity_id}?format={form}" for form in FORMS]
            for path in asked:
                here, there = embedded.get(path), remote.get(path)
                assert here.status_code == 200, (path, here.text[:300])
                if (there.status_code, there.content) != (200, here.content):
                    differ.append(path)
    assert differ == [], f"{len(differ)} of {len(ids) * 6} differ, e.g. {differ[:5]}"


def test_a_push_moves_pages_and_sparql_to_the_new_data_together(
    virtuoso_seed: Endpoint, seed_store_session: Path, tmp_path: Path
) -> None:
    """A new label pushed to the endpoint: within the version check, the page (cached
    before) and /sparql both show it; the seed pushed back, both lose it again."""
    changed = tmp_path / "store"
    extra = ox.Quad(
        ox.NamedNode(IRIS.entity(PERSON)),
        rdfs.label,
        ox.Literal("Pushed Later", language="de"),
        ox.NamedNode(IRIS.graph("entities")),
    )
    seed = open_store(seed_store_session).quads_for_pattern(None, None, None, None)
    replace_store(changed, [*seed, extra], iris=IRIS)
    ask = {"query": 'ASK { ?s ?p "Pushed Later"@de }'}
    page = f"/id/{PERSON}?lang=en"
    with over(virtuoso_seed, version_check=0.2) as client:
        before = client.get(page)
        assert "Pushed Later" not in before.text
        assert client.get(page).headers["etag"] == before.headers["etag"]  # kept
        try:
            push_dataset(changed, virtuoso_seed, iris=IRIS, replace=True)
            time.sleep(0.3)
            after = client.get(page)
            assert "Pushed Later" in after.text
            assert "true" in client.get("/sparql", params=ask).text
        finally:
            push_dataset(seed_store_session, virtuoso_seed, iris=IRIS, replace=True)
        time.sleep(0.3)
        assert "Pushed Later" not in client.get(page).text
        assert "false" in client.get("/sparql", params=ask).text


def test_serve_endpoint_serves_the_endpoint_and_no_store(
    virtuoso_seed: Endpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve --endpoint` needs no built store: its site reads the endpoint, under the
    --timeout given, and says what it serves."""
    served: list[Any] = []

    def run(server: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        for listener in sockets or []:
            listener.close()
        served.append(server.config.app)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.chdir(tmp_path)  # no .civicgraph/store here
    result = CliRunner().invoke(
        main,
        ["serve", "--endpoint", virtuoso_seed.query_url, "--port", "0", "--timeout", "7"],
    )
    assert result.exit_code == 0, result.output
    assert f"serving {virtuoso_seed.query_url} on http://127.0.0.1:" in result.output
    site = served[-1].app.state.site
    assert isinstance(site.source, EndpointSource)
    assert site.settings.store_path is None
    assert site.source.endpoint.timeout == 7


def test_a_visitors_service_never_reaches_the_endpoint(virtuoso_seed: Endpoint) -> None:
    """SERVICE is refused before the query is sent: Virtuoso, which runs SERVICE, is never
    asked to call the address a visitor wrote."""
    canary = Canary()
    try:
        query = f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
        with over(virtuoso_seed) as client:
            answer = client.get("/sparql", params={"query": query})
            page = client.get("/query", params={"sparql": query, "lang": "en"})
        time.sleep(0.5)  # a call the endpoint made would have arrived by now
        assert answer.status_code == 400, answer.text
        assert "is not run" in answer.text
        assert page.status_code == 400
        assert canary.calls == []
    finally:
        canary.close()


@pytest.mark.parametrize("given", [{}, {"both": True}])
def test_settings_serve_a_store_or_an_endpoint_not_both_nor_neither(
    given: dict[str, bool], virtuoso_seed: Endpoint, seed_store_session: Path
) -> None:
    store = seed_store_session if given else None
    endpoint = virtuoso_seed if given else None
    with pytest.raises(ServeError, match="serve either a store or an endpoint"):
        ServeSettings(store_path=store, endpoint=endpoint, iris=IRIS)


def test_a_dataset_of_more_graphs_than_a_request_may_name_is_asked_of_the_union(
    embedded: TestClient, virtuoso_seed: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a million triples the dataset has thousands of graphs, more than Virtuoso takes
    in one request: queries then go to its default graph (the union of its graphs) and
    counts name the graphs a few at a time; the pages and counts stay the same."""
    reference = EmbeddedSource.open(
        embedded.app.app.state.site.source.path,  # type: ignore[attr-defined]
        iris=IRIS,
    )
    monkeypatch.setattr(EndpointSource, "named_at_most", 2)
    source = EndpointSource(virtuoso_seed, iris=IRIS)
    assert len(source.graphs()) > 2
    assert source.count() == reference.count()
    counts = queries.shipped_query("counts_by_class")
    assert sorted(run_query(counts, source).rows) == sorted(run_query(counts, reference).rows)
    with over(virtuoso_seed) as remote:
        for path in (f"/id/{PERSON}?lang=kk", f"/id/{PERSON}?format=turtle"):
            assert remote.get(path).content == embedded.get(path).content
