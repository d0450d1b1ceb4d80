"""One real archive (SQLite file, Alembic migrations, ingest of the seeds, Whoosh index on disk)
built once per test session in a temporary folder; page tests run against it."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import PROJECT_ROOT
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.ingest.pipeline import ingest
from app.migrate import upgrade
from app.search import indexer

SEEDS = PROJECT_ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SHARED = PROJECT_ROOT.parent / "shared"


def seed(prefix: str) -> Path:
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


def build_archive(data_dir: Path, paths) -> Settings:
    settings = Settings(data_dir=data_dir)
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


@pytest.fixture(scope="session")
def permalinks(sessions) -> dict[str, str]:
    """Seed prefix ('000'…'004') -> the permalink the archive gave it."""
    from sqlalchemy import select

    from app.models import Article

    with sessions() as session:
        rows = session.execute(select(Article.origin, Article.permalink)).all()
    return {Path(origin).name[:3]: permalink for origin, permalink in rows}
