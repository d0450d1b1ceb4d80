"""The ingest job: raw files -> normalized, extracted articles in the database -> search index.

A bad file is recorded with its reason and skipped; it never stops the run.
"""

import multiprocessing
import os
import re
import sys
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.gctuning import collector_thresholds
from app.ingest.extract import PersonMention, extract_people
from app.ingest.normalize import EmptyArticle, NormalizedArticle, parse_article
from app.ingest.progress import Progress
from app.ingest.readers import (
    DecodeError,
    RawDocument,
    ReadPosition,
    ReadProblem,
    decode,
    input_size,
    iter_documents,
)
from app.ingest.relevance import Verdict, judge
from app.ingest.store import ArchiveWriter
from app.models import Article

BATCH = 500  # articles per commit
CHUNK = 8  # files per task sent to a worker process
IN_FLIGHT = 256  # files read ahead of the writer
SMALL_INPUT = 2_000_000  # bytes below which worker processes cost more than they save


@dataclass
class Extracted:
    """Everything the archive makes of one file, before it is stored."""

    article: NormalizedArticle
    people: list[PersonMention]
    verdict: Verdict

    @property
    def partners(self) -> list[str]:
        return self.verdict.partners


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    relevant: int = 0
    undated: int = 0  # stored articles whose text states no date
    reanalysed: bool = False  # the analysis rules changed, so unchanged files were analysed again
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)

    @property
    def skipped_by_reason(self) -> Counter[str]:
        return Counter(_reason_kind(reason) for _, reason in self.skipped)

    @property
    def warnings_by_reason(self) -> Counter[str]:
        return Counter(_reason_kind(reason) for _, reason in self.warnings)

    def lines(self) -> list[str]:
        out = [
            *(["the analysis rules changed since the last ingest: every file was analysed again"]
              if self.reanalysed else []),
            f"read {self.read}, added {self.added} ({self.relevant} relevant), "
            f"updated {self.updated}, unchanged {self.unchanged}, "
            f"duplicates {len(self.duplicates)}, skipped {len(self.skipped)}, "
            f"warnings {len(self.warnings)}, undated {self.undated}"
        ]
        for reason, count in self.skipped_by_reason.most_common():
            out.append(f"  skipped {count}: {reason}")
        for reason, count in self.warnings_by_reason.most_common():
            out.append(f"  warning {count}: {reason}")
        if self.duplicates:
            out.append(f"  duplicates {len(self.duplicates)}: a repost of an article already stored")
        for origin, reason in self.skipped[:50]:
            out.append(f"  - {origin}: {reason}")
        if len(self.skipped) > 50:
            out.append(f"  … and {len(self.skipped) - 50} more")
        for origin, warning in self.warnings[:20]:
            out.append(f"  - {origin}: {warning}")
        return out


def _reason_kind(reason: str) -> str:
    return re.sub(r"\s*\(.*$|:.*$", "", reason)


def analyze(text: str) -> Extracted:
    """Pure: decoded text -> normalized article with partners and people (used by `inspect`)."""
    article = parse_article(text)
    people = extract_people(article.title, article.body, article.lang)
    return Extracted(article, people, judge(article.title, article.body, people))


def analyze_raw(raw: RawDocument) -> Extracted:
    text, _encoding = decode(raw.data)
    return analyze(text)


def record_for(raw: RawDocument) -> dict:
    """What the archive makes of one file, as `inspect` prints it (and the evaluation scores it)."""
    origin, extracted = _analyze_job((raw.origin, raw.data))
    if isinstance(extracted, str):  # the reason the file cannot be an article
        return {"origin": origin, "error": extracted}
    a, verdict = extracted.article, extracted.verdict
    return {
        "origin": raw.origin,
        "permalink": a.permalink,
        "title": a.title,
        "date": a.date.iso,
        "date_precision": a.date.precision,
        "lang": a.lang,
        "source_url": a.source_url,
        "source": a.source_name,
        "relevant": verdict.relevant,
        "score": verdict.score,
        "evidence": verdict.evidence_dicts(),
        "cyber_terms": verdict.cyber_terms,
        "partners": verdict.partners,
        "people": [
            {"name_th": p.name_th, "name_en": p.name_en, "role": p.role, "country": p.country}
            for p in extracted.people
        ],
        "warnings": a.warnings,
    }


def _analyze_job(job: tuple[str, bytes]) -> tuple[str, Extracted | str]:
    """Runs in a worker process: one file's bytes -> its analysis, or the reason it was skipped."""
    origin, data = job
    try:
        return origin, analyze_raw(RawDocument(origin, data))
    except (DecodeError, EmptyArticle) as exc:
        return origin, str(exc)
    except Exception as exc:  # one broken article must not stop a run of thousands
        return origin, f"could not be processed: {type(exc).__name__}: {exc}"


def _bounded(items: Iterable, semaphore: threading.Semaphore) -> Iterator:
    """Feed a pool no faster than results are consumed, so a large archive is never all in memory."""
    for item in items:
        semaphore.acquire()
        yield item


def _analyzed(jobs: Iterator[tuple[str, bytes]], workers: int) -> Iterator[tuple[str, Extracted | str]]:
    if workers <= 1:
        yield from map(_analyze_job, jobs)
        return
    semaphore = threading.Semaphore(IN_FLIGHT)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(workers) as pool:
        for result in pool.imap(_analyze_job, _bounded(jobs, semaphore), chunksize=CHUNK):
            semaphore.release()
            yield result


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def ingest(
    session: Session,
    paths: Iterable[str | Path],
    *,
    progress: bool = False,
    workers: int | None = None,
) -> IngestSummary:
    """Read, normalize, judge and store; commit in batches. The caller updates the index.

    Unchanged files (same origin, same bytes) are recognised before any parsing, so a re-run on
    the same dump only reads it. Analysis runs in `workers` processes; this process writes."""
    paths = [Path(p) for p in paths]
    summary = IngestSummary()
    writer = ArchiveWriter(session)
    session.commit()
    position = ReadPosition()
    total_bytes = input_size(paths)
    bar = Progress(total_bytes) if progress else None
    in_flight: deque[tuple[RawDocument, str]] = deque()  # results come back in input order

    def jobs() -> Iterator[tuple[str, bytes]]:
        for item in iter_documents(paths, position):
            summary.read += 1
            if isinstance(item, ReadProblem):
                summary.skipped.append((item.origin, item.reason))
                continue
            sha = item.sha256
            if writer.is_unchanged(item, sha):
                summary.unchanged += 1
                continue
            in_flight.append((item, sha))
            yield item.origin, item.data

    if workers is None:
        workers = default_workers() if total_bytes > SMALL_INPUT else 1
    with collector_thresholds():  # the analysers, forked inside, as well
        for done, (origin, result) in enumerate(_analyzed(jobs(), workers), start=1):
            raw, sha = in_flight.popleft()
            if isinstance(result, str):
                summary.skipped.append((origin, result))
            else:
                _store_one(writer, raw, sha, result, summary)
            if done % BATCH == 0:
                _store_queued(writer, summary)
                session.commit()
            if bar:
                bar.update(summary.read, position.done)
    _store_queued(writer, summary)
    writer.record_version()
    session.commit()
    if bar:
        bar.update(summary.read, position.done)
        bar.close()
    summary.reanalysed = writer.reanalyse
    return summary


def _store_one(writer: ArchiveWriter, raw: RawDocument, sha: str, extracted: Extracted,
               summary: IngestSummary) -> None:
    for warning in extracted.article.warnings:
        summary.warnings.append((raw.origin, warning))
    if writer.queue_new(raw, sha, extracted):
        return  # stored with the batch
    _store_queued(writer, summary)  # first the files before it: it may repeat one of them
    _store_alone(writer, raw, sha, extracted, summary)


def _store_queued(writer: ArchiveWriter, summary: IngestSummary) -> None:
    """Insert the queued new articles together. If that fails, store them one by one, each in
    a savepoint, so that only the bad one is skipped (with its reason) and the others kept."""
    if not writer.queued:
        return
    try:
        with writer.session.begin_nested():
            ids = writer.insert_queued()
    except Exception:
        writer.forget_cached()
        for q in writer.discard_queued():
            _store_alone(writer, q.raw, q.sha, q.extracted, summary)
        return
    for article_id, q in zip(ids, writer.settle_queued(ids), strict=True):
        verdict, article = q.extracted.verdict, q.extracted.article
        _count(summary, article_id, True, verdict.relevant, article.date.value)


def _store_alone(writer: ArchiveWriter, raw: RawDocument, sha: str, extracted: Extracted,
                 summary: IngestSummary) -> None:
    """One article in a savepoint of its own: a repost, a changed file, or a retry."""
    try:
        with writer.session.begin_nested():
            original = None
            if raw.origin not in writer.article_sha:
                original = writer.original_of(extracted)
            if original is not None and writer.comes_first(extracted, original[0]):
                demoted = writer.promote(raw, sha, extracted, original)
                summary.duplicates.append((demoted, original[0]))
                article, is_new = writer.session.get(Article, original[0]), False
            elif original is not None:
                writer.add_duplicate(raw, sha, extracted, original)
                summary.duplicates.append((raw.origin, original[0]))
                return
            else:
                article, is_new = writer.store(raw, sha, extracted)
    except Exception as exc:
        writer.forget_cached()
        summary.skipped.append((raw.origin, f"could not be stored: {type(exc).__name__}: {exc}"))
        return
    _count(summary, article.id, is_new, article.relevant, article.published)


def _count(summary: IngestSummary, article_id: int, is_new: bool, relevant: bool,
           published) -> None:
    if is_new:
        summary.added += 1
    else:
        summary.updated += 1
    if relevant:
        summary.relevant += 1
    if published is None:
        summary.undated += 1
    summary.changed_ids.append(article_id)
