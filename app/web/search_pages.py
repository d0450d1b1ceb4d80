"""The search page (HTML or JSON), its exports (CSV, JSON: every hit, not one page) and its feed."""

import csv
import io
from typing import Annotated, Literal, NamedTuple
from urllib.parse import parse_qsl, quote, quote_plus

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from app import queries
from app.ingest.dates import BUDDHIST_ERA_OFFSET
from app.search.searcher import MAX_QUERY_CHARS, RELEVANT_WEIGHT, IndexMissing, search
from app.web import schemas, serialize
from app.web.deps import SessionDep, SettingsDep
from app.web.feeds import atom_response
from app.web.formatting import N_
from app.web.links import prefix_of, with_prefix
from app.web.pages import AllNewsDep, make_scope
from app.web.parameters import BUDDHIST_YEARS, YEARS, GregorianYearRedirect, out_of_range
from app.web.render import page_route, respond
from app.web.routing import GetHeadRouter

router = GetHeadRouter()
MAX_PAGE = 1000
MAX_PAGE_SIZE = 100  # hits per page; an export is the way to get them all
FEED_SIZE = 50

LINK_DEFAULTS = {"sort": "relevance", "expand": "on", "spell": "on", "page": 1}  # left out of links
FACET_PARAMS = {"countries": "country", "people": "person", "year": "year", "lang": "lang",
                "source": "source"}


class SearchParams:
    """The query string of a search: every filter, the sort order, expansion and respelling
    (`spell=off`: the words as typed, even when no article has them), so that a search (and
    its export and feed) can be cited."""

    def __init__(self, q: str, sort: str, expand: str, filters: dict, spell: str = "on"):
        self.q, self.sort, self.expand, self.filters, self.spell = q, sort, expand, filters, spell

    def run(self, settings, session, all_news: bool, page: int, page_size: int, *,
            sort: str | None = None, highlights: bool = True):
        return search(settings, self.q, page=page, page_size=page_size, all_news=all_news,
                      sort=sort or self.sort, expand=self.expand == "on", highlights=highlights,
                      respell=self.spell == "on",
                      bodies=(lambda links: queries.bodies_by_permalink(session, permalinks=links))
                      if highlights else None, **self.filters)


async def search_params(
    request: Request,
    q: str = Query("", max_length=MAX_QUERY_CHARS * 4),
    sort: Literal["relevance", "date"] = "relevance",
    expand: Literal["on", "off"] = "on",
    spell: Literal["on", "off"] = "on",
    country: str | None = Query(None, pattern="^[A-Za-z]{2}$"),
    person: str | None = Query(None, max_length=200, pattern=r"^[\w.-]+$"),
    year: int | None = Query(None, ge=YEARS[0], le=BUDDHIST_YEARS[-1], description=(
        f"{YEARS[0]}-{YEARS[-1]}; a Buddhist-era year ({BUDDHIST_YEARS[0]}-{BUDDHIST_YEARS[-1]}) "
        "redirects (301) to the same URL with its Gregorian year")),
    lang: Literal["th", "en"] | None = None,
    source: str | None = Query(None, max_length=200),
) -> SearchParams:
    """A coroutine, as the dependencies in app.web.deps: no thread-pool hand-over."""
    if year is not None and year not in YEARS:
        raise _outside_years(request, year)
    return SearchParams(q, sort, expand, {"country": country, "person": person, "year": year,
                                          "lang": lang, "source": source}, spell)


def _outside_years(request: Request, year: int) -> Exception:
    """What a year outside YEARS raises. A Buddhist-era year (what a Thai reader types: 2567)
    is the same search as its Gregorian year, so the reader is sent there for good (301: the
    eras' difference never changes); any other year is a 400."""
    if year not in BUDDHIST_YEARS:
        return out_of_range("year", year)
    query = request.url.include_query_params(year=year - BUDDHIST_ERA_OFFSET).query
    return GregorianYearRedirect(with_prefix(request, quote(request.url.path)) + f"?{query}")


SearchParamsDep = Annotated[SearchParams, Depends(search_params)]
YEAR_REDIRECT = {301: {"description": "A Buddhist-era `year`: the same URL with its Gregorian year"}}


def _articles(session, hits) -> dict:
    """The hits' rows: dates with their precision and source URLs are the database's (the
    index keeps a sortable day)."""
    found = queries.articles_by_permalinks(session, permalinks=[h.permalink for h in hits])
    return {a.permalink: a for a in found}


def _model(results, scope, params: SearchParams, request: Request, session,
           export_limit: int) -> schemas.SearchResultsPage:
    query_string = whole_search_query(request)
    rows = _articles(session, results.hits) if results else {}
    hits = [schemas.SearchHit(
        rank=(results.page - 1) * results.page_size + i + 1,
        article=serialize.article_ref(rows[h.permalink]),
        title_html=h.title_html, snippet_html=h.snippet_html, score=h.score, missing=h.missing)
        for i, h in enumerate(results.hits if results else []) if h.permalink in rows]
    return schemas.SearchResultsPage(
        scope=serialize.scope(scope), query=params.q, total=results.total if results else 0,
        page=results.page if results else 1, pages=results.pages if results else 0,
        sort=params.sort, filters={k: v for k, v in params.filters.items() if v is not None},
        suggestion=results.suggestion if results else None,
        expansions=[vars(e) for e in results.expansions] if results else [],
        hits=hits, facets=results.facets if results else {},
        feed=f"/search/feed.atom?{query_string}",
        exports={"csv": f"/search/export.csv?{query_string}",
                 "json": f"/search/export.json?{query_string}"}, export_limit=export_limit)


@page_route(router, "/search", schemas.SearchResultsPage, "Search", responses=YEAR_REDIRECT)
def search_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    all_news: AllNewsDep,
    params: SearchParamsDep,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    size: int | None = Query(None, ge=1, le=MAX_PAGE_SIZE,
                             description="hits per page (default: the archive's page size)"),
):
    """Links on the page change one parameter and keep the rest."""
    error = None
    try:
        results = params.run(settings, session, all_news, page, size or settings.page_size)
    except IndexMissing as exc:
        results, error = None, str(exc)
    codes = {c for hit in (results.hits if results else []) for c in hit.countries}
    codes |= {code for code, _n in (results.facets.get("countries", []) if results else [])}
    if params.filters["country"]:
        codes.add(params.filters["country"].upper())
    slugs = [slug for slug, _n in (results.facets.get("people", []) if results else [])]
    if results and results.query:
        scope = make_scope(request, all_news, results.scope_totals or None, unit="matching article")
    else:
        scope = make_scope(request, all_news, queries.scope_counts(session))
    person = params.filters["person"]
    link = link_maker(request)
    return respond(request, "search.html", {
        "scope": scope,
        "q": params.q,
        "results": results,
        "relevant_weight": f"{RELEVANT_WEIGHT:g}",
        "max_page": MAX_PAGE,
        "error": error,
        "countries": queries.countries_by_code(session, codes=codes),
        "people": queries.people_by_slug(session, slugs=slugs + ([person] if person else [])),
        "link": link,
        "facet_choices": facet_choices(results, link) if results else {},
        "query_string": whole_search_query(request),  # of the exports and the feed
        "export_limit": settings.export_limit,
        "param_facets": {param: name for name, param in FACET_PARAMS.items()},
    }, lambda: _model(results, scope, params, request, session, settings.export_limit))


def whole_search_query(request: Request) -> str:
    """This search's query string for its exports and feed: without `page` and `size`, which
    choose a page of results and do nothing to an export or a feed (a CSV link carrying
    `page=3` looked as if it held the third page only)."""
    return request.url.remove_query_params(["page", "size"]).query


class FacetChoice(NamedTuple):
    value: object
    count: int
    href: str  # this search narrowed to the value, or widened again when it is the filter
    selected: bool


def facet_choices(results, link) -> dict[str, list[FacetChoice]]:
    """Each facet's values with their links and whether each is the current filter: built here
    rather than in the template, where the forty-odd values of a page cost as much to render
    as the rest of it."""
    active = results.filters.active()
    choices = {}
    for name, values in results.facets.items():
        param = FACET_PARAMS[name]
        current = str(active.get(param)).upper()
        choices[name] = [
            FacetChoice(value, count, link(**{param: None}) if selected else link(**{param: value}),
                        selected)
            for value, count in values for selected in [str(value).upper() == current]]
    return choices


def link_maker(request: Request):
    """`link(sort="date")`: this search's URL with some parameters changed (None removes one).
    Any change but paging goes back to the first page. The query string is parsed and each of
    its parameters encoded once per page, not once per link (a results page has a hundred facet
    links; encoding them all anew was a fifth of its rendering)."""
    path = prefix_of(request) + quote(request.url.path)
    current = [(k, _encoded(k, v)) for k, v in parse_qsl(request.url.query, keep_blank_values=True)]

    def link(**changes) -> str:
        items = [pair for k, pair in current if k not in changes and k != "page"]
        items += [_encoded(key, str(value)) for key, value in changes.items()
                  if value is not None and LINK_DEFAULTS.get(key) != value]
        return path + (f"?{'&'.join(items)}" if items else "")

    return link


def _encoded(key: str, value: str) -> str:
    """One parameter as `urlencode` writes it."""
    return f"{quote_plus(key)}={quote_plus(value)}"


EXPORT_COLUMNS = ["rank", "permalink", "url", "title", "date", "date_precision", "lang",
                  "partners", "relevant", "score", "source_url"]


EXPORT_DESCRIPTION = """At most `ARCHIVE_EXPORT_LIMIT` hits (10,000 by default), best first. The
headers `X-Total-Count` (the search's hits) and `X-Exported-Count` (the rows) say when an export
was cut; the JSON also says so in `total`, `exported` and `truncated`."""


class Export(NamedTuple):
    """An export's rows and the search's count of hits: an export cut at the limit says so
    (the page's link, the JSON's fields, the CSV's headers) rather than pass for every hit."""

    rows: list[dict]
    total: int
    truncated: bool

    def headers(self, extension: str) -> dict[str, str]:
        return {"content-disposition": f'attachment; filename="search-results.{extension}"',
                "x-total-count": str(self.total), "x-exported-count": str(len(self.rows))}


def _export(request, session, settings, all_news, params) -> Export:
    limit = settings.export_limit
    results = params.run(settings, session, all_news, 1, limit, highlights=False)
    found = _articles(session, results.hits)
    site = str(request.base_url).rstrip("/")
    rows = []
    for hit in results.hits:
        article = found.get(hit.permalink)
        if article is None:  # removed since the index was built
            continue
        rows.append({
            "rank": len(rows) + 1, "permalink": hit.permalink,
            "url": f"{site}/articles/{hit.permalink}", "title": article.title,
            "date": article.published.isoformat() if article.published else "",
            "date_precision": article.date_precision, "lang": article.lang,
            "partners": " ".join(article.partner_codes), "relevant": bool(article.relevant),
            "score": round(hit.score, 4), "source_url": article.source_url or ""})
    return Export(rows, results.total, results.total > limit)


@router.get("/search/export.csv", tags=["Search exports"], response_class=Response,
            summary="Every hit of a search as CSV (UTF-8 with BOM, for spreadsheets)",
            description=EXPORT_DESCRIPTION,
            responses={200: {"content": {"text/csv": {}}}, **YEAR_REDIRECT})
def export_csv(request: Request, session: SessionDep, settings: SettingsDep,
               all_news: AllNewsDep, params: SearchParamsDep):
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets read UTF-8 (Thai titles) only with the BOM
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    export = _export(request, session, settings, all_news, params)
    writer.writerows(export.rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers=export.headers("csv"))


@router.get("/search/export.json", tags=["Search exports"],
            summary="Every hit of a search as JSON", description=EXPORT_DESCRIPTION,
            responses=YEAR_REDIRECT)
def export_json(request: Request, session: SessionDep, settings: SettingsDep,
                all_news: AllNewsDep, params: SearchParamsDep) -> JSONResponse:
    export = _export(request, session, settings, all_news, params)
    body = {"query": params.q, "scope": "all" if all_news else "relevant",
            "filters": {k: v for k, v in params.filters.items() if v is not None},
            "total": export.total, "exported": len(export.rows), "truncated": export.truncated,
            "results": export.rows}
    return JSONResponse(body, headers=export.headers("json"))


@router.get("/search/feed.atom", tags=["Feeds"], response_class=Response,
            summary="A search as an Atom feed, newest first",
            responses={200: {"content": {"application/atom+xml": {}}}, **YEAR_REDIRECT})
def search_feed(request: Request, session: SessionDep, settings: SettingsDep,
                all_news: AllNewsDep, params: SearchParamsDep):
    results = params.run(settings, session, all_news, 1, FEED_SIZE, sort="date", highlights=False)
    articles = queries.articles_by_permalinks(session, permalinks=[h.permalink for h in results.hits],
                                              with_body=True)
    query_string = whole_search_query(request)
    return atom_response(request, f"search?{query_string}", (N_("Search: %(query)s"), {"query": params.q}),
                         f"/search?{query_string}", articles)
