"""Headless Chromium through the pages people use: switching the language, a country to an
article to a person, feeds and citations downloaded, and an axe-core accessibility check of
every page type. Screenshots land in test-artifacts/."""

import json
import os
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from tests.test_browser import CHROMIUM, _require_browser, server, shot  # noqa: F401

AXE = PROJECT_ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser_context(server):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser_context):
    """A new context per test: no remembered language leaks from one test to the next."""
    context = browser_context.new_context(viewport={"width": 1200, "height": 900},
                                          accept_downloads=True)
    new_page = context.new_page()
    refused = []  # the Content-Security-Policy must not block anything our own pages use
    new_page.on("console", lambda m: refused.append(m.text)
                if "Content Security Policy" in m.text else None)
    yield new_page
    context.close()
    assert not refused, refused


@pytest.mark.browser
def test_switching_the_language_is_remembered(page, server, permalinks):  # noqa: F811
    page.goto(f"{server}/articles/{permalinks['001']}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "30 September 2020" in page.locator("dl.facts").inner_text()
    page.locator("nav.language a[hreflang=th]").click()
    page.wait_for_url(f"**/th/articles/{permalinks['001']}")
    assert page.locator("html").get_attribute("lang") == "th"
    assert "30 กันยายน 2563" in page.locator("dl.facts").inner_text()
    assert page.locator("button[type=submit]").first.inner_text() == "ค้นหา"
    shot(page, "10-article-thai")
    page.goto(f"{server}/countries")  # a bare path: the remembered language
    assert page.locator("html").get_attribute("lang") == "th"
    page.locator("nav.language a[hreflang=en]").click()
    page.wait_for_url("**/en/countries")
    page.goto(f"{server}/countries")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.browser
def test_from_a_country_to_an_article_to_a_person(page, server, permalinks):  # noqa: F811
    page.goto(f"{server}/en/countries")
    page.locator("table.listing a", has_text="Singapore").click()
    page.wait_for_url("**/en/countries/sg")
    assert page.locator("svg.year-chart rect").count() == 1
    assert page.locator("svg.year-chart").is_visible()
    shot(page, "11-country")
    page.locator("ul.articles a.title").first.click()
    page.wait_for_url(f"**/en/articles/{permalinks['001']}")
    assert "s-iswaran" in page.locator("dd ul.people").inner_html()
    shot(page, "12-article")
    page.locator("dd ul.people a", has_text="Iswaran").click()
    page.wait_for_url("**/en/people/s-iswaran")
    assert "S. Iswaran" in page.locator("h1").inner_text()
    assert page.locator("#counterparts").is_visible()
    shot(page, "13-person")
    page.locator("dl.facts a", has_text="Singapore").click()
    page.wait_for_url("**/en/countries/sg")


@pytest.mark.browser
def test_compare_two_partners_from_the_form(page, server):  # noqa: F811
    page.goto(f"{server}/en/countries/us")
    page.select_option("form.compare select[name=b]", "sg")
    page.locator("form.compare button").click()
    page.wait_for_url("**/en/countries/compare?a=us&b=sg")
    assert page.locator(".partner-column").count() == 2
    boxes = [c.bounding_box() for c in page.locator(".partner-column").all()]
    assert boxes[0]["x"] < boxes[1]["x"] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2  # side by side
    shot(page, "14-compare")


@pytest.mark.browser
def test_search_with_a_facet_then_download_the_feed_and_a_citation(page, server, permalinks):  # noqa: F811
    page.goto(f"{server}/en/")
    page.fill("input[name=q]", "ไซเบอร์")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/en/search?q=*")
    page.locator("aside.facets .facet-countries a", has_text="Singapore").click()
    page.wait_for_url("**country=SG*")
    assert page.locator("ol.results li.result").count() == 1
    shot(page, "15-search-facet")
    with page.expect_download() as download:
        page.locator("p.exports a", has_text="CSV").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert permalinks["001"] in csv_text and csv_text.startswith("rank,permalink")
    feed = page.request.get(server + page.locator("p.exports a.feed").get_attribute("href"))
    assert feed.ok and "<feed" in feed.text()
    page.locator("ol.results a.title").first.click()
    page.wait_for_url(f"**/articles/{permalinks['001']}")
    with page.expect_download() as download:
        page.locator("section.cite a", has_text="BibTeX").click()
    assert download.value.suggested_filename == f"archive-{permalinks['001']}.bib"
    bib = Path(download.value.path()).read_text(encoding="utf-8")
    assert bib.startswith("@online{") and f"/articles/{permalinks['001']}" in bib
    with page.expect_download() as download:
        page.locator("section.cite a", has_text="RIS").click()
    assert "TY  - ELEC" in Path(download.value.path()).read_text(encoding="utf-8")
    country_feed = page.request.get(f"{server}/countries/sg/feed.atom")
    assert country_feed.headers["content-type"].startswith("application/atom+xml")
    shot(page, "16-article-cite")


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # from the test driver: the CSP forbids page scripts
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return result


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "th"])
def test_no_serious_accessibility_violations_on_any_page_type(page, server, permalinks, lang):  # noqa: F811
    if not AXE.exists():
        if os.environ.get("ARCHIVE_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core is required here but missing: {AXE}")
        pytest.skip("axe-core is not installed: `npm ci --prefix tests/a11y`")
    paths = ["/", "/countries", "/countries/sg", "/countries/compare?a=us&b=sg", "/people",
             "/people/prawit-wongsuwon", f"/articles/{permalinks['001']}",
             f"/articles/{permalinks['000']}", "/search?q=ไซเบอร์", "/search?q=cyber+securty",
             "/search", "/no/such/page"]
    found = {}
    for path in paths:
        page.goto(f"{server}/{lang}{path}")
        serious = [v for v in _axe(page) if v["impact"] in SERIOUS]
        if serious:
            found[path] = serious
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.browser
def test_keyboard_reaches_the_language_switch_with_visible_focus(page, server):  # noqa: F811
    page.goto(f"{server}/en/countries/sg")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang') === 'th'"):
            break
    else:
        pytest.fail("the language switch never receives keyboard focus")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    page.wait_for_url("**/th/countries/sg")


@pytest.mark.browser
def test_pages_fit_a_phone(page, server, permalinks):  # noqa: F811
    page.set_viewport_size({"width": 375, "height": 800})
    for path, name in [("/th/", "20-phone-home"), ("/en/countries/kh", None),
                       ("/en/countries/compare?a=us&b=sg", "21-phone-compare"),
                       (f"/th/articles/{permalinks['003']}", "22-phone-article"),
                       ("/th/search?q=ไซเบอร์", "23-phone-search")]:
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        if name:
            shot(page, name)
