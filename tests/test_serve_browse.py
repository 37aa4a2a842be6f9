"""Browsing the explorer: the lists of each kind, entity pages that read as a summary
first, their groups of facts paged, the picture of a neighbourhood, and a crawl of every
internal link of the seed site."""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from civicgraph.facts import FAMILIES
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve.explorer import EntityView, Explorer
from civicgraph.serve.i18n import count_of
from civicgraph.serve.kinds import ENTITY_KINDS, LIST_KINDS
from civicgraph.serve.listing import Member, sort_members
from civicgraph.store import open_store, replace_store
from civicgraph.terms import civ, rdf, rdfs
from civicgraph.triplesource import EmbeddedSource
from tests.seed import IRIS, iri
from tests.serve_support import (
    CATALOGUE,
    SOURCES,
    accepted_qid,
    build_seed_store,
    settings_for,
)
from tests.test_serve_pages import text_of

MEETING = "/id/event/council-maslikhats-extended-meeting-2025-04"
ASHIMBAYEV = "/id/person/maulen-ashimbayev"
COUNCIL = "/id/org/council-maslikhats"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("browse") / "store")


@pytest.fixture(scope="module", params=SOURCES)
def client(request: pytest.FixtureRequest, store_path: Path) -> Iterator[TestClient]:
    """The explorer over the built store, and over the same seed pushed to Virtuoso."""
    with TestClient(create_app(settings_for(request, store_path))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def embedded(store_path: Path) -> Iterator[TestClient]:
    settings = ServeSettings(store_path=store_path, iris=IRIS, catalogue=CATALOGUE)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def rows_of(page: str) -> list[str]:
    """The visible text of each row of a list's table."""
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [text_of("<main>" + row) for row in body.split("<tr>")[1:]]


# -- counted nouns and the order of names -------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "count", "lang", "said"),
    [
        ("person", 1, "ru", "1\u00a0человек"),
        ("person", 3, "ru", "3\u00a0человека"),
        ("person", 5, "ru", "5\u00a0человек"),
        ("person", 21, "ru", "21\u00a0человек"),
        ("event", 22, "ru", "22\u00a0мероприятия"),
        ("event", 11, "ru", "11\u00a0мероприятий"),
        ("person", 5, "kk", "5\u00a0адам"),
        ("participation", 1, "en", "1\u00a0participation"),
        ("body", 2, "en", "2\u00a0bodies"),
    ],
)
def test_a_count_agrees_with_its_numeral(kind: str, count: int, lang: str, said: str) -> None:
    assert count_of(kind, count, lang) == said


def test_every_kind_listed_has_a_title_and_a_counted_noun_in_every_language() -> None:
    for kind in LIST_KINDS:
        for lang in ("kk", "ru", "en"):
            assert count_of(kind, 2, lang).startswith("2\u00a0")


def test_names_sort_in_the_alphabet_of_the_language_not_by_code_point() -> None:
    members = [
        Member("https://example.org/b", {"kk": "Бекұлы"}),
        Member("https://example.org/a2", {"kk": "Әбілов"}),
        Member("https://example.org/a1", {"kk": "Ахметов"}),
        Member("https://example.org/z", {"kk": "Ясауи"}),
    ]
    ordered = [m.names["kk"] for m in sort_members(members, "label", "kk")]
    # by code point Ә (U+04D8) would follow Я (U+042F)
    assert ordered == ["Ахметов", "Әбілов", "Бекұлы", "Ясауи"]


def test_by_date_the_undated_come_last_and_ties_keep_the_alphabet() -> None:
    members = [
        Member("https://example.org/1", {"en": "Beta"}, "2025-01-02"),
        Member("https://example.org/2", {"en": "Alpha"}, "2025-01-02"),
        Member("https://example.org/3", {"en": "Gamma"}, ""),
        Member("https://example.org/4", {"en": "Delta"}, "2024-05-01"),
    ]
    newest = [m.names["en"] for m in sort_members(members, "-date", "en")]
    oldest = [m.names["en"] for m in sort_members(members, "date", "en")]
    assert newest == ["Alpha", "Beta", "Delta", "Gamma"]
    assert oldest == ["Delta", "Alpha", "Beta", "Gamma"]


# -- the lists ------------------------------------------------------------------------------


def test_every_count_on_the_home_page_leads_to_a_list_of_that_many(client: TestClient) -> None:
    home = client.get("/?lang=ru").text
    counted = re.findall(r'<a href="/list/(\w+)\?lang=ru" data-kind="\w+">([^<]+)</a>', home)
    assert {kind for kind, _ in counted} >= {kind.name for kind in ENTITY_KINDS}
    for kind, said in counted:
        page = client.get(f"/list/{kind}?lang=ru")
        assert page.status_code == 200
        assert f'<strong id="list-count">{said}</strong>' in page.text
        number = int(said.split("\u00a0")[0])
        assert len(rows_of(page.text)) == min(number, 50), kind


def test_people_are_listed_by_name_with_their_type_and_posts(client: TestClient) -> None:
    rows = rows_of(client.get("/list/person?lang=en").text)
    assert rows == sorted(rows)
    ashimbayev = next(row for row in rows if row.startswith("Maulen Ashimbayev"))
    assert ashimbayev == (
        "Maulen Ashimbayev person Chairman of the Senate of the Parliament of the Republic "
        "of Kazakhstan"
    )


def test_events_are_listed_latest_first_with_their_dates_and_can_be_resorted(
    client: TestClient,
) -> None:
    page = client.get("/list/event?lang=kk").text
    assert rows_of(page)[0].startswith("2025 жылғы 3 сәуір")
    assert "<strong>алдымен жаңалары</strong>" in page
    assert 'href="/list/event?sort=label&amp;lang=kk" data-sort="label"' in page
    by_name = client.get("/list/event?sort=label&lang=kk").text
    assert "<strong>атауы бойынша</strong>" in by_name


def test_a_list_is_paged_and_a_page_past_the_end_is_the_last(
    embedded: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("civicgraph.serve.listing.PAGE_SIZE", 2)
    first = embedded.get("/list/place?lang=en").text
    second = embedded.get("/list/place?page=2&lang=en").text
    last = embedded.get("/list/place?page=3&lang=en").text
    assert "Page 1 of 3" in first
    assert 'rel="next" href="/list/place?sort=label&amp;page=2&amp;lang=en"' in first
    assert "Page 2 of 3" in second
    assert 'rel="prev"' in second
    assert 'rel="next"' in second
    rows = rows_of(first) + rows_of(second) + rows_of(last)
    assert len(rows) == len(set(rows)) == 6
    assert rows == sorted(rows)
    assert rows_of(embedded.get("/list/place?page=99&lang=en").text) == rows_of(last)
    # not a number: the first page
    assert rows_of(embedded.get("/list/place?page=x2&lang=en").text) == rows_of(first)


def test_a_list_downloads_whole_as_csv_and_json_in_the_same_order(client: TestClient) -> None:
    page = client.get("/list/place?lang=ru").text
    body = page[page.index("<tbody>") :]
    shown = re.findall(r'<tr>\s*<td><a href="/id/([^"?]+)\?lang=ru"', body)
    as_csv = client.get("/list/place.csv?lang=ru")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert 'filename="place.csv"' in as_csv.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [row["entity"] for row in table] == [iri(entity_id) for entity_id in shown]
    assert len(table) == 6
    as_json = client.get("/list/place?format=json&lang=ru").json()
    assert [b["name"]["value"] for b in as_json["results"]["bindings"]] == [
        row["name"] for row in table
    ]
    assert as_json["head"]["vars"][:3] == ["entity", "name", "type"]


@pytest.mark.parametrize(
    ("url", "status", "said"),
    [
        ("/list/excerpt?lang=en", 404, "no list excerpt; lists: person, body"),
        ("/list/assertion?lang=ru", 404, "Не найдено: нет списка assertion; списки: person"),
        ("/list/person.xml?lang=en", 406, "no xml form; try CSV or JSON"),
        ("/list/person?format=ttl&lang=kk", 406, "тізімнің ttl пішімі жоқ"),
    ],
)
def test_a_list_that_is_not_one_is_refused_in_the_pages_language(
    embedded: TestClient, url: str, status: int, said: str
) -> None:
    response = embedded.get(url)
    assert response.status_code == status
    assert said in response.text


def test_a_sort_a_kind_does_not_offer_is_its_default(embedded: TestClient) -> None:
    asked = embedded.get("/list/person?sort=-date&lang=en").text
    assert rows_of(asked) == rows_of(embedded.get("/list/person?lang=en").text)
    assert "?sort=-date" not in asked


def test_a_list_download_neutralises_formulas_as_every_csv_does(tmp_path: Path) -> None:
    # a name a spreadsheet would run: the list goes through the one CSV writer
    person = ox.NamedNode(iri("person/formula"))
    graph = ox.NamedNode(IRIS.graph("entities"))
    name = ox.Literal('=HYPERLINK("x")', language="en")
    quads = [ox.Quad(person, rdf.type, civ.Person, graph), ox.Quad(person, rdfs.label, name, graph)]
    store = tmp_path / "store"
    replace_store(store, quads, iris=IRIS)
    settings = ServeSettings(store_path=store, iris=IRIS, catalogue=CATALOGUE)
    answer = TestClient(create_app(settings)).get("/list/person.csv?lang=en")
    assert answer.status_code == 200
    row = next(iter(csv.DictReader(io.StringIO(answer.text))))
    assert row["name"] == '\'=HYPERLINK("x")'


# -- an entity's page -----------------------------------------------------------------------


def test_an_entity_page_opens_with_its_summary_and_picture_before_its_facts(
    client: TestClient,
) -> None:
    page = client.get(f"{ASHIMBAYEV}?lang=ru").text
    summary = page.index('id="summary"')
    assert summary < page.index('id="neighbourhood"') < page.index('id="facts"')
    said = text_of("<main>" + page[summary : page.index('id="neighbourhood"')])
    # his post with its status, his latest event with its date, his Wikidata link
    assert "Должность Председатель Сената Парламента Республики Казахстан текущее" in said
    assert "Орган Сенат Парламента Республики Казахстан" in said  # the body of his post
    assert "3 апреля 2025 г." in said
    assert f"{accepted_qid('person/maulen-ashimbayev')} 0.775 принята" in said
    assert page.index('class="kind"') < summary


def test_an_entity_is_not_repeated_in_its_own_facts(client: TestClient) -> None:
    page = client.get(f"{ASHIMBAYEV}?lang=en").text
    facts = page[page.index('id="facts"') :]
    assert f'href="{ASHIMBAYEV}?lang=en"' not in facts
    assert "Holder" not in text_of("<main>" + facts)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ("Өткізуші", "Өтетін орны")),
        ("ru", ("Организатор", "Место проведения")),
        ("en", ("Held by", "Location")),
    ],
)
def test_properties_are_named_by_their_labels_in_the_pages_language(
    client: TestClient, lang: str, words: tuple[str, ...]
) -> None:
    text = text_of(client.get(f"{MEETING}?lang={lang}").text)
    for word in words:
        assert word in text
    for raw in ("skos:exactMatch", "rdfs:label", "prov:wasDerivedFrom", "civ:heldBy"):
        assert raw not in text


def test_a_long_group_is_folded_and_paged_and_every_fact_stays_reachable(
    client: TestClient,
) -> None:
    page = client.get(f"{MEETING}?lang=en").text
    groups = re.findall(r'<details class="group" id="facts-(\w+)"( open)?>', page)
    counts = {
        key: int(count)
        for key, count in re.findall(r'id="facts-(\w+)"[^>]*>\s*<summary><h3>(\d+)\u00a0', page)
    }
    assert sum(counts.values()) > 20
    assert max(counts.values()) > 10  # a group of two pages
    # folded when longer than two facts, open otherwise
    for key, opened in groups:
        assert bool(opened) == (counts[key] <= 2), key
    seen: set[str] = set()
    for key, count in counts.items():
        number = 1
        while True:
            shown = client.get(f"{MEETING}?group={key}&page={number}&lang=en").text
            assert f'<details class="group" id="facts-{key}" open>' in shown
            group = shown[shown.index(f'id="facts-{key}"') :].split("</details>")[0]
            seen.update(f"{key} {fact}" for fact in re.findall(r'data-fact="([^"]+)"', group))
            if 'rel="next"' not in group:
                break
            number += 1
        assert len({s for s in seen if s.startswith(f"{key} ")}) == count, key


def test_a_fact_page_is_titled_in_words(client: TestClient) -> None:
    page = client.get("/id/holding/maulen-ashimbayev-chairman-senate-kz?lang=ru").text
    title = re.search(r'<h1 id="entity-title"[^>]*>([^<]+)</h1>', page)
    assert title is not None
    assert title.group(1) == (
        "Маулен Ашимбаев — Председатель Сената Парламента Республики Казахстан"
    )


def test_a_body_page_has_a_timeline_of_its_events(client: TestClient) -> None:
    page = client.get(f"{COUNCIL}?lang=ru").text
    timeline = page[page.index('id="timeline"') :].split("</section>")[0]
    assert "3 апреля 2025 г." in text_of("<main>" + timeline)
    assert f'href="{MEETING}?lang=ru"' in timeline


def test_the_neighbourhood_is_a_picture_of_links_without_script(client: TestClient) -> None:
    page = client.get(f"{ASHIMBAYEV}?lang=kk").text
    figure = page[page.index('id="neighbourhood"') :].split("</figure>")[0]
    assert "<script" not in figure  # the page's one script suggests names in the search box
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure
    assert '<title id="neighbourhood-title">Байланыстар: Мәулен Әшімбаев</title>' in figure
    # each neighbour links to its page, the entity itself to none
    assert f'href="{MEETING}?lang=kk"' in figure
    assert f'href="{ASHIMBAYEV}?lang=kk"' not in figure
    assert figure.count("<circle") == 1 + figure.count("<a href=")


def test_the_picture_is_the_same_whichever_store_answers(
    embedded: TestClient, client: TestClient
) -> None:
    def figure(page: str) -> str:
        return page[page.index('id="neighbourhood"') :].split("</figure>", maxsplit=1)[0]

    assert figure(client.get(f"{MEETING}?lang=en").text) == figure(
        embedded.get(f"{MEETING}?lang=en").text
    )


# -- every link ----------------------------------------------------------------------------


def test_every_internal_link_of_the_seed_site_answers(embedded: TestClient) -> None:
    """A crawl from the home page in English (the language links lead to the same pages
    in kk and ru, which the tests above read): every page, list, download and fact."""
    todo = deque(["/?lang=en"])
    seen = set(todo)
    broken = []
    while todo:
        address = todo.popleft()
        answer = embedded.get(address)
        if answer.status_code != 200:
            broken.append((address, answer.status_code))
            continue
        if not answer.headers["content-type"].startswith("text/html"):
            continue
        for link in re.findall(r'href="([^"#]+)', answer.text):
            target = urljoin(address, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or target in seen or "lang=kk" in target or "lang=ru" in target:
                continue
            # the Protocol endpoint answers queries, not a browser's visit without one
            if parts.path == "/sparql":
                continue
            seen.add(target)
            todo.append(target)
    assert not broken
    assert len(seen) > 100


@pytest.mark.parametrize(
    "entity_id",
    [
        "person/maulen-ashimbayev",
        "event/council-maslikhats-extended-meeting-2025-04",
        "org/council-maslikhats",
        "post/chairman-senate-kz",
    ],
)
def test_the_picture_asks_only_the_families_its_facts_can_be_in(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, entity_id: str
) -> None:
    # a quote is projected by the statements' family: leaving it out would drop its edges
    source = EmbeddedSource(open_store(store_path), iris=IRIS)
    chosen = Explorer(source).page(iri(entity_id), "en", None)
    every = Explorer(source)
    monkeypatch.setattr(every, "_families_of", lambda facts: set(FAMILIES))
    assert isinstance(chosen, EntityView)
    assert chosen.neighbourhood is not None
    assert chosen.neighbourhood == every.page(iri(entity_id), "en", None).neighbourhood  # type: ignore[union-attr]
