"""The interface language: Thai or English, chosen by a `/th/` or `/en/` prefix and remembered.

Messages live in gettext catalogs (`app/locales/<lang>/LC_MESSAGES/messages.po`, kept up to date
with `python -m app catalog`). The .po files are compiled in memory when the app starts, so no
compiled .mo file is kept in the repository or built by hand.
"""

from functools import cache
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup

from app import PROJECT_ROOT

LANGS = ("en", "th")
DEFAULT_LANG = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LOCALES = PROJECT_ROOT / "app" / "locales"
DOMAIN = "messages"


def catalog_path(lang: str):
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> NullTranslations:
    """English is the source language; Thai comes from its catalog (fuzzy entries left out)."""
    path = catalog_path(lang)
    if lang == DEFAULT_LANG or not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def split_prefix(path: str) -> tuple[str | None, str]:
    """`/th/countries/sg` -> ("th", "/countries/sg"); a path without a prefix -> (None, path)."""
    for lang in LANGS:
        if path == f"/{lang}" or path.startswith(f"/{lang}/"):
            return lang, path[len(lang) + 1:] or "/"
    return None, path


def preferred(cookie: str | None, accept_language: str | None) -> str:
    """A bare path's language: the remembered one, else the browser's first of ours, else English."""
    if cookie in LANGS:
        return cookie
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGS:
            return tag
    return DEFAULT_LANG


class LanguagePrefix:
    """ASGI middleware: strips `/th` or `/en` from the path, so the routes are written once, and
    records the interface language in the request's state. A prefixed visit is remembered in a
    cookie; a bare path then uses it. Pages reached by a prefix link with the same prefix."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        lang, path = split_prefix(scope["path"])
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]
                   if k in (b"cookie", b"accept-language")}
        state = scope.setdefault("state", {})
        if lang:
            scope = dict(scope, path=path, raw_path=path.encode())
            state.update(lang=lang, lang_prefix=f"/{lang}")
        else:
            cookies = _cookies(headers.get("cookie", ""))
            state.update(lang=preferred(cookies.get(COOKIE), headers.get("accept-language")),
                         lang_prefix="")

        async def send_remembering(message):
            if message["type"] == "http.response.start":
                extra = [(b"content-language", state["lang"].encode())]
                if lang:
                    extra.append((b"set-cookie", (
                        f"{COOKIE}={lang}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
                    ).encode()))
                else:
                    extra.append((b"vary", b"Cookie, Accept-Language"))
                message = dict(message, headers=list(message.get("headers", [])) + extra)
            await send(message)

        await self.app(scope, receive, send_remembering)


def _cookies(header: str) -> dict[str, str]:
    pairs = (part.strip().split("=", 1) for part in header.split(";") if "=" in part)
    return {k: v for k, v in pairs}


def request_lang(context) -> str:
    request = context.get("request")
    return getattr(request.state, "lang", DEFAULT_LANG) if request is not None else DEFAULT_LANG


@pass_context
def gettext(context, message: str, **variables) -> str:
    """`_("…", name=value)` in a template: the message in the page's language, as Jinja's
    "newstyle" gettext gives it (always %-formatted, values escaped on an HTML page)."""
    return _formatted(context, translations(request_lang(context)).ugettext(message), variables)


@pass_context
def ngettext(context, singular: str, plural: str, n: int, **variables) -> str:
    """`%(num)s` is the count written the locale's way (62,667)."""
    variables.setdefault("num", format_decimal(n, locale=request_lang(context)))
    return _formatted(context, translations(request_lang(context)).ungettext(singular, plural, n),
                      variables)


def _formatted(context, text: str, variables: dict) -> str:
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return _filled(text, variables)


def _filled(text: str, variables: dict) -> str:
    # %-formatting a message without a % changes nothing: most messages are left as they are
    return text % variables if variables or "%" in text else text


@cache
def page_messages(lang: str) -> dict:
    """`_`, `gettext` and `ngettext` bound to one language, for the context of an HTML page
    (app.web.render): plain functions, where the globals below take the template's context and
    Jinja copied the whole context for each call made in a loop or after a `{% set %}`."""
    catalog = translations(lang)

    def gettext(message: str, **variables) -> str:
        return _filled(Markup(catalog.ugettext(message)), variables)

    def ngettext(singular: str, plural: str, n: int, **variables) -> str:
        variables.setdefault("num", n)
        return _filled(Markup(catalog.ungettext(singular, plural, n)), variables)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def install(env) -> None:
    """Jinja2's i18n extension (for `{% trans %}` and message extraction), with gettext looked
    up per request (the language of the page). The functions are installed as they are rather
    than through the extension's newstyle wrappers: a search page calls `_` about 40 times, and
    each call went through three of Jinja's `Context.call`s instead of one."""
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
