"""A query a CLI user gives is sent to the endpoint they name and nowhere else: civicgraph
itself never calls an address a SERVICE names, however it is spelt, not even to learn
which variables the query projects (``projected_variables`` parses, never evaluates).
Nor when the endpoint holds none of the dataset's graphs: the query is then asked of the
endpoint over an empty dataset (``triplesource.NO_GRAPH``), not run on an empty store here.
A listener on 127.0.0.1 counts who calls; the endpoint is a fault server that answers
every query with no rows (so it lists no graphs), so that whatever reaches the listener
came from civicgraph."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.sparql.client import projected_variables
from civicgraph.triplesource import NO_GRAPH
from tests.fault_server import FaultServer
from tests.serve_support import Canary
from tests.test_serve_outbound import attacks

NO_ROWS = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": []}}).encode()
"""What the endpoint answers to everything: the graph listing (``?g``) and each query."""


@pytest.fixture
def canary() -> Iterator[Canary]:
    opened = Canary()
    yield opened
    opened.close()


def calls(canary: Canary) -> list[bytes]:
    """What reached the listener, after a moment for a connection still being accepted."""
    time.sleep(0.3)
    return list(canary.calls)


def disguised(address: str) -> dict[str, str]:
    """The serve's attacks, and SELECTs naming the variable the endpoint answers with."""
    return {
        **attacks(address),
        "projected": f"SELECT ?g WHERE {{ SERVICE <{address}> {{ ?g ?p ?o }} }}",
        "projected escaped": f"SELECT ?g WHERE {{ \\u0053ERVICE <{address}> {{ ?g ?p ?o }} }}",
        "projected lower": f"select ?g {{ service silent <{address}> {{ ?g ?p ?o }} }}",
    }


def test_projected_variables_only_parses(canary: Canary) -> None:
    """The variables are read from the parse: a SERVICE in any spelling is not called."""
    told = {name: projected_variables(text) for name, text in disguised(canary.url).items()}
    assert calls(canary) == []
    assert told["projected"] == told["projected escaped"] == told["projected lower"] == ("g",)
    assert told["plain"] is None, "SELECT * is not told without evaluating"
    assert told["lateral"] is None, "a text the grammar cannot read is not told"


def test_query_on_an_endpoint_never_calls_the_address_a_service_names(
    canary: Canary, fault_server: Callable[[], FaultServer], tmp_path: Path
) -> None:
    """query --endpoint sends each text to the endpoint (which may run its SERVICE: its
    business) or refuses it; civicgraph itself calls nobody else."""
    endpoint = fault_server()
    endpoint.mode = "pages"
    endpoint.pages = {"/query": ("application/sparql-results+json", NO_ROWS)}
    exits: dict[str, int] = {}
    for name, text in disguised(canary.url).items():
        path = tmp_path / f"{name.replace(' ', '-')}.rq"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(
            main, ["query", str(path), "--endpoint", f"{endpoint.url}/query", "--timeout", "5"]
        )
        exits[name] = result.exit_code
        if result.exit_code != 0:
            assert result.output.startswith("error: "), result.output
            assert len(result.output.splitlines()) == 1, result.output
    assert calls(canary) == []
    sent = [urllib.parse.unquote_plus(r.path + "?" + r.body.decode()) for r in endpoint.requests]
    asked = [s for s in sent if f"127.0.0.1:{canary.port}" in s]
    assert len(asked) == len(exits) - 5, "the endpoint got every query the grammar reads"
    assert all(f"default-graph-uri={NO_GRAPH}" in s for s in asked), asked[0]
    # rdflib's grammar reads no LATERAL, triple term or update; the ASK got rows
    refused = {"lateral", "triple term", "construct", "ask", "update", "nested"}
    assert {name for name, code in exits.items() if code != 0} == refused
