"""No visitor makes `civicgraph serve` call out: a query naming an address (SERVICE, also in
a text the grammar cannot read, FROM, a dataset of the protocol), an IRI given to the
catalogue forms, to reconciliation or to content negotiation, and request headers naming
another host, never open a connection to it. A listener on 127.0.0.1 counts who calls."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from civicgraph.sparql.text import check_syntax
from tests.serve_support import Answer, Canary, RunningServer, build_seed_store, fetch, serve

JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def listener() -> Iterator[Canary]:
    opened = Canary()
    yield opened
    opened.close()


@pytest.fixture
def canary(listener: Canary) -> Canary:
    """The module's listener, with no call counted yet for this test."""
    time.sleep(0.3)  # a call an earlier test caused is counted before the slate is cleared
    listener.calls.clear()
    return listener


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    store = build_seed_store(tmp_path_factory.mktemp("outbound") / "store")
    with serve(store, "--timeout", "5") as running:
        yield running


def attacks(address: str) -> dict[str, str]:
    """Query texts that name ``address``; the server must refuse each before it runs."""
    service = f"SERVICE <{address}> {{ ?s ?p ?o }}"
    return {
        # rdflib's grammar cannot read LATERAL or triple terms; the engine can, and runs
        # what it reads: the syntax check must only parse
        "lateral": f"SELECT * WHERE {{ {service} LATERAL {{ ?s ?p ?o }} }}",
        "triple term": f"SELECT * WHERE {{ SERVICE <{address}> {{ ?s ?p <<( ?a ?b ?c )>> }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {service} LATERAL {{ ?s ?p ?o }} }}",
        "ask": f"ASK {{ {service} LATERAL {{ ?s ?p ?o }} }}",
        "plain": f"SELECT * WHERE {{ {service} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{address}> {{ ?s ?p ?o }} }}",
        "escaped": f"SELECT * WHERE {{ \\u0053ERVICE <{address}> {{ ?s ?p ?o }} }}",
        "variable": f"SELECT * WHERE {{ BIND(<{address}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "nested": f"ASK {{ {{ SELECT * WHERE {{ {service} }} }} }}",
        "update": f"LOAD <{address}>",
    }


def no_call(canary: Canary) -> list[bytes]:
    """What reached the listener, after a moment for a connection still being accepted."""
    time.sleep(0.3)
    return list(canary.calls)


def sparql_get(server: RunningServer, text: str) -> Answer:
    query = urllib.parse.urlencode({"query": text})
    return fetch(f"{server.url}/sparql?{query}", headers={"Accept": JSON})


def sparql_form(server: RunningServer, text: str) -> Answer:
    return fetch(
        f"{server.url}/sparql",
        data=urllib.parse.urlencode({"query": text}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON},
    )


def sparql_direct(server: RunningServer, text: str) -> Answer:
    return fetch(
        f"{server.url}/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
    )


def query_page(server: RunningServer, text: str) -> Answer:
    return fetch(f"{server.url}/query?{urllib.parse.urlencode({'sparql': text, 'lang': 'en'})}")


def query_download(server: RunningServer, text: str) -> Answer:
    fields = {"sparql": text, "format": "csv"}
    return fetch(f"{server.url}/query?{urllib.parse.urlencode(fields)}")


ARRIVALS = {
    "GET /sparql": sparql_get,
    "POST /sparql form": sparql_form,
    "POST /sparql direct": sparql_direct,
    "query page editor": query_page,
    "query page download": query_download,
}


@pytest.mark.parametrize("arrival", sorted(ARRIVALS))
def test_a_query_naming_an_address_is_refused_and_never_calls_it(
    server: RunningServer, canary: Canary, arrival: str
) -> None:
    send = ARRIVALS[arrival]
    refused = {name: send(server, text) for name, text in attacks(canary.url).items()}
    assert no_call(canary) == []
    assert {name: answer.status for name, answer in refused.items()} == {
        name: 403 if name == "update" and "sparql" in arrival else 400 for name in refused
    }
    assert "SERVICE" in refused["plain"].text
    assert "syntax error" in refused["lateral"].text
    # the server still answers the next query
    assert send(server, "ASK {}").status == 200


def test_a_query_naming_its_dataset_or_the_protocols_reads_the_store_only(
    server: RunningServer, canary: Canary
) -> None:
    named = f"SELECT * FROM <{canary.url}> FROM NAMED <{canary.url}> WHERE {{}}"  # noqa: S608
    own = sparql_get(server, named)
    fields = {"query": "ASK {}", "default-graph-uri": canary.url, "named-graph-uri": canary.url}
    protocol = fetch(
        f"{server.url}/sparql?{urllib.parse.urlencode(fields)}", headers={"Accept": JSON}
    )
    assert (own.status, protocol.status) == (200, 200)
    assert no_call(canary) == []


def test_iris_given_to_forms_reconciliation_and_pages_are_never_fetched(
    server: RunningServer, canary: Canary
) -> None:
    address = canary.url
    quoted = urllib.parse.quote(address, safe="")
    batch = {
        "q0": {
            "query": address,
            "type": [address],
            "properties": [{"pid": address, "v": [{"id": address}, address]}],
        }
    }
    answers = [
        fetch(f"{server.url}/query?name=triples_about&param.subject={quoted}&lang=en"),
        fetch(f"{server.url}/query?name=triples_about&param.subject={quoted}&format=jsonld"),
        fetch(f"{server.url}/reconcile?queries={urllib.parse.quote(json.dumps(batch))}"),
        fetch(
            f"{server.url}/reconcile",
            data=urllib.parse.urlencode({"queries": json.dumps(batch)}).encode(),
        ),
        fetch(f"{server.url}/reconcile/suggest/entity?prefix=a&type={quoted}"),
        fetch(f"{server.url}/reconcile/preview?id={quoted}"),
        fetch(f"{server.url}/search?q={quoted}"),
        fetch(f"{server.url}/id/{quoted}", headers={"Accept": "application/ld+json"}),
        fetch(f"{server.url}/id/person/maulen-ashimbayev?format=jsonld"),
        fetch(
            f"{server.url}/.well-known/void",
            headers={"Host": f"127.0.0.1:{canary.port}", "X-Forwarded-Host": address},
        ),
        fetch(
            f"{server.url}/sparql?format=jsonld&"
            + urllib.parse.urlencode(
                {"query": f'CONSTRUCT {{ <{address}> <{address}> "{address}" }} WHERE {{}}'}
            )
        ),
    ]
    assert no_call(canary) == []
    assert all(answer.status < 500 for answer in answers), [a.status for a in answers]


def test_the_engine_is_asked_to_parse_only_never_to_run(canary: Canary) -> None:
    """The syntax check the CLI and the server share parses with the engine: a text the
    engine reads (it has SERVICE) passes the check and calls nobody."""
    check_syntax(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} LATERAL {{ }} }}")
    check_syntax(f"ASK {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}")
    assert no_call(canary) == []
