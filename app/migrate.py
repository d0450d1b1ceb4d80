"""Apply Alembic migrations from code, so no alembic.ini is needed at the top level."""

from alembic import command
from alembic.config import Config

from app import PROJECT_ROOT
from app.config import Settings


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    # The ini parser behind Alembic's Config reads `%` as interpolation: a URL-encoded password
    # or socket path (`%40`, `%2F`) must be escaped.
    config.set_main_option("sqlalchemy.url", settings.db_url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    settings.ensure_dirs()
    command.upgrade(alembic_config(settings), revision)


def current_revision(settings: Settings) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from app.db import make_engine

    engine = make_engine(settings)
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return rev
