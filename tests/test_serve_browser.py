"""`termalign serve` in a real browser: headless Chromium (the OS packages chromium + chromium-driver)
driven by Selenium against a server this test starts on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from termalign.glossary.termbase import Termbase

from test_serve import HOSTILE, make_termbase

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    path = make_termbase(folder / "terms.db")
    port = free_port()
    env = {**os.environ, "TERMALIGN_CACHE_DIR": str(folder / "cache")}
    process = subprocess.Popen([sys.executable, "-c", "from termalign.cli import main; main()", "serve",
                                "--termbase", str(path), "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/lookup", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stdout.read().decode() if process.stdout else "serve exited")
                time.sleep(0.2)
        else:
            raise RuntimeError("termalign serve did not answer within 30 s")
        yield url, path
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--window-size=1280,900", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


@contextlib.contextmanager
def next_page(browser):
    """Wait, after the block, until the browser shows a new, fully loaded page.

    A marker on the old page's window says which page is shown. Selenium's staleness_of polls an
    element of the old page, which Chromium can answer with an inspector error while it navigates."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.termalignOldPage = true")
    yield
    WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda driver: driver.execute_script(
            "return document.readyState === 'complete' && window.termalignOldPage === undefined"))


def test_search_finds_a_term(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _ = server
    browser.get(url + "/lookup")
    box = browser.find_element(By.ID, "q")
    box.send_keys("互联网治理论坛", Keys.ENTER)
    heading = browser.find_element(By.CSS_SELECTOR, "article.hit h3")
    assert "C000001" in heading.text and "互联网治理论坛" in heading.text
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "article.hit mark")]
    assert "因特网治理论坛" in marks and "Internet Governance Forum" in marks


def test_hostile_term_shows_as_text(server, browser):
    from selenium.webdriver.common.by import By

    url, _ = server
    browser.get(url + "/concept/C000004")
    cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "table.terms td.term")]
    assert HOSTILE in cells
    # Had the markup run, the page would have raised an alert and the term would not be text.
    assert browser.execute_script("return document.querySelectorAll('td.term script').length") == 0


def test_approve_with_the_keyboard_creates_a_version_visible_in_history(server, browser):
    from selenium.webdriver.common.by import By

    url, path = server
    browser.get(url + "/review")
    first = browser.find_element(By.CSS_SELECTOR, ".queue-item.selected")
    assert first.get_attribute("data-concept") == "C000001"
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")        # move to the second concept
    selected = browser.find_element(By.CSS_SELECTOR, ".queue-item.selected")
    assert selected.get_attribute("data-concept") == "C000002"
    selected.send_keys("a")    # approve it
    message = browser.find_element(By.CSS_SELECTOR, ".msg.ok")
    assert message.text == "Version 2: every term of C000002 is now preferred."
    with Termbase.open(path) as base:
        version = base.versions()[-1]
        assert (version.number, version.kind) == (2, "approve")
    browser.get(url + "/history")
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.versions tbody tr")]
    assert rows[0].startswith("v2") and "approve" in rows[0] and "status changes 2" in rows[0]


def test_a_write_without_the_csrf_token_is_refused(server, browser):
    from selenium.webdriver.common.by import By

    url, path = server
    with Termbase.open(path) as base:
        before = base.latest_version()
    browser.get(url + "/review")
    browser.execute_script("document.querySelectorAll('input[name=csrf_token]').forEach(e => e.remove())")
    # the answer is a new page: wait for it before reading its text
    with next_page(browser):
        browser.find_element(By.CSS_SELECTOR, ".queue-item.selected button[value=deprecate]").click()
    assert "CSRF" in browser.find_element(By.TAG_NAME, "body").text
    with Termbase.open(path) as base:
        assert base.latest_version() == before


def test_admit_and_deprecate_with_the_keyboard(server, browser):
    """m admits, d deprecates, j/k move: a terminologist goes through the queue without the mouse."""
    from selenium.webdriver.common.by import By

    url, path = server
    with Termbase.open(path) as base:
        before = base.latest_version()
    browser.get(url + "/review")
    queue = [item.get_attribute("data-concept") for item in browser.find_elements(By.CSS_SELECTOR, ".queue-item")]
    assert len(queue) >= 3
    browser.find_element(By.CSS_SELECTOR, ".queue-item.selected").send_keys("m")     # admit the first
    message = browser.find_element(By.CSS_SELECTOR, ".msg.ok")
    assert message.text == f"Version {before + 1}: every term of {queue[0]} is now admitted."
    # Back on the queue, the next concept is selected; j then k comes back to it.
    selected = browser.find_element(By.CSS_SELECTOR, ".queue-item.selected")
    assert selected.get_attribute("data-concept") == queue[1]
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    assert browser.find_element(By.CSS_SELECTOR, ".queue-item.selected").get_attribute("data-concept") == queue[2]
    body.send_keys("k")
    selected = browser.find_element(By.CSS_SELECTOR, ".queue-item.selected")
    assert selected.get_attribute("data-concept") == queue[1]
    # this page shows the admit's message too: wait for the answer's page before reading it
    with next_page(browser):
        selected.send_keys("d")                                                      # deprecate it
    message = browser.find_element(By.CSS_SELECTOR, ".msg.ok")
    assert message.text == f"Version {before + 2}: every term of {queue[1]} is now deprecated."
    with Termbase.open(path) as base:
        kinds = [(v.number, v.kind) for v in base.versions()[-2:]]
        assert kinds == [(before + 1, "admit"), (before + 2, "deprecate")]
        assert {t.status for t in base.concept(queue[1]).terms} == {"deprecated"}
