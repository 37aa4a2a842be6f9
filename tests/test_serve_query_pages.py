"""/sparql as a browser sees it, and the query page in the reader's language."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from civicgraph.serve import ServeSettings, create_app
from civicgraph.sparql.text import load_catalogue
from tests.seed import IRIS
from tests.serve_support import CATALOGUE, build_seed_store

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store_path = build_seed_store(tmp_path_factory.mktemp("serve") / "store")
    app = create_app(ServeSettings(store_path=store_path, catalogue=CATALOGUE, iris=IRIS))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def visible(page: str) -> str:
    body = page[page.index("<main>") : page.index("</main>")]
    body = re.sub(r"<textarea.*?</textarea>|<pre.*?</pre>|<code>.*?</code>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_browser_at_sparql_gets_a_page_with_a_form_and_examples_that_run(
    client: TestClient, lang: str
) -> None:
    page = client.get(f"/sparql?lang={lang}", headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="sparql-form"' in page.text
    assert "http://testserver/sparql" in page.text  # the address a client is to use
    examples = re.findall(r'<li><a href="([^"]+)"', page.text.split('id="sparql-examples"')[1])
    assert len(examples) >= 3 + len(load_catalogue(CATALOGUE))
    for href in examples[:3]:
        answer = client.get(html.unescape(href))
        assert answer.status_code == 200, (href, answer.text[:300])
        assert 'id="results-table"' in answer.text
        assert urlsplit(html.unescape(href)).path == "/query"


def test_the_sparql_page_is_in_the_readers_language(client: TestClient) -> None:
    for lang, english in (("kk", "SPARQL endpoint"), ("ru", "Examples")):
        text = visible(client.get(f"/sparql?lang={lang}", headers={"Accept": BROWSER}).text)
        assert english not in text
        assert not re.search(r"\b(the|and|query parameter|Run)\b", text), text[:400]


def test_a_protocol_client_without_a_query_is_still_told_what_is_missing(
    client: TestClient,
) -> None:
    for accept in ("*/*", "application/sparql-results+json", None):
        headers = {"Accept": accept} if accept else {}
        answer = client.get("/sparql", headers=headers)
        assert answer.status_code == 400, accept
        assert "no query given" in answer.text
    asked = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": BROWSER}
    )  # a query from a browser is answered, not shown the page
    assert asked.status_code == 200
    assert 'id="sparql-form"' not in asked.text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_query_page_names_queries_parameters_and_columns_in_the_page_language(
    client: TestClient, lang: str
) -> None:
    catalogue = load_catalogue(CATALOGUE)
    page = client.get(f"/query?lang={lang}").text
    for query in catalogue:
        assert html.escape(query.title_in(lang).text, quote=False) in page
        assert query.title_in(lang).lang == lang, query.name  # every query is translated
        for parameter in query.parameters:
            assert parameter.label(lang).lang == lang, (query.name, parameter.name)
            assert html.escape(parameter.label(lang).text, quote=False) in page
    text = visible(page)
    for word in ("optional", "(id", "(date", "(language", "Run"):
        assert word not in text, word
    chosen = next(q for q in catalogue if q.name == "who_opened_event")
    answer = client.get(f"/query?lang={lang}&name=who_opened_event").text
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", answer)
    assert headers == [chosen.column_label(c.name, lang).text for c in chosen.columns]
    assert chosen.title_in(lang).text in answer
