"""The explorer in a real headless Chromium: search, an entity, its evidence, a source
span, the language switch and a catalogue query form.

Needs Debian's ``chromium`` and ``chromium-driver``; outside CI the tests skip when they
are missing, in CI (CI=true) they fail. Screenshots go to dist/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.seed import ROOT
from tests.serve_support import build_seed_store, serve

SCREENSHOTS = ROOT / "dist" / "screenshots"
OPENING = "Отырысты аша отырып Сенат Төрағасы Мәулен Әшімбаев"


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    missing = "chromium" if not chromium else "chromedriver"
    message = f"{missing} is not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = build_seed_store(tmp_path_factory.mktemp("browser") / "store")
    with serve(store) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium, driver_path = _browser_paths()
    from selenium import webdriver  # noqa: PLC0415 - only when the browser is there
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-gpu",
        "--lang=en-US",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(30)
    driver.implicitly_wait(5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


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
        for fact in driver.find_elements(By.CSS_SELECTOR, "article.fact")  # type: ignore[attr-defined]
        if "opener" in fact.text and "participant" in fact.text
    ]
    assert len(opened) == 1
    driver.execute_script("arguments[0].scrollIntoView()", opened[0])  # type: ignore[attr-defined]
    driver.save_screenshot(str(SCREENSHOTS / "evidence.png"))  # type: ignore[attr-defined]
    evidence = opened[0].find_element(By.CSS_SELECTOR, "a.cited")
    assert evidence.text == OPENING
    evidence.click()

    assert "span=384-434" in driver.current_url  # type: ignore[attr-defined]
    selected = driver.find_elements(By.CSS_SELECTOR, ".document a.span.selected")  # type: ignore[attr-defined]
    assert "".join(piece.text for piece in selected) == OPENING
    other = driver.find_element(By.CSS_SELECTOR, ".document a.span:not(.selected)")  # type: ignore[attr-defined]
    assert selected[0].value_of_css_property("background-color") != other.value_of_css_property(
        "background-color"
    )
    supported = driver.find_element(By.ID, "supported-facts").text  # type: ignore[attr-defined]
    assert "participation: participation/extended-meeting-maulen-ashimbayev" in supported
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
    assert "person" in headers
    people = {row[headers.index("person")] for row in rows}
    assert "Мәулен Әшімбаев" in people
    driver.save_screenshot(str(SCREENSHOTS / "query.png"))  # type: ignore[attr-defined]


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
