"""The Reconciliation Service API (v0.2) of `civicgraph serve`: manifest, batches with
types and properties, lookups by id, suggest (entity, property, type), data extension
and preview, every answer checked against the API's JSON schemas, over the built store
and over the same data pushed to Virtuoso.

The data is the seed and a few entities of our own: two namesakes told apart by their
posts, and a person named in Kazakh only (found by a Latin transliteration).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from civicgraph.build import build_dataset
from civicgraph.errors import QueryTimeoutError
from civicgraph.linking.rdf import link_quads
from civicgraph.remote import push_dataset, resolve_endpoint
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve import reconcile as reconciliation
from civicgraph.serve.explorer import Explorer
from civicgraph.sparql.http import Credentials, origin
from civicgraph.store import replace_store
from civicgraph.triplesource import EmbeddedSource
from tests.reconciliation_api import validate
from tests.seed import CIV, DATA, IRIS, ONTOLOGY, iri
from tests.serve_support import CATALOGUE, SOURCES, accepted_qid
from tests.virtuoso import PASSWORD, USER

ASHIMBAYEV_QID = accepted_qid("person/maulen-ashimbayev")
WIKIDATA_ITEM = f"http://www.wikidata.org/entity/{ASHIMBAYEV_QID}"
OTHER_ITEM = "http://www.wikidata.org/entity/Q999999001"
"""A clearly synthetic Wikidata id: no entity has it."""
SERIKOV_ABAI = "person/test-aidos-serikov-abai"
SERIKOV_ULYTAU = "person/test-aidos-serikov-ulytau"
KASYMOV = "person/test-yerlan-kasymov"


def _labels(node: ox.NamedNode, kk: str, ru: str | None, en: str | None) -> list[ox.Triple]:
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    said = {"kk": kk, "ru": ru, "en": en}
    return [ox.Triple(node, label, ox.Literal(t, language=g)) for g, t in said.items() if t]


def _namesakes() -> list[ox.Quad]:
    """Two people of one name, each the akim (governor) of another region, and a person
    with a Kazakh name only."""
    a, civ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), CIV
    triples: list[ox.Triple] = []
    for slug, region, kk, ru, en in (
        (
            "abai",
            "abai-region",
            "Абай облысының әкімі",
            "Аким Абайской области",
            "Akim of Abai Region",
        ),
        (
            "ulytau",
            "ulytau-region",
            "Ұлытау облысының әкімі",
            "Аким Улытауской области",
            "Akim of Ulytau Region",
        ),
    ):
        person = ox.NamedNode(iri(f"person/test-aidos-serikov-{slug}"))
        post = ox.NamedNode(iri(f"post/test-akim-{slug}"))
        holding = ox.NamedNode(iri(f"holding/test-aidos-serikov-{slug}"))
        triples += [
            ox.Triple(person, a, ox.NamedNode(f"{civ}Person")),
            *_labels(person, "Айдос Серіков", "Айдос Сериков", "Aidos Serikov"),
            ox.Triple(post, a, ox.NamedNode(f"{civ}Post")),
            *_labels(post, kk, ru, en),
            ox.Triple(
                post, ox.NamedNode(f"{civ}jurisdiction"), ox.NamedNode(iri(f"place/{region}"))
            ),
            ox.Triple(holding, a, ox.NamedNode(f"{civ}PostHolding")),
            ox.Triple(holding, ox.NamedNode(f"{civ}holder"), person),
            ox.Triple(holding, ox.NamedNode(f"{civ}post"), post),
            ox.Triple(
                holding, ox.NamedNode(f"{civ}holdingStatus"), ox.NamedNode(f"{civ}StatusCurrent")
            ),
        ]
    kasymov = ox.NamedNode(iri(KASYMOV))
    triples += [
        ox.Triple(kasymov, a, ox.NamedNode(f"{civ}Person")),
        *_labels(kasymov, "Ерлан Қасымов", None, None),
    ]
    graph = ox.NamedNode(IRIS.graph("entities"))
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


@pytest.fixture(scope="module")
def reconcile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the namesakes, written as `civicgraph build` writes a store."""
    quads = [*build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads, *_namesakes()]
    path = tmp_path_factory.mktemp("reconcile") / "store"
    replace_store(path, quads, iris=IRIS)
    return path


@pytest.fixture(scope="module", params=SOURCES)
def client(request: pytest.FixtureRequest, reconcile_store: Path) -> Iterator[TestClient]:
    """The service over the built store, and over the same data pushed to a Virtuoso of
    this module's own (skipped outside CI when Virtuoso is missing, a failure in CI)."""
    if request.param == "virtuoso":
        server = request.getfixturevalue("virtuoso_server")
        endpoint = dataclasses.replace(
            resolve_endpoint(server.query_url),
            credentials=Credentials(origin(server.url), USER, PASSWORD),
        )
        push_dataset(reconcile_store, endpoint, iris=IRIS, replace=True)
        settings = ServeSettings(store_path=None, endpoint=endpoint, iris=IRIS, catalogue=CATALOGUE)
    else:
        settings = ServeSettings(store_path=reconcile_store, iris=IRIS, catalogue=CATALOGUE)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def reconcile(
    client: TestClient, batch: dict[str, Any], **params: str
) -> dict[str, list[dict[str, Any]]]:
    """The candidates of each query of a batch posted as OpenRefine posts it; the batch
    and the answer both checked against the schemas."""
    validate(batch, "reconciliation-query-batch")
    response = client.post("/reconcile", data={"queries": json.dumps(batch)}, params=params)
    assert response.status_code == 200, response.text
    answer = response.json()
    validate(answer, "reconciliation-result-batch")
    assert set(answer) == set(batch)
    return {key: value["result"] for key, value in answer.items()}


_SUGGEST_SCHEMAS = {
    "entity": "suggest-entities-response",
    "property": "suggest-properties-response",
    "type": "suggest-types-response",
}


def suggest(client: TestClient, kind: str, **params: str) -> list[dict[str, Any]]:
    response = client.get(f"/reconcile/suggest/{kind}", params=params)
    assert response.status_code == 200, response.text
    answer = response.json()
    validate(answer, _SUGGEST_SCHEMAS[kind])
    return list(answer["result"])


def extend(client: TestClient, query: dict[str, Any], **params: str) -> dict[str, Any]:
    validate(query, "data-extension-query")
    response = client.post("/reconcile", data={"extend": json.dumps(query)}, params=params)
    assert response.status_code == 200, response.text
    answer = response.json()
    validate(answer, "data-extension-response")
    return dict(answer)


def ids(candidates: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in candidates]


# -- the manifest ---------------------------------------------------------------------------


def test_manifest_names_every_service_openrefine_reads(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    validate(manifest, "manifest")
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == "https://w3id.org/civicgraph/id/"
    assert manifest["schemaSpace"] == CIV
    assert manifest["view"]["url"] == "http://testserver/id/{{id}}"
    assert manifest["preview"]["url"] == "http://testserver/reconcile/preview?id={{id}}"
    root = {"service_url": "http://testserver/reconcile"}
    assert manifest["suggest"] == {
        kind: {**root, "service_path": f"/suggest/{kind}"}
        for kind in ("entity", "property", "type")
    }
    assert manifest["extend"]["propose_properties"] == {**root, "service_path": "/properties"}
    assert manifest["batchSize"] == 100
    assert {"id": "Person", "name": "person"} in client.get(
        "/reconcile", params={"lang": "en"}
    ).json()["defaultTypes"]


def test_a_manifest_asked_in_a_language_keeps_it_for_views_and_previews(client: TestClient) -> None:
    manifest = client.get("/reconcile", params={"lang": "ru"}).json()
    validate(manifest, "manifest")
    assert {"id": "Person", "name": "Персона"} in manifest["defaultTypes"]
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}&lang=ru")
    assert manifest["view"]["url"].endswith("/id/{{id}}?lang=ru")


# -- reconciliation by name -----------------------------------------------------------------


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
    assert results["q0"][0]["type"] == [{"id": "Person", "name": "Тұлға"}]
    # a legislative chamber is an Organisation: the type filter follows subclasses
    assert results["q1"][0]["id"] == "org/senate-kz"
    assert results["q1"][0]["match"] is False  # an inflected form is never a sure match
    assert results["q2"] == []
    assert ids(results["q3"]) == ["person/maulen-ashimbayev"]


def test_candidates_are_named_in_the_language_the_query_is_written_in(client: TestClient) -> None:
    batch = {
        "kk": {"query": "Сенат Төрағасы"},  # Kazakh letters: Kazakh
        "ru": {"query": "Председатель Сената"},  # Cyrillic without them: Russian
        "en": {"query": "Chairman of the Senate"},  # Latin: English
    }
    results = reconcile(client, batch)
    chairman = "post/chairman-senate-kz"
    assert {key: found[0]["id"] for key, found in results.items()} == dict.fromkeys(batch, chairman)
    assert results["kk"][0]["name"] == "Қазақстан Республикасы Парламенті Сенатының Төрағасы"
    assert results["ru"][0]["name"] == "Председатель Сената Парламента Республики Казахстан"
    assert results["en"][0]["name"] == (
        "Chairman of the Senate of the Parliament of the Republic of Kazakhstan"
    )
    assert results["ru"][0]["type"] == [{"id": "Post", "name": "Должность"}]
    # asked in a language, the service answers in it whatever the query's letters
    asked = reconcile(client, {"q0": {"query": "Chairman of the Senate"}}, lang="ru")
    assert asked["q0"][0]["name"] == "Председатель Сената Парламента Республики Казахстан"
    # a name the entity has in one language only is given in that language
    alone = reconcile(client, {"q0": {"query": "Yerlan Qasymov"}})
    assert alone["q0"][0]["name"] == "Ерлан Қасымов"


def test_descriptions_tell_namesakes_apart_in_the_query_language(client: TestClient) -> None:
    results = reconcile(
        client, {"en": {"query": "Aidos Serikov"}, "ru": {"query": "Айдос Сериков"}}
    )
    described = {c["id"]: c["description"] for c in results["en"]}
    assert described == {
        SERIKOV_ABAI: "person, Akim of Abai Region",
        SERIKOV_ULYTAU: "person, Akim of Ulytau Region",
    }
    assert {c["id"]: c["description"] for c in results["ru"]} == {
        SERIKOV_ABAI: "Персона, Аким Абайской области",
        SERIKOV_ULYTAU: "Персона, Аким Улытауской области",
    }
    # two at 100: neither is a sure match
    assert [(c["score"], c["match"]) for c in results["en"]] == [(100.0, False), (100.0, False)]


def test_a_property_value_tells_namesakes_apart(client: TestClient) -> None:
    results = reconcile(
        client,
        {
            "post": {
                "query": "Aidos Serikov",
                "properties": [{"pid": "post", "v": "Akim of Abai Region"}],
            },
            "region": {
                "query": "Айдос Сериков",
                "type": "Person",
                "properties": [
                    {"pid": "region", "v": {"id": "place/ulytau-region", "name": "Ulytau"}}
                ],
            },
        },
    )
    assert [(c["id"], c["score"], c["match"]) for c in results["post"]] == [
        (SERIKOV_ABAI, 100.0, True),
        (SERIKOV_ULYTAU, 50.0, False),
    ]
    assert results["post"][0]["features"] == [
        {"id": "name", "value": 1.0},
        {"id": "property:post", "value": 1.0},
    ]
    assert [(c["id"], c["match"]) for c in results["region"]] == [
        (SERIKOV_ULYTAU, True),
        (SERIKOV_ABAI, False),
    ]


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
                "properties": [{"pid": "wikidata", "v": OTHER_ITEM}],
            },
            "by_id": {
                "query": "Maulen Ashimbayev",
                "properties": [{"pid": "rdf:type", "v": {"id": f"{CIV}Person"}}],
            },
            "senate": {
                "query": "Senate",
                "properties": [{"pid": "body", "v": "Parliament of Kazakhstan"}],
            },
        },
    )
    assert results["right"][0]["score"] == 100.0
    assert results["right"][0]["match"] is True
    assert results["wrong"][0]["score"] == 50.0
    assert results["wrong"][0]["match"] is False
    assert results["by_id"][0]["score"] == 100.0
    # the chamber is in the parliament; its chairman's post and its members are not
    assert results["senate"][0]["id"] == "org/senate-kz"
    assert results["senate"][0]["match"] is True
    assert all(c["score"] <= 50.0 for c in results["senate"][1:])


def test_a_wikidata_id_that_agrees_is_a_sure_match_whatever_the_name(client: TestClient) -> None:
    results = reconcile(
        client,
        {
            "misspelt": {
                "query": "Maulen Ashimbaeyv",
                "properties": [{"pid": "wikidata", "v": ASHIMBAYEV_QID}],
            },
        },
    )
    assert results["misspelt"][0]["id"] == "person/maulen-ashimbayev"
    assert (results["misspelt"][0]["score"], results["misspelt"][0]["match"]) == (100.0, True)


# -- reconciliation without a name, and by id ------------------------------------------------


def test_properties_only_queries_find_the_entities_with_those_values(client: TestClient) -> None:
    results = reconcile(
        client,
        {
            "qid": {"properties": [{"pid": "wikidata", "v": ASHIMBAYEV_QID}]},
            "item": {"properties": [{"pid": "skos:exactMatch", "v": WIKIDATA_ITEM}]},
            "post": {
                "properties": [{"pid": "post", "v": "Аким Абайской области"}],
                "type": "Person",
            },
            "both": {
                "properties": [
                    {"pid": "region", "v": "Ulytau Region"},
                    {"pid": "label_en", "v": "Aidos Serikov"},
                ]
            },
            "none": {"properties": [{"pid": "wikidata", "v": OTHER_ITEM}]},
        },
    )
    for key in ("qid", "item"):
        assert [(c["id"], c["score"], c["match"]) for c in results[key]] == [
            ("person/maulen-ashimbayev", 100.0, True)
        ]
    assert [(c["id"], c["score"]) for c in results["post"]] == [(SERIKOV_ABAI, 100.0)]
    # the namesake of the other region has the name, not the region; what is in the
    # region has no such name: half the score each
    both = [(c["id"], c["score"]) for c in results["both"]]
    assert both[0] == (SERIKOV_ULYTAU, 100.0)
    assert (SERIKOV_ABAI, 50.0) in both
    assert ("post/test-akim-ulytau", 50.0) in both
    assert all(score == 50.0 for _, score in both[1:])
    assert results["none"] == []


def test_an_entity_id_or_iri_as_the_query_is_that_entity(client: TestClient) -> None:
    results = reconcile(
        client,
        {
            "id": {"query": "person/maulen-ashimbayev"},
            "iri": {"query": iri("org/senate-kz")},
            "qid": {"query": ASHIMBAYEV_QID},
            "unknown": {"query": "person/nobody-of-that-id"},
        },
    )
    assert [(c["id"], c["score"], c["match"]) for c in results["id"]] == [
        ("person/maulen-ashimbayev", 100.0, True)
    ]
    assert [(c["id"], c["score"]) for c in results["iri"]] == [("org/senate-kz", 100.0)]
    assert [(c["id"], c["score"]) for c in results["qid"]] == [("person/maulen-ashimbayev", 100.0)]
    assert results["unknown"] == []


def test_limit_and_get_requests(client: TestClient) -> None:
    batch = {"q0": {"query": "Сенат", "limit": 2}}
    answer = client.get("/reconcile", params={"queries": json.dumps(batch)}).json()
    validate(answer, "reconciliation-result-batch")
    candidates = answer["q0"]["result"]
    assert len(candidates) == 2
    assert candidates[0]["id"] == "org/senate-kz"
    assert candidates[0]["score"] >= candidates[1]["score"]


# -- suggest ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "Maulen As",  # the last word from its first letters
        "Ashimbayev M",  # any word order
        "As",  # the second word alone
        "Әші",  # Kazakh
        "Ашим",  # Russian
        "М",  # one letter
        "person/maulen",  # an id being typed
        iri("person/maulen-ashimbayev"),  # an IRI
    ],
)
def test_suggest_entity_completes_from_the_first_letter(client: TestClient, prefix: str) -> None:
    found = suggest(client, "entity", prefix=prefix, limit="50")
    assert "person/maulen-ashimbayev" in ids(found)


def test_suggest_entity_transliterates_a_name_given_in_cyrillic_only(client: TestClient) -> None:
    for prefix in ("Yerlan Q", "erlan", "Qasymo"):
        found = suggest(client, "entity", prefix=prefix)
        assert ids(found)[:1] == [KASYMOV], prefix
        assert found[0]["name"] == "Ерлан Қасымов"


def test_suggest_entity_describes_namesakes_and_narrows_by_type(client: TestClient) -> None:
    found = suggest(client, "entity", prefix="Айдос С")
    assert {(c["id"], c["description"]) for c in found} == {
        (SERIKOV_ABAI, "Персона, Аким Абайской области"),
        (SERIKOV_ULYTAU, "Персона, Аким Улытауской области"),
    }
    assert all(c["notable"] == [{"id": "Person", "name": "Персона"}] for c in found)
    assert ids(suggest(client, "entity", prefix="Сена"))[0] == "org/senate-kz"
    assert suggest(client, "entity", prefix="Сена", type="Person") == []
    # the next page of the same suggestions
    first = suggest(client, "entity", prefix="М", limit="2")
    second = suggest(client, "entity", prefix="М", limit="2", cursor="2")
    assert ids(first) + ids(second) == ids(suggest(client, "entity", prefix="М", limit="4"))


def test_suggest_property_in_any_language(client: TestClient) -> None:
    assert ids(suggest(client, "property", prefix="дол"))[0] == "post"
    assert ids(suggest(client, "property", prefix="өң")) == ["region"]
    regions = suggest(client, "property", prefix="reg", lang="en")
    assert regions[0]["id"] == "region"
    assert regions[0]["name"] == "region"
    assert "jurisdiction" in regions[0]["description"]
    assert "wikidata" in ids(suggest(client, "property", prefix="Wiki"))


def test_suggest_type_with_broader_types(client: TestClient) -> None:
    found = suggest(client, "type", prefix="legisl", lang="en")
    chamber = next(t for t in found if t["id"] == "LegislativeChamber")
    assert chamber["name"] == "legislative chamber"
    assert chamber["broader"]
    assert "Organisation" in ids(suggest(client, "type", prefix="Орг"))
    assert ids(suggest(client, "type", prefix="Тұл")) == ["Person"]


# -- data extension -----------------------------------------------------------------------


def test_propose_properties_for_a_type_and_its_subclasses(client: TestClient) -> None:
    person = client.get("/reconcile/properties", params={"type": "Person", "lang": "en"}).json()
    validate(person, "property-proposal")
    assert person["type"] == "Person"
    assert ids(person["properties"]) == [
        "post", "body", "region", "wikidata", "label_kk", "label_ru", "label_en", "type"
    ]  # fmt: skip
    assert person["properties"][0]["name"] == "post held"
    chamber = client.get("/reconcile/properties", params={"type": "LegislativeChamber"}).json()
    validate(chamber, "property-proposal")
    assert ids(chamber["properties"])[:2] == ["body", "region"]
    assert "post" not in ids(chamber["properties"])
    limited = client.get("/reconcile/properties", params={"type": "Event", "limit": "2"}).json()
    validate(limited, "property-proposal")
    assert (ids(limited["properties"]), limited["limit"]) == (["region", "held_by"], 2)


def test_extend_gives_values_with_their_ids(client: TestClient) -> None:
    event = "event/council-maslikhats-extended-meeting-2025-04"
    asked = ["person/maulen-ashimbayev", "org/senate-kz", event, "person/nobody"]
    properties = ["post", "body", "region", "wikidata", "label_ru", "date", "held_by", "type"]
    answer = extend(
        client, {"ids": asked, "properties": [{"id": p} for p in properties]}, lang="ru"
    )
    assert [m["id"] for m in answer["meta"]] == properties
    assert answer["meta"][0] == {
        "id": "post",
        "name": "занимаемая должность",
        "type": {"id": "Post", "name": "Должность"},
    }
    rows = answer["rows"]
    assert set(rows) == set(asked)
    ashimbayev = rows["person/maulen-ashimbayev"]
    assert ashimbayev["post"] == [
        {
            "id": "post/chairman-senate-kz",
            "name": "Председатель Сената Парламента Республики Казахстан",
        }
    ]
    assert ashimbayev["body"] == [
        {"id": "org/senate-kz", "name": "Сенат Парламента Республики Казахстан"}
    ]
    assert ashimbayev["wikidata"] == [{"str": ASHIMBAYEV_QID}]
    assert ashimbayev["label_ru"] == [{"str": "Маулен Ашимбаев"}]
    assert ashimbayev["type"] == [{"str": "Персона"}]
    assert rows["org/senate-kz"]["body"] == [
        {"id": "org/parliament-kz", "name": "Парламент Республики Казахстан"}
    ]
    assert rows[event]["date"] == [{"date": "2025-04-03T00:00:00+00:00"}]
    assert rows[event]["region"] == [{"id": "place/astana", "name": "Астана"}]
    assert rows["person/nobody"] == {p: [] for p in properties}


def test_extend_a_region_through_a_post_and_the_limit_setting(client: TestClient) -> None:
    answer = extend(
        client,
        {
            "ids": [SERIKOV_ABAI, iri(SERIKOV_ULYTAU)],
            "properties": [{"id": "region"}, {"id": "label_kk", "settings": {"limit": 1}}],
        },
        lang="en",
    )
    assert answer["rows"][SERIKOV_ABAI]["region"] == [
        {"id": "place/abai-region", "name": "Abai Region"}
    ]
    assert answer["rows"][iri(SERIKOV_ULYTAU)]["region"] == [
        {"id": "place/ulytau-region", "name": "Ulytau Region"}
    ]
    assert answer["rows"][SERIKOV_ABAI]["label_kk"] == [{"str": "Айдос Серіков"}]


def test_extend_by_get(client: TestClient) -> None:
    query = {"ids": ["org/senate-kz"], "properties": [{"id": "label_en"}]}
    answer = client.get("/reconcile", params={"extend": json.dumps(query)}).json()
    validate(answer, "data-extension-response")
    assert answer["rows"]["org/senate-kz"]["label_en"] == [
        {"str": "Senate of the Parliament of the Republic of Kazakhstan"}
    ]


# -- requests the service does not understand -------------------------------------------------


_TOO_MANY_QUERIES = json.dumps({f"q{n}": {"query": "x"} for n in range(101)})
_TOO_MANY_VALUES = json.dumps(
    {"q0": {"query": "x", "properties": [{"pid": "post", "v": ["x"] * 51}]}}
)
_TOO_MANY_IDS = json.dumps({"ids": ["org/senate-kz"] * 101, "properties": [{"id": "post"}]})
_TOO_MANY_PROPERTIES = json.dumps({"ids": [], "properties": [{"id": "post"}] * 21})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("queries", "{not json", "queries is not JSON"),
        ("queries", '{"q0": {"query": "x", "limit": NaN}}', "NaN is not a number in JSON"),
        ("queries", '["q0"]', "queries must be a JSON object of named queries"),
        ("queries", _TOO_MANY_QUERIES, "101 queries in one batch; at most 100 are read"),
        ("queries", '{"q0": {}}', "query 'q0' has neither a query string nor properties"),
        ("queries", json.dumps({"q0": {"query": "x" * 501}}), "longer than 500 characters"),
        ("queries", '{"q0": {"query": "x", "limit": 0}}', "limit must be a positive number"),
        ("queries", '{"q0": {"query": "x", "limit": "3"}}', "limit must be a positive number"),
        ("queries", '{"q0": {"query": "x", "properties": [{"pid": "p"}]}}', "needs pid and v"),
        ("queries", '{"q0": {"query": "x", "name": "x"}}', "query 'q0': unknown key 'name'"),
        ("queries", '{"q0": {"query": 5}}', "query must be a string and properties a list"),
        ("queries", '{"q0": {"query": "x", "type": 5}}', "type must be a string or a list"),
        ("queries", '{"q0": {"query": "x", "type_strict": "some"}}', "type_strict must be one"),
        (
            "queries",
            '{"q0": {"query": "x", "properties": [{"pid": 5, "v": "x"}]}}',
            "pid must be a string",
        ),
        (
            "queries",
            '{"q0": {"query": "x", "properties": [{"pid": "post", "v": [{}]}]}}',
            "a property value",
        ),
        (
            "queries",
            '{"q0": {"query": "x", "properties": [{"pid": "hair", "v": "x"}]}}',
            "unknown property 'hair'",
        ),
        ("queries", _TOO_MANY_VALUES, "query 'q0': more than 50 property values"),
        ("extend", '{"ids": ["org/senate-kz"]}', "extend must be a JSON object with ids and"),
        ("extend", '{"ids": "org/senate-kz", "properties": [{"id": "post"}]}', "ids must be a"),
        ("extend", _TOO_MANY_IDS, "extend: 101 ids; at most 100 are read a request"),
        ("extend", '{"ids": [], "properties": []}', "properties must be a non-empty list"),
        ("extend", _TOO_MANY_PROPERTIES, "extend: at most 20 properties a request"),
        ("extend", '{"ids": [], "properties": [{"id": "hair"}]}', "unknown property 'hair'"),
        (
            "extend",
            '{"ids": [], "properties": [{"id": "post", "settings": {"lang": "kk"}}]}',
            "unknown setting 'lang'",
        ),
        (
            "extend",
            '{"ids": [], "properties": [{"id": "post", "settings": {"limit": -1}}]}',
            "must be 0 or more",
        ),
    ],
)
def test_bad_batches_and_extensions_are_refused_with_the_reason(
    client: TestClient, field: str, value: str, message: str
) -> None:
    response = client.post("/reconcile", data={field: value})
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_body_that_is_not_the_form_is_refused_not_answered_with_the_manifest(
    client: TestClient,
) -> None:
    as_json = client.post("/reconcile", json={"q0": {"query": "Senate"}})
    assert as_json.status_code == 400
    assert as_json.json()["error"].startswith("the body is read as a form, not as application/json")
    empty = client.post("/reconcile", data={"query": "Senate"})
    assert empty.status_code == 400
    assert "neither queries nor extend" in empty.json()["error"]
    both = client.post("/reconcile", data={"queries": "{}", "extend": "{}"})
    assert both.status_code == 400
    assert "both queries and extend" in both.json()["error"]


def test_suggest_and_proposals_refuse_what_they_cannot_read(client: TestClient) -> None:
    cursor = client.get("/reconcile/suggest/entity", params={"prefix": "M", "cursor": "x"})
    assert (cursor.status_code, cursor.json()["error"]) == (
        400,
        "cursor must be a whole number, not 'x'",
    )
    untyped = client.get("/reconcile/properties")
    assert (untyped.status_code, untyped.json()["error"]) == (
        400,
        "give the type to propose properties for as ?type=",
    )
    unknown = client.get("/reconcile/properties", params={"type": "Unicorn"})
    assert unknown.status_code == 400
    assert unknown.json()["error"].startswith("unknown type 'Unicorn'")
    assert client.get("/reconcile/suggest/flyout", params={"prefix": "M"}).status_code == 404


def test_a_request_past_its_deadline_stops_saying_so(reconcile_store: Path) -> None:
    """A batch looks at its deadline between its queries' searches and before each store
    call, and so does a data extension: past it, the work stops with the reason (503)."""
    explorer = Explorer(EmbeddedSource.open(reconcile_store, iris=IRIS))
    batch = reconciliation.parse_batch(json.dumps({"q0": {"query": "Senate"}}))
    with pytest.raises(QueryTimeoutError, match="the request ran past its time"):
        reconciliation.reconcile(explorer, batch, timeout=0)
    extension = reconciliation.parse_extend(
        '{"ids": ["org/senate-kz"], "properties": [{"id": "body"}]}'
    )
    with pytest.raises(QueryTimeoutError, match="the request ran past its time"):
        reconciliation.extend(explorer, extension, lang="en", timeout=0)
    assert reconciliation.reconcile(explorer, batch)["q0"]["result"][0]["id"] == "org/senate-kz"


# -- preview, CORS ------------------------------------------------------------------------------


def test_preview_shows_the_entity_in_the_page_language_or_404(client: TestClient) -> None:
    preview = client.get(
        "/reconcile/preview", params={"id": "person/maulen-ashimbayev", "lang": "en"}
    )
    assert preview.status_code == 200
    assert 'href="/id/person/maulen-ashimbayev?lang=en"' in preview.text
    assert "<title>Maulen Ashimbayev</title>" in preview.text
    russian = client.get(
        "/reconcile/preview", params={"id": "person/maulen-ashimbayev", "lang": "ru"}
    )
    assert "<title>Маулен Ашимбаев</title>" in russian.text
    assert '<html lang="ru">' in russian.text
    missing = client.get("/reconcile/preview", params={"id": "person/nobody"})
    assert missing.status_code == 404


def test_preview_without_an_id_is_refused_with_400_saying_what_to_give(
    client: TestClient,
) -> None:
    for params in ({}, {"id": "  "}):
        answer = client.get("/reconcile/preview", params=params, headers={"Accept": "text/plain"})
        assert answer.status_code == 400
        assert answer.text == "give the entity to preview as ?id=, e.g. ?id=person/<slug>\n"


def test_browsers_on_other_sites_may_call_the_service(client: TestClient) -> None:
    origin_header = {"Origin": "http://openrefine.example"}
    for path in ("/reconcile", "/reconcile/suggest/type", "/reconcile/properties?type=Person"):
        answer = client.get(path, headers=origin_header)
        assert answer.headers["access-control-allow-origin"] == "*", path
    preflight = client.options(
        "/reconcile",
        headers={**origin_header, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    refused = client.options(
        "/reconcile", headers={**origin_header, "Access-Control-Request-Method": "DELETE"}
    )
    assert refused.status_code == 400
