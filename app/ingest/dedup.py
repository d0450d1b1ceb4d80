"""Reposts: the same release published twice (same text, or nearly) is one article.

Two keys find a candidate cheaply: the letters of title and body (an exact repost, whatever its
spacing or punctuation), and the letters of the title with the publication date (an edited
repost). A candidate found by title is confirmed only if the bodies share most of their lines.
"""

import hashlib
import re

from app.textnorm import CharClass

NEAR_DUPLICATE = 0.6  # with the same headline on the same day, most lines in common


NOT_LETTERS = re.compile(r"[\W_]+")
LETTERS = CharClass(r"[^\W_]")  # what NOT_LETTERS leaves, kept with a table (a whole body at once)


def _letters(text: str) -> str:
    """`NOT_LETTERS.sub("", text.casefold())`."""
    return LETTERS.keep(text.casefold())


def content_key(title: str, body: str) -> str:
    return hashlib.sha256(_letters(title + "\n" + body).encode("utf-8")).hexdigest()


def title_key(title: str, published) -> str | None:
    letters = _letters(title)
    if len(letters) < 20 or published is None:
        return None  # short or undated titles repeat across different stories
    return f"{published.isoformat()}:{letters}"


def _lines(body: str) -> set[str]:
    return {_letters(line) for line in body.split("\n") if len(line) > 20}


def similarity(body_a: str, body_b: str) -> float:
    """Share of lines in common (Jaccard over lines of letters)."""
    a, b = _lines(body_a), _lines(body_b)
    if not a or not b:
        return 1.0 if re.sub(r"\W", "", body_a) == re.sub(r"\W", "", body_b) else 0.0
    return len(a & b) / len(a | b)


DIGITS = re.compile(r"(\d+)")


def precedence(published, source_url: str | None, permalink: str, content: str) -> tuple:
    """Which of two reposts is the article and which the repost, whatever order the files came
    in: the earlier date, then the one with a source URL, the lower URL (numbers compared as
    numbers: `details/99` before `details/100`), then the lower permalink, and for two versions
    of one page (same URL, so same permalink) the lower content key. So a re-ingest in another
    order cites the same permalink."""
    url_key = [int(part) if part.isdigit() else part for part in DIGITS.split(source_url or "")]
    return (published is None, published or "", source_url is None, url_key, permalink, content)
