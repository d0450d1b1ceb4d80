"""Template filters: dates with their precision, country names."""

from datetime import date

from babel.dates import format_date

from app.textnorm import THAI


def display_date(value: date | None, precision: str, locale: str = "en") -> str:
    if value is None or precision == "unknown":
        return "date unknown" if locale == "en" else "ไม่ทราบวันที่"
    if precision == "month":
        return format_date(value, "MMMM y", locale=locale)
    return format_date(value, "d MMMM y", locale=locale)


# Evidence kinds from the relevance verdict, as a reader would name them, and whether the
# evidence's `detail` is a word quoted from the article (else it is an English explanation).
EVIDENCE_KINDS = {
    "cyber-title": ("Cyber matter in the headline", True),
    "cyber-sentence": ("Cyber matter in the text", True),
    "list-only": ("Cyber only as one item in a list", False),
    "partner": ("Partner government", False),
    "engagement": ("Dealing with the partner", True),
    "multilateral": ("Multilateral event, no bilateral meeting", True),
    "organisation": ("Counterpart is an organisation, not a government", True),
}


def evidence_label(kind: str) -> str:
    return EVIDENCE_KINDS.get(kind, (kind.replace("-", " ").capitalize(), False))[0]


def evidence_detail_is_quote(kind: str) -> bool:
    return EVIDENCE_KINDS.get(kind, ("", False))[1]


def text_lang(text: str) -> str:
    """`th` for text with Thai letters, else `en`: the lang attribute of a quoted word."""
    return "th" if THAI.search(text or "") else "en"
