"""A source page says who published the document, when, and on what terms, in the page's
language; its ``lang`` attributes are language tags."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from civicgraph.languages import language_iri, language_tag
from civicgraph.serve import ServeSettings, create_app
from tests.seed import IRIS
from tests.serve_support import CATALOGUE, build_seed_store

SPEECH = "/id/source/undp-kz-wawiernia-speech-2025-04-03"
ARTICLE = "/id/source/maslikhat-council-extended-meeting"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store_path = build_seed_store(tmp_path_factory.mktemp("serve") / "store")
    app = create_app(ServeSettings(store_path=store_path, catalogue=CATALOGUE, iris=IRIS))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def about(page: str) -> str:
    block = page[page.index('<dl class="source-about"') : page.index("</dl>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("kk", "Жариялаушы БҰҰ Даму бағдарламасы Жарияланған күні 2025 жылғы 3 сәуір"),
        ("ru", "Издатель Программа развития ООН Дата публикации 3 апреля 2025"),
        ("en", "Publisher United Nations Development Programme Published 3 April 2025"),
    ],
)
def test_publisher_and_date_in_the_page_language(
    client: TestClient, lang: str, expected: str
) -> None:
    assert about(client.get(f"{SPEECH}?lang={lang}").text).startswith(expected)


def test_a_text_dated_only_by_its_words_shows_them_marked_with_their_language(
    client: TestClient,
) -> None:
    page = client.get(f"{ARTICLE}?lang=ru").text
    # no date is known: said so, with the words the text dates itself with, marked
    assert (
        '<dd>неизвестна (<span lang="kk">«Бүгін»</span>, так текст называет свою дату)</dd>' in page
    )
    rights = re.search(r'<dt>Права</dt><dd lang="en" title="на другом языке">', page)
    assert rights, about(page)  # the rights statement is written in English only


def test_every_lang_attribute_is_a_language_tag(client: TestClient) -> None:
    for path in (SPEECH, ARTICLE):
        for lang in ("kk", "ru", "en"):
            tags = set(re.findall(r'lang="([^"]*)"', client.get(f"{path}?lang={lang}").text))
            assert tags <= {"kk", "ru", "en"}, tags


def test_a_language_iri_gives_back_its_tag() -> None:
    for tag in ("kk", "ru", "en", "kaz"):
        assert language_tag(language_iri(tag)) == tag
    assert language_tag("ru") == "ru"
    assert language_tag("http://example.org/not-a-language/") == ""
