"""Database rows as the JSON models of `schemas` (URLs are site paths, language-neutral)."""

from app.models import Article, Country, Person
from app.web import schemas
from app.web.formatting import evidence_label


def country_ref(country: Country) -> schemas.CountryRef:
    return schemas.CountryRef(code=country.code, name_en=country.name_en,
                              name_th=country.name_th, url=f"/countries/{country.code.lower()}")


def person_ref(person: Person) -> schemas.PersonRef:
    return schemas.PersonRef(slug=person.slug, name_th=person.name_th, name_en=person.name_en,
                             country=person.country_code, url=f"/people/{person.slug}")


def article_ref(article: Article) -> schemas.ArticleRef:
    return schemas.ArticleRef(
        permalink=article.permalink, url=f"/articles/{article.permalink}", title=article.title,
        lang=article.lang, published=article.published, date_precision=article.date_precision,
        relevant=bool(article.relevant), partners=article.partner_codes)


def scope(scope) -> schemas.Scope:
    return schemas.Scope(all_news=scope.all_news, counts=scope.counts)


def counted(pairs, ref) -> list:
    return [(ref(item), n) for item, n in pairs]


def evidence(items: list[dict]) -> list[schemas.Evidence]:
    return [schemas.Evidence(kind=e.get("kind", ""), label=evidence_label(e.get("kind", "")),
                             text=e.get("text"), detail=e.get("detail")) for e in items or []]
