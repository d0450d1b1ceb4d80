"""Template filters: dates with their precision, country names."""

from datetime import date
from functools import lru_cache

from babel.dates import format_date

from app.textnorm import THAI


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it (gettext's `N_`)."""
    return message


def display_date(value: date | None, precision: str, locale: str = "en") -> str:
    """A date as a reader of the interface language writes it: `17 January 2025`, or in Thai
    `17 มกราคม 2568`, the Buddhist-era year (CLDR's Thai months; Babel keeps the Gregorian
    year, so the era is added here). Month- and year-precise dates show no day."""
    if value is None or precision == "unknown":
        return "ไม่ทราบวันที่" if locale == "th" else "date unknown"
    year = value.year + 543 if locale == "th" else value.year
    if precision == "year":
        return str(year)
    month = month_name(value.month, locale)
    return f"{month} {year}" if precision == "month" else f"{value.day} {month} {year}"


@lru_cache(maxsize=64)
def month_name(month: int, locale: str) -> str:
    """A month as format_date(…, "MMMM") writes it, kept: Babel parses the
    locale on every call and a listing page shows fifty dates."""
    return format_date(date(2000, month, 1), "MMMM", locale=locale)


# Evidence kinds from the relevance verdict, as a reader would name them, and whether the
# evidence's `detail` is a word quoted from the article (else it is an English explanation).
# Labels are marked with N_ for the message catalog and translated where they are shown.
EVIDENCE_KINDS = {
    "cyber-title": (N_("Cyber matter in the headline"), True),
    "cyber-sentence": (N_("Cyber matter in the text"), True),
    "list-only": (N_("Cyber only as one item in a list"), False),
    "partner": (N_("Partner government"), False),
    "engagement": (N_("Dealing with the partner"), True),
    "multilateral": (N_("Multilateral event, no bilateral meeting"), True),
    "organisation": (N_("Counterpart is an organisation, not a government"), True),
    "unlinked": (N_("Partner and cyber matter in different items"), False),
    "fake-news": (N_("About fake news, not cyber cooperation"), True),
}


def evidence_label(kind: str) -> str:
    return EVIDENCE_KINDS.get(kind, (kind.replace("-", " ").capitalize(), False))[0]


def evidence_detail_is_quote(kind: str) -> bool:
    return EVIDENCE_KINDS.get(kind, ("", False))[1]


def text_lang(text: str) -> str:
    """`th` for text with Thai letters, else `en`: the lang attribute of a quoted word."""
    return "th" if THAI.search(text or "") else "en"


LANGUAGE_LABELS = {"th": N_("Thai"), "en": N_("English")}


def language_label(code: str) -> str:
    """The English name of an article's language (a catalog message): Thai or English."""
    return LANGUAGE_LABELS["th"] if code == "th" else LANGUAGE_LABELS["en"]
