"""One page, two forms: HTML for people, JSON for programs (`.json` or `Accept`)."""

import functools
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from app.web.i18n import page_messages
from app.web.links import json_path, lang_of, prefix_of
from app.web.scope import Scope

HTML_TOO = {200: {"content": {"text/html": {"schema": {"type": "string"}}},
                  "description": "The page as HTML, or as JSON (this schema) with `.json` or "
                                 "`Accept: application/json`."}}


def _quality(accept: str, media_type: str) -> float:
    best = 0.0
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        if kind in (media_type, media_type.split("/")[0] + "/*", "*/*"):
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                value = float(q) - (0.001 if kind != media_type else 0)  # exact beats wildcard
            except ValueError:
                value = 0.0
            best = max(best, value)
    return best


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return _quality(accept, "application/json") > _quality(accept, "text/html")


def respond(request: Request, template: str, context: dict, data: Callable[[], BaseModel],
            status_code: int = 200):
    """The page as JSON when asked (`data` builds the model), else the template as HTML."""
    if wants_json(request):
        return JSONResponse(data().model_dump(mode="json"), status_code=status_code,
                            headers={"vary": "Accept"})
    response = render(request, template, context, status_code)
    response.headers["vary"] = "Accept"
    return response


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    # Pages without a scope (article, errors) link to listings in the default scope.
    lang = lang_of(request)
    context = {"lang": lang, "scope": Scope(prefix=prefix_of(request)), **page_messages(lang),
               **context}
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def page_route(router: APIRouter, path: str, model: type[BaseModel], summary: str,
               responses: dict | None = None, **kwargs):
    """Registers a page at `path` (HTML, or JSON by `Accept`) and at its `.json` twin."""
    def register(func):
        endpoint = _on_the_event_loop(func)
        router.get(json_path(path), response_model=model, summary=f"{summary} (JSON)",
                   tags=["JSON"], responses=responses, **kwargs)(endpoint)
        router.get(path, response_model=model, summary=summary,
                   responses={**HTML_TOO, **(responses or {})}, tags=["Pages"], **kwargs)(endpoint)
        return func
    return register


def _on_the_event_loop(func):
    """The page function as a coroutine FastAPI runs on the worker's event loop, not handed to
    a thread and back: a page is a few milliseconds of Python under the GIL."""
    @functools.wraps(func)
    async def endpoint(*args, **kwargs):
        return func(*args, **kwargs)
    return endpoint
