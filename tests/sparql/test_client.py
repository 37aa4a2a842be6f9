"""The endpoint client checks every answer and resolves every URL the same way."""

from __future__ import annotations

import pytest

from civicgraph.sparql.client import (
    PASSWORD_ENV,
    USER_ENV,
    Endpoint,
    SparqlClient,
    projected_variables,
    resolve_endpoint,
)
from civicgraph.sparql.http import EndpointError

QUERY = "SELECT ?x WHERE { ?x ?p ?o }"


def client_for(url: str) -> SparqlClient:
    return SparqlClient(Endpoint(query_url=f"{url}/query", timeout=5))


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("html", r"answered HTTP 200, text/html: '<!DOCTYPE html>.*not SPARQL JSON results"),
        (
            "malformed-json",
            r"HTTP 200, application/sparql-results\+json: .*not SPARQL JSON results",
        ),
        ("wrong-variables", r"answered variables zzz where the query asks for x"),
        ("empty", r"HTTP 200, text/plain, empty body, not SPARQL JSON results"),
    ],
)
def test_an_answer_that_is_not_the_results_asked_for_says_what_came_back(
    fault_server, mode: str, said: str
) -> None:
    server = fault_server()
    server.mode = mode
    with pytest.raises(EndpointError, match=said) as raised:
        client_for(server.url).results(QUERY)
    assert "\n" not in str(raised.value)


def test_an_html_page_is_not_an_update_or_graph_store_success(fault_server) -> None:
    """A web page with status 200 (a wrong URL) is not taken for a successful write."""
    import pyoxigraph as ox  # noqa: PLC0415

    server = fault_server()
    server.mode = "html"
    client = SparqlClient(
        Endpoint(
            query_url=f"{server.url}/q", update_url=f"{server.url}/u", store_url=f"{server.url}/s"
        )
    )
    with pytest.raises(EndpointError, match=r"text/html.*not the answer to a SPARQL update"):
        client.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(EndpointError, match=r"text/html.*not the answer to a Graph Store PUT"):
        client.put_graph(ox.NamedNode("urn:g"), b"<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(EndpointError, match=r"text/html.*not the answer to a Graph Store POST"):
        client.post_graph(ox.NamedNode("urn:g"), b"<urn:a> <urn:b> <urn:c> .\n")
    # What Virtuoso says to a Graph Store POST: 200, text/html, no body. No page: accepted.
    server.mode, server.pages = "pages", {"/s?graph=urn%3Ag": ("text/html", b"")}
    client.post_graph(ox.NamedNode("urn:g"), b"<urn:a> <urn:b> <urn:c> .\n")


def test_construct_answers_must_be_ntriples(fault_server) -> None:
    server = fault_server()
    server.mode, server.body = "ntriples", b"<urn:a> <urn:b> oops .\n"
    with pytest.raises(EndpointError, match="not valid N-Triples"):
        client_for(server.url).construct("CONSTRUCT WHERE { ?s ?p ?o }")
    server.mode = "html"
    with pytest.raises(EndpointError, match=r"text/html.*not N-Triples"):
        client_for(server.url).construct("CONSTRUCT WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("url", "layout", "urls"),
    [
        (
            "http://127.0.0.1:7878",
            "oxigraph",
            ("http://127.0.0.1:7878/query", "/update", "/store"),
        ),
        (
            "http://127.0.0.1:7878/query",
            "oxigraph",
            ("http://127.0.0.1:7878/query", "/update", "/store"),
        ),
        (
            "http://127.0.0.1:8890/sparql",
            "virtuoso",
            ("http://127.0.0.1:8890/sparql", "/sparql-auth", "/sparql-graph-crud-auth"),
        ),
        (
            "http://127.0.0.1:3030/civic/sparql",
            "fuseki",
            ("http://127.0.0.1:3030/civic/sparql", "/civic/update", "/civic/data"),
        ),
        (
            "http://127.0.0.1:7200/repositories/civic",
            "graphdb",
            (
                "http://127.0.0.1:7200/repositories/civic",
                "/repositories/civic/statements",
                "/repositories/civic/rdf-graphs/service",
            ),
        ),
    ],
)
def test_the_layout_is_guessed_from_the_url(url: str, layout: str, urls: tuple[str, ...]) -> None:
    endpoint = resolve_endpoint(url)
    origin = url.split("/", 3)[:3]
    root = "/".join(origin)
    assert endpoint.layout == layout
    assert (endpoint.query_url, endpoint.update_url, endpoint.store_url) == (
        urls[0],
        root + urls[1],
        root + urls[2],
    )


def test_the_layout_can_be_chosen() -> None:
    endpoint = resolve_endpoint("http://127.0.0.1:8890", layout="virtuoso")
    assert endpoint.update_url == "http://127.0.0.1:8890/sparql-auth"
    assert endpoint.store_url == "http://127.0.0.1:8890/sparql-graph-crud-auth"
    single = resolve_endpoint("http://127.0.0.1:8890", update_url="http://127.0.0.1:8890/u")
    assert single.update_url == "http://127.0.0.1:8890/u"
    assert single.store_url == "http://127.0.0.1:8890/store"


def test_credentials_belong_to_the_endpoints_origin_and_stay_out_of_repr(monkeypatch) -> None:
    monkeypatch.setenv(USER_ENV, "alice")
    monkeypatch.setenv(PASSWORD_ENV, "s3cret-pw")
    endpoint = resolve_endpoint("https://store.example.org/sparql")
    assert endpoint.credentials is not None
    assert endpoint.credentials.origin == "https://store.example.org:443"
    assert endpoint.user == "alice"
    assert "s3cret-pw" not in repr(endpoint)
    assert "s3cret-pw" not in repr(endpoint.credentials)


def test_netrc_supplies_credentials(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    netrc_file = tmp_path / ".netrc"
    netrc_file.write_text("machine store.example.org login carol password pw2\n")
    netrc_file.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc_file))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_endpoint("https://store.example.org/query").user == "carol"
    assert resolve_endpoint("https://other.example.org/query").credentials is None


def test_netrc_named_by_the_environment_is_read(monkeypatch, tmp_path) -> None:
    """$NETRC names the file; ~/.netrc is not read then."""
    monkeypatch.delenv(USER_ENV, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".netrc").write_text("machine store.example.org login wrong password no\n")
    (home / ".netrc").chmod(0o600)
    elsewhere = tmp_path / "credentials"
    elsewhere.write_text("machine store.example.org login dave password pw3\n")
    elsewhere.chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NETRC", str(elsewhere))
    assert resolve_endpoint("https://store.example.org/query").user == "dave"


def test_malformed_netrc_is_one_line_naming_file_and_line(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    broken = tmp_path / "netrc"
    broken.write_text(
        "machine store.example.org login erin password pw4\ns3cret-pw5 x\n"
        "machine other.example.org login frank password pw6\n"
    )
    broken.chmod(0o600)
    monkeypatch.setenv("NETRC", str(broken))
    with pytest.raises(EndpointError) as raised:
        resolve_endpoint("https://store.example.org/query")
    message = str(raised.value)
    assert f"{broken}:2" in message
    assert "\n" not in message
    assert "pw4" not in message
    assert "s3cret-pw5" not in message


def test_missing_netrc_named_by_the_environment_is_refused(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "absent"))
    with pytest.raises(EndpointError, match=r"NETRC names .*absent.*which cannot be read"):
        resolve_endpoint("https://store.example.org/query")


def test_projected_variables() -> None:
    assert projected_variables("SELECT ?b ?a WHERE { ?a ?p ?b }") == ("b", "a")
    assert projected_variables("ASK { ?a ?p ?b }") is None
    assert projected_variables("not sparql") is None
    assert projected_variables("SELECT * WHERE { ?a ?p ?b }") is None, "told only by running it"
    service = "SELECT ?a WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?a ?p ?b } }"
    assert projected_variables(service) == ("a",), "read from the parse, nothing run"
