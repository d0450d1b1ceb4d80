"""Small read functions shared by pages, the CLI and tests (keyword-only arguments).

Listings take `all_news`: by default they cover only the articles judged relevant (bilateral
cyber cooperation), which is what the archive is for; `all_news=True` covers everything ingested.
"""

import functools
import re
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import Row, bindparam, extract, func, literal_column, select, union, union_all
from sqlalchemy.orm import Session, joinedload, load_only, selectinload

from app.ingest.dates import PartialDate
from app.models import (
    Article,
    ArticleCountry,
    Country,
    Duplicate,
    FormerSlug,
    Mention,
    Person,
)

THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")


class PersonRow(NamedTuple):
    """A person as a list of people shows them."""

    slug: str
    name_th: str | None
    name_en: str | None
    country_code: str | None


def _storable(key: str) -> bool:
    """False for a key no row can hold: text with NUL, which the readers refuse at ingest.
    SQLite finds nothing for it; PostgreSQL refuses the query (text cannot hold NUL), so a
    hostile `/people/%00` must not reach it."""
    return "\x00" not in key


def _with_links(stmt):
    """What a feed shows of each article besides its own columns: partners, and the source."""
    return stmt.options(
        selectinload(Article.partner_links).selectinload(ArticleCountry.country),
        selectinload(Article.source),
    )


def _newest_first(stmt):
    return stmt.order_by(Article.published.desc().nulls_last(), Article.permalink)


LISTED = 50  # articles per page of a country's or a person's listing (newest first)


def _relevant_ids():
    """The ids of the relevant articles, read from their index alone. Filtering on this set
    rather than on the article rows matters: `relevant` is the last column of a row, after a
    body that spills over several pages, so testing it row by row read every body."""
    return select(Article.id).where(Article.relevant.is_(True))


def _in_scope(stmt, all_news: bool):
    """Keep only relevant articles unless all ingested news is asked for."""
    return stmt if all_news else stmt.where(Article.id.in_(_relevant_ids()))


# What a list of articles shows of each (a country's, a person's, search hits, exports).
LISTING_COLUMNS = (Article.permalink, Article.title, Article.published, Article.date_precision,
                   Article.lang, Article.relevant, Article.source_url)


def _listing(stmt):
    """A list of articles reads only the columns it shows, and the partners with their names:
    not the body (most of a row), nor the evidence (JSON, parsed row by row), nor the source
    (loading all of it for the fifty articles of a country's page was a fifth of the page)."""
    return stmt.options(
        load_only(*LISTING_COLUMNS),
        selectinload(Article.partner_links).selectinload(ArticleCountry.country),
    )


def scope_counts(
    session: Session, *, country: str | None = None, person_id: int | None = None
) -> dict[str, int]:
    """How many articles each scope holds, {"relevant": n, "all": m}, in one query: the whole
    archive, or the articles naming one partner country or one person."""
    if country:
        ids = select(ArticleCountry.article_id).where(ArticleCountry.country_code == country.upper())
    elif person_id is not None:
        ids = select(Mention.article_id).where(Mention.person_id == person_id)
    else:
        ids = select(Article.id)
    ids = ids.subquery()
    total = session.scalar(select(func.count()).select_from(ids))
    relevant = session.scalar(select(func.count()).select_from(ids).where(
        ids.c[0].in_(_relevant_ids())))
    return {"relevant": relevant, "all": total}


def latest_articles(session: Session, *, limit: int = 20, all_news: bool = False) -> list[Article]:
    stmt = _in_scope(_newest_first(_listing(select(Article))), all_news)
    return list(session.scalars(stmt.limit(limit)))


@functools.cache
def _article_stmt():
    """An article with everything its page shows. Its partners, source and reposts are joined
    to its row (an article has few partners, and rarely a repost); its people come in a query
    of their own, with their person rows: joined too, each person would repeat the whole row,
    body included (an article of 125 kB naming 18 people read 2 MB). Built once: building the
    statement and its options anew for each page cost more than the query."""
    return select(Article).where(Article.permalink == bindparam("permalink")).options(
        joinedload(Article.partner_links).joinedload(ArticleCountry.country),
        joinedload(Article.source),
        joinedload(Article.duplicates),
        selectinload(Article.mentions).joinedload(Mention.person),
    )


def article_by_permalink(session: Session, *, permalink: str) -> Article | None:
    """One article with everything its page shows, reposts included (whatever its scope)."""
    if not _storable(permalink):
        return None
    return session.scalars(_article_stmt(), {"permalink": permalink}).unique().first()


def original_permalink(session: Session, *, permalink: str) -> str | None:
    """The permalink of the article that a repost's permalink stands for, or None: a repost is
    not an article of its own, but its permalink may have been cited and must still lead there."""
    if not _storable(permalink):
        return None
    stmt = (
        select(Article.permalink)
        .join(Duplicate, Duplicate.article_id == Article.id)
        .where(Duplicate.permalink == permalink)
        .order_by(Duplicate.id)
        .limit(1)
    )
    return session.scalar(stmt)


def renamed_slug(session: Session, *, slug: str) -> str | None:
    """The current slug of the person who had `slug` before, or None."""
    if not _storable(slug):
        return None
    stmt = select(Person.slug).join(FormerSlug, FormerSlug.person_id == Person.id)
    return session.scalar(stmt.where(FormerSlug.slug == slug))


def partner_counts(session: Session, *, all_news: bool = False) -> list[tuple[Country, int]]:
    """Partner countries with how many articles name them, most first."""
    count = func.count(ArticleCountry.article_id)
    stmt = (
        select(Country, count)
        .join(ArticleCountry, ArticleCountry.country_code == Country.code)
        .join(Article, Article.id == ArticleCountry.article_id)
        .group_by(Country.code)
        .order_by(count.desc(), Country.name_en)
    )
    return [(country, n) for country, n in session.execute(_in_scope(stmt, all_news))]


def country_by_code(session: Session, *, code: str) -> Country | None:
    return session.get(Country, code.upper()) if _storable(code) else None


def articles_with_partner(session: Session, *, code: str, all_news: bool = False,
                          limit: int = LISTED, offset: int = 0, with_body: bool = False
                          ) -> list[Article]:
    """Articles with a partner country, newest first: `limit` of them after the first `offset`."""
    stmt = select(Article).join(ArticleCountry).where(ArticleCountry.country_code == code.upper())
    stmt = _with_links(stmt) if with_body else _listing(stmt)
    stmt = _in_scope(_newest_first(stmt), all_news).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def people_with_counts(session: Session, *, all_news: bool = False) -> list[tuple[Person, int]]:
    count = func.count(Mention.article_id)
    stmt = (
        select(Person, count)
        .join(Mention)
        .join(Article, Article.id == Mention.article_id)
        .options(selectinload(Person.country))
        .group_by(Person.id)
        .order_by(count.desc(), Person.slug)
    )
    return [(person, n) for person, n in session.execute(_in_scope(stmt, all_news))]


def person_by_slug(session: Session, *, slug: str) -> Person | None:
    if not _storable(slug):
        return None
    stmt = select(Person).where(Person.slug == slug).options(selectinload(Person.country))
    return session.scalars(stmt).first()


def mentions_of(session: Session, *, person_id: int, all_news: bool = False,
                limit: int = LISTED, offset: int = 0, with_body: bool = False) -> list[Mention]:
    """Articles naming a person, newest first (`limit` of them after the first `offset`), with
    the role each gives them."""
    stmt = (
        select(Mention)
        .join(Article)
        .where(Mention.person_id == person_id)
        .options(selectinload(Mention.article).options(
            # a page lists titles and partner codes; a feed (with bodies) also names the
            # partners and the source
            *([selectinload(Article.partner_links).selectinload(ArticleCountry.country),
               selectinload(Article.source)] if with_body
              else [load_only(*LISTING_COLUMNS), selectinload(Article.partner_links)])))
        .order_by(Article.published.desc().nulls_last(), Article.permalink)
    )
    return list(session.scalars(_in_scope(stmt, all_news).limit(limit).offset(offset)))


def articles_by_permalinks(session: Session, *, permalinks: list[str], with_body: bool = False
                           ) -> list[Article]:
    """Articles in the order of `permalinks` (bodies only if asked); unknown ones left out."""
    if not permalinks:
        return []
    stmt = _with_links(select(Article)) if with_body else _listing(select(Article))
    stmt = stmt.where(Article.permalink.in_(permalinks))
    found = {a.permalink: a for a in session.scalars(stmt)}
    return [found[p] for p in permalinks if p in found]


def _in_list(*columns, key):
    """`SELECT columns WHERE key IN (…)`, built once (at import): these run on every search
    page, and building the statement each time cost as much as running it."""
    return select(*columns).where(key.in_(bindparam("keys", expanding=True)))


BODIES = _in_list(Article.permalink, Article.body, key=Article.permalink)
PERSON_NAMES = _in_list(Person.slug, Person.name_th, Person.name_en, key=Person.slug)
COUNTRY_NAMES = _in_list(Country.code, Country.name_en, Country.name_th, key=Country.code)


def bodies_by_permalink(session: Session, *, permalinks: list[str]) -> dict[str, str]:
    return {permalink: body for permalink, body in session.execute(BODIES, {"keys": list(permalinks)})}


def citations_by_permalink(session: Session, *, permalinks: list[str]) -> dict[str, tuple]:
    """(source URL, date) of a page of search hits: what the index does not store."""
    stmt = select(Article.permalink, Article.source_url, Article.published).where(
        Article.permalink.in_(permalinks))
    return {permalink: (url, published) for permalink, url, published in session.execute(stmt)}


def people_by_slug(session: Session, *, slugs: list[str]) -> dict[str, Row]:
    """The names of people (rows of slug, name_th, name_en), not Person objects: a search page
    shows the names of the people in its facets, and building ORM objects for them cost more
    than reading them."""
    slugs = [s for s in slugs if _storable(s)]
    if not slugs:
        return {}
    return {row.slug: row for row in session.execute(PERSON_NAMES, {"keys": slugs})}


def countries_by_code(session: Session, *, codes: set[str]) -> dict[str, Row]:
    """The names of countries (rows of code, name_en, name_th), as `people_by_slug`."""
    codes = [c for c in codes if _storable(c)]
    if not codes:
        return {}
    return {row.code: row for row in session.execute(COUNTRY_NAMES, {"keys": codes})}


def stored_record(session: Session, *, origin: str) -> dict | None:
    """What the archive stored for one file, in the shape of `pipeline.record_for` (which
    analyses the file afresh), so that stored verdicts can be scored like `inspect` output.

    A repost resolves to the article it repeats (its verdict is that article's), with `origin`
    kept as asked. `cyber_terms` is absent: the database does not keep it.
    """
    stmt = select(Article).options(selectinload(Article.partner_links), selectinload(Article.source))
    article = session.scalars(stmt.where(Article.origin == origin)).first()
    if article is None:
        stmt = stmt.join(Duplicate, Duplicate.article_id == Article.id)
        article = session.scalars(stmt.where(Duplicate.origin == origin)).first()
    if article is None:
        return None
    mentions = session.scalars(
        select(Mention)
        .where(Mention.article_id == article.id)
        .options(selectinload(Mention.person))
        .order_by(literal_column(f"mentions.{_insertion_order(session)}"))
    )
    return {
        "origin": origin,
        "permalink": article.permalink,
        "title": article.title,
        "date": PartialDate(article.published, article.date_precision).iso,
        "date_precision": article.date_precision,
        "lang": article.lang,
        "source_url": article.source_url,
        "source": article.source.name if article.source else None,
        "relevant": bool(article.relevant),
        "score": article.relevance_score,
        "evidence": list(article.evidence or []),
        "partners": article.partner_codes,
        "people": [_person_record(m) for m in mentions],
        "warnings": [],
    }


def _insertion_order(session: Session) -> str:
    """The column that orders rows as inserted, here the order extraction found the people:
    SQLite's rowid; on PostgreSQL the row's place in the table (ctid), which follows insertion
    for rows an ingest wrote once (a row updated since moves to the end)."""
    return "rowid" if session.get_bind().dialect.name == "sqlite" else "ctid"


def _person_record(mention: Mention) -> dict:
    """The name as the article wrote it, in its script; the other script from the person row."""
    person, written = mention.person, mention.name_as_written
    if THAI_LETTER.search(written):
        name_th, name_en = written, person.name_en
    else:
        name_th, name_en = person.name_th, written
    return {"name_th": name_th, "name_en": name_en, "role": mention.role,
            "country": person.country_code}


def articles_per_year(session: Session, *, code: str, all_news: bool = False
                      ) -> tuple[dict[int, int], int]:
    """A partner's articles counted by year of publication, and how many have no date."""
    year = extract("year", Article.published)
    stmt = (select(year, func.count()).join(ArticleCountry)
            .where(ArticleCountry.country_code == code.upper()).group_by(year))
    counts = dict(session.execute(_in_scope(stmt, all_news)).all())
    undated = counts.pop(None, 0)
    return {int(y): n for y, n in counts.items()}, undated


def people_with_partner(session: Session, *, code: str, all_news: bool = False
                        ) -> list[tuple[Row, int]]:
    """People named in a partner's articles, with how many articles name them, most first. A
    person is a row of what a listing shows (slug, names, country code), not a Person: a
    country's page lists up to hundreds of people, and building objects for them was a tenth of
    the page."""
    count = func.count(Mention.article_id)
    stmt = (
        select(Person.slug, Person.name_th, Person.name_en, Person.country_code, count)
        .join(Mention, Mention.person_id == Person.id)
        .join(ArticleCountry, ArticleCountry.article_id == Mention.article_id)
        .where(ArticleCountry.country_code == code.upper())
        .group_by(Person.id)
        .order_by(count.desc(), Person.slug)
    )
    stmt = stmt if all_news else stmt.where(Mention.article_id.in_(_relevant_ids()))
    return [(PersonRow(*row[:4]), row[4]) for row in session.execute(stmt)]


def counterparts_of(session: Session, *, person: Person, all_news: bool = False,
                    limit: int = 30) -> list[tuple[Person, int]]:
    """People of another country named in the same articles as `person` (the people they met,
    as far as the press says), with how many articles name both, most first."""
    theirs = select(Mention.article_id).where(Mention.person_id == person.id)
    if not all_news:
        theirs = theirs.where(Mention.article_id.in_(_relevant_ids()))
    count = func.count(Mention.article_id)
    stmt = (
        select(Person, count)
        .join(Mention, Mention.person_id == Person.id)
        .where(Mention.article_id.in_(theirs), Person.id != person.id)
        .options(selectinload(Person.country))  # the page names each one's country
        .group_by(Person.id)
        .order_by(count.desc(), Person.slug)
        .limit(limit)
    )
    if person.country_code:
        stmt = stmt.where(Person.country_code.is_not(None),
                          Person.country_code != person.country_code)
    return [(person, n) for person, n in session.execute(stmt)]


def spellings_of(session: Session, *, person_id: int) -> list[str]:
    """The ways articles wrote a person's name, most used first."""
    count = func.count()
    stmt = (select(Mention.name_as_written, count).where(Mention.person_id == person_id)
            .group_by(Mention.name_as_written).order_by(count.desc(), Mention.name_as_written))
    return [name for name, _n in session.execute(stmt)]


SAME_EVENT_DAYS = 3  # reports of one meeting in two languages are dated at most this far apart
NEARBY_DAYS = 366  # related articles are looked for within a year of the article


@functools.cache
def _candidates_stmt(same_event: bool):
    """Articles sharing a partner or a person with an article (`aid`, whose partners are `codes`
    and people `people`), among the relevant ones dated `near_lo`..`near_hi` and, if
    `same_event`, all those dated `event_lo`..`event_hi`: (id, published, lang, relevant, shared
    partners, shared people). Built once per shape with bound parameters: building and
    compiling the statement anew cost more than running it."""
    near = select(Article.id).where(
        Article.relevant.is_(True),
        Article.published.between(bindparam("near_lo"), bindparam("near_hi")))
    if same_event:
        near = union(near, select(Article.id).where(
            Article.published.between(bindparam("event_lo"), bindparam("event_hi"))))
    partners = (select(ArticleCountry.article_id.label("id"), literal_column("1").label("partner"),
                       literal_column("0").label("person"))
                .where(ArticleCountry.country_code.in_(bindparam("codes", expanding=True)),
                       ArticleCountry.article_id.in_(near)))
    people = (select(Mention.article_id.label("id"), literal_column("0").label("partner"),
                     literal_column("1").label("person"))
              .where(Mention.person_id.in_(bindparam("people", expanding=True)),
                     Mention.article_id.in_(near)))
    shared = union_all(partners, people).subquery()
    # Relevance from the index of relevant ids, not the row: `relevant` comes after the body.
    return (
        select(Article.id, Article.published, Article.lang, Article.id.in_(_relevant_ids()),
               func.sum(shared.c.partner), func.sum(shared.c.person))
        .join(shared, shared.c.id == Article.id)
        .where(Article.id != bindparam("aid"), Article.published.is_not(None))
        .group_by(Article.id, Article.published, Article.lang)
    )


def _is_dated_event(article: Article) -> bool:
    """Whether reports of the same event can be looked for: a day and a partner to match."""
    return (article.published is not None and article.date_precision == "day"
            and bool(article.partner_codes))


def _candidates(session: Session, article: Article, same_event: bool) -> list[tuple]:
    """One query for both lists of the article page: the relevant articles within NEARBY_DAYS
    and (if `same_event`) all within SAME_EVENT_DAYS that share a partner or a person."""
    day = article.published
    params = {
        "aid": article.id, "codes": article.partner_codes,
        "people": [m.person_id for m in article.mentions],
        "near_lo": day - timedelta(days=NEARBY_DAYS), "near_hi": day + timedelta(days=NEARBY_DAYS),
    }
    if same_event:
        params.update(event_lo=day - timedelta(days=SAME_EVENT_DAYS),
                      event_hi=day + timedelta(days=SAME_EVENT_DAYS))
    return list(session.execute(_candidates_stmt(same_event), params))


def _other_language_ids(article: Article, candidates: list[tuple], limit: int) -> list[int]:
    """Reports of the same event in the other language: same partner, a date a few days apart
    at most, and a person in common (or, for articles naming nobody, the same day)."""
    found = []
    for _id, published, lang, _relevant, partners, people in candidates:
        apart = abs((published - article.published).days)
        if (apart <= SAME_EVENT_DAYS and lang != article.lang and partners
                and (people or (apart <= 1 and not article.mentions))):
            found.append(((-people, apart, -partners, _id), _id))
    return [i for _key, i in sorted(found)[:limit]]


def _related_ids(article: Article, candidates: list[tuple], exclude, limit: int) -> list[int]:
    """Relevant articles nearest in subject and time: people and partners in common, then the
    closest date."""
    found = []
    for _id, published, _lang, relevant, partners, people in candidates:
        apart = abs((published - article.published).days)
        if relevant and apart <= NEARBY_DAYS and _id not in exclude:
            found.append((-(2 * people + partners) + apart / NEARBY_DAYS, _id))
    return [i for _key, i in sorted(found)[:limit]]


def other_language_reports(session: Session, *, article: Article, limit: int = 3
                           ) -> list[Article]:
    """Reports of the same event in the other language: same partner, a date a few days apart
    at most, and a person in common (or, for articles naming nobody, the same day)."""
    if not _is_dated_event(article):
        return []
    ids = _other_language_ids(article, _candidates(session, article, True), limit)
    return _articles_in_order(session, ids)


def related_articles(session: Session, *, article: Article, exclude: set[int] = frozenset(),
                     limit: int = 5) -> list[Article]:
    """Relevant articles nearest in subject and time: people and partners in common, then the
    closest date."""
    if article.published is None:
        return []
    ids = _related_ids(article, _candidates(session, article, False), exclude, limit)
    return _articles_in_order(session, ids)


def article_neighbours(session: Session, *, article: Article, other_limit: int = 3,
                       related_limit: int = 5) -> tuple[list[Article], list[Article]]:
    """The article page's two lists, `other_language_reports` and then `related_articles`
    (without those), from one candidate query and one fetch of the listed articles: a query
    per list and per relationship of the listed articles cost most of the page's time."""
    if article.published is None:
        return [], []
    same_event = _is_dated_event(article)
    candidates = _candidates(session, article, same_event)
    other = _other_language_ids(article, candidates, other_limit) if same_event else []
    related = _related_ids(article, candidates, set(other), related_limit)
    listed = _articles_by_id(session, other + related)
    return ([listed[i] for i in other if i in listed],
            [listed[i] for i in related if i in listed])


@functools.cache
def _listed_stmt():
    """A listed article as an article's page shows it: the columns of its line (no body, no
    evidence) and its partners, in one query."""
    return (
        select(Article)
        .options(load_only(Article.permalink, Article.title, Article.published,
                           Article.date_precision, Article.lang, Article.relevant),
                 joinedload(Article.partner_links).joinedload(ArticleCountry.country))
        .where(Article.id.in_(bindparam("ids", expanding=True)))
    )


def _articles_by_id(session: Session, ids: list[int]) -> dict[int, Article]:
    if not ids:
        return {}
    return {a.id: a for a in session.scalars(_listed_stmt(), {"ids": ids}).unique()}


def _articles_in_order(session: Session, ids: list[int]) -> list[Article]:
    by_id = _articles_by_id(session, ids)
    return [by_id[i] for i in ids if i in by_id]
