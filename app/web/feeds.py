"""Atom feeds (RFC 4287) of a country's, a person's and a search's newest articles."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import Response

from app import queries
from app.web.deps import SessionDep
from app.web.formatting import N_
from app.web.i18n import translations
from app.web.links import absolute, lang_of, with_prefix
from app.web.pages import country_or_404, person_or_redirect
from app.web.routing import GetHeadRouter

router = GetHeadRouter()
FEED_SIZE = 50
ATOM = "application/atom+xml; charset=utf-8"
SUMMARY_CHARS = 400


def _rfc3339(value) -> str:
    if value is None:
        return "1970-01-01T00:00:00Z"
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_response(request: Request, name: str, title: tuple[str, dict], page_path: str,
                  articles: list) -> Response:
    """`title` is a message and its values, translated into the interface language. Entries
    link to permalinks; an entry's `updated` is when the archive last changed the article."""
    lang = lang_of(request)
    message, values = title
    heading = translations(lang).ugettext(message) % values
    templates = request.app.state.templates
    entries = [{
        "article": a,
        "url": absolute(request, f"/articles/{a.permalink}"),
        "published": _rfc3339(a.published),
        "updated": _rfc3339(a.updated_at or a.published),
        "summary": a.body[:SUMMARY_CHARS] + ("…" if len(a.body) > SUMMARY_CHARS else ""),
    } for a in articles]
    updated = max((e["updated"] for e in entries), default=_rfc3339(datetime.now(UTC)))
    body = templates.get_template("feed.xml").render(
        lang=lang, title=heading, feed_url=str(request.url), updated=updated, entries=entries,
        page_url=absolute(request, with_prefix(request, page_path)),
        archive=translations(lang).ugettext("Thailand cyber-cooperation archive"),
        feed_id=absolute(request, f"/feeds/{name}"))
    return Response(body, media_type=ATOM)


ATOM_DOC = {200: {"content": {"application/atom+xml": {}}}}


@router.get("/countries/{code}/feed.atom", tags=["Feeds"], response_class=Response,
            summary="A partner country's newest articles", responses=ATOM_DOC)
def country_feed(request: Request, session: SessionDep, code: str):
    country = country_or_404(session, code)
    articles = queries.articles_with_partner(session, code=country.code, limit=FEED_SIZE,
                                             with_body=True)
    name = country.name_th if lang_of(request) == "th" else country.name_en
    return atom_response(request, f"countries/{country.code.lower()}",
                         (N_("Thailand and %(country)s: cyber cooperation"), {"country": name}),
                         f"/countries/{country.code.lower()}", articles)


@router.get("/people/{slug}/feed.atom", tags=["Feeds"], response_class=Response,
            summary="A person's newest articles", responses=ATOM_DOC)
def person_feed(request: Request, session: SessionDep, slug: str):
    person = person_or_redirect(session, request, slug, "/feed.atom")
    if isinstance(person, Response):
        return person
    mentions = queries.mentions_of(session, person_id=person.id, limit=FEED_SIZE, with_body=True)
    name = (person.name_th or person.name_en) if lang_of(request) == "th" else (
        person.name_en or person.name_th)
    return atom_response(request, f"people/{person.slug}", (N_("Articles naming %(person)s"),
                                                             {"person": name}),
                         f"/people/{person.slug}", [m.article for m in mentions])
