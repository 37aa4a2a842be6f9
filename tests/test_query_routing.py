"""A query goes to the query URL and an update to the update URL, whatever their comments say."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from civicgraph.sparql.binding import bind_values
from civicgraph.sparql.client import SparqlClient, resolve_endpoint
from tests.fault_server import FaultServer

COMMENTED_SELECT = """# This query drops nothing and adds nothing: it only reads.
# Comments that say drop, add, load or clear are no update.
SELECT ?x WHERE { ?x ?p ?o }
"""


def test_a_select_commented_with_update_words_goes_to_the_query_url(
    fault_server: Callable[[], FaultServer],
) -> None:
    """SPARQLWrapper would take "drops" in a comment for DROP and post to the update URL."""
    server = fault_server()
    endpoint = resolve_endpoint(f"{server.url}/sparql", layout="virtuoso")
    SparqlClient(endpoint).results(COMMENTED_SELECT)
    (request,) = server.requests
    assert request.path == "/sparql"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.body.startswith(b"query=")


def test_an_update_goes_to_the_update_url(fault_server: Callable[[], FaultServer]) -> None:
    server = fault_server()
    endpoint = resolve_endpoint(f"{server.url}/sparql", layout="virtuoso")
    SparqlClient(endpoint).update("# reads nothing\nINSERT DATA { <urn:a> <urn:b> <urn:c> }")
    (request,) = server.requests
    assert request.path.startswith("/sparql-auth")
    assert request.headers["Content-Type"] == "application/sparql-update"


def test_a_parameter_left_out_adds_no_values_row() -> None:
    """An all-UNDEF VALUES column constrains nothing, and Virtuoso 7.2.5 loses solutions on it;
    a column bound in some rows keeps its UNDEF in the others."""
    text = "SELECT * WHERE { ?a ?p ?b }"
    x = ox.NamedNode("urn:x")
    assert bind_values(text, {"a": None, "b": None}) == text
    assert bind_values(text, {"a": None, "b": x}) == (
        "SELECT * WHERE { VALUES (?b) { (<urn:x>) }  ?a ?p ?b }"
    )
    assert "VALUES (?a ?b) { (UNDEF <urn:x>) (<urn:x> UNDEF) }" in bind_values(
        text, [{"a": None, "b": x}, {"a": x, "b": None}]
    )
