"""The HTML pages: home, article, countries, people, search."""

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from app import queries
from app.search.searcher import MAX_QUERY_CHARS, IndexMissing, search
from app.web.deps import SessionDep, SettingsDep

router = APIRouter()
MAX_PAGE = 1000


def render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep):
    return render(request, "home.html", {
        "articles": queries.latest_articles(session, limit=20),
        "partners": queries.partner_counts(session),
    })


@router.get("/articles/{permalink}", response_class=HTMLResponse)
def article_page(request: Request, session: SessionDep, permalink: str):
    article = queries.article_by_permalink(session, permalink=permalink)
    if article is None:
        raise HTTPException(404, "No article has this permalink.")
    return render(request, "article.html", {"article": article})


@router.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request, session: SessionDep):
    return render(request, "countries.html", {"partners": queries.partner_counts(session)})


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, session: SessionDep, code: str):
    country = queries.country_by_code(session, code=code) if len(code) == 2 else None
    if country is None:
        raise HTTPException(404, "No country has this code.")
    return render(request, "country.html", {
        "country": country,
        "articles": queries.articles_with_partner(session, code=country.code),
    })


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, session: SessionDep):
    return render(request, "people.html", {"people": queries.people_with_counts(session)})


@router.get("/people/{slug}", response_class=HTMLResponse)
def person_page(request: Request, session: SessionDep, slug: str):
    person = queries.person_by_slug(session, slug=slug)
    if person is None:
        raise HTTPException(404, "No person has this name.")
    return render(request, "person.html", {
        "person": person,
        "mentions": queries.mentions_of(session, person_id=person.id),
    })


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: str = Query("", max_length=MAX_QUERY_CHARS * 4),
    page: int = Query(1, ge=1, le=MAX_PAGE),
):
    error = None
    try:
        results = search(
            settings, q, page=page, page_size=settings.page_size,
            bodies=lambda links: queries.bodies_by_permalink(session, permalinks=links),
        )
    except IndexMissing as exc:
        results, error = None, str(exc)
    codes = {c for hit in (results.hits if results else []) for c in hit.countries}
    return render(request, "search.html", {
        "q": q,
        "results": results,
        "error": error,
        "countries": queries.countries_by_code(session, codes=codes),
    })
