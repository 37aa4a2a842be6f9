"""source add of a web page (a saved file or a URL served on 127.0.0.1) and source remove.

The pages in tests/fixtures/ingest/pages/ are written for these tests in the shapes of a
Kazakh, a Russian and an English news site (menus, share buttons, scripts, bylines, photo
credits, related links, ``&nbsp;`` inside a name, Open Graph and canonical metadata);
their outlets, people and events are invented.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import rdflib
import trafilatura
import yaml
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.errors import SourceError
from civicgraph.namespaces import DCTERMS, FOAF
from civicgraph.records import load_sources, read_source, with_text

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "ingest" / "pages"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@dataclass(frozen=True)
class Site:
    """One written page and what a reader of it sees as the article."""

    file: str
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    """Words of the menu, share buttons, scripts, credits, related links and footer."""
    byline: str
    spaced_name: str
    """A name written with ``&nbsp;`` in the page, with a plain space."""
    title: str
    date: str
    site_name: str
    canonical: str

    @property
    def body(self) -> bytes:
        return (PAGES / self.file).read_bytes()


SITES = {
    "kk": Site(
        file="kk-news.html",
        paragraphs=(
            "Ақтөбе қаласында бір мың екі жүз орындық жаңа мектеп есігін айқара ашты. "
            "Салтанатты жиынға облыс әкімі Нұрлан Ойдағыұлы қатысты.",
            "Жаңа білім ордасында заманауи зертханалар, спорт залы және кітапхана бар. "
            "Мектеп құрылысы өткен жылдың көктемінде басталған еді.",
            "Облыс әкімі мұғалімдер мен оқушыларды жаңа оқу жылымен құттықтап, өңірде тағы "
            "үш мектеп салынатынын айтты.",
        ),
        boilerplate=(
            "Саясат",
            "Басты бет",
            "Іздеу",
            "Facebook",
            "Telegram",
            "Бөлісу",
            "Жасырын Сценарий",
            "counter.example",
            "Серік Суретшиев",
            "Ерболат Көрікбаев",
            "Фото",
            "#мектеп",
            "Тақырыпқа қатысты",
            "Шымкентте жаңа саябақ",
            "құқықтар қорғалған",
            "1 245",
        ),
        byline="Ойданова",
        spaced_name="Нұрлан Ойдағыұлы",
        title="Ақтөбеде жаңа мектеп ашылды",
        date="2024-09-02",
        site_name="Дала Жаршысы",
        canonical="https://dala-zharshysy.example/kk/news/qogam/12345",
    ),
    "ru": Site(
        file="ru-news.html",
        paragraphs=(
            "В Приозёрске прошла очередная сессия областного маслихата под председательством "
            "секретаря Асхата Выдуманова.",
            "Депутаты рассмотрели исполнение местного бюджета за прошлый год и утвердили "
            "поправки к плану развития области на ближайшие три года.",
            "По словам Асхата Выдуманова, особое внимание было уделено ремонту сельских дорог "
            "и строительству новых школ в районных центрах.",
            "Следующую сессию планируется провести в июне, сообщает пресс-служба маслихата.",
        ),
        boilerplate=(
            "Главная",
            "Политика",
            "Поделиться",
            "WhatsApp",
            "dataLayer",
            "Аким Секретов",
            "Секретная Аналитика",
            "Ерлан Фотографов",
            "Фото",
            "Читайте также",
            "Аким встретился с фермерами",
            "Все права защищены",
            "Контакты",
            ".menu",
        ),
        byline="Тестова",
        spaced_name="Асхата Выдуманова",
        title="Маслихат области обсудил бюджет",
        date="2024-03-14",
        site_name="Вести Степи",
        canonical="https://vesti-stepi.example/news/2024/03/14/maslikhat-budget",
    ),
    "en": Site(
        file="en-news.html",
        paragraphs=(
            "The regional council voted on Tuesday to approve a five-year plan for repairing "
            "irrigation canals, after a debate chaired by council secretary Marat Inventov.",
            "Under the plan, the region will replace two hundred kilometres of old pipes and "
            "build three small reservoirs for farming villages in the north.",
            '"Every village deserves water it can rely on," Inventov told the deputies before '
            "the vote.",
            "The plan now goes to the regional akimat, which is expected to publish a schedule "
            "of works early next year.",
        ),
        boilerplate=(
            "Home",
            "Politics",
            "Subscribe",
            "Share this",
            "Twitter",
            "Email",
            "_gaq",
            "Tracking Person",
            "Peter Lensman",
            "Photo",
            "reservoir near the city",
            "Related",
            "City opens new bus routes",
            "All rights reserved",
            "Privacy Policy",
            "By ",
        ),
        byline="Madeup",
        spaced_name="Marat Inventov",
        title="Regional council approves water plan",
        date="2023-11-21",
        site_name="The Steppe Courier",
        canonical="https://steppe-courier.example/politics/regional-council-approves-water-plan/",
    ),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "data" / "sources").mkdir(parents=True)
    return tmp_path / "data"


@pytest.fixture
def site(fault_server):
    """A news server on 127.0.0.1 serving the three pages at /kk, /ru and /en."""
    server = fault_server()
    server.mode = "pages"
    server.pages = {
        f"/{language}": ("text/html; charset=utf-8", site.body) for language, site in SITES.items()
    }
    return server


def assert_held_page(data: Path, source_id: str, site: Site, language: str) -> dict:
    """The page byte for byte, its article text beside it, and what the page says of itself."""
    folder = data / "sources" / source_id
    meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    page = (folder / f"{source_id}.{language}.html").read_bytes()
    assert page == site.body
    assert meta["file"] == f"{source_id}.{language}.html"
    assert meta["sha256"] == hashlib.sha256(page).hexdigest()
    extracted = meta["extracted"]
    text_bytes = (folder / extracted["file"]).read_bytes()
    assert extracted["file"] == f"{source_id}.{language}.txt"
    assert extracted["sha256"] == hashlib.sha256(text_bytes).hexdigest()
    assert extracted["extractor"]["trafilatura"] == trafilatura.__version__
    assert set(extracted["extractor"]) == {"trafilatura", "htmldate", "civicgraph"}
    text = text_bytes.decode("utf-8")
    for paragraph in site.paragraphs:
        assert paragraph in text
    for word in site.boilerplate:
        assert word not in text, f"boilerplate {word!r} in the text"
    assert site.byline not in text, "the journalist is no part of the article"
    assert site.spaced_name in text, "&nbsp; keeps a name whole, as a plain space"
    assert "\xa0" not in text
    assert meta["title"] == {language: site.title}
    assert meta["language"] == language
    assert meta["date"] == site.date
    assert meta["url"] == site.canonical
    assert meta["publisher"] == "unknown"
    assert meta["publisherName"] == site.site_name
    source = load_sources(data)[source_id]
    assert (source.text, source.sha256, source.date) == (text, meta["sha256"], site.date)
    assert source.publisher_name == site.site_name
    return meta


# ------------------------------------------------------------------ pages that are held


@pytest.mark.parametrize("language", SITES)
def test_source_add_url_holds_the_article_without_the_sites_furniture(
    data: Path, site, language: str
) -> None:
    """A news page by URL: the page kept byte for byte, its article's paragraphs as the
    text, none of the menu, buttons, scripts, byline, credits or related links; title,
    date, site name and canonical URL from its metadata; the language from its lang."""
    url = f"{site.url}/{language}"
    result = run("source", "add", url, "--id", "page", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added page: ")
    assert f"characters of text extracted by trafilatura {trafilatura.__version__}" in result.output
    meta = assert_held_page(data, "page", SITES[language], language)
    assert meta["retrieved"]["url"] == url
    assert meta["retrieved"]["at"].endswith("Z")
    request = site.requests[-1]
    assert request.headers["User-Agent"].startswith("civicgraph/")
    assert "source add" in request.headers["User-Agent"]
    assert "text/html" in request.headers["Accept"]
    assert not {"Authorization", "Cookie", "Referer"} & set(request.headers)


@pytest.mark.parametrize("language", SITES)
def test_source_add_html_file_holds_the_article(data: Path, tmp_path: Path, language: str) -> None:
    """The same page saved to a file: the same text and metadata, nothing fetched."""
    saved = tmp_path / f"saved-{language}.html"
    saved.write_bytes(SITES[language].body)
    result = run("source", "add", str(saved), "--id", "page", "--data", str(data))
    assert result.exit_code == 0, result.output
    meta = assert_held_page(data, "page", SITES[language], language)
    assert "retrieved" not in meta


def test_a_page_saved_without_extension_is_still_read_as_html(data: Path, tmp_path: Path) -> None:
    """An HTML file named .txt was held as text (title "<!DOCTYPE html>", names from the
    menu): its first bytes say what it is."""
    saved = tmp_path / "article.txt"
    saved.write_bytes(SITES["ru"].body)
    assert run("source", "add", str(saved), "--id", "p", "--data", str(data)).exit_code == 0
    assert_held_page(data, "p", SITES["ru"], "ru")


def a_known_publisher(data: Path) -> None:
    (data / "entities").mkdir(exist_ok=True)
    (data / "entities" / "bodies.yaml").write_text(
        "entities:\n  - id: org/vesti\n    type: Organisation\n    label: {ru: Вести Степи}\n",
        encoding="utf-8",
    )


def test_options_given_win_over_the_pages_metadata(data: Path, site) -> None:
    """--language, --title, --url, --publisher (an entity id) and --published are the curator's
    word; the site name is still kept beside an entity publisher."""
    a_known_publisher(data)
    result = run("source", "add", f"{site.url}/ru", "--id", "p", "--language", "kk",
                 "--title", "Сессия", "--url", "https://example.org/a", "--publisher", "org/vesti",
                 "--published", "2024-03-15", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((data / "sources" / "p" / "source.yaml").read_text(encoding="utf-8"))
    assert (meta["language"], meta["title"], meta["url"], meta["date"]) == (
        "kk",
        {"kk": "Сессия"},
        "https://example.org/a",
        "2024-03-15",
    )
    assert (meta["publisher"], meta["publisherName"]) == ("org/vesti", "Вести Степи")
    assert meta["file"] == "p.kk.html"


def test_a_publisher_that_is_no_entity_id_is_kept_as_a_name(data: Path, tmp_path: Path) -> None:
    """--publisher "Some Outlet" on a text: recorded as a name, not as an unknown entity id
    the build would refuse."""
    text = tmp_path / "a.txt"
    text.write_text("Депутаты обсудили бюджет.\n", encoding="utf-8")
    result = run("source", "add", str(text), "--id", "a", "--language", "ru",
                 "--publisher", "Вести Степи", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((data / "sources" / "a" / "source.yaml").read_text(encoding="utf-8"))
    assert (meta["publisher"], meta["publisherName"]) == ("unknown", "Вести Степи")


def test_a_publisher_id_the_authority_file_lacks_is_refused_before_anything_is_written(
    data: Path, tmp_path: Path
) -> None:
    a_known_publisher(data)
    text = tmp_path / "a.txt"
    text.write_text("Депутаты обсудили бюджет.\n", encoding="utf-8")
    before = tree(data)
    result = run("source", "add", str(text), "--id", "a", "--language", "ru",
                 "--publisher", "org/vestii", "--data", str(data))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert "unknown publisher 'org/vestii'" in result.output
    assert "did you mean org/vesti?" in result.output
    assert tree(data) == before


@pytest.mark.parametrize("canonical", [b"javascript:alert(1)", b"https://user:pw@example.org/a"])
def test_a_canonical_link_that_is_not_plain_http_is_not_recorded(
    data: Path, site, canonical: bytes
) -> None:
    """Only http(s) URLs without credentials are stored: an odd canonical link gives way to
    the URL fetched."""
    site.pages["/odd"] = (
        "text/html",
        SITES["en"].body.replace(SITES["en"].canonical.encode(), canonical),
    )
    assert run("source", "add", f"{site.url}/odd", "--id", "p", "--data", str(data)).exit_code == 0
    meta = yaml.safe_load((data / "sources" / "p" / "source.yaml").read_text(encoding="utf-8"))
    assert meta["url"] == f"{site.url}/odd"


def test_a_redirect_is_followed_and_the_final_url_recorded(data: Path, site, fault_server) -> None:
    """An http redirect is followed; where the page came from is recorded."""
    front = fault_server()
    front.mode, front.redirect_to = "redirect", site.url
    result = run("source", "add", f"{front.url}/en", "--id", "p", "--data", str(data))
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((data / "sources" / "p" / "source.yaml").read_text(encoding="utf-8"))
    assert meta["retrieved"]["url"] == f"{site.url}/en"


def test_a_plain_text_url_is_held_as_text(data: Path, site) -> None:
    """text/plain is held as it is, like a text file."""
    site.pages["/plain"] = ("text/plain; charset=utf-8", "Депутаты обсудили бюджет.\n".encode())
    result = run("source", "add", f"{site.url}/plain", "--id", "p", "--language", "ru",
                 "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = data / "sources" / "p"
    assert (folder / "p.ru.txt").read_text(encoding="utf-8") == "Депутаты обсудили бюджет.\n"
    meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    assert "extracted" not in meta
    assert meta["url"] == f"{site.url}/plain"


# --------------------------------------------------------------------------- refusals

CHROME_ONLY = (
    b'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Page not found</title>'
    b"</head><body><nav><ul><li><a href='/'>\xd0\x93\xd0\xbb\xd0\xb0\xd0\xb2\xd0\xbd\xd0\xb0\xd1\x8f</a></li>"
    b"<li><a href='/politics'>Politics</a></li></ul></nav><div class='share'><a href='#'>Telegram</a>"
    b"</div><aside class='related'><a href='/1'>Another story about something</a></aside>"
    b"<footer>(c) 2024 Site. All rights reserved.</footer></body></html>"
)
HEADLINE_ONLY = re.sub(rb'<div class="article-body">.*?</div>', b"", SITES["ru"].body, flags=re.S)
"""The Russian page without its article: trafilatura finds the headline, and only it."""
NO_LANGUAGE = SITES["en"].body.replace(b' lang="en-US"', b"")
GERMAN = SITES["en"].body.replace(b' lang="en-US"', b' lang="de"')

URL_REFUSALS = {
    "binary": (("", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), [], "the page is binary (it contains NUL bytes)"),
    "image": (("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), [], "is image/png, not a web page or plain text"),
    "html-with-nul": (("text/html", b"<html>\x00\x01</html>"), [], "the page is binary"),
    "wrong-media-type": (("application/pdf", b"%PDF-1.4 not a page"), [], "is application/pdf, not a web page or plain text"),
    "oversized": (("text/html", SITES["kk"].body), ["--max-bytes", "1000"], "over the limit of 1,000"),
    "boilerplate-only": (("text/html", CHROME_ONLY), [], "no article text found"),
    "headline-only": (("text/html", HEADLINE_ONLY), [], "the page's main text is 0 word(s), fewer than 15"),
    "no-language": (("text/html", NO_LANGUAGE), [], "the page does not declare its language"),
    "other-language": (("text/html", GERMAN), [], "the page declares its language as 'de'"),
    "not-utf8-text": (("text/plain", "Сенат".encode("cp1251")), ["--language", "ru"], "the page is not valid UTF-8"),
}  # fmt: skip


def assert_refused(result: Result, data: Path, *, names: str, message: str) -> None:
    """Exit 2, one line naming the URL or file and the problem, with a hint; nothing written."""
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert names in lines[0]
    assert message in lines[0]
    assert "(hint: " in lines[0]
    assert tree(data) == {}


@pytest.mark.parametrize("case", URL_REFUSALS)
def test_source_add_url_refusals(data: Path, site, case: str) -> None:
    """Each bad answer is refused in one line naming the URL, and nothing is written."""
    page, extra, message = URL_REFUSALS[case]
    site.pages["/bad"] = page
    result = run("source", "add", f"{site.url}/bad", "--id", "p", "--data", str(data), *extra)
    assert_refused(result, data, names=f"{site.url}/bad", message=message)


def test_an_oversized_page_without_content_length_is_cut_at_the_limit(data: Path, site) -> None:
    """A server that does not say the length is read up to the limit, then refused."""
    site.send_length = False
    result = run("source", "add", f"{site.url}/kk", "--id", "p", "--max-bytes", "1000",
                 "--data", str(data))  # fmt: skip
    assert_refused(result, data, names=f"{site.url}/kk", message="more than 1,000 bytes")


def test_an_empty_answer_is_refused(data: Path, fault_server) -> None:
    server = fault_server()
    server.mode = "empty"
    result = run("source", "add", f"{server.url}/news", "--id", "p", "--data", str(data))
    assert_refused(result, data, names=f"{server.url}/news", message="the page is empty")


def test_a_missing_page_is_refused_with_its_status(data: Path, site) -> None:
    result = run("source", "add", f"{site.url}/gone", "--id", "p", "--data", str(data))
    assert_refused(result, data, names=f"{site.url}/gone", message="HTTP 404")
    assert "check the address" in result.output


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/news.html", "file:///etc/passwd"])
def test_a_url_that_is_not_http_is_refused(data: Path, url: str) -> None:
    result = run("source", "add", url, "--id", "p", "--data", str(data))
    assert_refused(result, data, names=url, message="not an http(s) URL")


def test_a_url_with_credentials_is_refused_unechoed(data: Path) -> None:
    result = run("source", "add", "http://user:s3cret@127.0.0.1:9/news", "--id", "p",
                 "--data", str(data))  # fmt: skip
    assert_refused(result, data, names="http://127.0.0.1:9/", message="credentials in the URL")
    assert "s3cret" not in result.output


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("file:///etc", "redirects to file:///etc/en, a file: URL; not followed"),
        ("ftp://127.0.0.1:9", "redirects to ftp://127.0.0.1:9/en, a ftp: URL; not followed"),
        ("http://user:s3cret@127.0.0.1:9", "redirects to http://127.0.0.1/…, a user and password"),
    ],
    ids=["file", "ftp", "credentials"],
)
def test_a_redirect_away_from_http_is_refused(
    data: Path, fault_server, target: str, message: str
) -> None:
    """A page that redirects to file:, ftp: or a URL with a password: nothing is followed."""
    server = fault_server()
    server.mode, server.redirect_to = "redirect", target
    result = run("source", "add", f"{server.url}/en", "--id", "p", "--data", str(data))
    assert_refused(result, data, names=f"{server.url}/en", message=message)
    assert "s3cret" not in result.output


@pytest.mark.parametrize("send_length", [True, False], ids=["content-length", "until-close"])
def test_a_dripping_server_times_out_within_the_deadline(
    data: Path, fault_server, send_length: bool
) -> None:
    """One byte a second never trips a per-read timeout; the deadline stops the fetch, also
    of a body that has no length and so would end quietly when the deadline shuts it."""
    server = fault_server()
    server.mode, server.drip_interval, server.send_length = "drip-body", 0.5, send_length
    result = run("source", "add", f"{server.url}/news", "--id", "p", "--timeout", "1",
                 "--data", str(data))  # fmt: skip
    assert_refused(result, data, names=f"{server.url}/news", message="timed out after 1 s")
    assert "raise --timeout" in result.output


FILE_REFUSALS = {
    "binary": (b"<html>\x00\x00\x00</html>", [], "the file is binary (it contains NUL bytes)"),
    "empty": (b"  \n", [], "the file is empty"),
    "oversized": (SITES["kk"].body, ["--max-bytes", "1000"], "over the limit of 1,000"),
    "boilerplate-only": (CHROME_ONLY, [], "no article text found"),
    "headline-only": (HEADLINE_ONLY, [], "no article text found"),
    "no-html": (b"<!-- the page was not saved -->", [], "no HTML could be read from the page"),
    "no-language": (NO_LANGUAGE, [], "the page does not declare its language"),
}


@pytest.mark.parametrize("case", FILE_REFUSALS)
def test_source_add_html_file_refusals(data: Path, tmp_path: Path, case: str) -> None:
    """The same refusals for a saved page, naming the file."""
    content, extra, message = FILE_REFUSALS[case]
    saved = tmp_path / "page.html"
    saved.write_bytes(content)
    result = run("source", "add", str(saved), "--id", "p", "--data", str(data), *extra)
    assert_refused(result, data, names=str(saved), message=message)


def test_a_plain_text_without_a_language_is_refused(data: Path, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Депутаты обсудили бюджет.\n", encoding="utf-8")
    result = run("source", "add", str(text), "--id", "a", "--data", str(data))
    assert_refused(result, data, names=str(text), message="a plain text does not say its language")
    assert "--language kk|ru|en" in result.output


# ----------------------------------------------------------- drafting and building a page


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's data with the Russian page added from a saved file."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("drafts"))
    saved = tmp_path / "ru-news.html"
    saved.write_bytes(SITES["ru"].body)
    result = run("source", "add", str(saved), "--id", "vesti-budget", "--data", str(data))
    assert result.exit_code == 0, result.output
    return data


def test_draft_reads_the_extracted_text(project: Path) -> None:
    """Proposals come from the article only: the person named with &nbsp; is one person,
    no proposal quotes the byline, a credit or the script, and every offset slices the
    extracted text."""
    result = run("draft", "vesti-budget", "--data", str(project))
    assert result.exit_code == 0, result.output
    folder = project / "sources" / "vesti-budget"
    text = (folder / "vesti-budget.ru.txt").read_text(encoding="utf-8")
    draft = yaml.safe_load((project / "drafts" / "vesti-budget.yaml").read_text(encoding="utf-8"))
    items = [*draft["entities"], *draft["facts"]]
    assert (
        draft["sha256"]
        == hashlib.sha256((folder / "vesti-budget.ru.html").read_bytes()).hexdigest()
    )
    assert draft["published"] == "2024-03-14"
    persons = [item["label"]["ru"] for item in draft["entities"] if item["type"] == "Person"]
    assert persons == ["Асхат Выдуманов"]
    for item in items:
        for evidence in item["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
            assert not {"Тестова", "Фотографов", "Секретов"} & set(evidence["quote"].split())


def test_a_page_is_quoted_from_its_extracted_text_and_refused_once_changed(project: Path) -> None:
    """The build reads a document again for its records' quotes: a page's text is its
    extracted text, not its HTML; a page whose file and source.yaml were both changed
    meanwhile is refused, not quoted from."""
    meta = project / "sources" / "vesti-budget" / "source.yaml"
    source = replace(read_source(meta), text=None)
    extracted = (project / "sources" / "vesti-budget" / "vesti-budget.ru.txt").read_text(
        encoding="utf-8"
    )
    assert with_text(source).text == extracted
    page = project / "sources" / "vesti-budget" / "vesti-budget.ru.html"
    changed = page.read_bytes() + b"\n"
    page.write_bytes(changed)
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            str(source.sha256), hashlib.sha256(changed).hexdigest()
        ),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="the page changed while it was being read"):
        with_text(source)


def test_a_held_page_builds_with_its_metadata_and_validates(project: Path, tmp_path: Path) -> None:
    """Build reads the stored text (a record's quote is found in it), and the graph states
    the page's title, date, URL, publisher name and the SHA-256 of the page's bytes."""
    (project / "records" / "vesti-budget.yaml").write_text(
        "source: vesti-budget\nfacts:\n"
        "  - subject: org/council-maslikhats\n"
        '    skos:altLabel: {ru: "областной маслихат"}\n'
        '    evidence: [{quote: "сессия областного маслихата"}]\n',
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    ontology, shapes = str(ROOT / "ontology" / "civic.ttl"), str(ROOT / "ontology" / "shapes.ttl")
    built = run("build", "--data", str(project), "--ontology", ontology, "--shapes", shapes,
                "--store", store)  # fmt: skip
    assert built.exit_code == 0, built.output
    assert run("validate", "--shapes", shapes, "--store", store).exit_code == 0
    page = (project / "sources" / "vesti-budget" / "vesti-budget.ru.html").read_bytes()
    query = tmp_path / "page.rq"
    query.write_text(
        """PREFIX civ: <https://w3id.org/civicgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?title ?date ?url ?publisher ?sha ?start ?exact WHERE {
  ?s a civ:SourceDocument ; dct:title ?title ; dct:date ?date ; schema:url ?url ;
     dct:publisher/foaf:name ?publisher ; civ:sha256 ?sha .
  FILTER(STRENDS(STR(?s), "/source/vesti-budget"))
  ?e oa:hasSource ?s ; oa:hasSelector ?p , ?q .
  ?p oa:start ?start . ?q oa:exact ?exact .
}""",
        encoding="utf-8",
    )
    answer = run("query", str(query), "--store", store, "--format", "csv")
    assert answer.exit_code == 0, answer.output
    row = answer.output.splitlines()[1]
    released = run("release", "0.1.0", "--store", store, "--data", str(project),
                   "--shapes", shapes, "--out", str(tmp_path / "dist"))  # fmt: skip
    assert released.exit_code == 0, released.output
    catalog = rdflib.Graph().parse(tmp_path / "dist" / "0.1.0" / "catalog.ttl")
    source = rdflib.URIRef("https://w3id.org/civicgraph/id/source/vesti-budget")
    named = catalog.value(source, DCTERMS.publisher)
    assert str(catalog.value(named, FOAF.name)) == "Вести Степи"
    assert (None, DCTERMS.source, named) not in catalog, "a publisher is no source"
    text = (project / "sources" / "vesti-budget" / "vesti-budget.ru.txt").read_text(
        encoding="utf-8"
    )
    start = text.index("сессия областного маслихата")
    assert row == (
        f"Маслихат области обсудил бюджет,2024-03-14,"
        f"https://vesti-stepi.example/news/2024/03/14/maslikhat-budget,Вести Степи,"
        f"{hashlib.sha256(page).hexdigest()},{start},сессия областного маслихата"
    )


# --------------------------------------------------------------------------- remove


def test_source_remove_takes_the_folder_whole(project: Path) -> None:
    """A source nothing cites goes, folder and all."""
    result = run("source", "remove", "vesti-budget", "--data", str(project))
    assert result.exit_code == 0, result.output
    assert "removed vesti-budget" in result.output
    assert not (project / "sources" / "vesti-budget").exists()
    assert not [p for p in (project / "sources").iterdir() if p.name.startswith(".")]


def test_source_remove_refuses_while_records_or_drafts_cite_it(project: Path) -> None:
    """Its own records file, a draft of it, or evidence in another source's records: each
    named, and nothing removed."""
    before = tree(project)
    records = project / "records" / "maslikhat-council-extended-meeting.yaml"
    result = run("source", "remove", "maslikhat-council-extended-meeting", "--data", str(project))
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert f"cited by {records}" in result.output
    assert tree(project) == before

    assert run("draft", "vesti-budget", "--data", str(project)).exit_code == 0
    result = run("source", "remove", "vesti-budget", "--data", str(project))
    assert result.exit_code == 2, result.output
    assert f"cited by {project / 'drafts' / 'vesti-budget.yaml'}" in result.output
    (project / "drafts" / "vesti-budget.yaml").unlink()

    cited_elsewhere = project / "records" / "other.yaml"
    cited_elsewhere.write_text(
        "source: maslikhat-council-extended-meeting\nfacts:\n"
        "  - subject: org/council-maslikhats\n"
        "    evidence:\n"
        "      - source: vesti-budget\n",
        encoding="utf-8",
    )
    result = run("source", "remove", "vesti-budget", "--data", str(project))
    assert result.exit_code == 2, result.output
    assert f"cited by {cited_elsewhere}:5 (org/council-maslikhats)" in result.output
    assert (project / "sources" / "vesti-budget" / "source.yaml").is_file()


def test_a_draft_whose_every_proposal_is_rejected_no_longer_holds_its_source(
    project: Path,
) -> None:
    assert run("draft", "vesti-budget", "--data", str(project)).exit_code == 0
    listed = run("draft", "review", "vesti-budget", "--data", str(project)).output
    numbers = ",".join(line.split()[0] for line in listed.splitlines() if line.split()[0].isdigit())
    rejected = run("draft", "review", "vesti-budget", "--reject", numbers, "--data", str(project))
    assert rejected.exit_code == 0, rejected.output
    assert "nothing left: the draft is done and removed" in rejected.output
    assert not (project / "drafts" / "vesti-budget.yaml").exists()
    removed = run("source", "remove", "vesti-budget", "--data", str(project))
    assert removed.exit_code == 0, removed.output
    assert not (project / "sources" / "vesti-budget").exists()


def test_source_remove_of_an_unknown_source_names_the_known_ones(project: Path) -> None:
    result = run("source", "remove", "nope", "--data", str(project))
    assert result.exit_code == 2
    assert "unknown source 'nope'" in result.output
    assert "vesti-budget" in result.output


def test_draft_and_build_never_extract_again(project: Path, tmp_path: Path, monkeypatch) -> None:
    """Offsets count in the text kept at add time: with the extractor gone, draft and
    build still read the page's text, so a later trafilatura can never move a span."""

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was extracted again")

    monkeypatch.setattr(trafilatura, "bare_extraction", no_extraction)
    monkeypatch.setattr(trafilatura, "load_html", no_extraction)
    assert run("draft", "vesti-budget", "--data", str(project)).exit_code == 0
    built = run("build", "--data", str(project), "--store", str(tmp_path / "store"),
                "--ontology", str(ROOT / "ontology" / "civic.ttl"))  # fmt: skip
    assert built.exit_code == 0, built.output


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (None, None, "SHA-256 mismatch: the file has"),
        (
            "extracted:\n  file: vesti-budget.ru.txt\n",
            "extracted:\n",
            "extracted must be a mapping with file and sha256",
        ),
        (
            "  extractor:\n",
            "  extractor: trafilatura\n  was:\n",
            "extractor must map package names to versions",
        ),
    ],
    ids=["text-changed", "no-file", "extractor-not-a-mapping"],
)
def test_a_held_page_whose_text_or_metadata_changed_is_refused(
    project: Path, old: str | None, new: str | None, message: str
) -> None:
    """The extracted text is checked against its own SHA-256 like the page, and its block
    must say what it is: draft refuses in one line naming source.yaml."""
    folder = project / "sources" / "vesti-budget"
    meta = folder / "source.yaml"
    if old is None:
        text = folder / "vesti-budget.ru.txt"
        text.write_text(
            text.read_text(encoding="utf-8").replace("сессия", "встреча"), encoding="utf-8"
        )
    else:
        content = meta.read_text(encoding="utf-8")
        assert old in content
        meta.write_text(content.replace(old, new), encoding="utf-8")
    result = run("draft", "vesti-budget", "--data", str(project))
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert f"{meta}:" in result.output
    assert message in result.output


def test_an_extracted_text_without_its_page_is_refused(project: Path) -> None:
    """extracted: names the text of a held page; without file: and sha256: there is none."""
    meta = project / "sources" / "vesti-budget" / "source.yaml"
    kept = [
        line
        for line in meta.read_text(encoding="utf-8").splitlines()
        if not line.startswith(("file:", "sha256:"))
    ]
    meta.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = run("draft", "vesti-budget", "--data", str(project))
    assert result.exit_code == 2, result.output
    line = kept.index("extracted:") + 1
    assert f"{meta}:{line}: vesti-budget: extracted given but no file" in result.output
