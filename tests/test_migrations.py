"""Migrations keep every row: down to the revision before the newest columns and up again, an
archive's articles, partners, people, mentions and reposts are all still there, and the
database and the index still agree. (SQLite rebuilds a table to alter it; with foreign keys on,
dropping the old `articles` cascaded to its child tables and emptied them.)"""

from alembic import command
from sqlalchemy import func, select

from app.check import check_archive
from app.db import make_engine, make_sessionmaker
from app.migrate import alembic_config, current_revision, upgrade
from app.models import Article, ArticleCountry, Duplicate, Mention, Person
from tests.conftest import SEEDS, build_archive

FIXTURES = SEEDS.parent / "tests" / "fixtures"
TABLES = (Article, ArticleCountry, Mention, Person, Duplicate)


def _counts(settings) -> dict[str, int]:
    engine = make_engine(settings)
    with engine.connect() as conn:
        counts = {t.__tablename__: conn.scalar(select(func.count()).select_from(t)) for t in TABLES}
    engine.dispose()
    return counts


def test_down_and_up_again_loses_no_row(tmp_path):
    repost = tmp_path / "in" / "repost.txt"
    repost.parent.mkdir()
    repost.write_text((FIXTURES / "same_event_en.txt").read_text(encoding="utf-8") + "\n",
                      encoding="utf-8")
    settings = build_archive(tmp_path / "data", [SEEDS, FIXTURES / "same_event_en.txt", repost])
    before = _counts(settings)
    assert all(before.values()), before  # every table has rows to lose
    command.downgrade(alembic_config(settings), "0005")
    assert current_revision(settings) == "0005"
    assert _counts_at_0005(settings) == before
    upgrade(settings)
    assert _counts(settings) == before
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        report = check_archive(settings, session)
    engine.dispose()
    assert report.ok, report.problems


def _counts_at_0005(settings) -> dict[str, int]:
    """Row counts without the ORM's newer columns (the schema is an older one here)."""
    from sqlalchemy import text

    engine = make_engine(settings)
    with engine.connect() as conn:
        counts = {t.__tablename__: conn.scalar(text(f"SELECT count(*) FROM {t.__tablename__}"))
                  for t in TABLES}
    engine.dispose()
    return counts
