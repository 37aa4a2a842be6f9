"""Rendered entity pages kept by `civicgraph serve`, and the validators clients revalidate with."""

from __future__ import annotations

import socket
import threading
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import uvicorn
from click.testing import CliRunner
from starlette.testclient import TestClient

from civicgraph.build import build_dataset
from civicgraph.cli import main
from civicgraph.linking.rdf import link_quads
from civicgraph.serve import ServeSettings, create_app
from civicgraph.serve.representations import Representation, Representations
from civicgraph.store import open_store, read_manifest, replace_store
from civicgraph.triplesource import EmbeddedSource
from tests.seed import DATA, IRIS, ONTOLOGY, iri
from tests.serve_support import CATALOGUE, build_seed_store

PAGE = "/id/person/maulen-ashimbayev"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class CountingStore:
    """The store, counting every call the server makes to read it."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self.calls = 0
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def counted(*args: object, **kwargs: object) -> object:
            with self._lock:
                self.calls += 1
            return attribute(*args, **kwargs)

        return counted

    def __len__(self) -> int:
        with self._lock:
            self.calls += 1
        return len(self._store)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("cache") / "store")


def counted_client(store_path: Path, **settings: Any) -> tuple[TestClient, CountingStore]:
    store = CountingStore(open_store(store_path))
    app = create_app(
        ServeSettings(store_path=store_path, iris=IRIS, catalogue=CATALOGUE, **settings),
        source=EmbeddedSource(
            store,  # type: ignore[arg-type]
            iris=IRIS,
            version=read_manifest(store_path).generation,
            path=store_path,
        ),
    )
    # no `with`: the start-up warm-up would read the store in a thread of its own
    return TestClient(app, raise_server_exceptions=False), store


def site_of(client: TestClient) -> Any:
    return client.app.app.state.site  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (PAGE + "?lang=en", {}),
        (PAGE, {"Accept-Language": "ru"}),
        (PAGE + "?format=turtle", {}),
        (PAGE, {"Accept": "application/ld+json"}),
        ("/id/source/maslikhat-council-extended-meeting?span=384-434", {}),
    ],
)
def test_a_representation_asked_twice_is_the_same_bytes_and_the_second_reads_no_store(
    store_path: Path, url: str, headers: dict[str, str]
) -> None:
    client, store = counted_client(store_path)
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    assert store.calls > 0
    read = store.calls
    second = client.get(url, headers=headers)
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["etag"] == first.headers["etag"]
    assert store.calls == read


def test_each_language_and_form_is_kept_apart(store_path: Path) -> None:
    client, _ = counted_client(store_path)
    english = client.get(PAGE + "?lang=en")
    russian = client.get(PAGE + "?lang=ru")
    turtle = client.get(PAGE + "?format=turtle")
    assert english.headers["content-language"] == "en"
    assert russian.headers["content-language"] == "ru"
    assert "Maulen Ashimbayev" in english.text
    assert "Маулен Ашимбаев" in russian.text
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len({english.headers["etag"], russian.headers["etag"], turtle.headers["etag"]}) == 3
    # the kept pages are still told apart when asked again, by header as by parameter
    assert client.get(PAGE, headers={"Accept-Language": "en"}).content == english.content
    assert client.get(PAGE, headers={"Accept-Language": "ru"}).content == russian.content
    assert client.get(PAGE + "?lang=ru").content == russian.content


def test_a_cache_of_zero_renders_every_request(store_path: Path) -> None:
    client, store = counted_client(store_path, page_cache_mb=0)
    first = client.get(PAGE + "?lang=en")
    read = store.calls
    second = client.get(PAGE + "?lang=en")
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert store.calls > read
    # and the validators answer all the same
    again = client.get(PAGE + "?lang=en", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "page",
    [PAGE, "/id/event/council-maslikhats-extended-meeting-2025-04", "/id/post/chairman-senate-kz"],
)
def test_an_entity_page_asks_the_store_three_questions_however_many_facts_it_has(
    store_path: Path, page: str
) -> None:
    # its own triples, the nodes naming it, the excerpts of all their evidence: labels
    # and source texts are read on the first visit only
    client, store = counted_client(store_path, page_cache_mb=0)
    first = client.get(page + "?lang=en")
    assert first.status_code == 200
    assert first.text.count('class="fact"') >= 1
    read = store.calls
    assert client.get(page + "?lang=en").content == first.content
    assert store.calls - read == 3


def test_a_representation_larger_than_the_whole_cache_is_not_kept() -> None:
    pages = Representations("gen-1", None, max_bytes=100)
    small = Representation(b"x" * 60, "text/plain", (), '"small"')
    large = Representation(b"x" * 101, "text/plain", (), '"large"')
    pages.put(pages.key("text/plain", "en", "/id/a", ""), small)
    pages.put(pages.key("text/plain", "en", "/id/b", ""), large)
    assert pages.get(pages.key("text/plain", "en", "/id/a", "")) == small
    assert pages.get(pages.key("text/plain", "en", "/id/b", "")) is None
    # weighed by bytes: a second page of 60 pushes the least recently used one out
    pages.put(pages.key("text/plain", "en", "/id/c", ""), small)
    assert pages.get(pages.key("text/plain", "en", "/id/a", "")) is None
    assert pages.get(pages.key("text/plain", "en", "/id/c", "")) == small


def test_a_cache_keeps_pages_of_its_own_generation_only() -> None:
    pages = Representations("gen-1", None, max_bytes=1000)
    page = Representation(b"page", "text/plain", (), '"p"')
    pages.put(pages.key("text/plain", "en", "/id/a", ""), page)
    assert pages.get(("gen-1", "text/plain", "en", "/id/a", "")) == page
    assert pages.get(("gen-0", "text/plain", "en", "/id/a", "")) is None


def test_if_none_match_with_the_current_tag_is_a_304_with_no_body(store_path: Path) -> None:
    client, _ = counted_client(store_path)
    page = client.get(PAGE + "?lang=en")
    etag = page.headers["etag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert page.headers["cache-control"] == "public, no-cache"
    for asked in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        same = client.get(PAGE + "?lang=en", headers={"If-None-Match": asked})
        assert same.status_code == 304, asked
        assert same.content == b""
        assert same.headers["etag"] == etag
        assert "content-length" not in same.headers or same.headers["content-length"] == "0"
        assert same.headers["vary"] == page.headers["vary"]
    other = client.get(PAGE + "?lang=en", headers={"If-None-Match": '"not-this-page"'})
    assert other.status_code == 200
    assert other.content == page.content
    # a tag is one representation's: the Russian page is not the English one
    russian = client.get(PAGE + "?lang=ru", headers={"If-None-Match": etag})
    assert russian.status_code == 200
    assert "Маулен Ашимбаев" in russian.text


def test_if_modified_since_compares_with_the_build_and_yields_to_if_none_match(
    store_path: Path,
) -> None:
    client, _ = counted_client(store_path)
    page = client.get(PAGE)
    built = read_manifest(store_path).built
    last_modified = page.headers["last-modified"]
    assert parsedate_to_datetime(last_modified).isoformat().startswith(built[:19])
    assert client.get(PAGE, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get(PAGE, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(PAGE, headers={"If-Modified-Since": "yesterday"}).status_code == 200
    both = {"If-Modified-Since": last_modified, "If-None-Match": '"stale"'}
    assert client.get(PAGE, headers=both).status_code == 200


def test_unknown_entities_are_never_answered_from_the_validators(store_path: Path) -> None:
    client, _ = counted_client(store_path)
    page = client.get(PAGE)
    for url in ("/id/person/nobody", "/id/person/nobody?format=turtle"):
        missing = client.get(url, headers={"If-None-Match": page.headers["etag"]})
        assert missing.status_code == 404, url
        assert "no entity person/nobody" in missing.text
    # an unknown entity is a 404 whatever it is asked as; a known one says what it offers
    odd_form = client.get("/id/person/nobody?format=xml")
    assert odd_form.status_code == 404
    assert client.get(PAGE + "?format=xml").status_code == 406


def _rebuild_with_label(store_path: Path, label: str) -> None:
    quads = list(build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads)
    quads.append(
        ox.Quad(
            ox.NamedNode(iri("person/maulen-ashimbayev")),
            ox.NamedNode(LABEL),
            ox.Literal(label, language="de"),
            ox.NamedNode("https://w3id.org/civicgraph/graph/entities"),
        )
    )
    replace_store(store_path, quads, iris=IRIS)


@pytest.fixture
def rebuilt_store(tmp_path: Path) -> Path:
    return build_seed_store(tmp_path / "store")


def test_a_new_generation_gives_the_new_page_and_the_old_server_keeps_its_own(
    rebuilt_store: Path,
) -> None:
    before, _ = counted_client(rebuilt_store)
    old = before.get(PAGE)
    old_generation = read_manifest(rebuilt_store).generation
    assert site_of(before).representations.generation == old_generation

    _rebuild_with_label(rebuilt_store, "Neue Beschriftung")
    assert read_manifest(rebuilt_store).generation != old_generation
    after, _ = counted_client(rebuilt_store)
    new = after.get(PAGE, headers={"If-None-Match": old.headers["etag"]})
    assert new.status_code == 200
    assert "Neue Beschriftung" in new.text
    assert new.headers["etag"] != old.headers["etag"]

    # a server started before the build serves the generation it opened, cache and all
    still = before.get(PAGE)
    assert still.content == old.content
    assert "Neue Beschriftung" not in still.text
    assert before.get(PAGE, headers={"If-None-Match": old.headers["etag"]}).status_code == 304


def test_serve_page_cache_option_reaches_the_settings(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Any] = []

    def run(server: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        for listener in sockets or []:
            listener.close()
        served.append(server.config.app)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    for given, expected in (([], 64), (["--page-cache", "0"], 0), (["--page-cache", "8"], 8)):
        # port 0: a free one, so a server already on the default port fails nothing here
        result = CliRunner().invoke(
            main, ["serve", "--store", str(store_path), "--port", "0", *given]
        )
        assert result.exit_code == 0, result.output
        assert served[-1].app.state.site.settings.page_cache_mb == expected
    refused = CliRunner().invoke(main, ["serve", "--store", str(store_path), "--page-cache", "-1"])
    assert refused.exit_code == 2
    assert "Invalid value for '--page-cache'" in refused.output
    assert "-1 is not in the range x>=0" in refused.output


def test_parameters_the_page_does_not_read_neither_make_entries_nor_change_the_bytes(
    store_path: Path,
) -> None:
    client, _ = counted_client(store_path)
    pages = site_of(client).representations
    first = client.get(PAGE + "?lang=en")
    entries, weight = pages.entries, pages.weight
    assert entries == 1
    for number in range(20):
        junk = client.get(PAGE + f"?lang=en&pad={'a' * 2000}{number}&x={number}")
        assert junk.content == first.content
        assert junk.headers["etag"] == first.headers["etag"]
    assert (pages.entries, pages.weight) == (entries, weight)
    # nor does junk rendered first leak into the page later visitors are given
    fresh, _ = counted_client(store_path)
    assert fresh.get(PAGE + "?lang=en&pad=zzz").content == first.content


def test_a_kept_representation_counts_its_key_as_well_as_its_body() -> None:
    pages = Representations("gen-1", None, max_bytes=1000)
    body = Representation(b"x" * 10, "text/plain", (), '"p"')
    key = pages.key("text/plain", "en", "/id/" + "a" * 500, "")
    pages.put(key, body)
    assert pages.weight == 10 + sum(len(part) for part in key)
    # a long address weighs what a body would: two of them do not fit in 1000 bytes
    pages.put(pages.key("text/plain", "en", "/id/" + "b" * 500, ""), body)
    assert pages.entries == 1
    assert pages.get(key) is None
