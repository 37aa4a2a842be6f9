"""Linked data and the SPARQL 1.1 Protocol of `civicgraph serve`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from civicgraph.cli import main
from civicgraph.serve import create_app
from civicgraph.sparql.text import QueryForm, inspect
from civicgraph.store import open_store
from civicgraph.triplesource import EndpointSource
from tests.seed import BASE, iri
from tests.serve_support import CATALOGUE, SOURCES, build_seed_store, serve, settings_for

PERSON = iri("person/maulen-ashimbayev")
PARTICIPATION = iri("participation/extended-meeting-maulen-ashimbayev")
SELECT_PEOPLE = (
    "PREFIX civ: <https://w3id.org/civicgraph/ontology#> "
    "SELECT ?p WHERE { ?p a civ:Person } ORDER BY ?p"
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("sparql") / "store")


@pytest.fixture(scope="module", params=SOURCES)
def client(request: pytest.FixtureRequest, store_path: Path) -> Iterator[TestClient]:
    """The explorer over the built store, and over the same seed pushed to Virtuoso."""
    app = create_app(settings_for(request, store_path))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def embedded_people(store_path: Path) -> list[str]:
    store = open_store(store_path)
    answer = store.query(SELECT_PEOPLE, use_default_graph_as_union=True)
    return [solution["p"].value for solution in answer]


@pytest.mark.parametrize(
    ("accept", "graph_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_entity_iri_answers_rdf_with_its_facts_and_evidence(
    client: TestClient, accept: str, graph_format: ox.RdfFormat
) -> None:
    response = client.get("/id/person/maulen-ashimbayev", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert "Accept" in response.headers["vary"]
    triples = list(ox.parse(response.content, format=graph_format))
    subjects = {t.subject.value for t in triples}
    assert PERSON in subjects
    assert PARTICIPATION in subjects
    exact = {
        t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/oa#exact"
    }
    assert "Отырысты аша отырып Сенат Төрағасы Мәулен Әшімбаев" in exact


def test_entity_iri_prefers_html_for_browsers_and_refuses_what_it_cannot_give(
    client: TestClient,
) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    html_page = client.get("/id/person/maulen-ashimbayev", headers={"Accept": browser})
    assert html_page.headers["content-type"].startswith("text/html")
    turtle = client.get("/id/person/maulen-ashimbayev?format=turtle")
    assert turtle.headers["content-type"].startswith("text/turtle")
    refused = client.get("/id/person/maulen-ashimbayev", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert "text/turtle" in refused.text


def test_sparql_get_select_in_every_results_format(client: TestClient, store_path: Path) -> None:
    expected = embedded_people(store_path)
    assert PERSON in expected
    formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    for media, results_format in formats.items():
        response = client.get("/sparql", params={"query": SELECT_PEOPLE}, headers={"Accept": media})
        assert response.status_code == 200, media
        assert response.headers["content-type"].startswith(media)
        answer = ox.parse_query_results(response.content, format=results_format)
        assert [s["p"].value for s in answer] == expected, media
    # CSV is lossy, so pyoxigraph does not read it back: its lines are the IRIs
    csv_answer = client.get("/sparql", params={"query": SELECT_PEOPLE, "format": "csv"})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.split("\r\n") == ["p", *expected, ""]


def test_sparql_post_form_and_direct(client: TestClient) -> None:
    form = client.post(
        "/sparql",
        data={"query": "ASK { ?s a <https://w3id.org/civicgraph/ontology#Person> }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert form.status_code == 200
    assert form.json() == {"head": {}, "boolean": True}
    direct = client.post(
        "/sparql",
        content=SELECT_PEOPLE.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert direct.status_code == 200
    assert PERSON in direct.text


@pytest.mark.parametrize(
    ("accept", "graph_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_sparql_construct_and_describe(
    client: TestClient, accept: str, graph_format: ox.RdfFormat
) -> None:
    query = f"CONSTRUCT {{ <{PERSON}> ?p ?o }} WHERE {{ <{PERSON}> ?p ?o }}"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=graph_format))
    assert any(t.object == ox.Literal("Maulen Ashimbayev", language="en") for t in triples)
    described = client.get(
        "/sparql", params={"query": f"DESCRIBE <{PERSON}>"}, headers={"Accept": accept}
    )
    assert described.status_code == 200
    assert list(ox.parse(described.content, format=graph_format))


def test_sparql_dataset_parameters_choose_the_graphs(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    entities = f"{BASE}/graph/entities"
    union = client.get("/sparql", params={"query": count}).json()
    only = client.get("/sparql", params={"query": count, "default-graph-uri": entities}).json()
    union_n = int(union["results"]["bindings"][0]["n"]["value"])
    only_n = int(only["results"]["bindings"][0]["n"]["value"])
    assert 0 < only_n < union_n
    # naming every graph, as civicgraph query --endpoint does, is the union again
    graphs = client.get(
        "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"}
    ).json()
    every = [b["g"]["value"] for b in graphs["results"]["bindings"]]
    named = client.get(
        "/sparql",
        params=[("query", count)] + [("default-graph-uri", g) for g in every],
    ).json()
    assert int(named["results"]["bindings"][0]["n"]["value"]) == union_n


def count_of(client: TestClient, query: str, **params: str) -> int:
    answer = client.get("/sparql", params={"query": query, **params})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_from_in_the_query_chooses_its_dataset_unless_the_request_names_one(
    client: TestClient,
) -> None:
    provenance, entities = f"{BASE}/graph/provenance", f"{BASE}/graph/entities"
    union_n = count_of(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    only_provenance = count_of(
        client, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{provenance}> {{ ?s ?p ?o }} }}"
    )
    from_provenance = f"SELECT (COUNT(*) AS ?n) FROM <{provenance}> WHERE {{ ?s ?p ?o }}"  # noqa: S608
    assert 0 < only_provenance < union_n
    assert count_of(client, from_provenance) == only_provenance
    nowhere = "SELECT (COUNT(*) AS ?n) FROM <http://nope/> WHERE { ?s ?p ?o }"
    assert count_of(client, nowhere) == 0
    # the protocol's default-graph-uri overrides the query's FROM
    only_entities = count_of(
        client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": entities}
    )
    assert only_entities != only_provenance
    both = count_of(client, from_provenance, **{"default-graph-uri": entities})
    if served_over_an_endpoint(client):
        # Virtuoso 7.2.5 adds the request's graphs to the text's FROM (docs/serve.md)
        assert both == only_entities + only_provenance
    else:
        assert both == only_entities


def served_over_an_endpoint(client: TestClient) -> bool:
    return isinstance(client.app.app.state.site.source, EndpointSource)  # type: ignore[attr-defined]


def test_sparql_refuses_a_query_nested_too_deeply_in_one_line(client: TestClient) -> None:
    deep = "SELECT * WHERE " + "{ " * 300 + "?s ?p ?o" + " }" * 300
    answer = client.get("/sparql", params={"query": deep})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.text == (
        "the query is nested too deeply to be read (hint: use fewer nested { } groups)\n"
    )
    page = client.get("/query", params={"sparql": deep, "lang": "en"})
    assert page.status_code == 400
    assert "the query is nested too deeply to be read" in page.text
    # the worker that refused it reads the next query as well
    assert count_of(client, "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } }") > 0


def test_sparql_refuses_updates_with_403(client: TestClient) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    direct = client.post(
        "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert direct.status_code == 403
    assert "read-only: SPARQL Update is not accepted" in direct.text
    form = client.post("/sparql", data={"update": update})
    assert form.status_code == 403
    assert "read-only" in form.text
    # an update sent as a query is recognised and refused the same way
    smuggled = client.get("/sparql", params={"query": update})
    assert smuggled.status_code == 403
    assert "read-only: SPARQL Update is not accepted" in smuggled.text
    page = client.get("/query", params={"sparql": update, "lang": "en"})
    assert page.status_code == 400
    assert "read-only: SPARQL Update is not accepted" in page.text
    after = client.get("/sparql", params={"query": "ASK { <http://example.org/a> ?p ?o }"})
    assert after.json()["boolean"] is False


def test_sparql_refuses_service_calls(client: TestClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE http://127.0.0.1:9/sparql is not run" in response.text


def test_sparql_protocol_errors_say_what_is_wrong(client: TestClient) -> None:
    none = client.get("/sparql")
    assert none.status_code == 400
    assert "no query given" in none.text
    two = client.get("/sparql?query=ASK{}&query=ASK{}")
    assert two.status_code == 400
    assert "give exactly one query" in two.text
    odd = client.post("/sparql", content=b"x", headers={"Content-Type": "image/png"})
    assert odd.status_code == 400
    assert "cannot read a POST of image/png" in odd.text
    wrong = client.get(
        "/sparql", params={"query": SELECT_PEOPLE}, headers={"Accept": "text/turtle"}
    )
    assert wrong.status_code == 406
    assert "cannot answer this SELECT query" in wrong.text
    graph = client.get("/sparql", params={"query": "ASK {}", "named-graph-uri": "not an iri"})
    assert graph.status_code == 400
    assert "named-graph-uri: 'not an iri' is not an IRI" in graph.text


def test_queries_are_read_safely_from_many_threads() -> None:
    """The server reads queries in worker threads; rdflib's SPARQL grammar breaks for good
    when two threads parse at once, so civicgraph.sparql lets one parse at a time."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(CATALOGUE.glob("*.rq"))]
    failures: list[str] = []

    def read(worker: int) -> None:
        for index in range(6):
            # a comment makes each text new to the cache, so each one is parsed
            text = f"{texts[(worker + index) % len(texts)]}\n# {worker}-{index}\n"
            try:
                assert inspect(text).form is not QueryForm.UPDATE
            except Exception as error:
                failures.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=read, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_void_description_names_the_endpoint(client: TestClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    endpoints = [
        t.object.value
        for t in triples
        if t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint"
    ]
    assert endpoints == ["http://testserver/sparql"]
    assert any(t.predicate.value == "http://rdfs.org/ns/void#triples" for t in triples)


@pytest.mark.server
def test_civicgraph_query_runs_against_the_served_endpoint(store_path: Path) -> None:
    embedded = CliRunner().invoke(
        main,
        [
            "query",
            "who_opened_event",
            "--format",
            "json",
            "--store",
            str(store_path),
            "--queries",
            str(CATALOGUE),
        ],
    )
    assert embedded.exit_code == 0, embedded.output
    with serve(store_path) as server:
        remote = CliRunner().invoke(
            main,
            [
                "query",
                "who_opened_event",
                "--format",
                "json",
                "--endpoint",
                f"{server.url}/sparql",
                "--queries",
                str(CATALOGUE),
            ],
        )
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(embedded.output)
    assert PERSON in remote.output
