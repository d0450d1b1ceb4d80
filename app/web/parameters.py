"""A 400 that names each wrong parameter and what it accepts, in the interface's language.

One sentence for every mistake ("out of range") left a reader to guess which of a search's ten
parameters was wrong. What a parameter accepts is read from the route's own declaration (its
choices, its bounds, its length), so the message cannot drift from the check; a parameter held
to a pattern, which says nothing to a reader, is described in words (WORDED)."""

import types
import typing
from dataclasses import dataclass

from fastapi.exceptions import RequestValidationError

from app.ingest.dates import BUDDHIST_ERA_OFFSET
from app.web.formatting import N_
from app.web.i18n import translations

# A search's year filter: Gregorian years up to the first Buddhist-era one, and then the
# Buddhist-era years (what a Thai reader types: 2567 is 2024) of exactly those Gregorian years.
# The two ranges meet without a gap, so the schema's one bound (1900 to 2985) says the truth,
# and every redirect lands on an accepted year.
YEARS = range(1900, 1900 + BUDDHIST_ERA_OFFSET)
BUDDHIST_YEARS = range(YEARS.start + BUDDHIST_ERA_OFFSET, YEARS.stop + BUDDHIST_ERA_OFFSET)

WORDED = {
    "year": (N_("a year from %(low)s to %(high)s, or a Buddhist-era year from %(be_low)s to "
                "%(be_high)s"), {"low": YEARS[0], "high": YEARS[-1], "be_low": BUDDHIST_YEARS[0],
                                 "be_high": BUDDHIST_YEARS[-1]}),
    "country": (N_("a two-letter country code, such as sg"), {}),
    "a": (N_("a two-letter country code, such as sg"), {}),
    "b": (N_("a two-letter country code, such as sg"), {}),
    "person": (N_("the end of a person's page address, such as prawit-wongsuwon"), {}),
}
ANYTHING_ELSE = (N_("a value the page accepts (see /openapi.json)"), {})
SHOWN_CHARS = 40  # of a wrong value, in the message


class GregorianYearRedirect(Exception):
    """Raised by a dependency for a Buddhist-era year: app.web.main redirects to `location`,
    the same URL with the year in the Gregorian era."""

    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


def out_of_range(name: str, value) -> RequestValidationError:
    """A 400 for a parameter a dependency refuses itself, as pydantic would have refused it."""
    return RequestValidationError([{"type": "value_error", "loc": ("query", name),
                                    "input": str(value), "msg": "out of range"}])


@dataclass(frozen=True)
class WrongParameter:
    """One parameter the request got wrong: its name, its value as sent (None when missing),
    and what it accepts (a catalog message and its values)."""

    name: str
    value: str | None
    accepted: tuple[str, dict]

    def accepted_text(self, lang: str) -> str:
        message, values = self.accepted
        return translations(lang).ugettext(message) % values

    def text(self, lang: str) -> str:
        """`page must be a whole number from 1 to 1000 (not “abc”).`"""
        if self.value is None:
            message = N_("%(name)s is required: %(accepted)s.")
        elif self.value == "":
            message = N_("%(name)s must be %(accepted)s; it was empty.")
        else:
            message = N_("%(name)s must be %(accepted)s (not “%(value)s”).")
        values = {"name": self.name, "accepted": self.accepted_text(lang), "value": self.shown()}
        return translations(lang).ugettext(message) % values

    def shown(self) -> str:
        value = self.value or ""
        return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"

    def model(self) -> dict:
        return {"name": self.name, "value": None if self.value is None else self.shown(),
                "accepted": self.accepted_text("en")}


def wrong_parameters(route, errors) -> list[WrongParameter]:
    """Each parameter named once, in the order of pydantic's errors."""
    fields = {field.alias: field for field in route_parameters(route.dependant)} if route else {}
    wrong: dict[str, WrongParameter] = {}
    for error in errors:
        name = str(error["loc"][1] if len(error["loc"]) > 1 else error["loc"][-1])
        value = None if error["type"] == "missing" else str(error.get("input", ""))
        wrong.setdefault(name, WrongParameter(name, value, accepted(name, fields.get(name))))
    return list(wrong.values())


def route_parameters(dependant):
    """A route's query and path parameters, those of its dependencies too."""
    yield from dependant.query_params
    yield from dependant.path_params
    for dependency in dependant.dependencies:
        yield from route_parameters(dependency)


def accepted(name: str, field) -> tuple[str, dict]:
    """What a parameter accepts, as a catalog message and its values."""
    if name in WORDED:
        return WORDED[name]
    if field is None:
        return ANYTHING_ELSE
    info = field.field_info
    choices = _choices(info.annotation)
    if choices:
        return N_("one of: %(choices)s"), {"choices": ", ".join(choices)}
    low, high, longest = (next((getattr(m, bound) for m in info.metadata if hasattr(m, bound)), None)
                          for bound in ("ge", "le", "max_length"))
    if int in _types(info.annotation):
        if low is not None and high is not None:
            return N_("a whole number from %(low)s to %(high)s"), {"low": low, "high": high}
        if low is not None:
            return N_("a whole number of at least %(low)s"), {"low": low}
        return N_("a whole number"), {}
    if longest is not None:
        return N_("at most %(count)s characters"), {"count": longest}
    return ANYTHING_ELSE


def _types(annotation) -> list:
    """`int | None` -> [int, NoneType]; a plain type -> [it]."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return list(typing.get_args(annotation))
    return [annotation]


def _choices(annotation) -> list[str]:
    """The values of a Literal (also inside `… | None`)."""
    return [str(value) for kind in _types(annotation) if typing.get_origin(kind) is typing.Literal
            for value in typing.get_args(kind)]
