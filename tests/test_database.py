"""The same archive on SQLite and on PostgreSQL: migrations both ways, text order, time zone,
read-only engine, keys no row can hold. Each test runs on whichever database the suite runs on
(ARCHIVE_TEST_POSTGRES_URL, see conftest.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from app import queries
from app.db import make_engine, make_sessionmaker
from app.migrate import alembic_config, current_revision, upgrade
from app.models import Article, Person
from tests.conftest import ON_POSTGRES, settings_for

# Case, accents, hyphens and scripts: a linguistic collation (en_US, ICU) orders these otherwise.
TRICKY = ["ab", "a-c", "B", "a", "zimbabwe", "Zimbabwe", "åland", "Åland", "ฮุน-มาเนต", "s-iswaran",
          "sam", "s_iswaran", "10", "9"]


@pytest.fixture
def empty(tmp_path):
    """A migrated archive with no article."""
    settings = settings_for(tmp_path / "data")
    upgrade(settings)
    engine = make_engine(settings)
    yield settings, make_sessionmaker(engine)
    engine.dispose()


def test_migrations_go_down_to_nothing_and_up_again(empty):
    settings, _ = empty
    config = alembic_config(settings)
    command.downgrade(config, "base")
    engine = make_engine(settings)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(settings)
    assert current_revision(settings) == "0008"


def test_text_sorts_by_code_point_as_in_sqlite(empty):
    _, sessions = empty
    with sessions() as session:
        session.add_all(Person(slug=slug) for slug in TRICKY)
        session.commit()
        assert list(session.scalars(select(Person.slug).order_by(Person.slug))) == sorted(TRICKY)


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite compares text by code point already")
def test_every_text_column_has_the_c_collation_on_postgresql(empty):
    _, sessions = empty
    with sessions() as session:
        rows = session.execute(text(
            "SELECT table_name, column_name, collation_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name <> 'alembic_version' "
            "AND data_type IN ('text', 'character varying', 'character')")).all()
    assert rows and [r for r in rows if r.collation_name != "C"] == []


def test_timestamps_are_utc_whatever_the_session_zone(tmp_path):
    settings = settings_for(tmp_path / "data")
    if ON_POSTGRES:  # the server or the URL may name another zone: the engine sets UTC
        url = settings.database_url + "&options=-c%20timezone%3DAsia/Bangkok"
        settings = settings_for(tmp_path / "data", database_url=url)
    upgrade(settings)
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        session.add(Article(permalink="p", origin="o", raw_sha256="0" * 64, title="t",
                            date_precision="unknown", lang="en", body="b"))
        session.commit()
        stored = session.scalar(select(Article.ingested_at))
    engine.dispose()
    now = datetime.now(UTC).replace(tzinfo=None)
    assert abs(stored - now) < timedelta(minutes=5), (stored, now)


def test_the_read_only_engine_refuses_writes(empty):
    settings, _ = empty
    engine = make_engine(settings, read_only=True)
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(Person.id).limit(1)) is None  # reading works
        with pytest.raises(DBAPIError):
            session.execute(text("INSERT INTO people (slug) VALUES ('x')"))
            session.commit()
    engine.dispose()


def test_the_web_app_keeps_a_larger_sqlite_page_cache(empty):
    settings, _ = empty
    if not settings.db_url.startswith("sqlite"):
        pytest.skip("SQLite's page cache")
    from app.db import READ_CACHE_KIB

    for read_only, expected in ((True, -READ_CACHE_KIB), (False, -2000)):
        engine = make_engine(settings, read_only=read_only)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == expected
        engine.dispose()


def test_keys_with_nul_find_nothing(empty):
    """The readers refuse files with NUL, so no row holds one; PostgreSQL would refuse the query."""
    _, sessions = empty
    with sessions() as session:
        session.add(Person(slug="a"))
        session.commit()
        assert queries.person_by_slug(session, slug="a\x00") is None
        assert queries.renamed_slug(session, slug="\x00") is None
        assert queries.article_by_permalink(session, permalink="\x00") is None
        assert queries.original_permalink(session, permalink="x\x00") is None
        assert queries.country_by_code(session, code="\x00a") is None
        assert list(queries.people_by_slug(session, slugs=["a", "\x00"])) == ["a"]
        assert queries.countries_by_code(session, codes={"\x00"}) == {}
