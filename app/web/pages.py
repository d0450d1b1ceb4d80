"""The HTML pages: home, article, countries, people, search."""

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app import queries
from app.search.searcher import MAX_QUERY_CHARS, IndexMissing, search
from app.web.deps import SessionDep, SettingsDep

router = APIRouter()
MAX_PAGE = 1000


@dataclass(frozen=True)
class Scope:
    """Which articles a page lists: those judged relevant (the default) or all ingested news.

    Carried in the query string (`?scope=all`) so that every view is a plain, citable link."""

    all_news: bool = False
    counts: dict[str, int] | None = None  # {"relevant": n, "all": m} where cheap to count
    unit: str = "ingested article"  # what the counts count
    relevant_url: str = ""
    all_url: str = ""

    def link(self, path: str) -> str:
        """A link to another listing that stays in this scope."""
        return f"{path}?scope=all" if self.all_news else path


ScopeParam = Annotated[Literal["relevant", "all"], Query(description="relevant (default) or all")]


def all_news_param(scope: ScopeParam = "relevant") -> bool:
    """An unknown scope is a 400, not a silent fallback: the page would not show what was asked."""
    return scope == "all"


AllNewsDep = Annotated[bool, Depends(all_news_param)]


def make_scope(
    request: Request, all_news: bool, counts: dict[str, int] | None, unit: str = "ingested article"
) -> Scope:
    """The scope and the two links of its switch; other parameters are kept, except the page
    number (a page of one scope may not exist in the other)."""
    base = request.url.remove_query_params(["scope", "page"])
    all_url = base.include_query_params(scope="all")
    return Scope(all_news, counts, unit, _relative(base), _relative(all_url))


def _relative(url) -> str:
    return quote(url.path) + (f"?{url.query}" if url.query else "")


def render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, all_news: AllNewsDep):
    return render(request, "home.html", {
        "scope": make_scope(request, all_news, queries.scope_counts(session)),
        "articles": queries.latest_articles(session, limit=20, all_news=all_news),
        "partners": queries.partner_counts(session, all_news=all_news),
    })


@router.get("/articles/{permalink}", response_class=HTMLResponse)
def article_page(request: Request, session: SessionDep, permalink: str):
    article = queries.article_by_permalink(session, permalink=permalink)
    if article is None:
        original = queries.original_permalink(session, permalink=permalink)
        if original is not None:  # a repost's permalink: send readers (and links) to the article
            return RedirectResponse(f"/articles/{original}", status_code=301)
        raise HTTPException(404, "No article has this permalink.")
    return render(request, "article.html", {"article": article})


@router.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request, session: SessionDep, all_news: AllNewsDep):
    return render(request, "countries.html", {
        "scope": make_scope(request, all_news, queries.scope_counts(session)),
        "partners": queries.partner_counts(session, all_news=all_news),
    })


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, session: SessionDep, code: str, all_news: AllNewsDep):
    country = queries.country_by_code(session, code=code) if len(code) == 2 else None
    if country is None:
        raise HTTPException(404, "No country has this code.")
    return render(request, "country.html", {
        "scope": make_scope(request, all_news, queries.scope_counts(session, country=country.code)),
        "country": country,
        "articles": queries.articles_with_partner(session, code=country.code, all_news=all_news),
    })


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, session: SessionDep, all_news: AllNewsDep):
    return render(request, "people.html", {
        "scope": make_scope(request, all_news, queries.scope_counts(session)),
        "people": queries.people_with_counts(session, all_news=all_news),
    })


@router.get("/people/{slug}", response_class=HTMLResponse)
def person_page(request: Request, session: SessionDep, slug: str, all_news: AllNewsDep):
    person = queries.person_by_slug(session, slug=slug)
    if person is None:
        raise HTTPException(404, "No person has this name.")
    return render(request, "person.html", {
        "scope": make_scope(request, all_news, queries.scope_counts(session, person_id=person.id)),
        "person": person,
        "mentions": queries.mentions_of(session, person_id=person.id, all_news=all_news),
    })


LINK_DEFAULTS = {"sort": "relevance", "expand": "on", "page": 1}  # left out of links
FACET_PARAMS = {"countries": "country", "people": "person", "year": "year", "lang": "lang",
                "source": "source"}


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    all_news: AllNewsDep,
    q: str = Query("", max_length=MAX_QUERY_CHARS * 4),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    sort: Literal["relevance", "date"] = "relevance",
    expand: Literal["on", "off"] = "on",
    country: str | None = Query(None, pattern="^[A-Za-z]{2}$"),
    person: str | None = Query(None, max_length=200, pattern=r"^[\w.-]+$"),
    year: int | None = Query(None, ge=1900, le=2200),
    lang: Literal["th", "en"] | None = None,
    source: str | None = Query(None, max_length=200),
):
    """Every filter, the sort order, the scope and expansion live in the query string, so a
    search can be cited; links on the page change one of them and keep the rest."""
    error = None
    try:
        results = search(
            settings, q, page=page, page_size=settings.page_size, all_news=all_news,
            sort=sort, expand=expand == "on", country=country, person=person, year=year,
            lang=lang, source=source,
            bodies=lambda links: queries.bodies_by_permalink(session, permalinks=links),
        )
    except IndexMissing as exc:
        results, error = None, str(exc)
    codes = {c for hit in (results.hits if results else []) for c in hit.countries}
    codes |= {code for code, _n in (results.facets.get("countries", []) if results else [])}
    if country:
        codes.add(country.upper())
    slugs = [slug for slug, _n in (results.facets.get("people", []) if results else [])]
    if results and results.query:
        scope = make_scope(request, all_news, results.scope_totals or None, unit="matching article")
    else:
        scope = make_scope(request, all_news, queries.scope_counts(session))
    return render(request, "search.html", {
        "scope": scope,
        "q": q,
        "results": results,
        "error": error,
        "countries": queries.countries_by_code(session, codes=codes),
        "people": queries.people_by_slug(session, slugs=slugs + ([person] if person else [])),
        "link": _link_maker(request),
        "facet_params": FACET_PARAMS,
        "param_facets": {param: name for name, param in FACET_PARAMS.items()},
    })


def _link_maker(request: Request):
    """`link(sort="date")`: this search's URL with some parameters changed (None removes one).
    Any change but paging goes back to the first page. The query string is parsed once per
    page, not once per link (a results page has a hundred facet links)."""
    path = quote(request.url.path)
    current = parse_qsl(request.url.query, keep_blank_values=True)

    def link(**changes) -> str:
        items = current if "page" in changes else [(k, v) for k, v in current if k != "page"]
        for key, value in changes.items():
            items = [(k, v) for k, v in items if k != key]
            if value is not None and LINK_DEFAULTS.get(key) != value:
                items.append((key, str(value)))
        return path + (f"?{urlencode(items)}" if items else "")

    return link
