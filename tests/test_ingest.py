"""The ingest job on a real SQLite file: idempotence, updates in place, stable permalinks,
bad files reported and skipped while the good ones land."""

import shutil

from sqlalchemy import func, select

from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.ingest.pipeline import ingest
from app.migrate import current_revision, upgrade
from app.models import Article, Country, Person
from tests.conftest import SEED_FILES, build_archive, seed


def _session(settings):
    engine = make_engine(settings)
    return engine, make_sessionmaker(engine)()


def test_migrations_create_the_schema_and_countries_come_from_cldr(archive, sessions):
    assert current_revision(archive) == "0002"
    with sessions() as session:
        sg = session.get(Country, "SG")
        assert (sg.name_en, sg.name_th) == ("Singapore", "สิงคโปร์")
        assert session.scalar(select(func.count(Country.code))) > 240


def test_second_ingest_changes_nothing_and_a_changed_file_updates_in_place(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(seed("001").parent, folder, ignore=shutil.ignore_patterns("reference"))
    settings = Settings(data_dir=tmp_path / "data")
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
    settings = Settings(data_dir=tmp_path / "data")
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
