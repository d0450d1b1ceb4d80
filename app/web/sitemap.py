"""sitemap.xml: a sitemap index over the archive's pages in both languages, each URL listing its
other-language twin (hreflang), in files of at most 50,000 URLs as the protocol allows."""

from fastapi import HTTPException, Path, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from app import queries
from app.models import Article
from app.web.deps import SessionDep
from app.web.formatting import N_
from app.web.i18n import LANGS
from app.web.links import absolute
from app.web.routing import GetHeadRouter

router = GetHeadRouter()
PAGES_PER_FILE = 50_000 // len(LANGS)  # each page is listed once per language
MAX_FILES = 50_000  # the sitemaps.org limit on an index's entries
XML = "application/xml; charset=utf-8"
DOC = {200: {"content": {"application/xml": {}}}}


def _render(request: Request, template: str, **context) -> Response:
    body = request.app.state.templates.get_template(template).render(**context)
    return Response(body, media_type=XML)


def _relevant_articles(session):
    return (select(Article.permalink, Article.updated_at).where(Article.relevant.is_(True))
            .order_by(Article.id))


@router.get("/sitemap.xml", tags=["Sitemap"], response_class=Response, responses=DOC,
            summary="The sitemap index")
def sitemap_index(request: Request, session: SessionDep):
    count = session.scalar(select(func.count()).select_from(_relevant_articles(session).subquery()))
    files = ["/sitemaps/pages.xml"] + [
        f"/sitemaps/articles-{n}.xml" for n in range(1, -(-count // PAGES_PER_FILE) + 1)]
    return _render(request, "sitemap_index.xml", sitemaps=[absolute(request, f) for f in files])


def _entries(request: Request, paths: list[tuple[str, object]]) -> list[dict]:
    entries = []
    for path, updated in paths:
        versions = {lang: absolute(request, f"/{lang}{path}") for lang in LANGS}
        lastmod = updated.strftime("%Y-%m-%d") if updated else None
        entries += [{"loc": url, "versions": versions, "lastmod": lastmod}
                    for url in versions.values()]
    return entries


@router.get("/sitemaps/pages.xml", tags=["Sitemap"], response_class=Response, responses=DOC,
            summary="Listings, partner countries and people")
def sitemap_pages(request: Request, session: SessionDep):
    paths = ["/", "/countries", "/people"]
    paths += [f"/countries/{c.code.lower()}" for c, _n in queries.partner_counts(session)]
    paths += [f"/people/{p.slug}" for p, _n in queries.people_with_counts(session)]
    return _render(request, "sitemap.xml", entries=_entries(request, [(p, None) for p in paths]))


@router.get("/sitemaps/articles-{number}.xml", tags=["Sitemap"], response_class=Response,
            responses=DOC, summary="Articles judged relevant, in files of 25,000")
def sitemap_articles(request: Request, session: SessionDep,
                     number: int = Path(ge=1, le=MAX_FILES, description="file number, from 1")):
    rows = session.execute(_relevant_articles(session).offset((number - 1) * PAGES_PER_FILE)
                           .limit(PAGES_PER_FILE)).all()
    if not rows:
        raise HTTPException(404, N_("No such sitemap."))
    paths = [(f"/articles/{permalink}", updated) for permalink, updated in rows]
    return _render(request, "sitemap.xml", entries=_entries(request, paths))
