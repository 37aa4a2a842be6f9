"""Browsing in a real headless Chromium, as a person sees it: no page wider than a phone,
the meeting's page short on a desktop with its folded facts a click away, and the
screenshots of the home page, a list and the meeting in kk, ru and en at both widths."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import SCREENSHOTS

MEETING = "/id/event/council-maslikhats-extended-meeting-2025-04"
PAGES = {
    "home": "/",
    "list": "/list/person",
    "list-events": "/list/event",
    "list-facts": "/list/participation",
    "meeting": MEETING,
    "meeting-assertions-2": f"{MEETING}?group=assertion&page=2",
    "person": "/id/person/maulen-ashimbayev",
    "body": "/id/org/council-maslikhats",
    "fact": "/id/holding/maulen-ashimbayev-chairman-senate-kz",
    "participation": "/id/participation/extended-meeting-maulen-ashimbayev",
    "source": "/id/source/maslikhat-council-extended-meeting?span=384-434",
    "query": "/query?name=who_opened_event",
    "sparql": "/sparql",
    "download": "/download",
    "missing": "/id/person/nobody",
}
"""The pages this part of the explorer makes, by the name their screenshots take."""
PHONE = (390, 844)
DESKTOP = (1366, 900)
MEETING_HEIGHT = 2500
"""The most the meeting's page may be tall on a desktop, in CSS pixels."""


@pytest.fixture
def driver(browser: object) -> Iterator[object]:
    """The shared browser, its window put back as the other tests expect it."""
    yield browser
    browser.set_window_size(1280, 1000)  # type: ignore[attr-defined]


def _open(driver: object, server_url: str, path: str, lang: str, size: tuple[int, int]) -> None:
    driver.set_window_size(*size)  # type: ignore[attr-defined]
    separator = "&" if "?" in path else "?"
    driver.get(f"{server_url}{path}{separator}lang={lang}")  # type: ignore[attr-defined]


def _widths(driver: object) -> tuple[int, int]:
    return driver.execute_script(  # type: ignore[attr-defined,no-any-return]
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def _height(driver: object) -> int:
    return driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined,no-any-return]


def _screenshot(driver: object, name: str) -> None:
    """The whole page: the window made as tall as the page, then put back."""
    width = _widths(driver)[1]
    driver.set_window_size(width, _height(driver))  # type: ignore[attr-defined]
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_page_is_wider_than_a_phone(driver: object, server_url: str, lang: str) -> None:
    too_wide = {}
    for name, path in PAGES.items():
        _open(driver, server_url, path, lang, PHONE)
        scroll_width, inner_width = _widths(driver)
        # the page's own width: the window's, less a scroll bar where one is shown
        assert PHONE[0] - 20 <= inner_width <= PHONE[0]
        if scroll_width > inner_width:
            too_wide[name] = scroll_width
        if name in {"home", "list", "meeting"}:
            _screenshot(driver, f"browse-{name}-{lang}-{PHONE[0]}")
    assert not too_wide


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_meeting_is_short_on_a_desktop_and_its_folded_facts_open(
    driver: object, server_url: str, lang: str
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    for name in ("home", "list"):
        _open(driver, server_url, PAGES[name], lang, DESKTOP)
        _screenshot(driver, f"browse-{name}-{lang}-{DESKTOP[0]}")
    _open(driver, server_url, MEETING, lang, DESKTOP)
    assert _height(driver) < MEETING_HEIGHT
    assert _widths(driver)[0] <= DESKTOP[0]
    _screenshot(driver, f"browse-meeting-{lang}-{DESKTOP[0]}")
    driver.set_window_size(*DESKTOP)  # type: ignore[attr-defined]
    folded = driver.find_elements(By.CSS_SELECTOR, "details.group:not([open])")  # type: ignore[attr-defined]
    assert folded
    for group in folded:
        facts = group.find_elements(By.CSS_SELECTOR, "li.fact")
        assert facts
        assert not facts[0].is_displayed()
        group.find_element(By.TAG_NAME, "summary").click()
        assert facts[0].is_displayed()
    # the group longer than a page leads to the rest of its facts
    driver.find_element(By.CSS_SELECTOR, "#facts-assertion a[rel=next]").click()  # type: ignore[attr-defined]
    shown = driver.find_elements(By.CSS_SELECTOR, "#facts-assertion li.fact")  # type: ignore[attr-defined]
    assert shown
    assert shown[0].is_displayed()
