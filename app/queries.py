"""Small read functions shared by pages, the CLI and tests (keyword-only arguments)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import Article, ArticleCountry, Country, Mention, Person


def _with_links(stmt):
    return stmt.options(
        selectinload(Article.partner_links).selectinload(ArticleCountry.country),
        selectinload(Article.mentions).selectinload(Mention.person),
        selectinload(Article.source),
    )


def _newest_first(stmt):
    return stmt.order_by(Article.published.desc().nulls_last(), Article.permalink)


def latest_articles(session: Session, *, limit: int = 20) -> list[Article]:
    return list(session.scalars(_newest_first(_with_links(select(Article))).limit(limit)))


def article_by_permalink(session: Session, *, permalink: str) -> Article | None:
    stmt = _with_links(select(Article).where(Article.permalink == permalink))
    return session.scalars(stmt).first()


def partner_counts(session: Session) -> list[tuple[Country, int]]:
    """Partner countries with how many articles name them, most first."""
    count = func.count(ArticleCountry.article_id)
    stmt = (
        select(Country, count)
        .join(ArticleCountry, ArticleCountry.country_code == Country.code)
        .group_by(Country.code)
        .order_by(count.desc(), Country.name_en)
    )
    return [(country, n) for country, n in session.execute(stmt)]


def country_by_code(session: Session, *, code: str) -> Country | None:
    return session.get(Country, code.upper())


def articles_with_partner(session: Session, *, code: str) -> list[Article]:
    stmt = select(Article).join(ArticleCountry).where(ArticleCountry.country_code == code.upper())
    return list(session.scalars(_newest_first(_with_links(stmt))))


def people_with_counts(session: Session) -> list[tuple[Person, int]]:
    count = func.count(Mention.article_id)
    stmt = (
        select(Person, count)
        .join(Mention)
        .options(selectinload(Person.country))
        .group_by(Person.id)
        .order_by(count.desc(), Person.slug)
    )
    return [(person, n) for person, n in session.execute(stmt)]


def person_by_slug(session: Session, *, slug: str) -> Person | None:
    stmt = select(Person).where(Person.slug == slug).options(selectinload(Person.country))
    return session.scalars(stmt).first()


def mentions_of(session: Session, *, person_id: int) -> list[Mention]:
    """The articles naming a person, newest first, with the role each gives them."""
    stmt = (
        select(Mention)
        .join(Article)
        .where(Mention.person_id == person_id)
        .options(selectinload(Mention.article).selectinload(Article.partner_links))
        .order_by(Article.published.desc().nulls_last(), Article.permalink)
    )
    return list(session.scalars(stmt))


def bodies_by_permalink(session: Session, *, permalinks: list[str]) -> dict[str, str]:
    stmt = select(Article.permalink, Article.body).where(Article.permalink.in_(permalinks))
    return {permalink: body for permalink, body in session.execute(stmt)}


def countries_by_code(session: Session, *, codes: set[str]) -> dict[str, Country]:
    if not codes:
        return {}
    return {c.code: c for c in session.scalars(select(Country).where(Country.code.in_(codes)))}
