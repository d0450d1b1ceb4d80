"""Template filters that depend on the page's language."""

from jinja2 import pass_context

from app.web import formatting
from app.web.i18n import request_lang


@pass_context
def display_date(context, value, precision: str) -> str:
    return formatting.display_date(value, precision, request_lang(context))
