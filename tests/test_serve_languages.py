"""Every page of the seed site read in Kazakh and in Russian holds no English word of the
interface: what English remains is the data's own (marked with its ``lang``, or a name
the data spells in Latin letters), an address, an id or a term of a vocabulary."""

from __future__ import annotations

import html
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from civicgraph.formats import FORMATS
from civicgraph.serve import ServeSettings, create_app
from civicgraph.sparql.text import load_catalogue
from civicgraph.store import open_store
from tests.seed import IRIS
from tests.serve_support import CATALOGUE, build_seed_store

NAMES = {
    "civicgraph", "SPARQL", "VoID", "Wikidata", "Turtle", "JSON", "CSV", "TSV", "XML", "RDF",
    "TriG", "N-Triples", "N-Quads", "JSON-LD", "IRI", "OpenRefine", "SHA256SUMS", "UTC",
    "Unicode", "Web", "Annotation", "TextPositionSelector", "TextQuoteSelector", "export",
}  # fmt: skip
"""Names of formats, standards, the project and its commands (``civicgraph export``): the
same words in every language."""

_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("languages") / "store")


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(ServeSettings(store_path=store_path, catalogue=CATALOGUE, iris=IRIS))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def catalogue_words(lang: str) -> set[str]:
    """The Latin words the catalogue's own translations keep: the values and terms they
    name (``open-ended``, ``focusArea``), and the variables of undocumented columns."""
    words: set[str] = set()
    for query in load_catalogue(CATALOGUE):
        words.update(_WORD.findall(query.title_in(lang).text + query.description_in(lang).text))
        for item in (*query.parameters, *query.columns):
            words.update(_WORD.findall(item.label(lang).text + item.help_text(lang).text))
            words.add(item.name)
    return words


def format_names() -> set[str]:
    return {n for f in FORMATS for n in (f.name, f.extension, *f.aliases)}


def data_words(store_path: Path) -> set[str]:
    """Every Latin word the data itself holds (names, titles, texts)."""
    store = open_store(store_path)
    words: set[str] = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.object, ox.Literal):
            words.update(_WORD.findall(quad.object.value))
    return words


def interface_words(page: str) -> list[str]:
    body = page[page.index("<body") :]
    body = re.sub(r"<(script|style|code|pre|textarea|svg)\b.*?</\1>", " ", body, flags=re.S)
    for _ in range(3):  # an element marked as being in another language holds data
        body = re.sub(r'<(\w+)[^>]*\blang="(?!kk"|ru")[^"]*"[^>]*>.*?</\1>', " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    # addresses, ids (kind/slug) and vocabulary terms (civ:Event) are in no language
    text = re.sub(r"https?://\S+|\b[a-z][a-z-]*/[\w./-]+|\b[a-z]+:[A-Za-z]+", " ", text)
    return [w for w in _WORD.findall(text) if w not in NAMES]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_page_holds_an_english_word_of_the_interface(
    client: TestClient, store_path: Path, lang: str
) -> None:
    allowed = data_words(store_path) | catalogue_words(lang) | format_names()
    todo, seen = deque([f"/?lang={lang}"]), {f"/?lang={lang}"}
    found: dict[str, str] = {}
    for address in [f"/sparql?lang={lang}", f"/no/such/page?lang={lang}"]:
        todo.append(address)
    while todo:
        address = todo.popleft()
        answer = client.get(address, headers={"Accept": "text/html"})
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue
        for word in interface_words(answer.text):
            if word not in allowed:
                found.setdefault(word, address)
        for link in re.findall(r'href="([^"#]+)', answer.text):
            target = urljoin(address, html.unescape(link))
            if urlsplit(target).netloc or target in seen or f"lang={lang}" not in target:
                continue
            seen.add(target)
            todo.append(target)
    assert len(seen) > 100
    assert found == {}, " ".join(f"{w}@{a}" for w, a in sorted(found.items()))


def test_a_search_too_short_to_compare_says_how_many_letters_it_needs(client: TestClient) -> None:
    page = client.get("/search?q=Ма&lang=ru").text
    assert "Введите хотя бы три буквы" in page


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_footers_sparql_link_keeps_the_page_language(client: TestClient, lang: str) -> None:
    assert f'href="/sparql?lang={lang}"' in client.get(f"/?lang={lang}").text
