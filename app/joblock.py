"""One writing job at a time: an ingest and a reindex on the same archive never interleave.

An exclusive `flock` on a file in the data folder, and on PostgreSQL a session advisory lock
too, so that jobs on two machines sharing one database also wait their turn. The kernel drops
the first and the server the second when the process or its connection ends, however it ends
(kill -9 included), so a crashed job never leaves a stale lock behind.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app.config import Settings

LOCK_FILE = "write.lock"
ADVISORY_KEY = 0x41524348  # any fixed number; "ARCH"


class JobBusy(RuntimeError):
    """Another ingest or reindex holds the archive."""


@contextmanager
def exclusive(settings: Settings) -> Iterator[None]:
    settings.ensure_dirs()
    with open(settings.data_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JobBusy(f"another ingest or reindex is writing to {settings.data_dir}; "
                          "try again when it has finished") from None
        try:
            with _database_lock(settings):
                yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _database_lock(settings: Settings) -> Iterator[None]:
    """PostgreSQL's advisory lock, held on a connection of its own for the whole job."""
    if not settings.db_url.startswith("postgresql"):
        yield
        return
    engine = create_engine(settings.db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if not conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}):
                raise JobBusy("another ingest or reindex is writing to this database (on this "
                              "machine or another); try again when it has finished")
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
    finally:
        engine.dispose()
