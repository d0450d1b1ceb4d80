"""The HTML pages (each also JSON): home, article, countries, a country, a comparison of two,
people, a person."""

from dataclasses import dataclass
from datetime import date
from math import ceil
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from app import queries, reference
from app.models import Article
from app.web import schemas, serialize
from app.web.charts import year_chart
from app.web.citations import CitedArticle, bibtex, csl_json, ris
from app.web.citations import reference_text as citation_text
from app.web.deps import SessionDep
from app.web.formatting import N_
from app.web.links import absolute, lang_of, prefix_of, with_prefix
from app.web.render import page_route, respond
from app.web.routing import GetHeadRouter
from app.web.scope import Scope

router = GetHeadRouter()


ScopeParam = Annotated[Literal["relevant", "all"], Query(description="relevant (default) or all")]


async def all_news_param(scope: ScopeParam = "relevant") -> bool:
    """An unknown scope is a 400, not a silent fallback: the page would not show what was asked.
    (A coroutine, as the dependencies in app.web.deps: no thread-pool hand-over.)"""
    return scope == "all"


AllNewsDep = Annotated[bool, Depends(all_news_param)]


def make_scope(
    request: Request, all_news: bool, counts: dict[str, int] | None, unit: str = "ingested article"
) -> Scope:
    """The scope and the two links of its switch; other parameters are kept, except the page
    number (a page of one scope may not exist in the other)."""
    base = request.url.remove_query_params(["scope", "page"])
    all_url = base.include_query_params(scope="all")
    prefix = prefix_of(request)
    return Scope(all_news, counts, unit, prefix + _relative(base), prefix + _relative(all_url),
                 prefix)


def _relative(url) -> str:
    return quote(url.path) + (f"?{url.query}" if url.query else "")


@page_route(router, "/", schemas.HomePage, "Latest articles and partner countries")
def home(request: Request, session: SessionDep, all_news: AllNewsDep):
    scope = make_scope(request, all_news, queries.scope_counts(session))
    articles = queries.latest_articles(session, limit=20, all_news=all_news)
    partners = queries.partner_counts(session, all_news=all_news)
    return respond(request, "home.html", {"scope": scope, "articles": articles, "partners": partners},
                   lambda: schemas.HomePage(
                       scope=serialize.scope(scope),
                       latest=[serialize.article_ref(a) for a in articles],
                       partners=serialize.counted(partners, serialize.country_ref)))


CITATION_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", ris),
    "csl.json": ("application/vnd.citationstyles.csl+json; charset=utf-8", csl_json),
}


def _article_or_redirect(session, request: Request, permalink: str, suffix: str = ""):
    """The article, or a 301 from a repost's permalink to its original (keeping the format and
    the language prefix): a repost is not an article of its own, but its link may be cited."""
    article = queries.article_by_permalink(session, permalink=permalink)
    if article is not None:
        return article
    original = queries.original_permalink(session, permalink=permalink)
    if original is not None:
        return moved_to(request, f"/articles/{original}{suffix}")
    raise HTTPException(404, N_("No article has this permalink."))


def moved_to(request: Request, path: str) -> RedirectResponse:
    """A 301 to `path`, keeping the language prefix and the query string of the request."""
    target = with_prefix(request, path)
    if request.url.query:
        target += f"?{request.url.query}"
    return RedirectResponse(target, status_code=301)


def _cited(request: Request, article: Article) -> CitedArticle:
    return CitedArticle.of(article, absolute(request, f"/articles/{article.permalink}"),
                           date.today())


def _citation_route(extension: str):
    media_type, write = CITATION_FORMATS[extension]

    def citation(request: Request, session: SessionDep, permalink: str):
        article = _article_or_redirect(session, request, permalink, f".{extension}")
        if isinstance(article, Response):
            return article
        filename = f"archive-{article.permalink}.{extension}"
        return Response(write(_cited(request, article)), media_type=media_type,
                        headers={"content-disposition": f'attachment; filename="{filename}"'})

    citation.__name__ = f"article_citation_{extension.replace('.', '_')}"
    return citation


# The citation formats first: `/articles/{permalink}` would also match `abc.bib`.
for _extension, (_media_type, _write) in CITATION_FORMATS.items():
    router.get(f"/articles/{{permalink}}.{_extension}", tags=["Citations"],
               summary=f"Cite an article ({_extension})",
               response_class=Response,
               responses={200: {"content": {_media_type.split(";")[0]: {}}}},
               )(_citation_route(_extension))


@page_route(router, "/articles/{permalink}", schemas.ArticlePage, "An article")
def article_page(request: Request, session: SessionDep, permalink: str):
    suffix = ".json" if request.url.path.endswith(".json") else ""
    article = _article_or_redirect(session, request, permalink, suffix)
    if isinstance(article, Response):
        return article
    other, related = queries.article_neighbours(session, article=article)
    cited = _cited(request, article)
    citation = citation_text(cited, lang_of(request))
    return respond(request, "article.html", {
        "article": article, "other_language": other, "related": related, "citation": citation,
    }, lambda: schemas.ArticlePage(
        article=serialize.article_ref(article), body=article.body,
        source=article.source.name if article.source else None, source_url=article.source_url,
        relevance_score=article.relevance_score, evidence=serialize.evidence(article.evidence),
        people=[schemas.MentionOut(person=serialize.person_ref(m.person),
                                   name_as_written=m.name_as_written, role=m.role)
                for m in article.mentions],
        partners=[serialize.country_ref(link.country) for link in article.partner_links],
        other_language=[serialize.article_ref(a) for a in other],
        related=[serialize.article_ref(a) for a in related],
        also_published_as=sorted({d.permalink for d in article.duplicates
                                  if d.permalink != article.permalink}),
        citation=schemas.Citation(text=citation, bibtex=bibtex(cited), ris=ris(cited),
                                  csl_json=csl_json(cited))))


@page_route(router, "/countries", schemas.CountriesPage, "Partner countries")
def countries_page(request: Request, session: SessionDep, all_news: AllNewsDep):
    scope = make_scope(request, all_news, queries.scope_counts(session))
    partners = queries.partner_counts(session, all_news=all_news)
    return respond(request, "countries.html", {"scope": scope, "partners": partners},
                   lambda: schemas.CountriesPage(
                       scope=serialize.scope(scope),
                       countries=serialize.counted(partners, serialize.country_ref)))


def country_or_404(session, code: str):
    country = queries.country_by_code(session, code=code) if len(code) == 2 else None
    if country is None:
        raise HTTPException(404, N_("No country has this code."))
    return country


MAX_LISTING_PAGE = 1000
ListingPageDep = Annotated[int, Query(ge=1, le=MAX_LISTING_PAGE,
                                      description=f"page of the article list, {queries.LISTED} "
                                                  "articles a page, newest first")]


@dataclass(frozen=True)
class Listing:
    """One page of a newest-first list of articles: every article of a partner or a person
    stays reachable, a page at a time."""

    total: int
    page: int = 1
    size: int = queries.LISTED

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def check(self) -> None:
        if self.page > self.pages:
            raise HTTPException(404, N_("This list has no page with that number."))

    def model(self) -> schemas.ListingPage:
        return schemas.ListingPage(total=self.total, page=self.page, pages=self.pages,
                                   size=self.size)


@dataclass
class CountrySummary:
    """What a country's page shows, also one column of the compare view."""

    country: object
    per_year: dict[int, int]
    undated: int
    thai_people: list
    partner_people: list
    articles: list
    listing: Listing
    chart: object = None

    @classmethod
    def load(cls, session, country, all_news: bool, page: int = 1, size: int = queries.LISTED):
        per_year, undated = queries.articles_per_year(session, code=country.code, all_news=all_news)
        listing = Listing(sum(per_year.values()) + undated, page, size)
        listing.check()
        people = queries.people_with_partner(session, code=country.code, all_news=all_news)
        return cls(country, per_year, undated,
                   [(p, n) for p, n in people if p.country_code == "TH"],
                   [(p, n) for p, n in people if p.country_code == country.code],
                   queries.articles_with_partner(session, code=country.code, all_news=all_news,
                                                 limit=size, offset=listing.offset),
                   listing)

    def model(self, scope) -> schemas.CountryPage:
        return schemas.CountryPage(
            scope=serialize.scope(scope), country=serialize.country_ref(self.country),
            per_year=[schemas.YearCount(year=y, articles=n) for y, n in sorted(self.per_year.items())],
            undated=self.undated,
            thai_people=serialize.counted(self.thai_people, serialize.person_ref),
            partner_people=serialize.counted(self.partner_people, serialize.person_ref),
            articles=[serialize.article_ref(a) for a in self.articles],
            listing=self.listing.model(),
            feed=f"/countries/{self.country.code.lower()}/feed.atom")


# Before `/countries/{code}`, which would take "compare" for a code.
@page_route(router, "/countries/compare", schemas.ComparePage, "Two partner countries side by side",
            responses={307: {"description": "The same country twice: its own page"}})
def compare_page(
    request: Request, session: SessionDep, all_news: AllNewsDep,
    a: str = Query(..., pattern="^[A-Za-z]{2}$", description="first country code"),
    b: str = Query(..., pattern="^[A-Za-z]{2}$", description="second country code"),
):
    if a.upper() == b.upper():  # a country beside itself is its own page
        path = request.url.path.replace("/countries/compare", f"/countries/{a.lower()}")
        scope = "?scope=all" if all_news else ""
        return RedirectResponse(with_prefix(request, path) + scope, status_code=307)
    summaries = [CountrySummary.load(session, country_or_404(session, code), all_news, size=10)
                 for code in (a, b)]
    years = [y for s in summaries for y in s.per_year]
    span = range(min(years), max(years) + 1) if years else range(0)
    top = max((n for s in summaries for n in s.per_year.values()), default=1)
    for summary in summaries:  # one scale for both, so the bars compare
        summary.chart = year_chart(summary.per_year, span, top)
    scope = make_scope(request, all_news, None)
    return respond(request, "compare.html", {
        "scope": scope, "summaries": summaries,
        "partners": queries.partner_counts(session, all_news=all_news),
    }, lambda: schemas.ComparePage(scope=serialize.scope(scope),
                                   countries=[s.model(scope) for s in summaries]))


@page_route(router, "/countries/{code}", schemas.CountryPage, "A partner country")
def country_page(request: Request, session: SessionDep, code: str, all_news: AllNewsDep,
                 page: ListingPageDep = 1):
    country = country_or_404(session, code)
    summary = CountrySummary.load(session, country, all_news, page)
    summary.chart = year_chart(summary.per_year)
    scope = make_scope(request, all_news, queries.scope_counts(session, country=country.code))
    return respond(request, "country.html", {
        "scope": scope, "summary": summary, "country": country,
        "partners": queries.partner_counts(session, all_news=all_news),
    }, lambda: summary.model(scope))


@page_route(router, "/people", schemas.PeoplePage, "Ministers and officials")
def people_page(request: Request, session: SessionDep, all_news: AllNewsDep):
    scope = make_scope(request, all_news, queries.scope_counts(session))
    people = queries.people_with_counts(session, all_news=all_news)
    return respond(request, "people.html", {"scope": scope, "people": people},
                   lambda: schemas.PeoplePage(
                       scope=serialize.scope(scope),
                       people=serialize.counted(people, serialize.person_ref)))


def person_or_redirect(session, request: Request, slug: str, suffix: str = ""):
    """The person, or a 301 to their new slug when this one was retired (e.g. a person first
    known by their name as written who joined the reference list under an id)."""
    person = queries.person_by_slug(session, slug=slug)
    if person is not None:
        return person
    current = queries.renamed_slug(session, slug=slug)
    if current is not None:
        return moved_to(request, f"/people/{quote(current)}{suffix}")
    raise HTTPException(404, N_("No person has this name."))


def _known(slug: str):
    """The reference list's entry for a person, or None."""
    return next((p for p in reference.known_people() if p.slug == slug), None)


def offices_of(slug: str) -> list[schemas.Office]:
    known = _known(slug)
    return [schemas.Office(role_en=o.role_en or "", role_th=o.role_th or "",
                           start=o.start, end=o.end) for o in (known.offices if known else ())]


def spellings(session, person) -> list[str]:
    """Every spelling of the name: the reference list's variants and the articles' own."""
    known = _known(person.slug)
    names = [*(known.variants if known else ()), *queries.spellings_of(session, person_id=person.id)]
    main = {person.name_th, person.name_en}
    return [n for n in dict.fromkeys(names) if n not in main]


@page_route(router, "/people/{slug}", schemas.PersonPage, "A minister or official")
def person_page(request: Request, session: SessionDep, slug: str, all_news: AllNewsDep,
                page: ListingPageDep = 1):
    suffix = ".json" if request.url.path.endswith(".json") else ""
    person = person_or_redirect(session, request, slug, suffix)
    if isinstance(person, Response):
        return person
    counts = queries.scope_counts(session, person_id=person.id)
    listing = Listing(counts["all" if all_news else "relevant"], page)
    listing.check()
    scope = make_scope(request, all_news, counts)
    mentions = queries.mentions_of(session, person_id=person.id, all_news=all_news,
                                   offset=listing.offset)
    counterparts = queries.counterparts_of(session, person=person, all_news=all_news)
    offices, names = offices_of(person.slug), spellings(session, person)
    return respond(request, "person.html", {
        "scope": scope, "person": person, "mentions": mentions, "counterparts": counterparts,
        "offices": offices, "spellings": names, "listing": listing,
    }, lambda: schemas.PersonPage(
        scope=serialize.scope(scope), person=serialize.person_ref(person), spellings=names,
        offices=offices, counterparts=serialize.counted(counterparts, serialize.person_ref),
        articles=[serialize.article_ref(m.article) for m in mentions], listing=listing.model(),
        feed=f"/people/{person.slug}/feed.atom"))
