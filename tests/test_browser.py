"""The report in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`)
opens the front page and one annotated article from disk. Both load with no console error and
no network request (every request is a file next to the page), the figures display, and the
article view is right to left. Skipped, saying why, where no browser is installed."""

from __future__ import annotations

import json
import shutil

import pytest

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
# decided before any fixture runs (the report fixture takes a minute)
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason=(
    "needs headless Chromium and chromedriver (Debian: apt-get install chromium chromium-driver); "
    f"found chromium={CHROMIUM}, chromedriver={DRIVER}"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install -e '.[test]')")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)  # the system's driver: nothing downloaded
    yield driver
    driver.quit()


def _open(driver, path):
    """Load a page; return (console errors, every URL the browser requested, and what it
    requested for this page)."""
    driver.get_log("browser"), driver.get_log("performance")  # drop what came before (the start page)
    driver.get(path.as_uri())
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    sent = [m["params"] for m in events if m["method"] == "Network.requestWillBeSent"]
    return errors, [s["request"]["url"] for s in sent], [s["request"]["url"] for s in sent if s.get("documentURL") == path.as_uri()]


def test_front_page_and_an_article_load_offline_without_errors(browser, raw_report):
    reports = raw_report[0] / "r"
    errors, every, ours = _open(browser, reports / "index.html")
    assert errors == []
    assert not [u for u in every if u.split(":", 1)[0] in ("http", "https", "ws", "wss")], "a network request"
    assert ours and all(u.startswith(reports.as_uri() + "/") or u == (reports / "index.html").as_uri() for u in ours)
    assert browser.execute_script("return document.documentElement.dir") == "ltr"
    widths = browser.execute_script("return Array.from(document.images).map(i => i.naturalWidth)")
    assert len(widths) == 8 and min(widths) > 0  # every figure displayed
    headings = browser.execute_script("return Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
    assert headings[:3] == ["What was analysed", "Differences that hold up", "Outlets"]

    link = browser.execute_script("return document.querySelector('a[href^=\"articles/\"]').getAttribute('href')")
    article = reports / link
    errors, every, ours = _open(browser, article)
    assert errors == [] and ours == [article.as_uri()]
    assert not [u for u in every if u.split(":", 1)[0] in ("http", "https", "ws", "wss")], "a network request"
    assert browser.execute_script("return [document.documentElement.dir, getComputedStyle(document.body).direction]") \
        == ["rtl", "rtl"]
    assert browser.execute_script("return document.querySelectorAll('span.s').length") > 3
