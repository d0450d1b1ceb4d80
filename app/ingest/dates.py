"""Publication dates: Thai (Buddhist era, full or abbreviated month), English, and `date YYYY-MM` headers.

A date that is not in the text is unknown, never guessed.
"""

import re
from dataclasses import dataclass
from datetime import date

from pythainlp.util.date import thai_abbr_months, thai_full_months

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BUDDHIST_ERA_OFFSET = 543
# thaigov's empty stub pages carry this placeholder (1970-01-01): it means "no date".
PLACEHOLDER_DATES = {date(1970, 1, 1)}

EN_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
TH_MONTHS = {name: i for i, name in enumerate(thai_full_months, start=1)}
TH_MONTHS.update({name: i for i, name in enumerate(thai_abbr_months, start=1)})
# Abbreviations are also written without the final dot or with spaces ("ก.ย 63", "ก. ย. 63").
TH_MONTHS.update({name.rstrip("."): i for i, name in enumerate(thai_abbr_months, start=1)})

_th_month_alt = "|".join(
    re.escape(m).replace(r"\.", r"\.\s?") for m in sorted(TH_MONTHS, key=len, reverse=True)
)
TH_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\s*(?P<month>{_th_month_alt})\s*(?:พ\.\s?ศ\.\s*|ค\.\s?ศ\.\s*)?(?P<year>\d{{4}}|\d{{2}})(?!\d)"
)
TH_MONTH_YEAR = re.compile(
    rf"(?<![\d\u0E00-\u0E7F])(?P<month>{'|'.join(map(re.escape, thai_full_months))})\s*(?:พ\.\s?ศ\.\s*)?(?P<year>\d{{4}})(?!\d)"
)
_en_month_alt = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
# ASCII case folding only: with Unicode IGNORECASE, `ſeptember` (long s) and `aprıl` (dotless i)
# matched a month name that is no key of EN_MONTHS, and the KeyError cost the whole article.
EN_DATE_MDY = re.compile(
    rf"\b(?P<month>{_en_month_alt})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE | re.ASCII,
)
EN_DATE_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_en_month_alt})\.?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE | re.ASCII,
)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?\b")
HEADER = re.compile(r"^\s*date\s+(?P<value>\d{4}-\d{2}(?:-\d{2})?)\b\s*", re.IGNORECASE)


class DateError(ValueError):
    """Text that looks like a date but names no real day (31 February, month 13…)."""


@dataclass(frozen=True)
class PartialDate:
    """A Gregorian date with the precision the text gives: day, month, or unknown."""

    value: date | None
    precision: str  # "day" | "month" | "unknown"

    @property
    def iso(self) -> str | None:
        if self.value is None:
            return None
        return self.value.strftime("%Y-%m") if self.precision == "month" else self.value.isoformat()


UNKNOWN = PartialDate(None, "unknown")


def gregorian_year(raw: str) -> int:
    """4-digit years above 2400 are Buddhist era; 2-digit years are short Buddhist era (63 = 2563)."""
    year = int(raw)
    if len(raw) <= 2:
        year += 2500
    if year > 2400:
        year -= BUDDHIST_ERA_OFFSET
    return year


def _make(year: int, month: int, day: int | None) -> PartialDate:
    try:
        value = date(year, month, day or 1)
    except ValueError as exc:
        raise DateError(f"not a real date: {year:04d}-{month:02d}-{day or 1:02d}") from exc
    if value in PLACEHOLDER_DATES:
        return UNKNOWN
    return PartialDate(value, "day" if day else "month")


def parse_header(line: str) -> tuple[PartialDate, str] | None:
    """`date 2019-01 rest of line` -> (2019-01, month precision), and the rest of the line."""
    match = HEADER.match(line)
    if not match:
        return None
    parts = [int(p) for p in match["value"].split("-")]
    return _make(parts[0], parts[1], parts[2] if len(parts) == 3 else None), line[match.end() :]


def find_date(text: str) -> tuple[PartialDate, re.Match[str]] | None:
    """The first full date in text (Thai, English or ISO), with the match that gave it."""
    text = text.translate(THAI_DIGITS)
    candidates = []
    for pattern in (TH_DATE, EN_DATE_MDY, EN_DATE_DMY, ISO_DATE):
        match = pattern.search(text)
        if match:
            candidates.append(match)
    if not candidates:
        match = TH_MONTH_YEAR.search(text)
        if not match:
            return None
        return _make(gregorian_year(match["year"]), TH_MONTHS[match["month"]], None), match
    match = min(candidates, key=lambda m: m.start())
    return _from_match(match), match


def _from_match(match: re.Match[str]) -> PartialDate:
    month_text = match["month"]
    if month_text.isdigit():
        month = int(month_text)
    else:
        key = re.sub(r"\s", "", month_text)
        month = TH_MONTHS.get(key) or EN_MONTHS[key.lower()]
    day = match["day"] if "day" in match.groupdict() else None
    return _make(gregorian_year(match["year"]), month, int(day) if day else None)


WEEKDAY_PREFIX = re.compile(
    r"^(?:วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)(?:ที่)?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?|ที่)\s*",
    re.IGNORECASE,
)


def parse_date_line(line: str) -> PartialDate | None:
    """A line that is only a date (a dateline such as `วันพุธที่ 30 กันยายน 2563`), else None."""
    stripped = WEEKDAY_PREFIX.sub("", line.strip()).strip(" ,.-–—|")
    if not stripped or len(stripped) > 40:
        return None
    found = find_date(stripped)
    if not found:
        return None
    parsed, match = found
    rest = (stripped.translate(THAI_DIGITS)[: match.start()] + stripped[match.end() :]).strip(" ,.-–—|")
    return parsed if not rest else None
