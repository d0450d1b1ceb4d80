"""The ingest job: raw files -> normalized, extracted articles in the database -> search index.

A bad file is recorded with its reason and skipped; it never stops the run.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.extract import PersonMention, extract_people, partner_countries
from app.ingest.normalize import EmptyArticle, NormalizedArticle, parse_article
from app.ingest.readers import DecodeError, RawDocument, ReadProblem, decode, iter_documents
from app.models import Article, ArticleCountry, Country, Mention, Person, Source
from app.reference import country_table

BATCH = 200


@dataclass
class Extracted:
    """Everything the archive makes of one file, before it is stored."""

    article: NormalizedArticle
    partners: list[str]
    people: list[PersonMention]


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)

    @property
    def skipped_by_reason(self) -> Counter[str]:
        return Counter(_reason_kind(reason) for _, reason in self.skipped)

    def lines(self) -> list[str]:
        out = [
            f"read {self.read}, added {self.added}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}"
        ]
        for reason, count in self.skipped_by_reason.most_common():
            out.append(f"  skipped {count}: {reason}")
        for origin, reason in self.skipped[:50]:
            out.append(f"  - {origin}: {reason}")
        if len(self.skipped) > 50:
            out.append(f"  … and {len(self.skipped) - 50} more")
        for origin, warning in self.warnings[:50]:
            out.append(f"  warning {origin}: {warning}")
        return out


def _reason_kind(reason: str) -> str:
    return re.sub(r"\s*\(.*$|:.*$", "", reason)


def analyze(text: str) -> Extracted:
    """Pure: decoded text -> normalized article with partners and people (used by `inspect`)."""
    article = parse_article(text)
    people = extract_people(article.title, article.body, article.lang)
    partners = partner_countries(article.title, article.body, people)
    return Extracted(article, partners, people)


def analyze_raw(raw: RawDocument) -> Extracted:
    text, _encoding = decode(raw.data)
    return analyze(text)


def sync_countries(session: Session) -> None:
    """Fill the countries table from CLDR (Thai and English names) where rows are missing."""
    existing = set(session.scalars(select(Country.code)))
    for code, (name_en, name_th) in country_table().items():
        if code not in existing:
            session.add(Country(code=code, name_en=name_en, name_th=name_th))
    session.flush()


def ingest(
    session: Session,
    paths: Iterable[str | Path],
    *,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read, normalize, extract and store; commit in batches. The caller updates the index."""
    summary = IngestSummary()
    sync_countries(session)
    session.commit()
    for item in iter_documents(paths):
        summary.read += 1
        if isinstance(item, ReadProblem):
            summary.skipped.append((item.origin, item.reason))
        else:
            _ingest_one(session, item, summary)
        if summary.read % BATCH == 0:
            session.commit()
        if progress:
            progress(summary.read)
    session.commit()
    return summary


def _ingest_one(session: Session, raw: RawDocument, summary: IngestSummary) -> None:
    sha = raw.sha256
    existing = session.scalars(select(Article).where(Article.origin == raw.origin)).first()
    if existing is not None and existing.raw_sha256 == sha:
        summary.unchanged += 1
        return
    try:
        extracted = analyze_raw(raw)
    except (DecodeError, EmptyArticle) as exc:
        summary.skipped.append((raw.origin, str(exc)))
        return
    except Exception as exc:  # one broken article must not stop a run of thousands
        summary.skipped.append((raw.origin, f"could not be processed: {type(exc).__name__}: {exc}"))
        return
    for warning in extracted.article.warnings:
        summary.warnings.append((raw.origin, warning))
    permalink = extracted.article.permalink
    if existing is None:
        existing = session.scalars(select(Article).where(Article.permalink == permalink)).first()
        if existing is not None and existing.raw_sha256 == sha:
            summary.unchanged += 1  # the same file, reached through another path
            return
    try:
        with session.begin_nested():
            if existing is None:
                article = Article(permalink=permalink, origin=raw.origin, raw_sha256=sha)
                session.add(article)
                summary.added += 1
            else:
                article = existing  # a changed file: update in place, keep its permalink
                summary.updated += 1
            _store(session, article, raw, extracted)
            session.flush()
    except Exception as exc:
        summary.skipped.append((raw.origin, f"could not be stored: {type(exc).__name__}: {exc}"))
        return
    summary.changed_ids.append(article.id)


def _store(session: Session, article: Article, raw: RawDocument, extracted: Extracted) -> None:
    normalized = extracted.article
    article.origin = raw.origin
    article.raw_sha256 = raw.sha256
    article.title = normalized.title
    article.published = normalized.date.value
    article.date_precision = normalized.date.precision
    article.lang = normalized.lang
    article.source_url = normalized.source_url
    article.body = normalized.body
    article.source = _source(session, normalized.source_name, normalized.source_url)
    article.partner_links = [ArticleCountry(country_code=code) for code in extracted.partners]
    article.mentions = []
    session.flush()
    seen: set[int] = set()
    for mention in extracted.people:
        person = _person(session, mention)
        if person.id in seen:
            continue
        seen.add(person.id)
        article.mentions.append(
            Mention(person=person, name_as_written=mention.written, role=mention.role)
        )


def _source(session: Session, name: str | None, url: str | None) -> Source | None:
    if not name:
        return None
    source = session.scalars(select(Source).where(Source.name == name)).first()
    if source is None:
        homepage = None
        if url:
            from urllib.parse import urlsplit

            parts = urlsplit(url)
            homepage = f"{parts.scheme}://{parts.netloc}/"
        source = Source(name=name, homepage=homepage)
        session.add(source)
        session.flush()
    return source


def person_slug(mention: PersonMention) -> str:
    """Known people keep their reference id; others get a slug from their name as written."""
    if mention.known:
        return mention.known.slug
    name = mention.name_th or mention.name_en or "unknown"
    if mention.name_th:
        return re.sub(r"\s+", "-", name.strip())
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unknown"


def _person(session: Session, mention: PersonMention) -> Person:
    slug = person_slug(mention)
    person = session.scalars(select(Person).where(Person.slug == slug)).first()
    known = mention.known
    if person is None:
        person = Person(
            slug=slug,
            name_th=known.name_th if known else mention.name_th,
            name_en=known.name_en if known else mention.name_en,
            country_code=(known.country if known else mention.country),
        )
        session.add(person)
        session.flush()
    else:
        person.name_th = person.name_th or mention.name_th
        person.name_en = person.name_en or mention.name_en
    return person
