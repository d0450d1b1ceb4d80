"""The web app factory: tests and the CLI build their own app from their own Settings."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import PROJECT_ROOT
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.web import pages
from app.web.formatting import display_date, evidence_detail_is_quote, evidence_label, text_lang


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="Thailand cyber-cooperation archive", docs_url=None, redoc_url=None)
    engine = make_engine(settings)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    templates = Jinja2Templates(directory=str(PROJECT_ROOT / "templates"))
    templates.env.filters["display_date"] = display_date
    templates.env.filters["text_lang"] = text_lang
    templates.env.filters["evidence_label"] = evidence_label
    templates.env.tests["quoted_detail"] = evidence_detail_is_quote
    # Pages without a scope (article, errors) link to listings in the default scope.
    templates.env.globals["scope"] = pages.Scope()
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(PROJECT_ROOT / "static")), name="static")
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return templates.TemplateResponse(
            request, "error.html",
            {"status": exc.status_code, "message": exc.detail if exc.status_code != 404 else
             (exc.detail if exc.detail != "Not Found" else "There is no page at this address.")},
            status_code=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return templates.TemplateResponse(
            request, "error.html",
            {"status": 400, "message": "The request's parameters are out of range."},
            status_code=400,
        )

    return app
