"""One real archive (SQLite file, Alembic migrations, ingest of the seeds, Whoosh index on disk)
built once per test session in a temporary folder; page tests run against it.

On PostgreSQL: with ARCHIVE_TEST_POSTGRES_URL=postgresql+psycopg://user@host/postgres set (a
role that may CREATE DATABASE), every archive a test builds gets a database of its own, created
afresh under a unique name and dropped at the end of the session, so tests stay as independent
as with their SQLite files. `settings_for` is the one way tests make Settings.
"""

import itertools
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app import PROJECT_ROOT
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.ingest.pipeline import ingest
from app.migrate import upgrade
from app.search import indexer

SEEDS = PROJECT_ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SHARED = PROJECT_ROOT.parent / "shared"

POSTGRES_URL = os.environ.get("ARCHIVE_TEST_POSTGRES_URL", "")
ON_POSTGRES = bool(POSTGRES_URL)

_RUN = uuid.uuid4().hex[:8]  # two runs on one server never meet
_numbers = itertools.count(1)
_created: list[str] = []


def _server():
    return create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def fresh_database_url() -> str:
    """A new, empty PostgreSQL database on the test server; dropped at the end of the session."""
    name = f"archive_test_{_RUN}_{next(_numbers)}"
    engine = _server()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    _created.append(name)
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def settings_for(data_dir: Path, **kw) -> Settings:
    """Settings for an archive in `data_dir`: its SQLite file there, or on PostgreSQL a fresh
    database of its own (unless `database_url` is given, e.g. to share an archive's database)."""
    if ON_POSTGRES and not kw.get("database_url"):
        kw["database_url"] = fresh_database_url()
    return Settings(data_dir=data_dir, **kw)


def archive_env(settings: Settings) -> dict[str, str]:
    """The environment a `python -m app …` subprocess needs to open the same archive."""
    env = {"ARCHIVE_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["ARCHIVE_DATABASE_URL"] = settings.database_url
    return env


def run_app(settings: Settings, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m app ARGS…` on this archive, as a user runs it; output captured as text."""
    env = {**os.environ, **archive_env(settings)}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def start_app(settings: Settings, *args: str, **popen_kw) -> subprocess.Popen:
    """`python -m app ARGS…` on this archive, started in the background."""
    env = {**os.environ, **archive_env(settings), **popen_kw.pop("env", {})}
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, env=env,
                            **popen_kw)


def api_routes(routes):
    """Every FastAPI route of an app's `routes`, those of included routers too (FastAPI 0.16x
    keeps an included router whole, as one entry, instead of copying its routes)."""
    from fastapi.routing import APIRoute

    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases():
    yield
    if not _created:
        return
    engine = _server()
    with engine.connect() as conn:
        for name in _created:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def seed(prefix: str) -> Path:
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


def build_archive(data_dir: Path, paths) -> Settings:
    settings = settings_for(data_dir)
    upgrade(settings)
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        ingest(session, paths)
        indexer.rebuild(settings, session)
    engine.dispose()
    return settings


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Settings:
    return build_archive(tmp_path_factory.mktemp("archive"), [SEEDS])


@pytest.fixture(scope="session")
def sessions(archive):
    engine = make_engine(archive)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def client(archive):
    from app.web.main import create_app

    with TestClient(create_app(archive)) as test_client:
        yield test_client


@pytest.fixture
def fresh(archive):
    """A client with no remembered language (the session's client may have one), for tests
    that switch the language: the session's client must stay in the default one."""
    from app.web.main import create_app

    with TestClient(create_app(archive)) as client:
        yield client


@pytest.fixture(scope="session")
def permalinks(sessions) -> dict[str, str]:
    """Seed prefix ('000'…'004') -> the permalink the archive gave it."""
    from sqlalchemy import select

    from app.models import Article

    with sessions() as session:
        rows = session.execute(select(Article.origin, Article.permalink)).all()
    return {Path(origin).name[:3]: permalink for origin, permalink in rows}
