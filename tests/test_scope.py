"""Relevant articles by default, all ingested news on request; the verdict on the article page;
reposts redirect to their article; stored records in the shape `inspect` prints.

A small real archive (SQLite, migrations, ingest, Whoosh) from three hand-written thaigov files:
a Thai-Japanese cyber meeting, a flood-relief report naming Japan (ingested, not relevant),
and a repost of the meeting under another source URL.
"""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db import make_engine, make_sessionmaker
from app.ingest.pipeline import record_for
from app.ingest.readers import RawDocument
from app.models import Article, Duplicate
from app.queries import stored_record
from app.search.searcher import search
from tests.conftest import build_archive

PREFIX = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"
SOURCE = "https://www.thaigov.go.th/news/contents/details/"


def thaigov(title: str, date_line: str, paragraphs: list[str], number: int) -> str:
    """A file in the layout of the thaigov seeds: prefixed title, date line, title twice, body,
    a rule and the source line."""
    body = "\n".join(paragraphs)
    return (f"{PREFIX}{title}\n\n\n{date_line}\n{title}\n{title}\n{body}\n"
            f"**************\n\nที่มา : {SOURCE}{number}\n")


CYBER = thaigov(
    "ไทย-ญี่ปุ่น หารือทวิภาคีเพิ่มความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์",
    "วันพฤหัสบดีที่ 15 สิงหาคม 2567",
    [
        "วันนี้ (15 สิงหาคม 2567) รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ได้หารือทวิภาคีกับ"
        "เอกอัครราชทูตญี่ปุ่นประจำประเทศไทย ณ ทำเนียบรัฐบาล",
        "ทั้งสองฝ่ายเห็นพ้องที่จะแลกเปลี่ยนข้อมูลภัยคุกคามไซเบอร์ และร่วมกันปราบปรามแก๊งคอลเซ็นเตอร์"
        "ที่หลอกลวงประชาชนทั้งสองประเทศ",
        "นอกจากนี้ ไทยและญี่ปุ่นจะจัดการฝึกอบรมบุคลากรด้านความมั่นคงปลอดภัยไซเบอร์ร่วมกันในปีหน้า",
    ],
    90001,
)
FLOOD = thaigov(
    "นายกรัฐมนตรีรับมอบสิ่งของช่วยเหลือผู้ประสบภัยน้ำท่วมจากญี่ปุ่น",
    "วันศุกร์ที่ 16 สิงหาคม 2567",
    [
        "วันนี้ (16 สิงหาคม 2567) นายกรัฐมนตรีรับมอบถุงยังชีพและเครื่องกรองน้ำจากเอกอัครราชทูตญี่ปุ่น"
        "ประจำประเทศไทย เพื่อช่วยเหลือผู้ประสบภัยน้ำท่วมในจังหวัดเชียงรายและพะเยา",
        "ระดับน้ำในแม่น้ำกกยังคงสูงกว่าตลิ่ง กรมป้องกันและบรรเทาสาธารณภัยได้ส่งเรือและเจ้าหน้าที่"
        "เข้าช่วยเหลือประชาชนที่ติดค้างในบ้านเรือน",
    ],
    90002,
)
REPOST = CYBER.replace(f"{SOURCE}90001", f"{SOURCE}90003")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """(settings, {name: path}) for an archive of the three files, cyber first."""
    folder = tmp_path_factory.mktemp("scope-files")
    files = {}
    for name, text in (("a-cyber", CYBER), ("b-flood", FLOOD), ("c-repost", REPOST)):
        files[name] = folder / f"{name}.txt"
        files[name].write_text(text, encoding="utf-8")
    settings = build_archive(tmp_path_factory.mktemp("scope-data"), [files[n] for n in sorted(files)])
    return settings, files


@pytest.fixture(scope="module")
def db(small):
    engine = make_engine(small[0])
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="module")
def links(db, small) -> dict[str, str]:
    """File name -> permalink; the repost's own permalink comes from its duplicate row."""
    _, files = small
    by_origin = dict(db.execute(select(Article.origin, Article.permalink)).all())
    by_origin.update(db.execute(select(Duplicate.origin, Duplicate.permalink)).all())
    return {name: by_origin[str(path)] for name, path in files.items()}


@pytest.fixture(scope="module")
def web(small):
    from app.web.main import create_app

    with TestClient(create_app(small[0])) as client:
        yield client


def test_the_files_are_what_the_tests_assume(db, small, links):
    """The flood report is ingested with Japan as partner but is not relevant; the repost is
    not a second article."""
    articles = {a.permalink: a for a in db.scalars(select(Article))}
    assert len(articles) == 2
    cyber, flood = articles[links["a-cyber"]], articles[links["b-flood"]]
    assert cyber.relevant and not flood.relevant
    assert cyber.partner_codes == flood.partner_codes == ["JP"]
    [dup] = cyber.duplicates
    assert dup.origin == str(small[1]["c-repost"]) and dup.permalink == links["c-repost"]
    assert dup.similarity == 1.0 and dup.source_url == f"{SOURCE}90003"


def test_search_shows_relevant_articles_unless_asked_for_all(small, links):
    settings = small[0]
    default = search(settings, "ญี่ปุ่น")
    assert [h.permalink for h in default.hits] == [links["a-cyber"]]
    assert default.scope_totals == {"relevant": 1}  # all news is counted once asked for
    everything = search(settings, "ญี่ปุ่น", all_news=True, page_size=50)
    assert everything.scope_totals == {"relevant": 1, "all": 2}
    assert {h.permalink for h in everything.hits} == {links["a-cyber"], links["b-flood"]}
    assert {h.permalink: h.relevant for h in everything.hits}[links["b-flood"]] is False
    assert search(settings, "น้ำท่วม").total == 0
    assert search(settings, "น้ำท่วม", all_news=True).total == 1
    # the CLI's call still works, in the default scope, filters included
    assert search(settings, "ญี่ปุ่น", lang="th", country="JP", page_size=10).total == 1


def test_search_page_scope(web, links):
    html = web.get("/search", params={"q": "ญี่ปุ่น"}).text
    assert links["a-cyber"] in html and links["b-flood"] not in html
    assert "Show all ingested news" in html and "only: 1 matching article." in html
    switch = _switch_href(html)
    assert "scope=all" in switch and "q=" in switch
    html = web.get(switch).text
    assert links["a-cyber"] in html and links["b-flood"] in html and "other news" in html
    assert "2 matching articles, 1 on bilateral cyber cooperation" in html
    assert _switch_href(html).startswith("/search?q=") and "scope" not in _switch_href(html)
    assert '<input type="hidden" name="scope" value="all">' in html


def test_country_page_scope(web, links):
    html = web.get("/countries/jp").text
    assert links["a-cyber"] in html and links["b-flood"] not in html
    assert "Showing <strong>bilateral cyber cooperation</strong> only: 1 of 2" in html
    assert _switch_href(html) == "/countries/jp?scope=all"
    html = web.get("/countries/jp", params={"scope": "all"}).text
    assert links["a-cyber"] in html and links["b-flood"] in html
    assert "Showing <strong>all ingested news</strong>" in html
    assert _switch_href(html) == "/countries/jp"
    # listings reached from an all-news page stay in that scope
    assert 'href="/countries/jp?scope=all"' in html and 'href="/people?scope=all"' in html


def test_home_and_countries_count_per_scope(web, links):
    home = web.get("/").text
    assert links["b-flood"] not in home and _count_of(home, "jp") == "1"
    home_all = web.get("/?scope=all").text
    assert links["b-flood"] in home_all and _count_of(home_all, "jp?scope=all") == "2"
    assert web.get("/countries", params={"scope": "all"}).status_code == 200
    assert web.get("/people", params={"scope": "all"}).status_code == 200


def test_an_unknown_scope_is_a_bad_request(web):
    for path in ("/", "/countries", "/countries/jp", "/people", "/search"):
        r = web.get(path, params={"scope": "everything"})
        assert r.status_code == 400, path
        assert "<html" in r.text
    assert web.get("/", params={"scope": "relevant"}).status_code == 200


def test_article_page_shows_the_verdict_and_its_evidence(web, links):
    html = web.get(f"/articles/{links['a-cyber']}").text
    assert "Why this article is in the archive" in html
    assert "<strong>Bilateral cyber cooperation</strong> (relevance score" in html
    assert "Cyber matter in the headline" in html and "Partner government" in html
    assert '<q lang="th">ทั้งสองฝ่ายเห็นพ้องที่จะแลกเปลี่ยนข้อมูลภัยคุกคามไซเบอร์' in html
    assert 'matched <q lang="th">ไซเบอร์</q>' in html
    flood = web.get(f"/articles/{links['b-flood']}").text
    assert "Not judged to be about bilateral cyber cooperation" in flood


def test_article_page_lists_reposts_and_a_repost_permalink_redirects(web, links):
    html = web.get(f"/articles/{links['a-cyber']}").text
    assert "Also published as" in html and f'href="{SOURCE}90003"' in html
    assert "100% the same text" in html
    r = web.get(f"/articles/{links['c-repost']}", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == f"/articles/{links['a-cyber']}"
    assert web.get(f"/articles/{links['c-repost']}").url.path == f"/articles/{links['a-cyber']}"
    flood = web.get(f"/articles/{links['b-flood']}").text
    assert "Also published as" not in flood


def test_stored_record_has_the_shape_of_inspect(db, small, links):
    _, files = small
    for name, path in files.items():
        fresh = record_for(RawDocument(str(path), path.read_bytes()))
        stored = stored_record(db, origin=str(path))
        assert set(stored) == set(fresh) - {"cyber_terms"}, name
        for key in ("origin", "title", "date", "date_precision", "lang", "source", "relevant",
                    "score", "evidence", "partners", "people"):
            assert stored[key] == fresh[key], (name, key)
    assert stored_record(db, origin=str(files["b-flood"]))["date"] == "2024-08-16"
    # a repost answers with the article it repeats
    repost = stored_record(db, origin=str(files["c-repost"]))
    assert repost["permalink"] == links["a-cyber"] and repost["source_url"] == f"{SOURCE}90001"
    assert stored_record(db, origin="no/such/file.txt") is None


def test_stored_record_people_and_month_dates_on_the_seeds(sessions):
    """Each person `inspect` finds is stored with role and country; the name as written keeps
    its script, and the other script comes from the person row."""
    from app.ingest.readers import iter_documents
    from tests.conftest import SEED_FILES, seed

    with sessions() as session:
        for raw in iter_documents(SEED_FILES):
            fresh, stored = record_for(raw), stored_record(session, origin=raw.origin)
            assert stored["date"] == fresh["date"] and stored["partners"] == fresh["partners"]
            assert len(stored["people"]) == len(fresh["people"])
            for found, kept in zip(fresh["people"], stored["people"], strict=True):
                assert (found["role"], found["country"]) == (kept["role"], kept["country"])
                assert any(found[k] and found[k] == kept[k] for k in ("name_th", "name_en"))
        month = stored_record(session, origin=str(seed("004")))
        assert (month["date"], month["date_precision"]) == ("2019-01", "month")


def _switch_href(html: str) -> str:
    return re.search(r'class="scope-switch" href="([^"]+)"', html)[1].replace("&amp;", "&")


def _count_of(html: str, href_tail: str) -> str:
    """The article count next to a partner country's link on the home page."""
    link = rf'href="/countries/{re.escape(href_tail)}"[^>]*>[^<]*</a> <span class="count">(\d+)'
    return re.search(link, html)[1]
