"""Permalinks do not depend on the order files are ingested in: the same files into an empty
database, in another order, give the same permalinks, and reposts resolve to the same article
(so a page cites the same canonical link whichever file came first)."""

import random

import pytest
from sqlalchemy import select

from app.db import make_engine, make_sessionmaker
from app.ingest.pipeline import ingest
from app.migrate import upgrade
from app.models import Article, Duplicate
from tests.conftest import SEED_FILES, SEEDS, settings_for
from tests.synthetic import write_articles, write_release

FIXTURES = SEEDS.parent / "tests" / "fixtures"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list:
    """Seeds, fixtures, generated articles, and reposts: exact (99, 100, 1000), edited (101)
    and one with the same headline on another day (102, another story); and two versions of
    one page (500: the same source URL, other text)."""
    folder = tmp_path_factory.mktemp("order")
    title = "ผู้ว่าราชการจังหวัดตัวอย่าง ประชุมคณะกรรมการพัฒนาระบบน้ำประปา"
    text = [f"ย่อหน้าที่ {n} ของข่าวการประชุมคณะกรรมการพัฒนาระบบน้ำประปา รอบที่ {n}"
            for n in range(1, 7)]
    edited = text[:5] + ["ย่อหน้าสุดท้ายที่แก้ไขแล้วในการเผยแพร่ครั้งที่สองของข่าวเดียวกัน"]
    day = "วันพุธที่ 8 มีนาคม 2566"
    releases = {99: (text, day), 100: (text, day), 1000: (text, day), 101: (edited, day),
                102: (text[:2], "วันพุธที่ 15 มีนาคม 2566")}
    paths = []
    for details, (paragraphs, when) in releases.items():
        paths.append(write_release(folder / f"release-{details}.txt", details, title, paragraphs,
                                   day=when))
    for version, paragraphs in (("a", text[:3]), ("b", edited)):  # one page (URL), two versions
        paths.append(write_release(folder / f"page-500-{version}.txt", 500,
                                   "ประชุมอีกเรื่องหนึ่ง " + title, paragraphs, day=day))
    paths += write_articles(folder / "generated", 40)
    return [*SEED_FILES, *sorted(FIXTURES.glob("*.txt")), *paths]


def _ingest_in_order(data_dir, paths) -> dict[str, tuple[str, str]]:
    """origin -> (its permalink, the permalink of the article it is or reposts)."""
    settings = settings_for(data_dir)
    upgrade(settings)
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        summary = ingest(session, paths)
        assert not summary.skipped, summary.skipped
        seen = {a.origin: (a.permalink, a.permalink) for a in session.scalars(select(Article))}
        for dup, canonical in session.execute(
                select(Duplicate, Article.permalink).join(Article)).all():
            seen[dup.origin] = (dup.permalink, canonical)
    engine.dispose()
    return seen


def test_permalinks_and_reposts_do_not_depend_on_file_order(files, tmp_path):
    shuffled = files[:]
    random.Random(3).shuffle(shuffled)
    orders = {"as listed": files, "reversed": files[::-1], "shuffled": shuffled}
    results = {name: _ingest_in_order(tmp_path / name.replace(" ", "-"), paths)
               for name, paths in orders.items()}
    first = results["as listed"]
    assert len(first) == len(files)
    for name, seen in results.items():
        assert seen == first, name
    release = {str(k).rsplit("-", 1)[-1]: v for k, v in first.items() if "release-" in str(k)}
    # The lowest release number (99) is the article; 100, 1000 and the edit 101 repost it.
    canonical = release["99.txt"][0]
    assert {release[n][1] for n in ("99.txt", "100.txt", "1000.txt", "101.txt")} == {canonical}
    assert release["102.txt"][1] == release["102.txt"][0] != canonical  # another story
    versions = [v for k, v in first.items() if "page-500-" in str(k)]
    assert len(versions) == 2 and versions[0] == versions[1]  # both kept, one permalink


def test_a_repost_that_sorts_first_takes_over_in_a_later_run(files, tmp_path):
    """A file that arrives in a later ingest and precedes the stored article becomes the
    article; the stored one becomes its repost, and its permalink redirects."""
    releases = [p for p in files if "release-" in str(p)]
    later = [p for p in releases if p.name == "release-99.txt"]
    settings = settings_for(tmp_path / "data")
    upgrade(settings)
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        ingest(session, [p for p in releases if p not in later])
        before = session.scalars(select(Article.permalink).where(
            Article.origin.like("%release-100.txt"))).one()
        summary = ingest(session, later)
        assert summary.updated == 1 and len(summary.duplicates) == 1
        article = session.scalars(select(Article).where(Article.origin.like("%release-99.txt"))).one()
        demoted = session.scalars(select(Duplicate).where(Duplicate.permalink == before)).one()
        assert demoted.article_id == article.id and article.permalink != before
        assert article.index_pending  # its new content must reach the index
    engine.dispose()


def test_a_takeover_reaches_the_index(files, tmp_path):
    """The taken-over article is indexed under its new permalink, the old one leaves the index,
    and the next sync has nothing left to do (a deleted document's permalink stays in Whoosh's
    term list until a merge: it must not count as indexed)."""
    from app.check import check_archive
    from app.search import indexer
    from app.search.searcher import search
    from tests.conftest import build_archive

    releases = [p for p in files if "release-" in str(p)]
    first = [p for p in releases if p.name != "release-99.txt"]
    settings = build_archive(tmp_path / "data", first)
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        old = session.scalars(select(Article.permalink).where(
            Article.origin.like("%release-100.txt"))).one()
        ingest(session, [p for p in releases if p.name == "release-99.txt"])
        assert indexer.sync(settings, session) == "index updated: 1 documents, 1 removed"
        assert indexer.sync(settings, session) == "index unchanged"
        new = session.scalars(select(Article.permalink).where(
            Article.origin.like("%release-99.txt"))).one()
        report = check_archive(settings, session)
    engine.dispose()
    assert report.ok, report.problems
    found = {h.permalink for h in search(settings, "ประปา", all_news=True).hits}
    assert new in found and old not in found
