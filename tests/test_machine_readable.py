"""What programs and reference managers read: JSON of every page (described in OpenAPI),
citations, Atom feeds, search exports, the sitemap, and redirects that keep old links alive."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import bibtexparser
import feedparser
import pytest
import rispy
from fastapi.testclient import TestClient

from app.web import schemas

PAGE_MODELS = {
    "/": schemas.HomePage,
    "/countries": schemas.CountriesPage,
    "/countries/us": schemas.CountryPage,
    "/countries/compare?a=us&b=sg": schemas.ComparePage,
    "/people": schemas.PeoplePage,
    "/people/prawit-wongsuwon": schemas.PersonPage,
    "/search?q=ไซเบอร์": schemas.SearchResultsPage,
}


@pytest.fixture
def fresh(archive):
    from app.web.main import create_app

    with TestClient(create_app(archive)) as client:
        yield client


def json_twin(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return f"{base}.json" + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", list(PAGE_MODELS))
def test_every_page_is_json_by_suffix_and_by_accept(fresh, path):
    model = PAGE_MODELS[path]
    by_suffix = fresh.get(json_twin(path))
    assert by_suffix.status_code == 200 and by_suffix.headers["content-type"] == "application/json"
    by_accept = fresh.get(path, headers={"accept": "application/json"})
    assert by_accept.headers["content-type"] == "application/json"
    assert by_suffix.json() == by_accept.json()
    model.model_validate(by_suffix.json())
    browser = fresh.get(path, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.headers["content-type"].startswith("text/html")


def test_article_json_has_everything_the_page_shows(fresh, permalinks):
    data = fresh.get(f"/articles/{permalinks['001']}.json").json()
    page = schemas.ArticlePage.model_validate(data)
    assert page.article.published == date(2020, 9, 30) and page.article.lang == "th"
    assert [c.code for c in page.partners] == ["SG"]
    assert {m.person.slug for m in page.people} >= {"s-iswaran"}
    assert page.evidence and page.evidence[0].label
    assert permalinks["001"] in page.citation.bibtex and "https://www.thaigov.go.th" in page.source_url


def test_openapi_describes_the_json_of_every_page(fresh):
    spec = fresh.get("/openapi.json").json()
    for path, name in [("/articles/{permalink}.json", "ArticlePage"),
                       ("/countries/{code}.json", "CountryPage"), ("/people/{slug}.json", "PersonPage"),
                       ("/search.json", "SearchResultsPage"), ("/index.json", "HomePage"),
                       ("/countries/compare.json", "ComparePage")]:
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert content["schema"]["$ref"].endswith("/" + name), path
    assert "text/html" in spec["paths"]["/countries/{code}"]["get"]["responses"]["200"]["content"]
    for path in ("/articles/{permalink}.bib", "/countries/{code}/feed.atom", "/search/export.csv",
                 "/sitemap.xml"):
        assert path in spec["paths"], path


def test_json_errors_for_json_requests(fresh):
    r = fresh.get("/countries/zz.json")
    assert r.status_code == 404 and r.json()["detail"] == "No country has this code."
    assert fresh.get("/search.json", params={"q": "x", "sort": "price"}).status_code == 400


def test_citations_parse_and_cite_the_permalink(fresh, permalinks):
    permalink = permalinks["001"]
    url = f"http://testserver/articles/{permalink}"
    bib = fresh.get(f"/articles/{permalink}.bib")
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    assert "attachment" in bib.headers["content-disposition"]
    entry = parse_bibtex(bib.text)[0]
    assert entry["ENTRYTYPE"] == "online" and entry["url"] == url
    assert entry["date"] == "2020-09-30" and entry["urldate"] == date.today().isoformat()
    assert "สิงคโปร์" in entry["title"]
    record = rispy.loads(fresh.get(f"/articles/{permalink}.ris").text)[0]
    assert record["type_of_reference"] == "ELEC" and record["urls"] == [url]
    assert record["date"] == "2020/09/30" and "สิงคโปร์" in record["title"]
    csl = fresh.get(f"/articles/{permalink}.csl.json").json()[0]
    assert csl["URL"] == url and csl["issued"] == {"date-parts": [[2020, 9, 30]]}
    assert csl["type"] == "article-newspaper" and csl["language"] == "th"
    page = fresh.get(f"/en/articles/{permalink}").text
    assert f"{url} (accessed " in page and f'href="/articles/{permalink}.ris"' in page


def test_citation_of_a_month_precise_and_an_undated_article(fresh, permalinks):
    month = fresh.get(f"/articles/{permalinks['004']}.csl.json").json()[0]
    assert month["issued"] == {"date-parts": [[2019, 1]]}
    undated = fresh.get(f"/articles/{permalinks['000']}.csl.json").json()[0]
    assert "issued" not in undated
    assert "date" not in parse_bibtex(fresh.get(f"/articles/{permalinks['000']}.bib").text)[0]
    text = fresh.get(f"/articles/{permalinks['000']}.json").json()["citation"]["text"]
    assert "(n.d.)" in text


def parse_bibtex(text: str) -> list[dict]:
    from bibtexparser.bparser import BibTexParser

    return bibtexparser.loads(text, BibTexParser(ignore_nonstandard_types=False)).entries


def _feed(fresh, path):
    r = fresh.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(r.text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_atom_feeds_of_a_country_a_person_and_a_search(fresh, permalinks):
    country = _feed(fresh, "/countries/us/feed.atom")
    assert {e.link for e in country.entries} == {
        f"http://testserver/articles/{permalinks[k]}" for k in ("000", "002")}
    assert "United States" in country.feed.title
    person = _feed(fresh, "/people/prawit-wongsuwon/feed.atom")
    assert len(person.entries) == 2
    search = _feed(fresh, "/search/feed.atom?q=Singapore")
    assert search.entries[0].link.endswith(permalinks["001"])
    thai = _feed(fresh, "/th/countries/us/feed.atom")
    assert "สหรัฐอเมริกา" in thai.feed.title
    html = fresh.get("/en/countries/us").text
    assert 'type="application/atom+xml"' in html and "/countries/us/feed.atom" in html


def test_search_exports_every_hit_not_one_page(fresh, permalinks):
    page = fresh.get("/search.json", params={"q": "ไซเบอร์"}).json()
    rows = list(csv.DictReader(io.StringIO(fresh.get("/search/export.csv", params={"q": "ไซเบอร์"})
                                           .content.decode("utf-8-sig"))))
    assert len(rows) == page["total"] >= 3
    assert rows[0]["permalink"] == page["hits"][0]["article"]["permalink"]
    assert all(r["url"].startswith("http://testserver/articles/") for r in rows)
    exported = fresh.get("/search/export.json", params={"q": "ไซเบอร์", "country": "US"}).json()
    assert exported["total"] == 2 and exported["filters"] == {"country": "US"}
    assert exported["exported"] == 2 and exported["truncated"] is False
    assert {r["permalink"] for r in exported["results"]} == {permalinks["000"], permalinks["002"]}


def test_an_export_cut_at_its_limit_says_so(archive):
    """The page's link, the JSON and the CSV's headers say how many of how many hits."""
    from app.web.main import create_app

    with TestClient(create_app(archive.model_copy(update={"export_limit": 2}))) as capped:
        total = capped.get("/search.json", params={"q": "ไซเบอร์"}).json()["total"]
        assert total > 2
        page = capped.get("/en/search", params={"q": "ไซเบอร์"}).text
        assert f"First 2 of {total} results:" in page and "All " not in page
        assert f"2 รายการแรกจากผลการค้นหา {total} รายการ:" in capped.get(
            "/th/search", params={"q": "ไซเบอร์"}).text
        exported = capped.get("/search/export.json", params={"q": "ไซเบอร์"}).json()
        assert (exported["total"], exported["exported"], exported["truncated"]) == (total, 2, True)
        assert len(exported["results"]) == 2
        sheet = capped.get("/search/export.csv", params={"q": "ไซเบอร์"})
        assert sheet.headers["x-total-count"] == str(total)
        assert sheet.headers["x-exported-count"] == "2"
        assert len(list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))) == 2


def test_an_export_of_every_hit_says_all(fresh):
    total = fresh.get("/search.json", params={"q": "ไซเบอร์"}).json()["total"]
    assert f"All {total} results:" in fresh.get("/en/search", params={"q": "ไซเบอร์"}).text
    sheet = fresh.get("/search/export.csv", params={"q": "ไซเบอร์"})
    assert sheet.headers["x-total-count"] == sheet.headers["x-exported-count"] == str(total)


def test_sitemap_lists_pages_in_both_languages(fresh, permalinks):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(fresh.get("/sitemap.xml").content)
    files = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    urls = []
    for f in files:
        tree = ET.fromstring(fresh.get(f.replace("http://testserver", "")).content)
        urls += [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert "http://testserver/th/countries/sg" in urls and "http://testserver/en/people/s-iswaran" in urls
    for permalink in permalinks.values():
        assert f"http://testserver/en/articles/{permalink}" in urls
    for url in urls[:40]:
        assert fresh.get(url.replace("http://testserver", "")).status_code == 200, url


def test_repost_permalink_redirects_in_every_format(fresh, sessions, permalinks):
    from app.models import Article, Duplicate

    with sessions() as session:
        article = session.query(Article).filter_by(permalink=permalinks["003"]).one()
        session.add(Duplicate(article_id=article.id, origin="test:repost", raw_sha256="0" * 64,
                              permalink="feedfacecafe", title=article.title, similarity=1.0))
        session.commit()
    try:
        for suffix in ("", ".json", ".bib", ".ris", ".csl.json"):
            r = fresh.get(f"/th/articles/feedfacecafe{suffix}", follow_redirects=False)
            assert r.status_code == 301
            assert r.headers["location"] == f"/th/articles/{permalinks['003']}{suffix}"
    finally:
        with sessions() as session:
            session.query(Duplicate).filter_by(origin="test:repost").delete()
            session.commit()


def test_json_of_scope_all_counts_everything(fresh):
    data = fresh.get("/index.json", params={"scope": "all"}).json()
    assert data["scope"] == {"all_news": True, "counts": {"relevant": 5, "all": 5}}
    assert len(data["latest"]) == 5 and json.dumps(data)
    assert re.match(r"^/articles/\w+$", data["latest"][0]["url"])


def _head_paths(permalink: str) -> list[str]:
    return ["/", "/en/", "/index.json", "/en/countries/sg", "/countries/compare?a=us&b=sg",
            "/people/prawit-wongsuwon.json", f"/articles/{permalink}", f"/articles/{permalink}.bib",
            "/search?q=cyber", "/search.json?q=cyber", "/search/export.csv?q=cyber",
            "/search/export.json?q=cyber", "/search/feed.atom?q=cyber", "/countries/us/feed.atom",
            "/sitemap.xml", "/sitemaps/pages.xml", "/static/style.css", "/openapi.json",
            "/robots.txt", "/favicon.ico",
            "/countries/zz", "/search?q=cyber&page=abc", "/articles/feedfacecafe"]


def test_every_page_answers_head_as_get_without_a_body(fresh, permalinks):
    """Link checkers and uptime monitors ask with HEAD: the same status and headers as GET."""
    for path in _head_paths(permalinks["001"]):
        get, head = fresh.get(path, follow_redirects=False), fresh.head(path)
        assert head.status_code == get.status_code, (path, head.status_code, get.status_code)
        assert head.content == b"", path
        assert dict(head.headers) == dict(get.headers), path
    assert fresh.get("/").headers["content-length"] != "0"


def test_every_get_route_has_a_head_twin_left_out_of_the_schema(fresh):
    from tests.conftest import api_routes

    routes = list(api_routes(fresh.app.routes))
    heads = {route.path for route in routes if route.methods == {"HEAD"}}
    gets = {route.path for route in routes if "GET" in route.methods}
    assert gets and gets == heads
    operations = {method for path in fresh.get("/openapi.json").json()["paths"].values()
                  for method in path}
    assert operations == {"get"}
