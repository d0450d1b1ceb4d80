"""Pure functions from decoded text to a normalized article: title, date, language, source, body."""

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app.ingest.dates import HEADER, UNKNOWN, DateError, PartialDate, parse_date_line, parse_header
from app.textnorm import normalize_text, thai_ratio

THAIGOV_PREFIX = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"
THAIGOV_STUB = "รัฐบาลไทย-"  # the header line of the site's empty pages
SOURCE_LINE = re.compile(r"^(?:ที่มา|แหล่งที่มา|Source)\s*[:：]\s*(?P<url>https?://\S+)\s*$", re.I)
SEPARATOR = re.compile(r"^[\s*\-=_~#•·.]{3,}$")
# Lines that belong to a site's page furniture, not to the article; value = source name or None.
BOILERPLATE = {
    re.compile(r"^เกาะติดข่าวสาร\s*>>\s*Nation Online$", re.I): "Nation Online",
    re.compile(r"^logoline$", re.I): None,
    # A photo credit: its URL is the photo's page, not the article's source.
    re.compile(r"^Photo courtesy of\b.*$", re.I): None,
}
# Known publishers by host; other hosts are named by the host itself.
SOURCE_NAMES = {
    "thaigov.go.th": "Royal Thai Government (thaigov.go.th)",
    "nationthailand.com": "Nation Online",
}
TITLE_MAX = 120
# thaigov's print link, with the page's posting date above it (`16/12/2565`), at the top of every
# release since late 2022, Thai and English alike: page furniture, not the article's first words.
PRINT_LINK = "พิมพ์"
POSTING_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


class EmptyArticle(ValueError):
    """Nothing is left once the page furniture is removed (a stub page)."""


@dataclass
class NormalizedArticle:
    title: str
    date: PartialDate
    lang: str
    body: str
    source_url: str | None = None
    source_name: str | None = None
    title_derived: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def permalink(self) -> str:
        return make_permalink(self.source_url, self.title, self.body)


def canonical_url(url: str) -> str:
    """The same page, whatever its scheme, `www.` or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def make_permalink(source_url: str | None, title: str, body: str) -> str:
    """Stable across re-ingests and file order: from the source URL, else from the content."""
    if source_url:
        key = "url:" + canonical_url(source_url)
    else:
        letters = "".join(ch for ch in (title + body[:500]).casefold() if ch.isalnum())
        key = "text:" + letters
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def source_name_for(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return SOURCE_NAMES.get(host, host or None)


NOT_ALNUM = re.compile(r"[\W_]+")
ALNUM = re.compile(r"[^\W_]")


def _squash(text: str) -> str:
    return NOT_ALNUM.sub("", text.casefold())


def _has_words(text: str) -> bool:
    """`_squash(text) != ""`, without building the squashed copy of a whole article."""
    return ALNUM.search(text.casefold()) is not None


def derive_title(body: str, lang: str) -> str:
    """A readable title from the first paragraph: a sentence or a clause, never the whole body."""
    # The first line with a letter or a digit: a line of `--` is no title.
    first = next((line.strip() for line in body.split("\n") if _squash(line)), "")
    if lang == "en":
        sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
        if len(sentence) <= TITLE_MAX and _squash(sentence):  # `. Text…` would give an empty title
            return sentence.rstrip(".")
    if len(first) <= TITLE_MAX:
        return first
    cut = first.rfind(" ", 0, TITLE_MAX)
    if cut < TITLE_MAX // 3:
        cut = TITLE_MAX
    return first[:cut].rstrip(" ,;:(") + "…"


def parse_article(text: str) -> NormalizedArticle:
    """Turn decoded text into a NormalizedArticle; raise EmptyArticle when nothing is left."""
    lines = normalize_text(text).split("\n")
    warnings: list[str] = []
    published = UNKNOWN
    title = ""
    source_url = None
    source_name = None

    # Header line forms: `date YYYY-MM text…` or a thaigov title line.
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise EmptyArticle("empty after normalization")
    if HEADER.match(lines[0]):
        # A header naming no real day (`date 2019-13`) is still the header: the rest of the line
        # is the article, undated, with a warning (it used to become the title, or the whole file
        # a "title only" skip).
        header = _safe(parse_header, lines[0], warnings)
        published, lines[0] = header or (UNKNOWN, HEADER.sub("", lines[0], count=1))
    else:
        first = lines.pop(0)
        if first.strip() == THAIGOV_STUB:
            raise EmptyArticle("empty stub page (no title, no text, placeholder date)")
        title = first.removeprefix(THAIGOV_PREFIX).strip()
        if not _squash(title):  # `*****` or `...` is no title: one is derived from the body
            title = ""
        try:  # nor is a date line: the file opens with its date (it was the title, undated)
            dated = parse_date_line(title) if title else None
        except DateError as exc:
            warnings.append(f"date ignored: {exc}")
            dated = UNKNOWN
        if dated is not None:
            published, title = dated, ""
        if first.startswith(THAIGOV_PREFIX):
            source_name = SOURCE_NAMES["thaigov.go.th"]

    body_lines: list[str] = []
    seen: set[str] = set()
    title_key = _squash(title)
    for index, line in enumerate(lines):
        if not line or SEPARATOR.match(line):
            continue
        source = SOURCE_LINE.match(line)
        if source and _usable_url(source["url"], warnings):
            source_url = source["url"]
            continue
        furniture = next((name for rx, name in BOILERPLATE.items() if rx.match(line)), False)
        if furniture is not False:
            source_name = source_name or furniture
            continue
        if not body_lines and _print_furniture(lines, index):
            continue
        if published is UNKNOWN and index < 6:
            dated = _safe(parse_date_line, line, warnings)
            if dated is not None:
                published = dated
                continue
        if title_key and len(line) < 2 * len(title) and _squash(line) == title_key:
            continue
        key = line.casefold()
        if key in seen:  # a caption or subtitle repeated down the page
            continue
        seen.add(key)
        body_lines.append(line)

    body = "\n".join(body_lines).strip()
    if not body and not title:
        raise EmptyArticle("no title and no body")
    if not _has_words(title + body):
        raise EmptyArticle("no words (only punctuation or symbols)")
    lang = "th" if thai_ratio(title + body) >= 0.3 else "en"
    derived = False
    if not title:
        title = derive_title(body, lang)
        derived = True
    if not body:
        raise EmptyArticle("title only, no body (a release whose text is not in the file)")
    return NormalizedArticle(
        title=title,
        date=published,
        lang=lang,
        body=body,
        source_url=source_url,
        source_name=source_name or source_name_for(source_url),
        title_derived=derived,
        warnings=warnings,
    )


def _print_furniture(lines: list[str], index: int) -> bool:
    """The print link, or the posting date printed just above it, before the article's text.
    Only these two exact lines: `พิมพ์` inside a sentence (ตีพิมพ์, สิ่งพิมพ์) is text."""
    line = lines[index]
    if line == PRINT_LINK:
        return True
    if not POSTING_DATE.match(line):
        return False
    following = next((later for later in lines[index + 1 :] if later), "")
    return following == PRINT_LINK


URL_MAX, HOST_MAX = 1000, 200  # the database's columns for a source URL and a source name


def _usable_url(url: str, warnings: list[str]) -> bool:
    """Whether the archive can keep this source URL. A malformed one (`http://[x`: urlsplit
    raised, and the whole article was lost) or an overlong one is a warning instead, and its
    line stays in the body."""
    try:
        host = urlsplit(url).netloc
    except ValueError as exc:
        warnings.append(f"source URL ignored: {exc}")
        return False
    if not host or len(url) > URL_MAX or len(host) > HOST_MAX:
        warnings.append(f"source URL ignored: no host, or too long ({len(url):,} characters)")
        return False
    return True


def _safe(parse, line: str, warnings: list[str]):
    """Run a date parser; a date that names no real day becomes a warning, not a failure."""
    try:
        return parse(line)
    except DateError as exc:
        warnings.append(f"date ignored: {exc}")
        return None
