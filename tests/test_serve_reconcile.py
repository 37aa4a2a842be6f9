"""The Reconciliation Service API (v0.2) of `civicgraph serve`, with the protocol's shapes:
a manifest, query batches with types and properties, suggest and preview."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from civicgraph.serve import create_app
from tests.serve_support import SOURCES, accepted_qid, settings_for

WIKIDATA_ITEM = f"http://www.wikidata.org/entity/{accepted_qid('person/maulen-ashimbayev')}"


@pytest.fixture(scope="module", params=SOURCES)
def client(request: pytest.FixtureRequest, seed_store_session: Path) -> Iterator[TestClient]:
    """The service over the built store, and over the same seed pushed to Virtuoso."""
    app = create_app(settings_for(request, seed_store_session))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def reconcile(client: TestClient, batch: dict[str, object]) -> dict[str, list[dict[str, object]]]:
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == set(batch)
    results = {key: value["result"] for key, value in answer.items()}
    for candidates in results.values():
        for candidate in candidates:
            # required by the result schema: id, name, score; types as {id, name}
            assert {"id", "name", "score", "match", "type"} <= set(candidate)
            assert all("id" in t and "name" in t for t in candidate["type"])  # type: ignore[union-attr]
    return results


def test_manifest_has_what_openrefine_reads(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    assert "0.2" in manifest["versions"]
    assert manifest["name"] == "civicgraph"
    assert manifest["identifierSpace"] == "https://w3id.org/civicgraph/id/"
    assert manifest["schemaSpace"] == "https://w3id.org/civicgraph/ontology#"
    assert manifest["view"]["url"] == "http://testserver/id/{{id}}"
    assert manifest["preview"] == {
        "url": "http://testserver/reconcile/preview?id={{id}}",
        "width": 420,
        "height": 120,
    }
    assert manifest["suggest"]["entity"] == {
        "service_url": "http://testserver/reconcile",
        "service_path": "/suggest/entity",
    }
    assert {"id": "Person", "name": "Person"} in manifest["defaultTypes"]


def test_batch_matches_names_in_every_language_with_endings_and_types(client: TestClient) -> None:
    results = reconcile(
        client,
        {
            "q0": {"query": "Мәулен Әшімбаев", "type": "Person", "limit": 3},
            "q1": {"query": "Сенаттың", "type": "Organisation"},
            "q2": {"query": "Ашимбаева", "type": "Organisation"},
            "q3": {"query": "Маулена Ашимбаева", "type": ["Person", "Group"]},
        },
    )
    assert results["q0"][0]["id"] == "person/maulen-ashimbayev"
    assert results["q0"][0]["score"] == 100.0
    assert results["q0"][0]["match"] is True
    assert results["q0"][0]["type"] == [{"id": "Person", "name": "person"}]
    # a legislative chamber is an Organisation: the type filter follows subclasses
    assert results["q1"][0]["id"] == "org/senate-kz"
    assert results["q1"][0]["match"] is False  # an inflected form is never a sure match
    assert results["q2"] == []
    assert [c["id"] for c in results["q3"]] == ["person/maulen-ashimbayev"]


def test_properties_raise_or_lower_the_score(client: TestClient) -> None:
    results = reconcile(
        client,
        {
            "right": {
                "query": "Maulen Ashimbayev",
                "properties": [{"pid": "skos:exactMatch", "v": WIKIDATA_ITEM}],
            },
            "wrong": {
                "query": "Maulen Ashimbayev",
                "properties": [
                    {"pid": "skos:exactMatch", "v": "http://www.wikidata.org/entity/Q9000000001"}
                ],
            },
            "by_id": {
                "query": "Maulen Ashimbayev",
                "properties": [
                    {"pid": "rdf:type", "v": {"id": "https://w3id.org/civicgraph/ontology#Person"}}
                ],
            },
        },
    )
    assert results["right"][0]["score"] == 100.0
    assert results["right"][0]["match"] is True
    assert results["wrong"][0]["score"] == 50.0
    assert results["wrong"][0]["match"] is False
    assert results["by_id"][0]["score"] == 100.0


def test_browsers_on_other_sites_may_call_the_service(client: TestClient) -> None:
    origin = {"Origin": "http://openrefine.example"}
    assert client.get("/reconcile", headers=origin).headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/reconcile",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    refused = client.options(
        "/reconcile", headers={**origin, "Access-Control-Request-Method": "DELETE"}
    )
    assert refused.status_code == 400


def test_limit_and_get_requests(client: TestClient) -> None:
    batch = {"q0": {"query": "Сенат", "limit": 2}}
    answer = client.get("/reconcile", params={"queries": json.dumps(batch)}).json()
    candidates = answer["q0"]["result"]
    assert len(candidates) == 2
    assert candidates[0]["id"] == "org/senate-kz"
    assert candidates[0]["score"] >= candidates[1]["score"]


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ("{not json", "queries is not JSON"),
        ('["q0"]', "queries must be a JSON object of named queries"),
        ('{"q0": {}}', "query 'q0' has neither a query string nor properties"),
        ('{"q0": {"query": "x", "limit": 0}}', "limit must be a positive number"),
        ('{"q0": {"query": "x", "properties": [{"pid": "p"}]}}', "each property needs pid and v"),
    ],
)
def test_bad_batches_are_refused_with_the_reason(
    client: TestClient, queries: str, message: str
) -> None:
    response = client.post("/reconcile", data={"queries": queries})
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_suggest_entity_completes_a_prefix(client: TestClient) -> None:
    answer = client.get("/reconcile/suggest/entity", params={"prefix": "Сена"}).json()
    ids = [item["id"] for item in answer["result"]]
    assert ids[0] == "org/senate-kz"
    assert all({"id", "name", "description", "notable"} <= set(item) for item in answer["result"])
    people = client.get(
        "/reconcile/suggest/entity", params={"prefix": "Сена", "type": "Person"}
    ).json()
    assert people["result"] == []


def test_preview_shows_the_entity_or_404(client: TestClient) -> None:
    preview = client.get(
        "/reconcile/preview", params={"id": "person/maulen-ashimbayev", "lang": "en"}
    )
    assert preview.status_code == 200
    assert 'href="/id/person/maulen-ashimbayev?lang=en"' in preview.text
    assert "Maulen Ashimbayev" in preview.text
    missing = client.get("/reconcile/preview", params={"id": "person/nobody"})
    assert missing.status_code == 404


def test_preview_without_an_id_is_refused_with_400_saying_what_to_give(
    client: TestClient,
) -> None:
    for params in ({}, {"id": "  "}):
        answer = client.get("/reconcile/preview", params=params, headers={"Accept": "text/plain"})
        assert answer.status_code == 400
        assert answer.text == "give the entity to preview as ?id=, e.g. ?id=person/<slug>\n"
