"""Writing analysed articles into the database: one writer per ingest run, with in-memory maps of
what is already stored, so that each file costs no lookups beyond its own rows."""

import hashlib
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.ingest import dedup
from app.ingest.extract import HOME, PersonMention
from app.ingest.readers import RawDocument
from app.models import (
    ArchiveMeta,
    Article,
    ArticleCountry,
    Country,
    Duplicate,
    FormerSlug,
    Mention,
    Person,
    Source,
)
from app.reference import REFERENCE_DIR, country_table, known_people
from app.textnorm import THAI as THAI_LETTER

# Bump when the analysis code changes what it makes of a file; the reference files count too.
ANALYSIS_CODE_VERSION = "9"


# Read by search alone (query expansion): changing it needs no re-analysis.
SEARCH_ONLY_REFERENCE = {"glossary.toml"}


def analysis_version() -> str:
    """Changes whenever the code version or a reference file (vocabulary, aliases, people)
    changes, so that the next ingest re-analyses files whose bytes did not change."""
    digest = hashlib.sha256(ANALYSIS_CODE_VERSION.encode())
    for path in sorted(REFERENCE_DIR.glob("*.toml")):
        if path.name in SEARCH_ONLY_REFERENCE:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def person_slug(mention: PersonMention) -> str:
    """Known people keep their reference id; others get a slug from their name as written."""
    if mention.known:
        return mention.known.slug
    return name_slug(mention.name_th or mention.name_en or "unknown")


# What a slug keeps of a Thai name: letters, digits, Thai marks, dots and hyphens. The rest (a
# space, and `/`, `?`, `#` or `%`, which end or change a URL's path segment: the page of a
# "name" with a slash in it could not be reached) becomes a hyphen.
NOT_IN_SLUG = re.compile(r"[^\w\u0e00-\u0e7f.\-]+")


def name_slug(name: str) -> str:
    """`ฮุน มาเนต` -> `ฮุน-มาเนต`; `Orna Sagiv` -> `orna-sagiv`."""
    if THAI_LETTER.search(name):
        return NOT_IN_SLUG.sub("-", name.strip())
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unknown"


class Queued(NamedTuple):
    """A new article waiting for the next bulk insert, with the keys worked out for it."""

    raw: RawDocument
    sha: str
    extracted: object
    permalink: str
    content: str


class ArchiveWriter:
    def __init__(self, session: Session):
        self.session = session
        self._sync_countries()
        self.article_sha: dict[str, tuple[int, str]] = {
            origin: (id_, sha)
            for id_, origin, sha in session.execute(
                select(Article.id, Article.origin, Article.raw_sha256)
            )
        }
        self.duplicate_sha: dict[str, str] = dict(
            session.execute(select(Duplicate.origin, Duplicate.raw_sha256)).all()
        )
        self.by_permalink: dict[str, int] = dict(
            session.execute(select(Article.permalink, Article.id)).all()
        )
        self.by_content: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        for id_, key, title, published in session.execute(
            select(Article.id, Article.content_key, Article.title, Article.published)
        ):
            if key:
                self.by_content.setdefault(key, id_)
            tkey = dedup.title_key(title, published)
            if tkey:
                self.by_title.setdefault(tkey, id_)
        self.people: dict[str, Person] = {}
        self.sources: dict[str, int] = {}
        # New articles waiting for one bulk insert (`insert_queued`), by origin, and the keys
        # (permalink, text, headline) by which a later file could repeat one of them.
        self.queued: dict[str, Queued] = {}
        self.queued_keys: set[tuple[str, str]] = set()
        stored = session.get(ArchiveMeta, "analysis_version")
        self.version = analysis_version()
        # Articles analysed by other rules are re-analysed even if their file did not change.
        self.reanalyse = bool(self.article_sha) and (stored is None or stored.value != self.version)
        if not self.reanalyse:  # recorded now: a run killed half-way leaves a truthful version
            self.session.merge(ArchiveMeta(key="analysis_version", value=self.version))

    def _sync_countries(self) -> None:
        """Fill the countries table from CLDR (Thai and English names) where rows are missing."""
        existing = set(self.session.scalars(select(Country.code)))
        for code, (name_en, name_th) in country_table().items():
            if code not in existing:
                self.session.add(Country(code=code, name_en=name_en, name_th=name_th))
        self.session.flush()

    def record_version(self) -> None:
        """After a complete run: every stored article now comes from this analysis."""
        self.retire_renamed_people()
        self.merge_same_latin_names()
        self.session.merge(ArchiveMeta(key="analysis_version", value=self.version))

    def retire_renamed_people(self) -> None:
        """A person once stored under another slug (their name as written, or an id the
        reference list has since changed: its `former_ids`) is merged into the reference
        person: mentions move over, and the old slug is kept so that its page redirects."""
        for known in known_people():
            current = self.session.scalars(select(Person).where(Person.slug == known.slug)).first()
            if current is None:
                continue
            old_slugs = {name_slug(name) for name in known.all_names}
            old_slugs |= set(known.former_ids)
            old_slugs.discard(known.slug)
            for old_id, old_slug in self.session.execute(
                    select(Person.id, Person.slug).where(Person.slug.in_(old_slugs))).all():
                self._merge_person(old_id, old_slug, current.id)
        self.session.flush()

    def merge_same_latin_names(self) -> None:
        """People stored under several slugs with one name in Latin letters are one person.
        A Thai release spells Lawrence Wong ลอว์เรนซ์ หว่อง or ลอเรนซ์ หว่อง and gives his name in
        brackets; an English one writes it alone: three people, each with a page of its own.
        The first stored (its page the oldest) keeps its slug, the reference person if there is
        one; the others are merged into it, and their slugs redirect. A name of one word (John)
        says too little to merge on. A foreign country from any of the records is kept over
        Thailand, which is what a mention without a country in its role gets."""
        reference = {known.slug for known in known_people()}
        groups: dict[str, list[tuple[int, str]]] = {}
        rows = self.session.execute(select(Person.id, Person.slug, Person.name_en)
                                    .where(Person.name_en.is_not(None)).order_by(Person.id))
        for person_id, slug, name_en in rows:
            key = name_slug(name_en)
            if key.count("-") >= 1 and not THAI_LETTER.search(name_en):
                groups.setdefault(key, []).append((person_id, slug))
        for same in groups.values():
            if len(same) < 2:
                continue
            keep = next((p for p in same if p[1] in reference), same[0])
            kept = self.session.get(Person, keep[0])
            for old_id, old_slug in same:
                if old_id == keep[0]:
                    continue
                old = self.session.get(Person, old_id)
                kept.name_th = kept.name_th or old.name_th
                kept.name_en = kept.name_en or old.name_en
                if old.country_code and kept.country_code in (None, HOME):
                    kept.country_code = old.country_code  # Thailand is only the default
                self._merge_person(old_id, old_slug, keep[0])
        self.session.flush()

    def _merge_person(self, old_id: int, old_slug: str, current_id: int) -> None:
        """Mentions of the old person move to the current one (one per article), the old slug
        is kept so that its page redirects, and the articles are marked for the index, whose
        `people` field changes."""
        self.session.execute(update(Article).where(Article.id.in_(
            select(Mention.article_id).where(Mention.person_id == old_id)))
            .values(index_pending=True))
        taken = select(Mention.article_id).where(Mention.person_id == current_id)
        self.session.execute(delete(Mention).where(Mention.person_id == old_id,
                                                   Mention.article_id.in_(taken)))
        for table in (Mention, FormerSlug):
            self.session.execute(update(table).where(table.person_id == old_id)
                                 .values(person_id=current_id))
        self.session.execute(delete(Person).where(Person.id == old_id))
        self.session.merge(FormerSlug(slug=old_slug, person_id=current_id))
        self.people.pop(old_slug, None)

    def is_unchanged(self, raw: RawDocument, sha: str) -> bool:
        if self.reanalyse:
            return False
        known = self.article_sha.get(raw.origin)
        if known is not None:
            return known[1] == sha
        if raw.origin in self.queued:  # stored with the next bulk insert
            return self.queued[raw.origin].sha == sha
        return self.duplicate_sha.get(raw.origin) == sha

    def forget_cached(self) -> None:
        """After a rollback: the cached people and sources may be rows it removed."""
        self.people.clear()
        self.sources.clear()

    def queue_new(self, raw: RawDocument, sha: str, extracted) -> bool:
        """Queue a plainly new article for the next bulk insert: a file never stored whose
        permalink, text and headline repeat no article stored or queued. Returns False for any
        other file, which the caller stores on its own after `insert_queued`."""
        a = extracted.article
        permalink = a.permalink
        content = dedup.content_key(a.title, a.body)
        title = dedup.title_key(a.title, a.date.value)
        keys = {("origin", raw.origin), ("permalink", permalink), ("content", content)}
        if title:
            keys.add(("title", title))
        if (raw.origin in self.article_sha or raw.origin in self.duplicate_sha
                or permalink in self.by_permalink or content in self.by_content
                or (title and title in self.by_title) or keys & self.queued_keys):
            return False
        self.queued[raw.origin] = Queued(raw, sha, extracted, permalink, content)
        self.queued_keys |= keys
        return True

    def insert_queued(self) -> list[int]:
        """Insert the queued articles, their partners and their people, one statement per
        table (an ORM flush per article cost a quarter of an ingest). Returns their ids, in
        order. The caller runs it in a savepoint, then calls `settle_queued`; if it fails, the
        caller stores them one by one."""
        queued = list(self.queued.values())
        self.session.execute(insert(Article), [
            {"permalink": q.permalink, **self._columns(q.raw, q.sha, q.extracted, q.content)}
            for q in queued
        ])
        id_of = dict(self.session.execute(
            select(Article.permalink, Article.id)
            .where(Article.permalink.in_([q.permalink for q in queued]))).all())
        ids = [id_of[q.permalink] for q in queued]
        people = self._mentions([q.extracted for q in queued])
        countries, mentions = [], []
        for id_, q, named in zip(ids, queued, people, strict=True):
            countries += [{"article_id": id_, "country_code": code}
                          for code in q.extracted.verdict.partners]
            mentions += [{"article_id": id_, "person_id": person_id, "name_as_written": written,
                          "role": role} for person_id, written, role in named]
        for model, values in ((ArticleCountry, countries), (Mention, mentions)):
            if values:
                self.session.execute(insert(model), values)
        return ids

    def settle_queued(self, ids: list[int]) -> list[Queued]:
        """Once `insert_queued` is done: its articles join the maps, and the queue is emptied."""
        for id_, q in zip(ids, self.queued.values(), strict=True):
            a = q.extracted.article
            self._remember(id_, q.raw.origin, q.sha, q.permalink, q.content, a.title, a.date.value)
        return self.discard_queued()

    def discard_queued(self) -> list[Queued]:
        """Empty the queue; returns what it held, in order."""
        queued = list(self.queued.values())
        self.queued, self.queued_keys = {}, set()
        return queued

    def _remember(self, article_id: int, origin: str, sha: str, permalink: str,
                  content: str, title: str, published) -> None:
        """A stored article, in the maps that find unchanged files and reposts."""
        self.article_sha[origin] = (article_id, sha)
        self.by_permalink[permalink] = article_id
        self.by_content.setdefault(content, article_id)
        tkey = dedup.title_key(title, published)
        if tkey:
            self.by_title.setdefault(tkey, article_id)

    def original_of(self, extracted) -> tuple[int, float] | None:
        """The stored article this one repeats, with the similarity; None if it is new. A file
        with a stored article's permalink (the same source URL: another version of the page)
        repeats it too, whatever its text: both files are kept, one as the repost."""
        a = extracted.article
        if a.permalink in self.by_permalink:
            article_id = self.by_permalink[a.permalink]
            body = self.session.get(Article, article_id).body
            return article_id, round(dedup.similarity(a.body, body), 3)
        key = dedup.content_key(a.title, a.body)
        if key in self.by_content:
            return self.by_content[key], 1.0
        tkey = dedup.title_key(a.title, a.date.value)
        if tkey and tkey in self.by_title:
            article_id = self.by_title[tkey]
            body = self.session.get(Article, article_id).body
            score = dedup.similarity(a.body, body)
            if score >= dedup.NEAR_DUPLICATE:
                return article_id, round(score, 3)
        return None

    def add_duplicate(self, raw: RawDocument, sha: str, extracted, original: tuple[int, float]):
        a = extracted.article
        row = None
        if raw.origin in self.duplicate_sha:  # the same repost file, changed or re-analysed
            row = self.session.scalars(select(Duplicate).where(Duplicate.origin == raw.origin)).first()
        if row is None:
            row = Duplicate(origin=raw.origin)
            self.session.add(row)
        row.article_id, row.raw_sha256, row.permalink = original[0], sha, a.permalink
        row.source_url, row.title, row.similarity = a.source_url, a.title, original[1]
        self.duplicate_sha[raw.origin] = sha

    def comes_first(self, extracted, article_id: int) -> bool:
        """Does this new file take precedence over the stored article it repeats?"""
        a = extracted.article
        stored = self.session.get(Article, article_id)
        mine = dedup.precedence(a.date.value, a.source_url, a.permalink,
                                dedup.content_key(a.title, a.body))
        return mine < dedup.precedence(stored.published, stored.source_url, stored.permalink,
                                       stored.content_key or "")

    def promote(self, raw: RawDocument, sha: str, extracted, original: tuple[int, float]) -> str:
        """The new file becomes the article and the stored one its repost (same row, so links
        from people, countries and other reposts stay). Returns the demoted file's origin."""
        article = self.session.get(Article, original[0])
        demoted = article.origin
        if raw.origin in self.duplicate_sha:  # this file was itself stored as a repost
            self.session.execute(delete(Duplicate).where(Duplicate.origin == raw.origin))
            del self.duplicate_sha[raw.origin]
        self.session.add(Duplicate(
            origin=demoted, article_id=article.id, raw_sha256=article.raw_sha256,
            permalink=article.permalink, source_url=article.source_url, title=article.title,
            similarity=original[1]))
        self.duplicate_sha[demoted] = article.raw_sha256
        del self.article_sha[demoted]
        self.by_permalink.pop(article.permalink, None)
        article.permalink = extracted.article.permalink
        self._fill(article, raw, sha, extracted)
        self.session.flush()
        self.article_sha[raw.origin] = (article.id, sha)
        self.by_permalink[article.permalink] = article.id
        return demoted

    def store(self, raw: RawDocument, sha: str, extracted) -> tuple[Article, bool]:
        """Insert a new article or update the one from the same file; returns (article, is_new)."""
        known = self.article_sha.get(raw.origin)
        if known is None:
            article, is_new = Article(permalink=extracted.article.permalink), True
        else:
            article = self.session.get(Article, known[0])  # a changed file: keep its permalink
            is_new = False
        self._fill(article, raw, sha, extracted)
        self.session.add(article)
        self.session.flush()
        self._remember(article.id, raw.origin, sha, article.permalink, article.content_key,
                       article.title, article.published)
        return article, is_new

    def _fill(self, article: Article, raw: RawDocument, sha: str, extracted) -> None:
        # Sources and people are looked up (an autoflush) before the article changes at all.
        a = extracted.article
        columns = self._columns(raw, sha, extracted, dedup.content_key(a.title, a.body))
        mentions = self._mentions([extracted])[0]
        for name, value in columns.items():
            setattr(article, name, value)
        article.partner_links = [ArticleCountry(country_code=code)
                                 for code in extracted.verdict.partners]
        article.mentions = [Mention(person_id=person_id, name_as_written=written, role=role)
                            for person_id, written, role in mentions]

    def _columns(self, raw: RawDocument, sha: str, extracted, content: str) -> dict:
        """An article's columns (all but its permalink, which a changed file keeps)."""
        normalized, verdict = extracted.article, extracted.verdict
        return {
            "origin": raw.origin,
            "raw_sha256": sha,
            "title": normalized.title,
            "published": normalized.date.value,
            "date_precision": normalized.date.precision,
            "lang": normalized.lang,
            "source_url": normalized.source_url,
            "body": normalized.body,
            "content_key": content,
            "index_pending": True,
            "relevant": verdict.relevant,
            "relevance_score": verdict.score,
            "evidence": verdict.evidence_dicts(),
            # Foreign keys are set as ids, not through the Source/Person objects: assigning the
            # objects would append to their (huge) reverse collections: quadratic writes.
            "source_id": self._source_id(normalized.source_name, normalized.source_url),
        }

    def _mentions(self, articles: list) -> list[list[tuple[int, str, str | None]]]:
        """For each article, (person id, name as written, role) of each person it names, once
        each. The people of all the articles are looked up and created together."""
        ids = iter(self._person_ids([m for extracted in articles for m in extracted.people]))
        out = []
        for extracted in articles:
            rows, seen = [], set()
            for mention in extracted.people:
                person_id = next(ids)
                if person_id not in seen:
                    seen.add(person_id)
                    rows.append((person_id, mention.written, mention.role))
            out.append(rows)
        return out

    def _source_id(self, name: str | None, url: str | None) -> int | None:
        if not name:
            return None
        if name not in self.sources:
            source = self.session.scalars(select(Source).where(Source.name == name)).first()
            if source is None:
                homepage = None
                if url:
                    parts = urlsplit(url)
                    homepage = f"{parts.scheme}://{parts.netloc}/"
                source = Source(name=name, homepage=homepage)
                self.session.add(source)
                self.session.flush()
            self.sources[name] = source.id
        return self.sources[name]

    def _person_ids(self, mentions: list[PersonMention]) -> list[int]:
        """The person of each mention: found (and given the names they lacked) or created, all
        new people in one statement (a query and a flush each cost a tenth of an ingest). As
        before, a person is created from their first mention and updated by the later ones."""
        slugs = [person_slug(mention) for mention in mentions]
        self._load_people(slugs)
        new: dict[str, dict] = {}
        for slug, mention in zip(slugs, mentions, strict=True):
            person = self.people.get(slug) or new.get(slug)
            if person is None:
                known = mention.known
                new[slug] = {
                    "slug": slug,
                    "name_th": known.name_th if known else mention.name_th,
                    "name_en": known.name_en if known else mention.name_en,
                    "country_code": known.country if known else mention.country,
                }
            elif isinstance(person, Person):
                person.name_th = person.name_th or mention.name_th
                person.name_en = person.name_en or mention.name_en
            else:
                person["name_th"] = person["name_th"] or mention.name_th
                person["name_en"] = person["name_en"] or mention.name_en
        if new:
            self.session.execute(insert(Person), list(new.values()))
            self._load_people(list(new))
        return [self.people[slug].id for slug in slugs]

    def _load_people(self, slugs: list[str]) -> None:
        """Stored people not in the cache yet, in one query; a slug merged into another person
        (`former_slugs`) is that person, not a new one."""
        missing = {slug for slug in slugs if slug not in self.people}
        if missing:
            for person in self.session.scalars(select(Person).where(Person.slug.in_(missing))):
                self.people[person.slug] = person
            missing -= set(self.people)
        if missing:
            for former, person in self.session.execute(
                    select(FormerSlug.slug, Person).join(Person, Person.id == FormerSlug.person_id)
                    .where(FormerSlug.slug.in_(missing))).all():
                self.people[former] = person
