"""The explorer over Virtuoso is the explorer over the embedded store: every entity page,
in every language and every RDF form, is the same bytes; and a push moves the pages and
/sparql to the new data together."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from civicgraph.remote import push_dataset
from civicgraph.serve import ServeSettings, create_app
from civicgraph.sparql.client import Endpoint
from civicgraph.store import open_store, replace_store
from civicgraph.terms import rdfs
from tests.seed import IRIS
from tests.serve_support import CATALOGUE

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
