"""Template filters: dates with their precision, country names."""

from datetime import date

from babel.dates import format_date


def display_date(value: date | None, precision: str, locale: str = "en") -> str:
    if value is None or precision == "unknown":
        return "date unknown" if locale == "en" else "ไม่ทราบวันที่"
    if precision == "month":
        return format_date(value, "MMMM y", locale=locale)
    return format_date(value, "d MMMM y", locale=locale)
