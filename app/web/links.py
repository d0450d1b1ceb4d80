"""The URLs a page links to: its language versions, its canonical form, its JSON and feeds.

Routes see paths without the language prefix (`i18n.LanguagePrefix` strips it); links put the
prefix back, so a reader who chose a language by URL keeps it while browsing."""

from urllib.parse import quote

from jinja2 import pass_context

from app.web.i18n import DEFAULT_LANG, LANGS


def prefix_of(request) -> str:
    return getattr(request.state, "lang_prefix", "")


def lang_of(request) -> str:
    return getattr(request.state, "lang", DEFAULT_LANG)


def with_prefix(request, path: str) -> str:
    return prefix_of(request) + path


def json_path(path: str) -> str:
    """A page's JSON twin: its path plus `.json` (the home page's is `/index.json`)."""
    return "/index.json" if path in ("", "/") else path.rstrip("/") + ".json"


def absolute(request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


@pass_context
def url(context, path: str) -> str:
    """An internal link in the page's language (prefixed when the page was)."""
    return with_prefix(context["request"], path)


@pass_context
def page_urls(context) -> dict:
    """This page in each language, its canonical URL, the bare (remembered-language) URL, and
    its JSON, each with the same query string."""
    request = context["request"]
    path = quote(request.url.path)
    query = f"?{request.url.query}" if request.url.query else ""
    languages = {code: absolute(request, f"/{code}{path}{query}") for code in LANGS}
    has_json = context.get("has_json", True)
    return {
        "canonical": languages[lang_of(request)],
        "languages": languages,
        "default": absolute(request, path + query),
        "switch": {code: f"/{code}{path}{query}" for code in LANGS},
        "json": json_path(path) + query if has_json else None,
    }
