"""The ingest job on a real SQLite file: idempotence, updates in place, stable permalinks,
bad files reported and skipped while the good ones land."""

import shutil
from pathlib import Path

from sqlalchemy import func, inspect, select

from app.db import make_engine, make_sessionmaker
from app.ingest.pipeline import ingest
from app.migrate import current_revision, upgrade
from app.models import Article, Country, Mention, Person
from tests.conftest import SEED_FILES, build_archive, run_app, seed, settings_for
from tests.conftest import SEEDS as SEEDS_DIR
from tests.synthetic import write_release


def _session(settings):
    engine = make_engine(settings)
    return engine, make_sessionmaker(engine)()


def test_migrations_create_the_schema_and_countries_come_from_cldr(archive, sessions):
    assert current_revision(archive) == "0008"
    engine = make_engine(archive)
    indexes = {ix["name"] for table in ("mentions", "article_countries")
               for ix in inspect(engine).get_indexes(table)}
    engine.dispose()
    assert {"ix_mentions_person_id_name", "ix_article_countries_country_code"} <= indexes
    with sessions() as session:
        sg = session.get(Country, "SG")
        assert (sg.name_en, sg.name_th) == ("Singapore", "สิงคโปร์")
        assert session.scalar(select(func.count(Country.code))) > 240


def test_second_ingest_changes_nothing_and_a_changed_file_updates_in_place(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(seed("001").parent, folder, ignore=shutil.ignore_patterns("reference"))
    settings = settings_for(tmp_path / "data")
    upgrade(settings)
    engine, session = _session(settings)
    first = ingest(session, [folder])
    assert (first.read, first.added, first.skipped) == (5, 5, [])
    again = ingest(session, [folder])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)

    target = folder / seed("001").name
    permalink = session.scalars(select(Article.permalink).where(Article.origin == str(target))).one()
    target.write_text(target.read_text(encoding="utf-8") + "\nย่อหน้าที่เพิ่มใหม่\n", encoding="utf-8")
    changed = ingest(session, [folder])
    assert (changed.updated, changed.unchanged) == (1, 4)
    article = session.scalars(select(Article).where(Article.permalink == permalink)).one()
    assert article.body.endswith("ย่อหน้าที่เพิ่มใหม่")
    assert session.scalar(select(func.count(Article.id))) == 5
    session.close()
    engine.dispose()


def test_permalinks_do_not_depend_on_file_order(tmp_path, permalinks):
    forward, backward = tmp_path / "f", tmp_path / "b"
    forward.mkdir(), backward.mkdir()
    # Different names reverse the walk order; content is identical.
    for i, path in enumerate(SEED_FILES):
        shutil.copy(path, forward / f"{i}.txt")
        shutil.copy(path, backward / f"{len(SEED_FILES) - i}.txt")
    results = []
    for folder in (forward, backward):
        settings = build_archive(tmp_path / f"data-{folder.name}", [folder])
        engine, session = _session(settings)
        results.append(sorted(session.scalars(select(Article.permalink))))
        session.close()
        engine.dispose()
    assert results[0] == results[1] == sorted(permalinks.values())


def test_bad_files_are_reported_and_good_ones_still_land(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(seed("003"), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (folder / "legacy.txt").write_bytes("ข่าวไซเบอร์\nวันพุธที่ 30 กันยายน 2563\nเนื้อหาภาษาไทย".encode("cp874"))
    (folder / "stub.txt").write_text("\n\n*****\n")
    settings = settings_for(tmp_path / "data")
    upgrade(settings)
    engine, session = _session(settings)
    summary = ingest(session, [folder, tmp_path / "missing.txt"])
    reasons = {origin.rsplit("/", 1)[-1]: reason for origin, reason in summary.skipped}
    assert summary.added == 2  # good.txt and the cp874 file
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["stub.txt"].startswith("empty") or "no body" in reasons["stub.txt"] or "title" in reasons["stub.txt"]
    assert reasons["missing.txt"] == "no such file or folder"
    legacy = session.scalars(select(Article).where(Article.title == "ข่าวไซเบอร์")).one()
    assert legacy.published.isoformat() == "2020-09-30"
    session.close()
    engine.dispose()


def test_people_are_one_row_per_person(sessions):
    with sessions() as session:
        slugs = list(session.scalars(select(Person.slug)))
        assert len(slugs) == len(set(slugs))
        prawit = session.scalars(select(Person).where(Person.slug == "prawit-wongsuwon")).one()
        # Named in the English seed (000) and the Thai seed (002): one person, two articles.
        assert len(prawit.mentions) == 2


PARAGRAPHS = [f"ย่อหน้าที่ {n} ของข่าวการประชุมคณะกรรมการพัฒนาระบบน้ำประปาในจังหวัดตัวอย่าง รอบที่ {n}"
              for n in range(1, 7)]


def test_reposts_become_duplicates_of_the_first_article(tmp_path):
    from app.models import Duplicate

    folder = tmp_path / "in"
    title = "ผู้ว่าราชการจังหวัดตัวอย่าง ประชุมคณะกรรมการพัฒนาระบบน้ำประปา"
    write_release(folder / "a.txt", 100, title, PARAGRAPHS)
    write_release(folder / "b.txt", 101, title, PARAGRAPHS)  # same text
    edited = PARAGRAPHS[:5] + ["ย่อหน้าสุดท้ายที่แก้ไขแล้วในการเผยแพร่ครั้งที่สองของข่าวเดียวกัน"]
    write_release(folder / "c.txt", 102, title, edited)  # nearly
    # same headline, another day: another story
    write_release(folder / "d.txt", 103, title, PARAGRAPHS[:2], day="วันพุธที่ 15 มีนาคม 2566")
    settings = build_archive(tmp_path / "data", [folder])
    engine, session = _session(settings)
    with session:
        articles = session.scalars(select(Article).order_by(Article.origin)).all()
        assert [Path(a.origin).name for a in articles] == ["a.txt", "d.txt"]
        dups = {Path(d.origin).name: d for d in session.scalars(select(Duplicate))}
        assert set(dups) == {"b.txt", "c.txt"}
        assert {d.article_id for d in dups.values()} == {articles[0].id}
        assert dups["b.txt"].similarity == 1.0 and 0.6 <= dups["c.txt"].similarity < 1.0
        assert dups["b.txt"].source_url.endswith("/101")
        summary = ingest(session, [folder])  # a re-run: nothing to do, the duplicates included
        assert (summary.unchanged, summary.added, len(summary.duplicates)) == (4, 0, 0)
    engine.dispose()


def test_progress_in_a_log_is_plain_lines(tmp_path):
    import io

    from app.ingest.progress import Progress

    log = io.StringIO()
    progress = Progress(1000, stream=log)
    progress.update(10, 500)
    progress.close()
    lines = log.getvalue().splitlines()
    assert lines and "\r" not in log.getvalue()
    assert lines[-1].startswith("ingest: 10 files") and "100% of input" in lines[-1]


def test_new_analysis_rules_reanalyse_unchanged_files(tmp_path):
    """Verdicts come from the rules of the run that stored them: when the rules (code version
    or reference files) change, the next ingest analyses every file again."""
    from app.ingest import store
    from app.models import ArchiveMeta

    folder = tmp_path / "in"
    shutil.copytree(SEEDS_DIR, folder, ignore=shutil.ignore_patterns("reference"))
    settings = build_archive(tmp_path / "data", [folder])
    engine, session = _session(settings)
    with session:
        assert session.get(ArchiveMeta, "analysis_version").value == store.analysis_version()
        assert ingest(session, [folder]).unchanged == 5
        session.get(ArchiveMeta, "analysis_version").value = "older-rules"
        session.commit()
        summary = ingest(session, [folder])
        assert summary.reanalysed and summary.updated == 5 and summary.unchanged == 0
        assert "analysed again" in summary.lines()[0]
        assert ingest(session, [folder]).unchanged == 5
    engine.dispose()


def test_one_person_in_two_scripts_is_one_person(tmp_path):
    folder = tmp_path / "in"
    write_release(folder / "th.txt", 200, "โฆษกรัฐบาลเผยผลการหารือกับกัมพูชา",
                  ["นายจิรายุ ห่วงทรัพย์ โฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยผลการหารือกับรัฐบาลกัมพูชา"])
    (folder / "en.txt").write_text(
        "date 2025-07 Government Spokesperson Jirayu Houngsub disclosed the outcome of talks "
        "with the Cambodian Government.\n", encoding="utf-8")
    settings = build_archive(tmp_path / "data", [folder])
    engine, session = _session(settings)
    with session:
        people = session.scalars(select(Person)).all()
        assert [p.slug for p in people] == ["jirayu-houngsub"]
        assert (people[0].name_th, people[0].name_en) == ("จิรายุ ห่วงทรัพย์", "Jirayu Houngsub")
        assert session.scalar(select(func.count()).select_from(Mention)) == 2
    engine.dispose()


def test_undated_articles_are_counted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("An undated report\nIt says nothing of when the meeting was.\n", encoding="utf-8")
    write_release(folder / "b.txt", 300, "ข่าวที่มีวันที่", PARAGRAPHS[:1])
    settings = settings_for(tmp_path / "data")
    upgrade(settings)
    engine, session = _session(settings)
    with session:
        summary = ingest(session, [folder])
        assert (summary.added, summary.undated) == (2, 1)
        assert "undated 1" in summary.lines()[0]
    engine.dispose()


def test_an_article_the_database_refuses_is_skipped_and_the_rest_of_its_batch_lands(
        tmp_path, monkeypatch):
    """A batch is inserted in bulk; when the database refuses it, its articles are stored one
    by one, so that only the bad one is skipped, with its reason, and no row of it is left."""
    from app.ingest.store import ArchiveWriter

    columns = ArchiveWriter._columns
    bad = seed("000")  # English, names officials: people are created in the failed attempt

    def refused_for_one(self, raw, sha, extracted, content):
        values = columns(self, raw, sha, extracted, content)
        return {**values, "title": None} if raw.origin == str(bad) else values  # NOT NULL

    monkeypatch.setattr(ArchiveWriter, "_columns", refused_for_one)
    settings = settings_for(tmp_path / "data")
    upgrade(settings)
    engine, session = _session(settings)
    with session:
        summary = ingest(session, SEED_FILES)
        assert summary.added == len(SEED_FILES) - 1
        assert [origin for origin, _ in summary.skipped] == [str(bad)]
        assert summary.skipped[0][1].startswith("could not be stored: IntegrityError")
        assert session.scalar(select(func.count(Article.id))) == len(SEED_FILES) - 1
        unmentioned = select(Person.slug).where(~Person.mentions.any())
        assert session.scalars(unmentioned).all() == []
    engine.dispose()


def test_one_latin_name_under_several_thai_spellings_is_one_person(tmp_path):
    """Two Thai releases spell Lawrence Wong ลอว์เรนซ์ หว่อง and ลอเรนซ์ หว่อง, each with his name in
    brackets, and an English one writes it alone: one person, whose other slugs redirect,
    including for a release ingested after the merge."""
    from fastapi.testclient import TestClient

    from app.models import FormerSlug
    from app.web.main import create_app

    fixtures = Path(__file__).parent / "fixtures" / "latin_name"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("th_spelling_one.txt", "th_spelling_two.txt"):
        shutil.copy(fixtures / name, folder / name)
    settings = build_archive(tmp_path / "data", [folder])
    shutil.copy(fixtures / "en.txt", folder / "en.txt")
    done = run_app(settings, "ingest", str(folder))  # the English release comes later
    assert done.returncode == 0, done.stderr
    engine, session = _session(settings)
    with session:
        wong = session.scalars(select(Person).where(Person.name_en == "Lawrence Wong")).all()
        assert [p.slug for p in wong] == ["ลอว์เรนซ์-หว่อง"]  # the first stored keeps its page
        assert session.scalar(select(func.count()).select_from(Mention)
                              .where(Mention.person_id == wong[0].id)) == 3
        former = set(session.scalars(select(FormerSlug.slug).where(FormerSlug.person_id == wong[0].id)))
        assert former == {"ลอเรนซ์-หว่อง", "lawrence-wong"}
        assert all(a.index_pending is False for a in session.scalars(select(Article)))
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        moved = client.get("/en/people/lawrence-wong", follow_redirects=False)
        assert moved.status_code == 301
        assert moved.headers["location"].endswith("/people/%E0%B8%A5%E0%B8%AD%E0%B8%A7%E0%B9%8C%E0%B9%80%E0%B8%A3%E0%B8%99%E0%B8%8B%E0%B9%8C-%E0%B8%AB%E0%B8%A7%E0%B9%88%E0%B8%AD%E0%B8%87")
        page = client.get("/en/people/lawrence-wong").text
        assert page.count("Singapore") >= 1 and "Thailand and Singapore step up cooperation" in page
