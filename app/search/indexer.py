"""Build the Whoosh index from the database: a full rebuild goes into a new directory and is
swapped in atomically, so readers never see a half-built index; small changes update in place.
"""

import json
import os
import shutil
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pythainlp
from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from app.config import Settings
from app.gctuning import collector_thresholds
from app.models import Article, ArticleCountry, Mention, Person, Source
from app.search.lexicon import lexicon
from app.search.schema import SCHEMA_VERSION, build_schema

POINTER = "CURRENT"
META = "archive-meta.json"
# The default scope (articles judged relevant: a few hundred) is a small index of its own,
# inside the generation folder: a search there reads a few hundred postings, not 60,000.
RELEVANT = "relevant"
# Above this many articles a rebuild analyses documents in worker processes: the Thai
# segmenter is the slow part, and below this the processes cost more than they save.
PARALLEL_MIN_ARTICLES = 2000
REBUILD_ABOVE = 2000  # changed articles above which the index is rebuilt rather than updated
PARALLEL_PROCS = 2
PARALLEL_BATCH = 100  # documents per job file handed to a worker (Whoosh's default)
# Per writer process: below about 3 GB a whole-corpus worker spills sorted runs to disk and
# merges them again at commit (measured: a quarter of the build); the memory is taken only
# as postings accumulate, so a small archive uses little.
WRITER_LIMIT_MB = 4096
# zlib level of the posting blocks (Whoosh's default is 3): level 1 compresses a block of
# postings with their character offsets about 30% faster, for blocks about 5% larger.
POSTINGS_ZLIB_LEVEL = 1


@dataclass(frozen=True)
class IndexInfo:
    path: Path
    meta: dict


def expected_meta(settings: Settings) -> dict:
    """What an index must have been built with to be usable as is."""
    return {
        "schema_version": SCHEMA_VERSION,
        "engine": settings.tokenizer_engine,
        "pythainlp": pythainlp.__version__,
        "lexicon": lexicon().fingerprint,  # the concept tokens written into the index
    }


def current_path(settings: Settings) -> Path | None:
    """The generation directory that CURRENT points to (one small read)."""
    try:
        return settings.index_path / (settings.index_path / POINTER).read_text().strip()
    except OSError:
        return None


def current_index(settings: Settings) -> IndexInfo | None:
    """The generation directory that CURRENT points to, with its metadata."""
    path = current_path(settings)
    try:
        meta = json.loads((path / META).read_text()) if path else None
    except (OSError, ValueError):
        return None
    return IndexInfo(path, meta) if meta is not None else None


def is_current(settings: Settings) -> bool:
    info = current_index(settings)
    if info is None:
        return False
    return all(info.meta.get(k) == v for k, v in expected_meta(settings).items())


def open_index(path: Path, *, relevant_only: bool = False) -> Index:
    """The all-news index of a generation, or its relevant-only one."""
    # Without mmap, a searcher opens in milliseconds and does not map the term file into memory.
    return FileStorage(str(path / RELEVANT if relevant_only else path), supports_mmap=False).open_index()


def documents(session: Session, ids: Iterable[int] | None = None):
    """(article id, relevant, document) in id order: each article as the index holds it (what a
    rebuild and an update write, and what `check` compares), read with plain selects: the ORM objects and their selectinloads took half of the CPU of the
    process that feeds the writer processes during a rebuild (it shares the cores with them)."""
    stmt = (select(Article.id, Article.permalink, Article.title, Article.body, Article.lang,
                   Article.published, Article.relevant, Source.name)
            .outerjoin(Source, Article.source_id == Source.id).order_by(Article.id))
    if ids is not None:
        stmt = stmt.where(Article.id.in_(list(ids)))
    for rows in session.execute(stmt.execution_options(yield_per=500)).partitions():
        chunk = [row[0] for row in rows]
        partners: dict[int, list[str]] = {}
        for article_id, code in session.execute(
                select(ArticleCountry.article_id, ArticleCountry.country_code)
                .where(ArticleCountry.article_id.in_(chunk)).order_by(ArticleCountry.country_code)):
            partners.setdefault(article_id, []).append(code)
        people: dict[int, list[str]] = {}
        for article_id, slug in session.execute(
                select(Mention.article_id, Person.slug).join(Person, Mention.person_id == Person.id)
                .where(Mention.article_id.in_(chunk))):
            people.setdefault(article_id, []).append(slug)
        for article_id, permalink, title, body, lang, published, relevant, source in rows:
            yield article_id, bool(relevant), {
                "permalink": permalink,
                "title": title,
                "body": body,
                "lang": lang,
                "countries": ",".join(partners.get(article_id, ())),
                "people": ",".join(sorted(people.get(article_id, ()))),
                "source": source or "",
                "year": published.year if published else None,
                "published": datetime(published.year, published.month, published.day) if published else None,
                "relevant": bool(relevant),
            }


def rebuild(settings: Settings, session: Session, *, procs: int | None = None) -> IndexInfo:
    """Write every article into a new generation directory, then point CURRENT at it.

    `procs` (worker processes) defaults to PARALLEL_PROCS for a large archive, else 1."""
    root = settings.index_path
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
    path = root / name
    path.mkdir()
    # A schema each: their fields keep apart which spelling words each index has (SpelledText).
    index = FileStorage(str(path), supports_mmap=False).create_index(
        build_schema(settings.tokenizer_engine))
    (path / RELEVANT).mkdir()
    small = FileStorage(str(path / RELEVANT), supports_mmap=False).create_index(
        build_schema(settings.tokenizer_engine))
    if procs is None:
        total = session.scalar(select(func.count(Article.id)))
        procs = PARALLEL_PROCS if total > PARALLEL_MIN_ARTICLES else 1
    writer, small_writer = _writer(index, procs), small.writer(limitmb=64)
    count = last_id = 0
    # Hundreds of millions of short-lived tokens and postings: the writer processes, forked
    # from here, run with the same collector thresholds.
    with collector_thresholds():
        try:
            for article_id, relevant, document in documents(session):
                document = _clean(document)
                writer.add_document(**document)
                if relevant:
                    small_writer.add_document(**document)
                count, last_id = count + 1, article_id
            small_writer.commit()
            writer.commit()
        except BaseException:
            for w in (writer, small_writer):
                with suppress(Exception):  # already committed or closed
                    w.cancel()
            shutil.rmtree(path, ignore_errors=True)
            raise
    indexed = index.doc_count()
    if indexed != count:  # Whoosh drops a worker's segment silently if the worker dies
        shutil.rmtree(path, ignore_errors=True)
        raise RuntimeError(f"the new index holds {indexed} of {count} articles; CURRENT unchanged")
    meta = {**expected_meta(settings), "documents": count, "built_at": time.time()}
    (path / META).write_text(json.dumps(meta))  # written last: a generation without it is half-built
    _swap_pointer(root, name)
    _mark_indexed(session, up_to=last_id)
    _remove_old_generations(root, keep={name})
    return IndexInfo(path, meta)


def _writer(index: Index, procs: int):
    """One process, or Whoosh's MpWriter: documents go to `procs` worker processes (which
    unpickle the schema, ThaiTokenizer included) and each writes its own segment, unmerged."""
    codec = W3Codec(compression=POSTINGS_ZLIB_LEVEL)
    if procs > 1:
        return index.writer(procs=procs, multisegment=True, limitmb=WRITER_LIMIT_MB,
                            batchsize=PARALLEL_BATCH, codec=codec)
    return index.writer(limitmb=WRITER_LIMIT_MB, codec=codec)


def sync(settings: Settings, session: Session) -> str:
    """Bring the index up to the database: the articles marked `index_pending` (changed by this
    run, or by a run killed before its index step) and permalinks no longer in the database.
    A rebuild when the index is missing, outdated, or more than REBUILD_ABOVE articles changed
    (a fresh build beats thousands of updates). Returns what it did, for the command line."""
    if not is_current(settings):
        info = rebuild(settings, session)
        return f"index rebuilt: {info.meta['documents']} documents"
    pending = pending_ids(session)
    removed = indexed_permalinks(current_index(settings).path) - stored_permalinks(session)
    if len(pending) > REBUILD_ABOVE:
        info = rebuild(settings, session)
        return f"index rebuilt: {info.meta['documents']} documents"
    if pending or removed:
        update(settings, session, pending, removed)
        return f"index updated: {len(pending)} documents, {len(removed)} removed"
    return "index unchanged"


def pending_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Article.id).where(Article.index_pending).order_by(Article.id)))


def stored_permalinks(session: Session, *, relevant_only: bool = False) -> set[str]:
    stmt = select(Article.permalink)
    if relevant_only:
        stmt = stmt.where(Article.relevant)
    return set(session.scalars(stmt))


def indexed_permalinks(path: Path, *, relevant_only: bool = False) -> set[str]:
    """Every permalink the index holds: its term list, less the permalinks of deleted documents
    with no live one (a deleted document's terms stay listed until its segment is merged)."""
    with open_index(path, relevant_only=relevant_only).reader() as reader:
        found = {term.decode("utf-8") for term in reader.lexicon("permalink")}
        if reader.has_deletions():
            for docnum in range(reader.doc_count_all()):
                if reader.is_deleted(docnum):
                    permalink = reader.stored_fields(docnum).get("permalink")
                    # postings() leaves deleted documents out: empty means none is live
                    if permalink in found and not any(
                            reader.postings("permalink", permalink).all_ids()):
                        found.discard(permalink)
        return found


def _mark_indexed(session: Session, *, ids: list[int] | None = None, up_to: int | None = None) -> None:
    """After the index committed: these articles (or every one up to an id) are in it."""
    stmt = sql_update(Article).where(Article.index_pending)
    if ids is not None:
        for start in range(0, len(ids), 500):
            session.execute(stmt.where(Article.id.in_(ids[start:start + 500]))
                            .values(index_pending=False))
    else:
        session.execute(stmt.where(Article.id <= up_to).values(index_pending=False))
    session.commit()


def update(settings: Settings, session: Session, changed_ids: Iterable[int], removed: Iterable[str] = ()) -> None:
    """Apply a few changed articles to the current index in place (one Whoosh commit)."""
    changed_ids = list(changed_ids)
    info = current_index(settings)
    if info is None or not is_current(settings):
        rebuild(settings, session)
        return
    index = open_index(info.path)
    writer = index.writer(limitmb=128)
    small_writer = open_index(info.path, relevant_only=True).writer(limitmb=64)
    try:
        for permalink in removed:
            writer.delete_by_term("permalink", permalink)
            small_writer.delete_by_term("permalink", permalink)
        for _article_id, relevant, document in documents(session, changed_ids):
            document = _clean(document)
            writer.update_document(**document)
            small_writer.delete_by_term("permalink", document["permalink"])
            if relevant:
                small_writer.add_document(**document)
        small_writer.commit()
        writer.commit()
    except BaseException:
        writer.cancel()
        small_writer.cancel()
        raise
    meta = {**info.meta, "documents": index.doc_count(), "updated_at": time.time()}
    (info.path / META).write_text(json.dumps(meta))
    _mark_indexed(session, ids=list(changed_ids))


def _clean(document: dict) -> dict:
    return {k: v for k, v in document.items() if v is not None}


def _swap_pointer(root: Path, name: str) -> None:
    tmp = root / f"{POINTER}.{os.getpid()}.tmp"
    tmp.write_text(name)
    os.replace(tmp, root / POINTER)  # atomic on POSIX: readers see the old or the new, never half


def _remove_old_generations(root: Path, keep: set[str]) -> None:
    """Keep the new generation and the complete one before it (a reader may still be using it);
    remove older ones and any half-built one (no metadata: a build killed before it finished)."""
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir() and p.name not in keep)
    complete = [p for p in generations if (p / META).exists()]
    for old in generations:
        if not complete or old != complete[-1]:
            shutil.rmtree(old, ignore_errors=True)


def half_built_generations(settings: Settings) -> list[Path]:
    """Generation folders without metadata, other than the current one: left by a killed build."""
    current = current_path(settings)
    return sorted(p for p in settings.index_path.glob("gen-*")
                  if p.is_dir() and p != current and not (p / META).exists())
