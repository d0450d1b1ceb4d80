"""Template filters that depend on the page's language.

Names of countries, people and languages are filters rather than macros: a page calls them
about a hundred times (a search page's facets and hits), and a filter is a plain call where a
macro goes through Jinja's `Context.call` and a new frame each time (a search page rendered in
about 2.0 ms with macros)."""

from babel.numbers import format_decimal
from jinja2 import pass_context

from app.web import formatting
from app.web.i18n import request_lang, translations


@pass_context
def display_date(context, value, precision: str) -> str:
    return formatting.display_date(value, precision, request_lang(context))


@pass_context
def country_name(context, country) -> str:
    return country.name_th if context.get("lang") == "th" else country.name_en


@pass_context
def person_name(context, person) -> str:
    """The name in the page's language, else the other one, else the slug."""
    if context.get("lang") == "th":
        return person.name_th or person.name_en or person.slug
    return person.name_en or person.name_th or person.slug


@pass_context
def language_name(context, code: str) -> str:
    return translations(request_lang(context)).ugettext(formatting.language_label(code))


@pass_context
def facet_label(context, value, name: str) -> str:
    """A search facet's value as the page shows it: names for countries, people and languages
    (from the page's `countries` and `people`), Buddhist-era years in Thai."""
    if name == "countries":
        country = context["countries"].get(value)
        return country_name(context, country) if country else value
    if name == "people":
        person = context["people"].get(value)
        return person_name(context, person) if person else value
    if name == "lang":
        return language_name(context, value)
    if name == "year" and context.get("lang") == "th":
        return str(int(value) + 543)
    return str(value)


@pass_context
def count(context, value: int) -> str:
    """A count as the page's language writes it: 45,026."""
    return format_decimal(value, locale=request_lang(context))


FILTERS = {f.__name__: f for f in (display_date, country_name, person_name, language_name,
                                   facet_label, count)}
