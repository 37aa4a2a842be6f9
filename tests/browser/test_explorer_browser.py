"""The explorer in a real headless Chromium: search, an entity, its evidence, a source
span, the language switch and a catalogue query form.

Needs Debian's ``chromium`` and ``chromium-driver``; outside CI the tests skip when they
are missing, in CI (CI=true) they fail. Screenshots go to dist/screenshots/.
"""

from __future__ import annotations

import pytest

from civicgraph.serve.i18n import words
from tests.browser.conftest import SCREENSHOTS
from tests.serve_support import fetch

OPENING = "Отырысты аша отырып Сенат Төрағасы Мәулен Әшімбаев"


def test_search_entity_evidence_span_language_and_query(browser: object, server_url: str) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver = browser  # typed loosely: selenium is imported only when present
    driver.get(f"{server_url}/")  # type: ignore[attr-defined]
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"  # type: ignore[attr-defined]
    assert "Sources" in driver.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    driver.save_screenshot(str(SCREENSHOTS / "home.png"))  # type: ignore[attr-defined]

    box = driver.find_element(By.ID, "search-box")  # type: ignore[attr-defined]
    box.send_keys("Әшімбаев")
    driver.find_element(By.ID, "search-button").click()  # type: ignore[attr-defined]
    hits = driver.find_elements(By.CSS_SELECTOR, "a.hit")  # type: ignore[attr-defined]
    assert hits, driver.page_source  # type: ignore[attr-defined]
    assert hits[0].text == "Maulen Ashimbayev"
    hits[0].click()

    assert driver.find_element(By.ID, "entity-title").text == "Maulen Ashimbayev"  # type: ignore[attr-defined]
    driver.save_screenshot(str(SCREENSHOTS / "entity.png"))  # type: ignore[attr-defined]
    # the participation in which he opened the meeting: its role says opener
    opened = [
        fact
        for fact in driver.find_elements(By.CSS_SELECTOR, "li.fact")  # type: ignore[attr-defined]
        if "opener" in fact.text and "Participation role" in fact.text
    ]
    assert len(opened) == 1
    driver.execute_script("arguments[0].scrollIntoView()", opened[0])  # type: ignore[attr-defined]
    driver.save_screenshot(str(SCREENSHOTS / "evidence.png"))  # type: ignore[attr-defined]
    evidence = opened[0].find_element(By.CSS_SELECTOR, "a.cited")
    assert evidence.text == OPENING
    marks = driver.execute_script(  # type: ignore[attr-defined]
        "const q = arguments[0].closest('q');"
        "return [getComputedStyle(q, '::before').content, getComputedStyle(q, '::after').content]",
        evidence,
    )
    assert set(marks) <= {"none", "normal", '""'}, marks  # the source's own marks only
    evidence.click()

    assert "span=384-434" in driver.current_url  # type: ignore[attr-defined]
    selected = driver.find_elements(By.CSS_SELECTOR, ".document a.span.selected")  # type: ignore[attr-defined]
    assert "".join(piece.text for piece in selected) == OPENING
    other = driver.find_element(By.CSS_SELECTOR, ".document a.span:not(.selected)")  # type: ignore[attr-defined]
    assert selected[0].value_of_css_property("background-color") != other.value_of_css_property(
        "background-color"
    )
    supported = driver.find_element(By.ID, "supported-facts").text  # type: ignore[attr-defined]
    # the fact in words, its holder and its event, not its id
    assert "participation: Maulen Ashimbayev — Extended Meeting of the Council" in supported
    about = driver.find_element(By.ID, "source-about").text  # type: ignore[attr-defined]
    for word in ("Publisher", "Published", "Rights"):
        assert word in about
    driver.save_screenshot(str(SCREENSHOTS / "source-span.png"))  # type: ignore[attr-defined]

    driver.find_element(By.CSS_SELECTOR, "a.lang-switch[data-lang='kk']").click()  # type: ignore[attr-defined]
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "kk"  # type: ignore[attr-defined]
    assert "Бұл үзінді растайтын деректер" in driver.find_element(By.TAG_NAME, "aside").text  # type: ignore[attr-defined]
    selected = driver.find_elements(By.CSS_SELECTOR, ".document a.span.selected")  # type: ignore[attr-defined]
    assert "".join(piece.text for piece in selected) == OPENING

    driver.find_element(By.LINK_TEXT, "Сұрау").click()  # type: ignore[attr-defined]
    form = driver.find_element(By.ID, "form-who_opened_event")  # type: ignore[attr-defined]
    form.find_element(By.XPATH, "./ancestor::details/summary").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    table = driver.find_element(By.ID, "results-table")  # type: ignore[attr-defined]
    headers = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    opener = "Ашқан не төрағалық еткен"  # the column's header in the page's language
    assert opener in headers
    people = {row[headers.index(opener)] for row in rows}
    assert "Мәулен Әшімбаев" in people
    driver.save_screenshot(str(SCREENSHOTS / "query.png"))  # type: ignore[attr-defined]

    driver.set_window_size(390, 844)  # type: ignore[attr-defined]
    driver.get(f"{server_url}/id/source/maslikhat-council-extended-meeting?span=384-434")  # type: ignore[attr-defined]
    top = "return arguments[0].getBoundingClientRect().top"
    aside = driver.find_element(By.TAG_NAME, "aside")  # type: ignore[attr-defined]
    article = driver.find_element(By.CSS_SELECTOR, "article.document")  # type: ignore[attr-defined]
    # on a phone the facts of the span come before the article, not after all of it
    assert driver.execute_script(top, aside) < driver.execute_script(top, article)  # type: ignore[attr-defined]
    assert driver.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    driver.set_window_size(1280, 1000)  # type: ignore[attr-defined]  # as the session's browser began


def test_a_hidden_label_finds_an_entity_and_is_shown_nowhere(
    browser: object, server_url: str
) -> None:
    """Searching "Head of State" (a skos:hiddenLabel) lists the President's post under its
    shown names; its page lists its names without the hidden forms."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver = browser
    driver.get(f"{server_url}/?lang=en")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "search-box").send_keys("Head of State")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "search-button").click()  # type: ignore[attr-defined]
    hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits li")  # type: ignore[attr-defined]
    assert hits, driver.page_source  # type: ignore[attr-defined]
    assert "/id/post/president-kz" in hits[0].text
    assert "Head of State" not in hits[0].text
    hits[0].find_element(By.CSS_SELECTOR, "a.hit").click()
    main = driver.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    assert "President of Kazakhstan" in main
    assert "Head of State" not in main
    driver.save_screenshot(str(SCREENSHOTS / "hidden-label.png"))  # type: ignore[attr-defined]


def test_the_search_box_suggests_names_as_one_types(browser: object, server_url: str) -> None:
    """Two letters typed fill the box's list with names in the page's language."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    driver = browser
    driver.get(f"{server_url}/?lang=kk")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "search-box").send_keys("Мә")  # type: ignore[attr-defined]
    offered = (
        "return [...document.querySelectorAll('#search-suggestions option')].map(o => o.value)"
    )
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(offered))  # type: ignore[attr-defined]
    assert "Мәулен Әшімбаев" in driver.execute_script(offered)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_download_page_in_each_language_and_on_a_phone(
    browser: object, server_url: str, lang: str
) -> None:
    """What a person sees on /download: every heading and label in the page's language,
    the dumps and the release, sizes as the language writes them, no sideways scroll at
    390 px."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver = browser
    said = words(lang)
    english = words("en")
    # a dump made before: its size is shown in place of "made when first asked for"
    assert fetch(f"{server_url}/download/civicgraph.ttl").status == 200
    driver.get(f"{server_url}/?lang={lang}")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "footer-download").click()  # type: ignore[attr-defined]
    assert driver.find_element(By.TAG_NAME, "h1").text == said["downloads"]  # type: ignore[attr-defined]
    main = driver.find_element(By.TAG_NAME, "main")  # type: ignore[attr-defined]
    seen = main.text
    for key in ("current_data", "current_note", "format", "file", "graphs", "size",
                "graphs_kept", "graphs_merged", "made_when_asked", "releases",
                "latest_release", "dataset_description"):  # fmt: skip
        assert said[key] in seen, key
        if lang != "en":
            assert english[key] not in seen, key
    rows = main.find_elements(By.CSS_SELECTOR, "#current-dumps tbody tr")
    assert len(rows) == 6
    turtle = next(row for row in rows if "civicgraph.ttl" in row.text)
    assert {"kk": "кБ", "ru": "кБ", "en": "kB"}[lang] in turtle.text
    link = turtle.find_element(By.CSS_SELECTOR, "a[download]").get_attribute("href")
    assert fetch(link).status == 200
    release_links = main.find_elements(By.CSS_SELECTOR, "#latest-release a[download]")
    assert "civicgraph.jsonld" in {a.text for a in release_links}
    driver.save_screenshot(str(SCREENSHOTS / f"download-{lang}.png"))  # type: ignore[attr-defined]

    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        driver.refresh()  # type: ignore[attr-defined]
        widths = driver.execute_script(  # type: ignore[attr-defined]
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[1] == 390
        assert widths[0] <= widths[1], widths
        driver.save_screenshot(str(SCREENSHOTS / f"download-{lang}-390.png"))  # type: ignore[attr-defined]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})  # type: ignore[attr-defined]
