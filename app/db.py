"""Engine and session helpers used by the CLI, the ingest job and the web app alike."""

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings

# The web app's page cache per SQLite connection, in KiB (SQLite's default is 2 MB). With the
# default, the pages of the indexes and of the bodies that search snippets read went back to
# the operating system at every query (a read call and a copy each): the bench's load mix
# (whole corpus, 208 URLs, 2 workers) 296-305 -> 319 requests/s, worker memory 190 -> 214 MB.
READ_CACHE_KIB = 64 * 1024


def make_engine(settings: Settings, *, read_only: bool = False) -> Engine:
    """An engine on the archive's database. `read_only` is the web app's: the database itself
    refuses any write made through it (SQLite's query_only, PostgreSQL's read-only transactions)."""
    url = settings.db_url
    if url.startswith("sqlite"):
        settings.ensure_dirs()
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # why: WAL lets pages read during an ingest
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL syncs at checkpoints, not at every commit: a crash cannot corrupt
            # the database, at worst the last commits are lost and the next ingest redoes them.
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            if read_only:
                cur.execute("PRAGMA query_only=ON")
                cur.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
            cur.close()

        return engine
    # Timestamps (ingested_at, updated_at: CURRENT_TIMESTAMP, now()) are stored without a zone
    # in the session's time zone: UTC, as SQLite's CURRENT_TIMESTAMP, whatever the server's is.
    # (Any `options` the URL gives are kept, before these.)
    options = [make_url(url).query.get("options", ""), "-c timezone=UTC"]
    if read_only:
        options.append("-c default_transaction_read_only=on")
    return create_engine(url, pool_pre_ping=True,
                         connect_args={"options": " ".join(o for o in options if o)})


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
