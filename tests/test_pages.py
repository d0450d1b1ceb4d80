"""Pages through the real ASGI app: status, the right articles, links that resolve."""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest


def links(html: str) -> set[str]:
    return {h for h in re.findall(r'href="([^"#]+)"', html) if h.startswith("/")}


def test_home_lists_latest_articles_partners_and_a_search_box(client, permalinks):
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert '<form class="search" action="/search"' in html
    for permalink in permalinks.values():
        assert f"/articles/{permalink}" in html
    for code in ("us", "sg", "mm", "au"):
        assert f'href="/countries/{code}"' in html
    # newest first: the 2025 seed comes before the 2020 one
    assert html.index(permalinks["003"]) < html.index(permalinks["001"])


def test_article_page_has_date_source_partners_and_people(client, permalinks):
    html = client.get(f"/articles/{permalinks['001']}").text
    assert "30 September 2020" in html
    assert 'href="https://www.thaigov.go.th/news/contents/details/35541"' in html
    assert 'href="/countries/sg"' in html
    assert 'href="/people/s-iswaran"' in html and "S. Iswaran" in html
    assert 'lang="th"' in html


def test_country_and_person_pages(client, permalinks):
    html = client.get("/countries/us").text
    assert "United States" in html and "สหรัฐอเมริกา" in html
    assert permalinks["000"] in html and permalinks["002"] in html and permalinks["001"] not in html
    person = client.get("/people/prawit-wongsuwon").text
    assert "ประวิตร วงษ์สุวรรณ" in person and permalinks["000"] in person and permalinks["002"] in person
    assert client.get("/people").status_code == 200 and "Clair M. Grady" in client.get("/people").text


def test_search_page_highlights_and_paginates(client, permalinks):
    r = client.get("/search", params={"q": "ไซเบอร์"})
    assert r.status_code == 200
    assert "<mark" in r.text and permalinks["003"] in r.text
    assert client.get("/search", params={"q": "ไซเบอร์", "page": 2}).status_code == 200
    assert client.get("/search", params={"q": "x", "page": 0}).status_code == 400
    assert client.get("/search", params={"q": '"((unclosed'}).status_code == 200


def test_search_page_says_when_few_articles_have_every_word(client, permalinks):
    page = client.get("/en/search", params={"q": "ไซเบอร์ สิงคโปร์"}).text
    assert page.count("Only 1 article has every word of the query.") == 1
    assert page.count('class="missing"') == page.count('class="result"') - 1
    assert permalinks["001"] in page


def test_pages_link_an_icon_the_archive_serves(client):
    """Browsers ask for /favicon.ico (a 404 in every first visit's console) unless a page names
    its icon."""
    import re

    page = client.get("/en/").text
    [href] = re.findall(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
    icon = client.get(href)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


def test_search_page_says_how_all_news_is_ranked(client):
    note = "counts 4 times as much as other news with the same match"
    assert note in client.get("/en/search", params={"q": "ไซเบอร์", "scope": "all"}).text
    assert note not in client.get("/en/search", params={"q": "ไซเบอร์"}).text
    by_date = client.get("/en/search", params={"q": "ไซเบอร์", "scope": "all", "sort": "date"})
    assert note not in by_date.text  # the weight orders by relevance only


def test_search_state_lives_in_the_url(client, permalinks):
    import html as html_lib
    import re

    page = client.get("/search", params={"q": "ไซเบอร์"}).text
    links = {html_lib.unescape(h) for h in re.findall(r'href="(/search\?[^"]+)"', page)}
    assert any("sort=date" in h for h in links) and any("country=US" in h for h in links)
    assert any("person=prawit-wongsuwon" in h for h in links) and any("year=2020" in h for h in links)
    narrowed = client.get("/search", params={"q": "ไซเบอร์", "country": "US", "sort": "date"})
    assert narrowed.status_code == 200
    assert permalinks["002"] in narrowed.text and permalinks["001"] not in narrowed.text
    assert "Filtered by" in narrowed.text and "United States" in narrowed.text
    thai = client.get("/search", params={"q": "ประวิตร"}).text
    assert permalinks["000"] in thai and "expand=off" in thai and "Prawit Wongsuwon" in thai
    literal = client.get("/search", params={"q": "ประวิตร", "expand": "off"}).text
    assert permalinks["000"] not in literal and "Also search other languages" in literal
    topic = client.get("/search", params={"q": "ไซเบอร์"}).text
    assert "every article judged to be on bilateral cyber cooperation counts" in topic
    typo = client.get("/search", params={"q": "cyber securty", "spell": "off"}).text
    assert "Did you mean" in typo and "some</strong> of them" in typo
    past = client.get("/search", params={"q": "ไซเบอร์", "page": 9}).text
    assert "past the end" in past and "page 9 of" not in past
    for bad in ({"sort": "price"}, {"country": "USA"}, {"year": "20x"}, {"lang": "fr"}):
        assert client.get("/search", params={"q": "x", **bad}).status_code == 400


def test_script_in_query_is_escaped(client):
    html = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_unknown_paths_get_a_real_404_page(client):
    for path in ("/nope", "/articles/000000000000", "/countries/zz", "/countries/xyz", "/people/nobody"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "<html" in r.text and "Back to the latest articles" in r.text


def test_every_internal_link_resolves(client):
    seen, queue = set(), ["/"]
    try:
        while queue:
            path = queue.pop()
            if path in seen or len(seen) > 300:
                continue
            seen.add(path)
            r = client.get(path)
            assert r.status_code == 200, f"{path} -> {r.status_code}"
            if "text/html" in r.headers.get("content-type", ""):
                queue.extend(urljoin(path, h.replace("&amp;", "&")) for h in links(r.text) - seen)
    finally:
        client.cookies.clear()  # the crawl followed the language switch, which is remembered
    assert any(p.startswith("/people/") for p in seen) and any(p.startswith("/articles/") for p in seen)


def test_thai_font_is_served_locally(client):
    css = client.get("/static/style.css").text
    assert "fonts/sarabun-thai-400-normal.woff2" in css and "http" not in css.split("*/", 1)[1]
    font = client.get("/static/fonts/sarabun-thai-400-normal.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"


def test_scoped_pages_say_their_scope_and_link_to_the_other(client):
    for path in ("/", "/countries", "/countries/sg", "/people", "/people/s-iswaran", "/search?q=ไซเบอร์"):
        html = client.get(path).text
        assert "Showing <strong>bilateral cyber cooperation</strong> only: " in html, path
        assert 'class="scope-switch"' in html and "scope=all" in html, path
        html = client.get(path, params={"scope": "all"}).text
        assert "Showing <strong>all ingested news</strong>" in html, path
    assert "5 of 5 ingested articles" in client.get("/").text


@pytest.mark.parametrize("path", ["/th/search", "/search.json", "/search/export.csv",
                                  "/search/export.json", "/search/feed.atom"])
def test_a_buddhist_era_year_redirects_to_its_gregorian_year(client, path):
    """A Thai reader types 2563 for 2020: the same search, with its Gregorian year."""
    r = client.get(path, params={"q": "ไซเบอร์", "year": 2563, "sort": "date"},
                   follow_redirects=False)
    assert r.status_code == 301
    location = urlsplit(r.headers["location"])
    assert location.path == path
    assert parse_qs(location.query) == {"q": ["ไซเบอร์"], "year": ["2020"], "sort": ["date"]}


def test_a_search_in_a_buddhist_era_year_finds_that_year(client, permalinks):
    found = client.get("/search.json", params={"q": "ไซเบอร์", "year": 2563}).json()
    assert found["filters"] == {"year": 2020}
    assert permalinks["001"] in {hit["article"]["permalink"] for hit in found["hits"]}


@pytest.mark.parametrize("year", [1899, 2986, 99999])
def test_a_year_in_neither_era_is_a_400_that_says_which_years(client, year):
    r = client.get("/search.json", params={"q": "ไซเบอร์", "year": year}, follow_redirects=False)
    assert r.status_code == 400
    assert (f"year must be a year from 1900 to 2442, or a Buddhist-era year from 2443 to 2985 "
            f"(not “{year}”).") in r.json()["detail"]


def test_export_and_feed_links_leave_out_the_page_and_its_size(client):
    """An export or a feed holds the whole search whatever page links to it."""
    import html as html_lib

    params = {"q": "ไซเบอร์", "sort": "date", "page": 2, "size": 1}
    page = html_lib.unescape(client.get("/en/search", params=params).text)
    hrefs = re.findall(r'href="([^"]*/search/(?:export\.csv|export\.json|feed\.atom)[^"]*)"', page)
    data = client.get("/search.json", params=params).json()
    hrefs += [data["feed"], *data["exports"].values()]
    assert len(hrefs) == 7  # the head's feed link, CSV, JSON, feed; the JSON's three
    for href in hrefs:
        assert parse_qs(urlsplit(href).query) == {"q": ["ไซเบอร์"], "sort": ["date"]}, href
    feed = html_lib.unescape(client.get("/search/feed.atom", params=params).text)
    head = feed.split("<entry")[0]
    [alternate] = re.findall(r'<link rel="alternate" type="text/html" href="([^"]+)"', head)
    [feed_id] = re.findall(r"<id>([^<]+)</id>", head)
    for href in (alternate, feed_id):
        assert "page=" not in href and "size=" not in href, href


def test_robots_txt_allows_crawling_and_names_the_sitemap(client):
    r = client.get("/robots.txt", headers={"host": "archive.example.org"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    lines = r.text.splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert not [line for line in lines if line.startswith("Disallow: /")]
    assert "Sitemap: http://archive.example.org/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_ico_is_the_archive_icon(client):
    from app import PROJECT_ROOT

    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.content == (PROJECT_ROOT / "static" / "favicon.svg").read_bytes()


def test_the_pager_stops_at_the_last_page_it_may_link(client, monkeypatch):
    """Page numbers stop at MAX_PAGE: its page links no page after it (a 400), and says why."""
    from app.web import search_pages

    monkeypatch.setattr(search_pages, "MAX_PAGE", 2)
    last = client.get("/en/search", params={"q": "ไซเบอร์", "size": 1, "page": 2}).text
    assert 'rel="next"' not in last and "Pages after 2 are not listed" in last
    first = client.get("/en/search", params={"q": "ไซเบอร์", "size": 1}).text
    assert 'rel="next"' in first and "are not listed" not in first
