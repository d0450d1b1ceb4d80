"""Country, compare, person and article pages: timelines, both sides, offices, counterparts,
the same event in the other language, related articles, and old person links."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PROJECT_ROOT, SEEDS, build_archive

SAME_EVENT = PROJECT_ROOT / "tests" / "fixtures" / "same_event_en.txt"
BRACKETED_NAME = PROJECT_ROOT / "tests" / "fixtures" / "bracketed_name_th.txt"


def test_country_page_has_names_timeline_people_and_feed(client):
    html = client.get("/en/countries/sg").text
    assert "Singapore" in html and "สิงคโปร์" in html
    svg = re.search(r"<svg[^>]*class=\"year-chart\".*?</svg>", html, re.S)[0]
    assert 'role="img"' in svg and "<title" in svg and svg.count("<rect") == 1  # 2020 only
    assert "2020: 1 article" in svg
    assert "<table" in html.split("chart-data", 1)[1]  # the numbers, for screen readers
    sides = html.split('class="two-sides"', 1)[1]
    thai, partner = sides.split("Singapore side", 1)
    assert "buddhipongse-punnakanta" in thai and "s-iswaran" in partner
    assert "/countries/sg/feed.atom" in html


def test_timeline_spans_gaps_and_uses_buddhist_years_in_thai(client):
    data = client.get("/countries/compare.json", params={"a": "us", "b": "au"}).json()
    assert [c["country"]["code"] for c in data["countries"]] == ["US", "AU"]
    assert data["countries"][1]["per_year"] == [{"year": 2019, "articles": 1}]
    assert data["countries"][0]["undated"] == 2
    html = client.get("/th/countries/au").text
    assert ">2562<" in html and "2019" not in re.search(r"<svg.*?</svg>", html, re.S)[0]
    client.cookies.clear()


def test_compare_view_shows_two_partners_on_one_scale(client):
    html = client.get("/en/countries/compare", params={"a": "sg", "b": "mm"}).text
    assert html.count('class="partner-column"') == 2
    assert "Singapore and Myanmar (Burma) side by side" in html or "Singapore and Myanmar" in html
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    years = [re.findall(r'class="tick">(\d{4})<', c) for c in charts]
    assert years[0] == years[1] and years[0][0] == "2020" and years[0][-1] == "2025"
    assert client.get("/countries/compare", params={"a": "sg", "b": "zz"}).status_code == 404
    same = client.get("/en/countries/compare", params={"a": "sg", "b": "SG"}, follow_redirects=False)
    assert same.status_code == 307 and same.headers["location"] == "/en/countries/sg"
    same = client.get("/countries/compare.json", params={"a": "sg", "b": "sg", "scope": "all"},
                      follow_redirects=False)
    assert same.headers["location"] == "/countries/sg.json?scope=all"
    assert client.get("/countries/compare", params={"a": "sg"}).status_code == 400
    client.cookies.clear()


def test_person_page_has_scripts_offices_counterparts_and_feed(client):
    html = client.get("/en/people/prawit-wongsuwon").text
    assert "ประวิตร วงษ์สุวรรณ" in html and "Prawit Wongsuwon" in html
    assert "Prawit Wongsuwan" in html  # a spelling variant from the reference list
    assert "Deputy Prime Minister" in html and "30 August 2014" in html
    counterparts = html.split('id="counterparts"', 1)[1]
    assert "cory-gardner" in counterparts and "clair-m-grady" in counterparts
    assert "prayut-chan-o-cha" not in counterparts  # the same country is not a counterpart
    assert "/people/prawit-wongsuwon/feed.atom" in html
    thai = client.get("/th/people/prawit-wongsuwon").text
    assert "รองนายกรัฐมนตรี" in thai and "30 สิงหาคม 2557" in thai
    client.cookies.clear()


@pytest.fixture(scope="module")
def paired(tmp_path_factory):
    """The seeds and an English report of seed 001's meeting (same day, partner and people)."""
    settings = build_archive(tmp_path_factory.mktemp("paired"), [SEEDS, SAME_EVENT])
    from app.web.main import create_app

    with TestClient(create_app(settings)) as client:
        yield client


def test_article_links_the_same_event_in_the_other_language(paired, permalinks):
    english = paired.get("/search/export.json", params={"q": "Singapore", "lang": "en"}).json()
    english_permalink = english["results"][0]["permalink"]
    thai = paired.get(f"/articles/{permalinks['001']}.json").json()
    assert [a["permalink"] for a in thai["other_language"]] == [english_permalink]
    back = paired.get(f"/articles/{english_permalink}.json").json()
    assert [a["permalink"] for a in back["other_language"]] == [permalinks["001"]]
    html = paired.get(f"/en/articles/{permalinks['001']}").text
    assert "The same event in English" in html and english_permalink in html
    # a different meeting with the same partner is not the same event
    myanmar = paired.get(f"/articles/{permalinks['003']}.json").json()
    assert myanmar["other_language"] == []


def test_related_articles_share_partners_or_people(client, permalinks):
    data = client.get(f"/articles/{permalinks['001']}.json").json()
    assert all(a["permalink"] != permalinks["001"] for a in data["related"])
    undated = client.get(f"/articles/{permalinks['003']}.json").json()
    for article in undated["related"]:
        assert article["relevant"]


def test_a_retired_person_slug_redirects_to_the_current_page(tmp_path):
    """A person first stored under their name as written, then known to the reference list."""
    from sqlalchemy import select

    from app.db import make_engine, make_sessionmaker
    from app.ingest.store import ArchiveWriter
    from app.models import Article, Mention, Person

    settings = build_archive(tmp_path, [SEEDS])
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        known = session.scalars(select(Person).where(Person.slug == "prawit-wongsuwon")).one()
        mention = session.scalars(select(Mention).where(Mention.person_id == known.id)).first()
        article_id = mention.article_id
        old = Person(slug="prawit-wongsuwan", name_en="Prawit Wongsuwan", country_code="TH")
        session.add(old)
        session.flush()
        mention.person_id = old.id  # as an older analysis stored it
        session.commit()
        ArchiveWriter(session).retire_renamed_people()
        session.commit()
        assert session.scalars(select(Person).where(Person.slug == "prawit-wongsuwan")).first() is None
        moved = session.scalars(select(Mention).where(Mention.article_id == article_id,
                                                      Mention.person_id == known.id)).first()
        assert moved is not None and session.get(Article, article_id) is not None
    engine.dispose()
    from app.web.main import create_app

    with TestClient(create_app(settings)) as client:
        for suffix in ("", ".json", "/feed.atom"):
            r = client.get(f"/th/people/prawit-wongsuwan{suffix}", follow_redirects=False)
            assert r.status_code == 301, suffix
            assert r.headers["location"] == f"/th/people/prawit-wongsuwon{suffix}"
        assert client.get("/people/prawit-wongsuwan").url.path == "/people/prawit-wongsuwon"
        assert client.get("/people/never-existed").status_code == 404


def test_listing_pages_ask_the_database_a_fixed_number_of_times(client, sessions):
    """Country and person pages load what they list in a few set-wise queries: one more
    article, partner or counterpart must not cost one more query (before, each counterpart's
    country was fetched on its own, and each listed article's people for nothing)."""
    from sqlalchemy import event, select
    from sqlalchemy.engine import Engine

    from app.models import ArticleCountry, Person

    with sessions() as session:
        codes = sorted(set(session.scalars(select(ArticleCountry.country_code))))
        slugs = list(session.scalars(select(Person.slug)))
    statements = []

    def count(*_args, **_kw):
        statements.append(1)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        per_page = {}
        for url in [f"/en/countries/{c.lower()}" for c in codes] + [f"/en/people/{s}" for s in slugs]:
            for scope in ("", "?scope=all"):
                statements.clear()
                assert client.get(url + scope).status_code == 200
                per_page[url + scope] = len(statements)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert len(codes) > 3 and len(slugs) > 3
    assert max(per_page.values()) <= 10, per_page  # an empty list skips its own queries


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """The seeds and 61 releases on Singapore naming Prawit: more than a page of each list."""
    from tests.synthetic import write_release

    folder = tmp_path_factory.mktemp("many-files")
    months = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน"]
    for n in range(61):
        day = f"วันพุธที่ {n % 28 + 1} {months[n % 6]} {2560 + n % 7}"
        write_release(
            folder / f"sg-{n:02d}.txt", 880000 + n,
            f"ไทย-สิงคโปร์ หารือความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์ ครั้งที่ {n + 1}",
            [f"พลเอก ประวิตร วงษ์สุวรรณ รองนายกรัฐมนตรี หารือกับรัฐมนตรีสิงคโปร์ ครั้งที่ {n + 1} "
             "ว่าด้วยความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์ระหว่างไทยกับสิงคโปร์ "
             "และการแลกเปลี่ยนข้อมูลภัยคุกคามทางไซเบอร์"], day=day)
    settings = build_archive(tmp_path_factory.mktemp("many"), [SEEDS, folder])
    from app.web.main import create_app

    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("path", ["/en/countries/sg", "/en/people/prawit-wongsuwon"])
def test_long_lists_are_paged_and_every_article_is_reachable(many, path):
    first = many.get(path + ".json").json()
    listing = first["listing"]
    assert listing["total"] > 61 and listing["size"] == 50 and listing["pages"] == 2
    assert listing["page"] == 1 and len(first["articles"]) == 50
    second = many.get(path + ".json", params={"page": 2}).json()
    assert second["listing"]["page"] == 2 and len(second["articles"]) == listing["total"] - 50
    listed = [a["permalink"] for a in first["articles"] + second["articles"]]
    assert len(set(listed)) == listing["total"]  # every article once
    dates = [a["published"] or "" for a in first["articles"] + second["articles"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)  # newest first across the pages
    html = many.get(path).text
    assert f"{listing['total']} articles, newest first." in html and "Page 1 of 2" in html
    assert f'href="{path}?page=2"' in html and 'rel="prev"' not in html
    last = many.get(path, params={"page": 2}).text
    assert f'rel="prev" href="{path}"' in last and 'rel="next"' not in last
    assert many.get(path, params={"page": 3}).status_code == 404
    assert many.get(path, params={"page": 0}).status_code == 400


def test_the_pages_of_a_list_keep_the_scope(many):
    page = many.get("/en/countries/sg", params={"scope": "all"}).text
    assert 'href="/en/countries/sg?scope=all&amp;page=2"' in page


def test_every_person_page_opens_even_when_a_name_ran_into_a_role(tmp_path):
    """`นาย Han Zhiqiang (หาน จื้อเฉียง)ออท.สาธารณรัฐประชาชนจีน/ไทย เพื่อ…`: the bracket ran on into
    the rest of the line, which became the "name", and its slug's `/` made the page a 404."""
    from sqlalchemy import select

    from app.db import make_engine, make_sessionmaker
    from app.ingest.store import name_slug
    from app.models import Person
    from app.web.main import create_app

    assert name_slug("หาน จื้อเฉียง)ออท./ไทย?ก#ข%ค") == "หาน-จื้อเฉียง-ออท.-ไทย-ก-ข-ค"
    settings = build_archive(tmp_path, [BRACKETED_NAME])
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        people = {p.slug: p for p in session.scalars(select(Person))}
    engine.dispose()
    han = people["หาน-จื้อเฉียง"]
    assert han.name_en == "Han Zhiqiang" and han.country_code == "CN"
    with TestClient(create_app(settings)) as client:
        for slug in people:
            assert not set("/?#%") & set(slug), slug
            assert client.get(f"/th/people/{slug}").status_code == 200, slug
