"""Headless Chromium and a running ``civicgraph serve`` on the seed, for the browser tests.

Needs Debian's ``chromium`` and ``chromium-driver``; outside CI the tests skip when they
are missing, in CI (CI=true) they fail. Screenshots go to dist/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.seed import ROOT
from tests.serve_support import build_seed_store, make_release, serve

SCREENSHOTS = ROOT / "dist" / "screenshots"


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


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("browser")
    store = build_seed_store(work / "store")
    releases = work / "releases"
    make_release(store, releases, "0.1.0")
    with serve(store, "--releases", str(releases), "--downloads", str(work / "dumps")) as server:
        yield server.url


@pytest.fixture(scope="session")
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
