"""Headless Chromium against the app served by uvicorn: open /, search ไซเบอร์, follow a result."""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from app import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _require_browser():
    if CHROMIUM is None:
        if os.environ.get("ARCHIVE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (ARCHIVE_REQUIRE_BROWSER) but not installed")
        pytest.skip("Chromium is not installed: `apt-get install chromium` to run browser tests")


@pytest.fixture(scope="module")
def server(archive):
    _require_browser()
    import uvicorn

    from app.web.main import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(archive), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.browser
def test_search_thai_word_and_follow_a_result(page, server, permalinks):
    page.goto(server + "/")
    assert page.locator("h1").inner_text().startswith("Thailand")
    shot(page, "01-home")
    page.fill("input[name=q]", "ไซเบอร์")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("ol.results li.result")
    assert results.count() >= 3
    assert page.locator("ol.results mark").count() >= 3
    shot(page, "02-search")
    page.locator(f'ol.results a.title[href="/articles/{permalinks["003"]}"]').click()
    page.wait_for_url(f"**/articles/{permalinks['003']}")
    assert "เมียนมา" in page.locator("h1").inner_text()
    assert page.locator('a[href="/countries/mm"]').count() >= 1
    shot(page, "03-article")


@pytest.mark.browser
def test_thai_text_renders_with_the_local_font(page, server, permalinks):
    page.goto(f"{server}/articles/{permalinks['001']}")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "Array.from(document.fonts).filter(f => f.family.includes('Sarabun') && f.status === 'loaded').length"
    )
    assert loaded >= 1
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ไซเบอร์')")
    shot(page, "04-thai-article")


@pytest.mark.browser
def test_unknown_page_is_a_404_in_the_browser(page, server):
    response = page.goto(server + "/no/such/page")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"


@pytest.mark.browser
def test_scope_switch_is_reachable_by_keyboard(page, server):
    page.goto(server + "/countries/sg")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('scope-switch')"):
            break
    else:
        pytest.fail("the scope switch never receives keyboard focus")
    page.keyboard.press("Enter")
    page.wait_for_url("**/countries/sg?scope=all")
    assert "all ingested news" in page.locator("nav.scope").inner_text()
    shot(page, "05-scope-all")


@pytest.mark.browser
def test_english_search_finds_thai_then_narrows_by_facet_and_sorts(page, server, permalinks):
    page.goto(server + "/")
    page.fill("input[name=q]", "ไซเบอร์")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    # the expansion says what else was searched, and can be opened
    page.locator("details.expansion summary").click()
    assert "cyber" in page.locator("details.expansion").inner_text()
    # narrow by a facet: the URL carries it, the results obey it, the chip removes it
    page.locator("aside.facets .facet-countries a", has_text="United States").click()
    page.wait_for_url("**country=US*")
    assert page.locator("ol.results li.result").count() == 2
    assert "Filtered by" in page.locator("p.active-filters").inner_text()
    page.locator("a", has_text="date, newest first").click()
    page.wait_for_url("**sort=date*")
    assert "country=US" in page.url
    shot(page, "05-search-facet-sorted")
    page.locator("p.active-filters a.chip").click()
    page.wait_for_url(lambda url: "country=" not in url)
    assert "sort=date" in page.url
    # an English query finds the Thai release on Singapore
    page.fill("input[name=q]", "Singapore cybersecurity")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**Singapore*")
    first = page.locator("ol.results li.result a.title").first
    assert first.get_attribute("href") == f"/articles/{permalinks['001']}"
    assert first.get_attribute("lang") == "th"
    shot(page, "06-search-english-finds-thai")
