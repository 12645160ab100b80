"""`netquest serve` in a real browser: Debian's headless chromium, driven by Selenium through
Debian's chromedriver (nothing downloads a browser or a driver).

The terminal is drawn on a canvas, so the test never reads the page: it waits on the lines
the tabs' apps append to NETQUEST_READY_FILE when Today is drawn, and checks the data file
with the command line.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains

from tests.web.conftest import TOKEN, alive, wait_for

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1000,760")


def chromium_driver(profile: str) -> webdriver.Chrome:
    """Headless chromium with a new empty profile; as root it needs --no-sandbox."""
    for program in (CHROMIUM, CHROMEDRIVER):
        assert os.access(program, os.X_OK), (
            f"{program} is missing: .ci/run installs it (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@pytest.fixture
def browser(tmp_path, monkeypatch):
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager may look, never download
    driver = chromium_driver(tempfile.mkdtemp(dir=tmp_path, prefix="profile-"))
    yield driver
    driver.quit()


def press(driver, key: str) -> None:
    """A key into the terminal: xterm.js reads the keyboard through its hidden textarea,
    focused here without a click (in a browser a click on a row checks it in)."""
    driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
    ActionChains(driver).send_keys(key).perform()


def latest(served, pid: int) -> dict | None:
    lines = [m for m in served.markers() if int(m["pid"]) == pid]
    return lines[-1] if lines else None


def test_a_check_in_in_the_browser_lands_in_the_file_and_in_a_second_tab(serve, browser):
    served = serve(token=TOKEN)
    before = served.summary()
    done_before = sum(q["done_today"] for q in before["quests"])

    browser.get(served.url)  # the token's first load: a cookie, then the clean address
    assert "token" not in browser.current_url
    first = wait_for(lambda: served.pids(), 40, "the first tab's Today")[0]
    one = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(served.base)  # the cookie opens it: no token in this address
    second = wait_for(lambda: [p for p in served.pids() if p != first], 40,
                      "the second tab's Today")[0]
    assert int(latest(served, second)["done"]) == done_before

    browser.switch_to.window(one)
    press(browser, " ")
    wait_for(lambda: (m := latest(served, first)) and int(m["done"]) == done_before + 1,
             20, "the first tab to show its check-in")
    after = served.summary()
    assert sum(q["done_today"] for q in after["quests"]) == done_before + 1
    assert after["xp"] > before["xp"]
    # The other tab follows within the app's live refresh: its app draws Today again.
    wait_for(lambda: int(latest(served, second)["done"]) == done_before + 1, 2.0,
             "the second tab to follow the check-in")


def test_leaving_the_page_ends_its_app_and_coming_back_starts_a_new_one(serve, browser):
    """Chromium keeps a page left by navigation in its back/forward cache, websocket and
    all: the page closes its socket as it goes (the app ends, as for a closed tab) and
    starts again when Back brings it out of the cache."""
    served = serve(token=TOKEN)
    browser.get(served.url)
    first = wait_for(lambda: served.pids(), 40, "the tab's Today")[0]
    browser.get("about:blank")
    wait_for(lambda: not alive(first), 15, "the left page's app to end")
    browser.back()
    again = wait_for(lambda: [p for p in served.pids() if p != first], 40,
                     "a new app when the page is back")[0]
    assert alive(again)
