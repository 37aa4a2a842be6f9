"""A source's url is a web address (http or https) at every step: `source add` refuses
another, the build refuses one in a source's metadata with its file and line, and a page
never links to one even when a store already holds it (no stored script in the explorer)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph.build import build_dataset
from civicgraph.cli import main
from civicgraph.errors import SourceError
from civicgraph.linking.rdf import link_quads
from civicgraph.records import is_web_address
from civicgraph.store import replace_store
from tests.seed import DATA, IRIS, ONTOLOGY, iri
from tests.serve_support import fetch, serve

SCRIPT_URLS = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "//evil.example/page",
    "https://",
    "example.org/page",
    "http://example.org/a\nid: other",  # a line break would write a second YAML key
    'http://example.org/a"onmouseover="x',
    "http://example.org/a\x00b",
]
SOURCE = "maslikhat-council-extended-meeting"
SCHEMA_URL = "http://schema.org/url"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
ADD = ("source", "add", "--id", "a", "--lang", "ru")


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_source_add_refuses_a_url_that_is_not_http(tmp_path: Path, url: str) -> None:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    article = tmp_path / "article.txt"
    article.write_text("Сегодня в Астане состоялось заседание Сената.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [*ADD, str(article), "--data", str(data), "--url", url],
    )
    assert result.exit_code == 2
    assert "is not an http(s) address" in result.output
    assert "starting with https:// or http://" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list((data / "sources").iterdir()) == []


def test_source_add_keeps_a_web_address(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    article = tmp_path / "article.txt"
    article.write_text("Сегодня в Астане состоялось заседание Сената.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [*ADD, str(article), "--data", str(data), "--url", "https://example.org/news/1?lang=ru"],
    )
    assert result.exit_code == 0, result.output
    assert "url: https://example.org/news/1?lang=ru" in (
        data / "sources" / "a" / "source.yaml"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "file:///etc/passwd"])
def test_the_build_refuses_a_source_url_that_is_not_http(tmp_path: Path, url: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    meta = data / "sources" / SOURCE / "source.yaml"
    text = meta.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("url:"))
    lines[number - 1] = f'url: "{url}"'
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        build_dataset(data, ONTOLOGY, iris=IRIS)
    message = str(caught.value)
    assert message.startswith(f"{meta}:{number}: {SOURCE}: url {url!r} is not an http(s) address")
    assert "(hint: give the address the document was published at" in message


def test_web_addresses_are_told_from_others() -> None:
    assert is_web_address("https://w3id.org/civicgraph")
    assert is_web_address("http://127.0.0.1:8000/page?a=1#b")
    assert not any(is_web_address(url) for url in SCRIPT_URLS)


def store_holding_script_urls(path: Path) -> Path:
    """The seed store, with its article's url and one fact's cited page a script: as a
    store built before the build refused them would hold."""
    quads = []
    source = ox.NamedNode(iri(f"source/{SOURCE}"))
    for quad in build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads:
        if quad.subject == source and quad.predicate.value == SCHEMA_URL:
            script = ox.Literal("javascript:alert(document.domain)")
            quad = ox.Quad(source, quad.predicate, script, quad.graph_name)  # noqa: PLW2901
        quads.append(quad)
    participation = next(
        q
        for q in quads
        if q.predicate.value.endswith("#participant")
        and q.object == ox.NamedNode(iri("person/maulen-ashimbayev"))
    )
    quads.append(
        ox.Quad(
            participation.subject,
            ox.NamedNode(DERIVED),
            ox.NamedNode("javascript:alert(2)"),
            participation.graph_name,
        )
    )
    replace_store(path, quads, iris=IRIS)
    return path


def test_a_page_never_links_a_script_url_a_store_holds(tmp_path: Path) -> None:
    store = store_holding_script_urls(tmp_path / "store")
    with serve(store) as server:
        source_page = fetch(f"{server.url}/id/source/{SOURCE}?lang=en")
        person_page = fetch(f"{server.url}/id/person/maulen-ashimbayev?lang=en")
    assert (source_page.status, person_page.status) == (200, 200)
    for page in (source_page.text, person_page.text):
        assert not re.search(r"""href=["']?\s*javascript:""", page, re.IGNORECASE)
    assert "javascript:alert(document.domain)" in source_page.text  # shown, as text
    assert "javascript:alert(2)" in person_page.text
