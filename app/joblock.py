"""One writing job at a time: an ingest and a reindex on the same archive never interleave.

An exclusive `flock` on a file in the data folder. The kernel drops it when the process ends,
however it ends (kill -9 included), so a crashed job never leaves a stale lock behind.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from app.config import Settings

LOCK_FILE = "write.lock"


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
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
