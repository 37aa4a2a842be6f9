"""The pages of `civicgraph serve`, through the ASGI test client on the seed graph."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from civicgraph.serve import ServeSettings, create_app
from civicgraph.store import read_manifest
from civicgraph.triplesource import EndpointSource
from tests.seed import ARTICLE, IRIS, iri
from tests.serve_support import CATALOGUE, SOURCES, accepted_qid, build_seed_store, settings_for

ASHIMBAYEV = "/id/person/maulen-ashimbayev"
ARTICLE_PAGE = "/id/source/maslikhat-council-extended-meeting"
OPENING = "Отырысты аша отырып Сенат Төрағасы Мәулен Әшімбаев"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module", params=SOURCES)
def client(request: pytest.FixtureRequest, store_path: Path) -> Iterator[TestClient]:
    """The explorer over the built store, and over the same seed pushed to Virtuoso."""
    app = create_app(settings_for(request, store_path))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def text_of(page: str) -> str:
    """The visible text of a page, tags dropped and whitespace collapsed."""
    body = page[page.index("<main>") :]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_home_counts_classes_lists_sources_and_offers_search(
    client: TestClient, store_path: Path
) -> None:
    response = client.get("/?lang=en")
    assert response.status_code == 200
    text = text_of(response.text)
    assert re.search(r"person \d+", text), text[:500]
    assert "Мәслихаттармен өзара іс-қимыл жасау жөніндегі кеңестің кеңейтілген отырысы." in text
    assert f'href="{ARTICLE_PAGE}?lang=en"' in response.text
    assert 'name="q"' in response.text
    built = read_manifest(store_path).built  # 2026-12-02T02:24:05Z
    if isinstance(client.app.app.state.site.source, EndpointSource):  # type: ignore[attr-defined]
        assert "Last build" not in text  # an endpoint tells no build time
    else:
        assert f"Last build: {built[:10]} {built[11:16]} UTC" in text


def test_home_lists_the_first_sources_and_counts_the_rest(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("civicgraph.serve.explorer.HOME_SOURCES", 1)
    app = create_app(ServeSettings(store_path=store_path, catalogue=CATALOGUE, iris=IRIS))
    page = TestClient(app).get("/?lang=en").text
    listed = page[page.index('class="sources"') :].split("</ul>")[0]
    assert listed.count("<li><a ") == 1
    assert "… +2" in listed


def test_page_language_follows_lang_then_accept_language(client: TestClient) -> None:
    assert client.get("/?lang=ru").headers["content-language"] == "ru"
    assert "Источники" in client.get("/?lang=ru").text
    asked = client.get("/", headers={"Accept-Language": "ru;q=0.5, en;q=0.9"})
    assert asked.headers["content-language"] == "en"
    assert "Sources" in asked.text
    assert client.get("/", headers={"Accept-Language": "de"}).headers["content-language"] == "kk"
    # ?lang= wins over the header, and the switch links keep the rest of the address
    page = client.get(f"{ARTICLE_PAGE}?span=384-434&lang=kk", headers={"Accept-Language": "en"})
    assert page.headers["content-language"] == "kk"
    assert f'href="{ARTICLE_PAGE}?span=384-434&amp;lang=en"' in page.text


def test_entity_page_shows_names_facts_evidence_and_wikidata_link(client: TestClient) -> None:
    response = client.get(f"{ASHIMBAYEV}?lang=en")
    assert response.status_code == 200
    text = text_of(response.text)
    assert text.startswith("Maulen Ashimbayev")
    for name in ("Мәулен Әшімбаев", "Маулен Ашимбаев", "Мәулен Сағатханұлы Әшімбаев"):
        assert name in text
    # facts grouped by kind, with the roles and the event they name
    for kind in ("participation", "post holding", "quote"):
        assert f"<h3>{kind}</h3>" in response.text
    assert "opener , speaker" in text
    # each piece of evidence: its words linked to the span of the source, inside its sentence
    link = (
        f'<a class="cited" href="{ARTICLE_PAGE}?span=384-434&amp;lang=en#span-384-434" '
        f'data-span="384-434">{OPENING}</a>'
    )
    assert link in response.text
    assert f"{OPENING} Сенат пен мәслихаттар арасындағы" in text
    # the Wikidata link with its score and review state, its id as the linker read it
    assert f"{accepted_qid('person/maulen-ashimbayev')} 0.775 accepted" in text


def test_evidence_offsets_are_the_words_of_the_document(client: TestClient) -> None:
    document = ARTICLE.read_text(encoding="utf-8")
    page = client.get(f"{ASHIMBAYEV}?lang=en").text
    spans = re.findall(r'data-span="(\d+)-(\d+)">([^<]*)</a>', page)
    assert len(spans) >= 5
    for start, end, words in spans:
        assert document[int(start) : int(end)] == html.unescape(words)


def test_statements_read_as_sentences_and_whole_pages_are_cited_by_title(
    client: TestClient,
) -> None:
    response = client.get("/id/event/council-maslikhats-extended-meeting-2025-04?lang=en")
    dated = response.text[response.text.index("<h3>date</h3>") :]
    dated = dated[: dated.index("</article>")]
    assert "— <strong>" in dated
    assert "2025-04-03" in text_of("<main>" + dated)
    # the date is not in the article: it cites the UNDP page as a whole
    assert 'Document: <a href="/id/source/undp-kz-wawiernia-speech-2025-04-03?lang=en"' in dated
    assert "Katarzyna Wawiernia&#39;s speech" in dated


def test_fact_node_page_shows_its_own_evidence(client: TestClient) -> None:
    response = client.get("/id/participation/extended-meeting-maulen-ashimbayev?lang=en")
    assert response.status_code == 200
    assert "Evidence of this fact" in response.text
    assert f'data-span="384-434">{OPENING}</a>' in response.text


def test_source_page_highlights_the_chosen_span_and_lists_its_facts(client: TestClient) -> None:
    response = client.get(f"{ARTICLE_PAGE}?span=384-434&lang=en")
    assert response.status_code == 200
    chosen = re.findall(r'<a class="span selected"[^>]*>([^<]*)</a>', response.text)
    assert "".join(chosen) == OPENING
    assert 'id="span-384-434"' in response.text
    supported = response.text[response.text.index('id="supported-facts"') :]
    assert "/id/participation/extended-meeting-maulen-ashimbayev" in supported
    assert "/id/holding/maulen-ashimbayev-chairman-senate-kz" not in supported


def test_source_page_without_a_choice_highlights_every_cited_span(client: TestClient) -> None:
    response = client.get(f"{ARTICLE_PAGE}?lang=en")
    document = ARTICLE.read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", response.text.split('class="document"')[1]))
    # the whole document is there, cut only by the highlights
    assert document.strip()[:200] in shown
    assert "selected" not in response.text.split('class="document"')[1].split("</article>")[0]
    assert response.text.count('class="span"') > 20
    # a span that is not cited selects nothing
    assert 'class="span selected"' not in client.get(f"{ARTICLE_PAGE}?span=0-3").text


def test_search_understands_kazakh_and_russian_endings(client: TestClient) -> None:
    for query in ("Әшімбаев", "Әшімбаевтың", "Ашимбаева", "ashimbayev"):
        response = client.get("/search", params={"q": query, "lang": "en"})
        assert response.status_code == 200
        first = re.search(r'class="hit" href="([^"?]+)', response.text)
        assert first is not None, query
        assert first.group(1) == ASHIMBAYEV, query
    assert "Nothing found." in client.get("/search?q=zzzzqq&lang=en").text


def test_search_finds_by_a_hidden_label_that_no_page_shows(client: TestClient) -> None:
    """ "Head of State" (a skos:hiddenLabel of the President's post) finds the post; neither the
    hit nor the entity page shows it as a name."""
    response = client.get("/search", params={"q": "Head of State", "lang": "en"})
    first = re.search(r'class="hit" href="([^"?]+)', response.text)
    assert first is not None
    assert first.group(1) == "/id/post/president-kz"
    hits = text_of(response.text).split("»", 1)[1]
    assert "Head of State" not in hits
    assert "(President of Kazakhstan)" in hits
    page = text_of(client.get("/id/post/president-kz?lang=en").text)
    assert "President of Kazakhstan" in page
    for hidden in ("Head of State", "Мемлекет басшысы", "Глава государства", "hiddenLabel"):
        assert hidden not in page


@pytest.mark.parametrize(
    ("asked", "header", "chosen"),
    [("en-US", "kk", "en"), ("ru_RU", "en", "ru"), ("EN-gb", None, "en"), ("xx-US", "ru-RU", "ru")],
)
def test_lang_parameter_is_read_by_its_primary_subtag_as_accept_language_is(
    client: TestClient, asked: str, header: str | None, chosen: str
) -> None:
    headers = {"Accept-Language": header} if header else {}
    response = client.get(f"/?lang={asked}", headers=headers)
    assert response.headers["content-language"] == chosen


def test_unknown_entity_is_a_404_page(client: TestClient) -> None:
    response = client.get("/id/person/nobody-at-all?lang=en")
    assert response.status_code == 404
    assert "Not found: no entity person/nobody-at-all" in text_of(response.text)


@pytest.mark.parametrize(
    ("url", "headers", "status", "said"),
    [
        ("/id/person/nobody-at-all", {"Accept-Language": "ru"}, 404, "Не найдено"),
        ("/id/person/nobody-at-all", {"Accept": "text/turtle"}, 404, "no entity person/"),
        (ASHIMBAYEV, {"Accept": "application/xml"}, 406, "offered: text/html"),
        (ASHIMBAYEV + "?format=csv", {"Accept": "text/plain"}, 406, "no csv form"),
        (ASHIMBAYEV + "?format=csv", {"Accept-Language": "en"}, 406, "no csv form"),
    ],
)
def test_an_entity_refusal_varies_by_the_headers_that_chose_its_form_and_language(
    client: TestClient, url: str, headers: dict[str, str], status: int, said: str
) -> None:
    # a shared cache that kept a refusal made for one Accept (a plain line) or language
    # would hand it to a browser asking another: it must know the answer depends on them
    response = client.get(url, headers=headers)
    assert response.status_code == status
    assert said in response.text
    assert {name.strip() for name in response.headers["vary"].split(",")} == {
        "Accept",
        "Accept-Language",
    }


def test_query_page_lists_the_catalogue_as_typed_forms(client: TestClient) -> None:
    response = client.get("/query?lang=en")
    assert response.status_code == 200
    assert 'id="form-posts_as_of"' in response.text
    assert '<input name="param.date" type="date" value="2025-04-03"' in response.text
    assert 'id="form-who_opened_event"' in response.text


def test_catalogue_query_form_answers_a_table_with_entity_links(client: TestClient) -> None:
    response = client.get("/query", params={"name": "who_opened_event", "lang": "en"})
    assert response.status_code == 200
    table = response.text[response.text.index('id="results-table"') :]
    assert f'href="{ASHIMBAYEV}?lang=en"' in table
    assert ">Maulen Ashimbayev</a>" in table


def test_query_page_downloads_csv_and_json(client: TestClient) -> None:
    csv_answer = client.get("/query", params={"name": "who_opened_event", "format": "csv"})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_answer.headers["content-disposition"]
    assert iri("person/maulen-ashimbayev") in csv_answer.text
    json_answer = client.get("/query", params={"name": "who_opened_event", "format": "json"})
    values = {binding["person"]["value"] for binding in json_answer.json()["results"]["bindings"]}
    assert iri("person/maulen-ashimbayev") in values


def test_query_page_runs_sparql_and_reports_errors_in_place(client: TestClient) -> None:
    ok = client.get("/query", params={"sparql": "SELECT (1+1 AS ?two) WHERE {}"})
    assert ok.status_code == 200
    assert "<td>2</td>" in ok.text
    bad = client.get("/query", params={"sparql": "SELEC nothing", "lang": "en"})
    assert bad.status_code == 400
    assert "SPARQL syntax error" in text_of(bad.text)
    missing = client.get("/query", params={"name": "posts_held", "param.person": "Nobody"})
    assert missing.status_code == 400
    assert "parameter &#39;person&#39;: not an entity id" in missing.text
    unknown = client.get("/query", params={"name": "no_such_query"})
    assert unknown.status_code == 400
    assert "unknown query &#39;no_such_query&#39;" in unknown.text


def test_static_assets_ship_in_the_package(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "a.span.selected" in response.text
    page = client.get("/?lang=en").text
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', page))


@pytest.mark.parametrize(
    ("lang", "heading", "state"),
    [("kk", "Тексеру", "расталды"), ("ru", "Проверка", "принята"), ("en", "Review", "accepted")],
)
def test_a_links_review_state_is_told_in_the_pages_language(
    client: TestClient, lang: str, heading: str, state: str
) -> None:
    text = text_of(client.get(ASHIMBAYEV, params={"lang": lang}).text)
    assert "review status" not in text
    assert heading in text
    assert f"{accepted_qid('person/maulen-ashimbayev')} 0.775 {state}" in text
