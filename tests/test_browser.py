"""The web interface in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver`, which `.ci/run` installs) through the main pages of a real server on
127.0.0.1, over a real archive from the demo sites.

NEWSWATCH_SCREENSHOTS=docs python -m pytest tests/test_browser.py  # the README's screenshots
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.app.web import serving
from tests.webdata import HOSTILE, demo_archive

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason=(
    "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"))

if CHROMIUM and DRIVER:
    from selenium import webdriver
    from selenium.common.exceptions import (
        NoAlertPresentException,
        UnexpectedAlertPresentException,
        WebDriverException,
    )
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

DESKTOP, PHONE = (1200, 1000), (390, 844)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The archive served on 127.0.0.1: (services, base URL)."""
    with demo_archive(tmp_path_factory.mktemp("browser")) as svc, serving(
            svc.config, port=0, clock=svc.clock) as server:
        yield svc, f"http://127.0.0.1:{server.port}"


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_window_size(*DESKTOP)
    yield driver
    driver.quit()


def screenshot(browser, name: str) -> None:
    """Kept for the README when NEWSWATCH_SCREENSHOTS names a directory."""
    if directory := os.environ.get("NEWSWATCH_SCREENSHOTS"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(directory) / f"web-{name}.png"))


def navigate(browser, action) -> None:
    """Click or submit, then wait until the next page has loaded (a click returns before
    it is there)."""
    browser.execute_script("document.newswatchLeft = true")
    action()
    WebDriverWait(browser, 10).until(_new_page_loaded)


def _new_page_loaded(browser) -> bool:
    """A loaded document without the mark navigate() set on the old one. While the pages
    change, chromedriver may answer with an error other than "stale element" (e.g. "Node
    with given id does not belong to the document"): that only means "not yet". An alert
    is not such an error: the page under test opened it."""
    try:
        return browser.execute_script(
            "return !document.newswatchLeft && document.readyState === 'complete'")
    except UnexpectedAlertPresentException:
        raise
    except WebDriverException:
        return False


def no_alert(browser) -> bool:
    try:
        return not browser.switch_to.alert.text
    except NoAlertPresentException:
        return True


def test_from_the_statements_to_a_speakers_page(site, browser):
    _, base = site
    browser.get(f"{base}/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Statements"
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.statement")) == 50
    screenshot(browser, "statements")
    navigate(browser, browser.find_element(By.LINK_TEXT, "Sergey Lavrov").click)
    assert "Lavrov" in browser.find_element(By.TAG_NAME, "h1").text
    statements = browser.find_elements(By.CSS_SELECTOR, "article.statement")
    assert statements and all("lavrov" in browser.current_url for _ in statements)
    quotes = browser.find_elements(By.CSS_SELECTOR, "blockquote.direct")
    assert quotes and all("direct quote" in q.text for q in quotes)
    assert browser.find_elements(By.CSS_SELECTOR, ".content.reported")
    screenshot(browser, "speaker")


def test_search_shows_page_markup_as_text_and_runs_none_of_it(site, browser):
    _, base = site
    browser.get(f"{base}/statements")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("written AND guarantees")
    navigate(browser, box.submit)
    [found] = browser.find_elements(By.CSS_SELECTOR, "article.statement")
    assert HOSTILE in found.text  # shown as the page wrote it, as text
    assert not found.find_elements(By.TAG_NAME, "script")
    assert no_alert(browser)


def test_outlet_and_topic_filters(site, browser):
    _, base = site
    browser.get(f"{base}/statements")
    Select(browser.find_element(By.NAME, "outlet")).select_by_visible_text("Agency Portal")
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button").click)
    outlets = [s.find_element(By.CSS_SELECTOR, ".meta").text
               for s in browser.find_elements(By.CSS_SELECTOR, "article.statement")]
    assert outlets and all("Agency Portal" in text for text in outlets)
    assert "outlet=Agency+Portal" in browser.current_url


def test_retrying_a_failed_delivery_from_its_digest(site, browser):
    svc, base = site
    digest = svc.store.digests()[0]
    [delivery_id] = [r[0] for r in svc.store.db.execute(
        "SELECT id FROM deliveries WHERE digest_id = ?", [digest.id])]
    svc.store.mark_failed(delivery_id, "550 mailbox unavailable")
    try:
        browser.get(f"{base}/digests")
        navigate(browser, browser.find_element(By.PARTIAL_LINK_TEXT, digest.subject[:20]).click)
        assert "550 mailbox unavailable" in browser.find_element(By.TAG_NAME, "table").text
        assert browser.find_element(By.TAG_NAME, "iframe").get_attribute("sandbox") == ""
        screenshot(browser, "digest")
        navigate(browser, browser.find_element(By.XPATH, "//button[contains(., 'Retry')]").click)
        assert "1 failed deliveries queued again" in browser.find_element(
            By.TAG_NAME, "main").text
        assert svc.store.db.execute("SELECT status FROM deliveries WHERE id = ?",
                                    [delivery_id]).fetchone()[0] == "pending"
    finally:
        svc.store.mark_sent(delivery_id, svc.clock())


def test_sources_page_shows_each_sources_health(site, browser):
    svc, base = site
    browser.get(f"{base}/sources")
    assert "Health: healthy" in browser.find_element(By.TAG_NAME, "main").text
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section h2")]
    assert headings == [f"{s.name} ok" for s in svc.config.sources]
    screenshot(browser, "sources")


def test_readable_on_a_phone_without_sideways_scrolling(site, browser):
    _, base = site
    browser.set_window_size(*PHONE)
    try:
        for path in ("/statements", "/speakers/lavrov", "/sources", "/digests/1"):
            browser.get(base + path)
            width = browser.execute_script("return document.documentElement.clientWidth")
            scroll = browser.execute_script("return document.documentElement.scrollWidth")
            assert scroll <= width, path
        browser.get(f"{base}/speakers/lavrov")
        screenshot(browser, "phone")
    finally:
        browser.set_window_size(*DESKTOP)
