"""One searcher per process, reopened only when the index changes.

Opening a Whoosh index reads its table of contents and every segment's term info: doing it per
request cost more than many searches. The searcher is kept per index folder and replaced when
CURRENT points at a new generation (a rebuild) or the generation was updated in place. A Whoosh
searcher shares file handles between calls, so one thread uses it at a time (searching is
CPU-bound Python: under the GIL a lock costs no throughput).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from threading import Lock

from whoosh.index import EmptyIndexError
from whoosh.searching import Searcher

from app.config import Settings
from app.search.indexer import IndexInfo, current_index, current_path, open_index


class IndexMissing(RuntimeError):
    """No usable index: run `python -m app reindex`."""


@dataclass
class _Open:
    info: IndexInfo
    searcher: Searcher
    lock: Lock = field(default_factory=Lock)


_open: dict[str, _Open] = {}
_guard = Lock()


@contextmanager
def current_searcher(settings: Settings, weighting, *, relevant_only: bool = False
                     ) -> Iterator[tuple[IndexInfo, Searcher]]:
    """A searcher on the index CURRENT points at (all news, or the relevant articles only),
    held by this thread until the end of the `with` block."""
    path = current_path(settings)  # per search, only the pointer is read
    key = f"{settings.index_path}#{relevant_only}"
    with _guard:
        entry = _open.get(key)
        if entry is None or entry.info.path != path:
            info = current_index(settings)
            if info is None:
                raise IndexMissing("no search index yet: run `python -m app reindex`")
            # An old searcher is not closed here: another thread may still be reading it.
            try:
                index = open_index(info.path, relevant_only=relevant_only)
            except (OSError, EmptyIndexError) as exc:
                raise IndexMissing("the search index is out of date: run `python -m app reindex`"
                                   ) from exc
            if "spell_body" not in index.schema:
                raise IndexMissing("the search index is out of date: run `python -m app reindex`")
            entry = _open[key] = _Open(info, index.searcher(weighting=weighting))
    with entry.lock:
        if not entry.searcher.up_to_date():  # updated in place by a small ingest
            entry.searcher = entry.searcher.refresh()
        yield entry.info, entry.searcher


def forget() -> None:
    """Drop every open searcher (tests that rebuild archives in the same folder)."""
    with _guard:
        _open.clear()
