"""The web app factory: tests and the CLI build their own app from their own Settings."""

import gc
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import PROJECT_ROOT
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.gctuning import collector_thresholds
from app.web import feeds, i18n, pages, search_pages, site_files, sitemap
from app.web.formatting import N_, evidence_detail_is_quote, evidence_label, text_lang
from app.web.i18n import LanguagePrefix
from app.web.links import lang_of, page_urls, url
from app.web.parameters import GregorianYearRedirect, wrong_parameters
from app.web.render import render, wants_json
from app.web.schemas import ErrorOut
from app.web.security import SecurityHeaders
from app.web.template_filters import FILTERS

DESCRIPTION = """Every page is also JSON: append `.json` to its path (the home page is
`/index.json`) or send `Accept: application/json`. Prefix any path with `/th` or `/en` to choose
the interface language; JSON is the same in both. Feeds are Atom, at `…/feed.atom`; citations are
at an article's permalink plus `.bib`, `.ris` or `.csl.json`."""


# Every operation can answer these (as an HTML page, or JSON when JSON was asked for).
HTML_PAGE = {"text/html": {"schema": {"type": "string"}}}
ERROR_RESPONSES = {
    400: {"model": ErrorOut, "content": HTML_PAGE,
          "description": "A parameter is out of range or malformed"},
    404: {"model": ErrorOut, "content": HTML_PAGE,
          "description": "No such article, country, person or page"},
}


# Pages run on each worker's event loop (app.web.render.page_route); exports and feeds, which
# can take seconds, run in anyio's thread pool (40 threads by default) so that they do not hold
# the pages up. Their work is Python under the GIL, so more threads add no speed, only
# contention and memory: when the pages too ran in the pool, the bench's load mix (wrk, 32
# connections, 2 workers, whole corpus) gave 171-180 requests/s with 40 threads, 185-200 with
# 8, 205-208 with 4, 215-219 with 2 and 229 with 1; worker memory 305 -> 200 MB at 2.
POOL_THREADS = 2

# A page allocates thousands of short-lived objects (rows, template frames, tokens): with
# Python's default of a young-generation collection every 700 allocations, a worker collected
# more than once per page and now and then walked its whole heap (the app's modules, mappers,
# templates and lexicon: 150,000 objects). Those are frozen out of the collector once the app
# is up, and young collections come every GC_YOUNG allocations.
GC_YOUNG = 5000


@asynccontextmanager
async def lifespan(_app: FastAPI):
    to_thread.current_default_thread_limiter().total_tokens = POOL_THREADS
    gc.collect()
    gc.freeze()
    try:
        with collector_thresholds((GC_YOUNG, *gc.get_threshold()[1:])):
            yield
    finally:
        gc.unfreeze()


def allowing_head(headers: dict | None) -> dict | None:
    """A 405's Allow with HEAD wherever GET is: a GET route's HEAD twin (app.web.routing) is a
    route of its own, so FastAPI names only the first route's method."""
    allowed = [m.strip() for m in (headers or {}).get("Allow", "").split(",") if m.strip()]
    if "GET" not in allowed or "HEAD" in allowed:
        return headers
    return {**headers, "Allow": ", ".join([*allowed, "HEAD"])}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="Thailand cyber-cooperation archive", description=DESCRIPTION,
                  docs_url=None, redoc_url=None, responses=ERROR_RESPONSES, lifespan=lifespan)
    engine = make_engine(settings, read_only=True)  # the public app never writes
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    templates = Jinja2Templates(directory=str(PROJECT_ROOT / "templates"))
    i18n.install(templates.env)
    templates.env.filters.update(FILTERS)
    templates.env.filters["text_lang"] = text_lang
    templates.env.filters["evidence_label"] = evidence_label
    templates.env.tests["quoted_detail"] = evidence_detail_is_quote
    templates.env.globals.update(url=url, page_urls=page_urls)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(PROJECT_ROOT / "static")), name="static")
    for module in (site_files, sitemap, feeds, search_pages, pages):
        app.include_router(module.router)
    app.add_middleware(LanguagePrefix)
    app.add_middleware(SecurityHeaders)  # outermost: on every response, errors included

    def error_page(request: Request, status: int, message: str, headers=None, wrong=()):
        """`wrong`: the parameters a 400 names, each with what it accepts (JSON is English, as
        every JSON page is; the HTML page speaks the interface's language)."""
        if wants_json(request):
            body = {"status": status, "detail": " ".join([message, *(w.text("en") for w in wrong)])}
            if wrong:
                body["parameters"] = [w.model() for w in wrong]
            response = JSONResponse(body, status_code=status)
        else:
            problems = [w.text(lang_of(request)) for w in wrong]
            response = render(request, "error.html", {"status": status, "message": message,
                                                      "problems": problems, "has_json": False},
                              status_code=status)
        response.headers.update(headers or {})  # e.g. a 405's Allow
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = N_("There is no page at this address.")
        return error_page(request, exc.status_code, message, allowing_head(exc.headers))

    @app.exception_handler(GregorianYearRedirect)
    async def gregorian_year(_request: Request, exc: GregorianYearRedirect):
        return RedirectResponse(exc.location, status_code=301)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        wrong = wrong_parameters(request.scope.get("route"), exc.errors())
        return error_page(request, 400, N_("The request's parameters are out of range."),
                          wrong=wrong)

    return app
