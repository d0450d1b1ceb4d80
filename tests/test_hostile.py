"""Hostile requests and hostile content: markup is shown, never run; every response carries the
security headers; parameters are bounded; the public app cannot write."""

import hashlib
import html
import re
from urllib.parse import quote, urljoin

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.models import Article
from app.web.main import create_app
from app.web.parameters import ANYTHING_ELSE, accepted, route_parameters
from app.web.search_pages import MAX_PAGE, MAX_PAGE_SIZE
from app.web.security import HEADERS
from tests.conftest import SEEDS, api_routes, build_archive

HOSTILE = SEEDS.parent / "tests" / "fixtures" / "hostile_markup_en.txt"
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture(autouse=True)
def _no_language_left_behind(client):
    """Visits to /th/ paths set the shared client's language cookie: clear it after each test."""
    yield
    client.cookies.clear()


@pytest.fixture(scope="module")
def hostile_archive(tmp_path_factory):
    """The seeds plus an article whose title and body hold a script, an image with an
    onerror handler, quotes and an ampersand."""
    return build_archive(tmp_path_factory.mktemp("hostile"), [SEEDS, HOSTILE])


@pytest.fixture(scope="module")
def hostile_client(hostile_archive):
    with TestClient(create_app(hostile_archive)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile_permalink(hostile_client) -> str:
    found = hostile_client.get("/search.json", params={"q": "Buddhipongse pact", "sort": "date"})
    hits = [h for h in found.json()["hits"] if "script" in h["article"]["title"]]
    assert hits, "the hostile article was not ingested"
    return hits[0]["article"]["permalink"]


def test_markup_in_an_article_is_shown_as_text(hostile_client, hostile_permalink):
    for path in (f"/articles/{hostile_permalink}", f"/th/articles/{hostile_permalink}",
                 "/countries/sg", "/search?q=pact", "/"):
        html = hostile_client.get(path).text
        assert "<script>" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(" in html, path  # present, escaped: not dropped
    page = hostile_client.get(f"/articles/{hostile_permalink}").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    feed = hostile_client.get("/countries/sg/feed.atom").text
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    bib = hostile_client.get(f"/articles/{hostile_permalink}.bib").text
    assert "alert" in bib  # a citation keeps the title's text, as text


def test_markup_in_a_query_is_shown_as_text(hostile_client):
    query = '<script>alert("q")</script> "><img src=x onerror=alert(2)>'
    for path in ("/search", "/th/search", "/search/feed.atom"):
        r = hostile_client.get(path, params={"q": query})
        assert r.status_code == 200, path
        assert "<script>" not in r.text and "<img src=x" not in r.text, path
        assert "&lt;script&gt;" in r.text or "&amp;lt;script" in r.text, path
    # Even where it ends up in a link's href (facets, sort, the scope switch).
    html = hostile_client.get("/search", params={"q": query, "sort": "date"}).text
    assert 'onerror=alert(2)"' not in html


def test_every_response_carries_the_security_headers(client, permalinks):
    paths = ["/", f"/articles/{permalinks['001']}", f"/articles/{permalinks['001']}.json",
             "/countries/sg/feed.atom", "/search?q=cyber", "/no/such/page", "/search?page=0",
             "/static/style.css", "/sitemap.xml", "/openapi.json", f"/articles/{permalinks['001']}.bib"]
    for path in paths:
        r = client.get(path)
        for name, value in HEADERS.items():
            assert r.headers.get(name) == value, (path, name)
    policy = HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_pages_need_no_inline_script_or_style(hostile_client, hostile_permalink):
    """The policy forbids inline script and style: no page may depend on them. A crawl of the
    hostile archive's HTML pages, in both languages."""
    seen, queue = set(), ["/", "/th/", f"/articles/{hostile_permalink}", "/search?q=cyber"]
    while queue and len(seen) < 120:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        r = hostile_client.get(path)
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        html = r.text
        assert not re.search(r"<script\b", html, re.IGNORECASE), path
        assert not INLINE_HANDLER.search(html), path
        assert not re.search(r"\sstyle\s*=", html), path
        assert not re.search(r"<style\b", html), path
        for href in re.findall(r'href="(/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            if not href.startswith(("/static", "/search/export")) and not href.endswith(
                    (".atom", ".json", ".bib", ".ris", ".xml")):
                queue.append(urljoin(path, href))
    assert len(seen) > 30


@pytest.mark.parametrize("params", [
    {"q": "x" * 5000},
    {"q": "cyber", "page": 0},
    {"q": "cyber", "page": MAX_PAGE + 1},
    {"q": "cyber", "page": "abc"},
    {"q": "cyber", "size": 0},
    {"q": "cyber", "size": MAX_PAGE_SIZE + 1},
    {"q": "cyber", "year": 99999},
    {"q": "cyber", "country": "<script>"},
    {"q": "cyber", "person": "../../etc/passwd"},
    {"q": "cyber", "sort": "random()"},
    {"q": "cyber", "scope": "everything"},
])
def test_out_of_range_parameters_are_a_clear_400(client, params):
    for path in ("/search", "/search.json"):
        r = client.get(path, params=params)
        assert r.status_code == 400, (path, params, r.status_code)
        assert "out of range" in r.text or "scope" in r.text


@pytest.mark.parametrize("params, named", [
    ({"page": "abc"}, "page must be a whole number from 1 to 1000 (not “abc”)."),
    ({"lang": "fr"}, "lang must be one of: th, en (not “fr”)."),
    ({"country": ""}, "country must be a two-letter country code, such as sg; it was empty."),
    ({"size": 500}, "size must be a whole number from 1 to 100 (not “500”)."),
    ({"scope": "everything"}, "scope must be one of: relevant, all (not “everything”)."),
    ({"q": "x" * 5000}, "q must be at most 1200 characters (not “" + "x" * 40 + "…”)."),
])
def test_a_400_names_the_wrong_parameter_and_what_it_accepts(client, params, named):
    r = client.get("/search.json", params={"q": "cyber", **params})
    assert r.status_code == 400 and named in r.json()["detail"]
    [wrong] = r.json()["parameters"]
    assert wrong["name"] == next(iter(params)) and wrong["accepted"] in named
    page = client.get("/en/search", params={"q": "cyber", **params})
    assert page.status_code == 400 and named in html.unescape(page.text)


def test_a_400_names_every_wrong_parameter_in_the_interface_language(client):
    params = {"q": "cyber", "page": "abc", "lang": "fr", "country": ""}
    names = [w["name"] for w in client.get("/search.json", params=params).json()["parameters"]]
    assert sorted(names) == ["country", "lang", "page"]
    thai = html.unescape(client.get("/th/search", params=params).text)
    assert "page ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1000 (ไม่ใช่ “abc”)" in thai
    assert "lang ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: th, en (ไม่ใช่ “fr”)" in thai
    assert "country ต้องเป็นรหัสประเทศสองตัวอักษร เช่น sg" in thai
    compare = client.get("/countries/compare.json", params={"a": "us"}).json()
    assert "b is required: a two-letter country code, such as sg." in compare["detail"]
    sitemap = html.unescape(client.get("/en/sitemaps/articles-0.xml").text)
    assert "number must be a whole number from 1 to 50000 (not “0”)." in sitemap


def test_every_parameter_that_can_be_wrong_says_what_it_accepts(client):
    """A parameter with a bound, a pattern or a set of values gets its own description, never
    the fallback."""
    checked = 0
    for route in api_routes(client.app.routes):
        for field in route_parameters(route.dependant):
            info = field.field_info
            if info.metadata or info.annotation not in (str, str | None):
                assert accepted(field.alias, field) != ANYTHING_ELSE, (route.path, field.alias)
                checked += 1
    assert checked > 20


def test_page_size_is_chosen_within_bounds(client):
    small = client.get("/search.json", params={"q": "ไซเบอร์", "size": 1}).json()
    assert len(small["hits"]) == 1 and small["pages"] == small["total"] > 1
    large = client.get("/search.json", params={"q": "ไซเบอร์", "size": MAX_PAGE_SIZE}).json()
    assert len(large["hits"]) == large["total"]


def test_queries_at_the_length_bound_and_odd_syntax_never_fail(client):
    for query in ["ไซเบอร์ " * 150, '"unclosed phrase', "AND OR NOT", "(((", "cyber^99999",
                  "title:*", "*", "a" * 300, "-", '"', "\x00\x01", "🙂" * 50, "%00", "{}[]"]:
        r = client.get("/search.json", params={"q": query})
        assert r.status_code == 200, query
        assert len(r.json()["query"]) <= 1200


def test_the_public_app_has_no_endpoint_that_writes(client):
    routes = list(api_routes(client.app.routes))
    assert len(routes) > 20  # the included routers' routes, not only the app's own
    for route in routes:
        assert route.methods <= {"GET", "HEAD"}, (route.path, route.methods)
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        assert set(operations) <= {"get", "head"}, path


def test_write_methods_are_refused_and_change_nothing(client, permalinks):
    before = _digest(client)
    for method in WRITE_METHODS:
        for path in ("/", f"/articles/{permalinks['001']}", "/search?q=cyber", "/countries/sg",
                     "/static/style.css", "/th/people/prawit-wongsuwon"):
            r = client.request(method, path, content=b"title=changed")
            assert r.status_code == 405, (method, path, r.status_code)
            assert r.headers["allow"] == "GET, HEAD", (method, path)
    assert _digest(client) == before


def test_the_app_database_connection_refuses_writes(client, permalinks):
    sessions = client.app.state.sessions
    with sessions() as session:
        with pytest.raises(DBAPIError):
            session.execute(text("UPDATE articles SET title = 'changed'"))
            session.commit()
        session.rollback()
        titles = session.scalars(select(Article.title)).all()
    assert "changed" not in titles and titles


def _digest(client) -> str:
    with client.app.state.sessions() as session:
        rows = session.execute(select(Article.permalink, Article.title, Article.body)
                               .order_by(Article.permalink)).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_odd_paths_are_a_4xx_not_a_500(client):
    """Traversal, NUL bytes, doubled prefixes, huge numbers (found by schemathesis: a sitemap
    number past SQLite's integers)."""
    for path in ["/articles/..%2F..%2Fetc%2Fpasswd", "/static/..%2F..%2Fapp%2Fconfig.py",
                 "/people/%00", "/countries/%3Cscript%3E", "/th/th/th/", "/articles/" + quote("ก" * 500),
                 "/sitemaps/articles-368934881474193.xml", "/sitemaps/articles-0.xml"]:
        r = client.get(path)
        assert r.status_code in (404, 400, 301), (path, r.status_code)
        assert "<script>" not in r.text
