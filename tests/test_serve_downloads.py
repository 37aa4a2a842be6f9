"""``/download`` of `civicgraph serve`: the data served in every RDF format, the releases,
and the VoID description that points at them."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from starlette.testclient import TestClient

from civicgraph.export import serialize_snapshot
from civicgraph.formats import rdf_formats
from civicgraph.serve import ServeSettings, create_app, downloads
from civicgraph.serve.i18n import words
from civicgraph.snapshot import Snapshot
from civicgraph.store import current_folder
from tests.seed import DATA, IRIS
from tests.serve_support import CATALOGUE, build_seed_store, make_release, settings_for

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
DATASET = f"{IRIS.id_prefix}dataset/civicgraph"
TEMPLATE = Path(downloads.__file__).parent / "templates" / "download.html"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("downloads") / "store")


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory, store_path: Path) -> Path:
    """Two releases of the seed, 0.9.0 and 0.10.0 (newer by semantic versioning, older
    by the order of their names)."""
    root = tmp_path_factory.mktemp("releases")
    make_release(store_path, root, "0.9.0")
    shutil.copytree(root / "0.9.0", root / "0.10.0")
    (root / ".0.11.0.partial-1").mkdir()  # a release being written is no release
    # a file beside a release that its SHA256SUMS does not list is not the release's
    (root / "0.9.0" / "secret.txt").write_text("not published\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client(
    store_path: Path, releases: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = ServeSettings(
        store_path=store_path,
        iris=IRIS,
        catalogue=CATALOGUE,
        releases=releases,
        downloads=tmp_path_factory.mktemp("dumps"),
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


class _Text(HTMLParser):
    """The text a person reads in a page, without what scripts and styles hold."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_every_dump_is_the_bytes_civicgraph_export_writes(
    client: TestClient, store_path: Path
) -> None:
    snapshot = Snapshot.read(current_folder(store_path))
    for fmt in rdf_formats():
        response = client.get(f"/download/civicgraph.{fmt.extension}")
        assert response.status_code == 200, fmt.name
        assert response.content == serialize_snapshot(snapshot, fmt), fmt.name
        assert response.headers["content-type"] == fmt.content_type
        assert 'filename="civicgraph.' in response.headers["content-disposition"]
        # a client that has these bytes is told so, and sent nothing
        again = client.get(
            f"/download/civicgraph.{fmt.extension}",
            headers={"If-None-Match": response.headers["etag"]},
        )
        assert (again.status_code, again.content) == (304, b""), fmt.name


def test_the_page_lists_every_format_then_the_releases_newest_first(client: TestClient) -> None:
    client.get("/download/civicgraph.ttl")  # made: its size is shown
    page = client.get("/download?lang=en")
    assert page.status_code == 200
    text = visible_text(page.text)
    for fmt in rdf_formats():
        assert f'href="/download/civicgraph.{fmt.extension}"' in page.text, fmt.name
        assert fmt.title in text
    turtle_row = re.search(r"civicgraph\.ttl</a></td>.*?</tr>", page.text, re.S)
    assert turtle_row is not None
    assert "kB" in turtle_row.group(0)
    assert "Latest release: 0.10.0" in text
    assert 'href="/download/release/0.9.0/civicgraph.nq"' in page.text
    assert "partial" not in page.text
    assert 'href="/download?lang=en" id="footer-download"' in page.text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_page_speaks_the_readers_language(client: TestClient, lang: str) -> None:
    """Every word the template shows is the reader's, none the English interface's."""
    page = client.get(f"/download?lang={lang}")
    text = visible_text(page.text)
    keys = set(re.findall(r"\bt\.(\w+)", TEMPLATE.read_text(encoding="utf-8")))
    assert keys, "the template names no words"
    # shown over an endpoint, with no release, or before a dump is made
    shown = keys - {"endpoint_dumps", "no_releases", "made_when_asked"}
    own, english = words(lang), words("en")
    for key in sorted(keys):
        assert key not in shown or own[key] in text, key
        assert english[key] not in text, key
    # sizes as the language abbreviates them: «кБ»/«КБ», not kB
    assert "kB" not in text


def test_a_release_file_is_sent_as_its_checksum_says(client: TestClient, releases: Path) -> None:
    sent = client.get("/download/release/0.9.0/civicgraph.ttl")
    assert sent.status_code == 200
    assert sent.content == (releases / "0.9.0" / "civicgraph.ttl").read_bytes()
    assert sent.headers["content-type"] == "text/turtle; charset=utf-8"
    sums = client.get("/download/release/0.9.0/SHA256SUMS")
    assert sums.status_code == 200
    assert "civicgraph.ttl" in sums.text


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/download/civicgraph.n3", "no download civicgraph.n3"),
        ("/download/other.ttl", "no download other.ttl"),
        ("/download/release/0.9.0/secret.txt", "release 0.9.0 has no file secret.txt"),
        ("/download/release/9.9.9/civicgraph.ttl", "release 9.9.9 has no file"),
        ("/download/release/.0.11.0.partial-1/x", "has no file"),
    ],
)
def test_what_is_not_offered_is_a_404(client: TestClient, url: str, said: str) -> None:
    response = client.get(url, headers={"Accept": "text/plain"})
    assert response.status_code == 404
    assert said in response.text


def test_a_release_file_that_differs_from_its_checksum_is_never_sent(
    store_path: Path, releases: Path, tmp_path: Path
) -> None:
    root = tmp_path / "releases"
    shutil.copytree(releases / "0.9.0", root / "0.9.0")
    damaged = root / "0.9.0" / "civicgraph.ttl"
    damaged.write_bytes(damaged.read_bytes().replace(b"Maulen", b"Mauled"))
    settings = ServeSettings(
        store_path=store_path, iris=IRIS, catalogue=CATALOGUE, releases=root,
        downloads=tmp_path / "dumps",
    )  # fmt: skip
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        response = test_client.get("/download/release/0.9.0/civicgraph.ttl")
        assert response.status_code == 500
        assert b"Mauled" not in response.content
        intact = test_client.get("/download/release/0.9.0/civicgraph.nq")
        assert intact.status_code == 200


def test_a_dump_that_cannot_be_written_is_a_503_that_says_so(
    store_path: Path, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "dumps"
    not_a_folder.write_text("a file where the dumps' folder would be", encoding="utf-8")
    settings = ServeSettings(
        store_path=store_path, iris=IRIS, catalogue=CATALOGUE, releases=tmp_path,
        downloads=not_a_folder,
    )  # fmt: skip
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        refused = test_client.get("/download/civicgraph.ttl", headers={"Accept": "text/plain"})
        assert refused.status_code == 503
        assert refused.text == "the Turtle dump cannot be written now\n"
        page = test_client.get("/download/civicgraph.ttl?lang=ru")
        assert words("ru")["dump_unavailable"] in page.text
        # the snapshot's own N-Quads needs no writing
        assert test_client.get("/download/civicgraph.nq").status_code == 200


def test_a_dump_being_written_makes_the_others_wait_then_come_back(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, finish = threading.Event(), threading.Event()
    writes: list[str] = []

    def slow(snapshot: Snapshot, fmt: object) -> bytes:
        writes.append(str(fmt))
        started.set()
        finish.wait(30)
        return b"<urn:s> <urn:p> <urn:o> .\n"

    monkeypatch.setattr(downloads, "serialize_snapshot", slow)
    settings = ServeSettings(
        store_path=store_path, iris=IRIS, catalogue=CATALOGUE, releases=tmp_path,
        downloads=tmp_path / "dumps", timeout=1.0,
    )  # fmt: skip
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        first: list[int] = []
        writer = threading.Thread(
            target=lambda: first.append(test_client.get("/download/civicgraph.trig").status_code)
        )
        writer.start()
        assert started.wait(30)
        waiting = test_client.get("/download/civicgraph.trig", headers={"Accept": "text/plain"})
        assert waiting.status_code == 503
        assert waiting.headers["retry-after"] == "60"
        assert "being written" in waiting.text
        finish.set()
        writer.join(30)
        # the first asker waited past the server's timeout too; the dump was still made
        done = test_client.get("/download/civicgraph.trig")
        assert done.status_code == 200
        assert done.content == b"<urn:s> <urn:p> <urn:o> .\n"
        assert len(writes) == 1, "the dump was written once"
        assert first in ([200], [503])


def test_void_points_at_every_dump_and_describes_what_the_data_holds(
    client: TestClient,
) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    dataset = ox.NamedNode(DATASET)

    def objects(subject: ox.NamedNode, predicate: str) -> set[str]:
        return {
            t.object.value
            for t in triples
            if t.subject == subject and t.predicate.value == predicate
        }

    assert objects(dataset, VOID + "dataDump") == {
        f"http://testserver/download/civicgraph.{fmt.extension}" for fmt in rdf_formats()
    }
    assert len(objects(dataset, DCT + "issued")) == 1
    assert objects(dataset, DCT + "issued") == objects(dataset, DCT + "modified")
    linkset = ox.NamedNode(f"{DATASET}/linkset/wikidata")
    assert linkset.value in objects(dataset, VOID + "subset")
    assert objects(linkset, VOID + "linkPredicate") == {
        "http://www.w3.org/2004/02/skos/core#exactMatch"
    }
    links = yaml.safe_load((DATA / "links" / "wikidata.yaml").read_text(encoding="utf-8"))
    accepted = {
        (link["entity"], link["qid"]) for link in links["links"] if link["status"] == "accepted"
    }
    assert accepted
    assert objects(linkset, VOID + "triples") == {str(len(accepted))}
    people = {
        t.subject
        for t in triples
        if t.predicate.value == VOID + "class" and t.object.value.endswith("#Person")
    }
    (partition,) = people
    assert partition.value in objects(dataset, VOID + "classPartition")
    assert objects(partition, VOID + "entities") == {"3"}


@pytest.fixture(scope="module", params=["virtuoso"])
def endpoint_client(
    request: pytest.FixtureRequest, store_path: Path, releases: Path
) -> Iterator[TestClient]:
    """The explorer over the seed pushed to Virtuoso, with the releases."""
    settings = settings_for(request, store_path, releases=releases)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_over_an_endpoint_only_releases_are_offered(endpoint_client: TestClient) -> None:
    page = endpoint_client.get("/download?lang=en")
    assert page.status_code == 200
    assert 'id="endpoint-note"' in page.text
    assert 'href="/download/civicgraph.ttl"' not in page.text
    assert 'href="/download/release/0.10.0/civicgraph.ttl"' in page.text
    refused = endpoint_client.get("/download/civicgraph.ttl", headers={"Accept": "text/plain"})
    assert refused.status_code == 404
    assert "reads a SPARQL endpoint" in refused.text
    void = endpoint_client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    triples = list(ox.parse(void.content, format=ox.RdfFormat.N_TRIPLES))
    dumps = {t.object.value for t in triples if t.predicate.value == VOID + "dataDump"}
    assert dumps == {
        f"http://testserver/download/release/0.10.0/civicgraph.{fmt.extension}"
        for fmt in rdf_formats()
    }
    # the push's time, from the version graph
    assert any(t.predicate.value == DCT + "modified" for t in triples)
