"""What the benchmark asks of the archive: the fixed query set, and the page URLs to request.

The same queries and pages feed the search timing, the FTS5 baseline, the page timing through
the ASGI app and the load test, so every figure of one run measures the same work.
"""

import json
import random
import sqlite3
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from urllib.parse import quote, urlencode

QUERIES = Path(__file__).resolve().parent / "queries.json"
FILTER_KEYS = ("country", "person", "year", "lang")
SAMPLE_SEED = 6  # the same archive gives the same sample in every run


@dataclass(frozen=True)
class BenchQuery:
    q: str
    category: str
    filters: dict  # country, person, year, lang: as the search page's parameters

    @property
    def label(self) -> str:
        """The query as the table names it: its text and filters."""
        return " ".join([self.q, *(f"{k}={v}" for k, v in self.filters.items())])

    def url(self, all_news: bool) -> str:
        """The search page for this query, as a reader's link would ask for it."""
        params = {"q": self.q, **self.filters}
        if all_news:
            params["scope"] = "all"
        return "/search?" + urlencode(params)


def load_queries(path: Path = QUERIES) -> list[BenchQuery]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [BenchQuery(e["q"], e["category"], {k: e[k] for k in FILTER_KEYS if k in e})
            for e in entries]


@dataclass(frozen=True)
class PageSample:
    """Pages of each kind to request: URLs by kind (article, country, person)."""

    articles: list[str]
    countries: list[str]
    people: list[str]


def sample_pages(db_path: Path, articles: int = 200, listings: int = 20) -> PageSample:
    """Article pages (half relevant where the archive has that many, the rest drawn from all
    news), and the country and person pages readers reach first: those with relevant articles,
    most first, then the most named. Listings are in the default scope, as linked from home."""
    rng = random.Random(SAMPLE_SEED)
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        relevant = [r[0] for r in db.execute(
            "SELECT permalink FROM articles WHERE relevant ORDER BY permalink")]
        other = [r[0] for r in db.execute(
            "SELECT permalink FROM articles WHERE NOT relevant ORDER BY permalink")]
        codes = [r[0] for r in db.execute(
            "SELECT c.country_code FROM article_countries c JOIN articles a ON a.id = c.article_id"
            " GROUP BY c.country_code ORDER BY sum(a.relevant) DESC, count(*) DESC, 1 LIMIT ?",
            (listings,))]
        slugs = [r[0] for r in db.execute(
            "SELECT p.slug FROM mentions m JOIN people p ON p.id = m.person_id"
            " JOIN articles a ON a.id = m.article_id"
            " GROUP BY p.id ORDER BY sum(a.relevant) DESC, count(*) DESC, p.slug LIMIT ?",
            (listings,))]
    picked = rng.sample(relevant, min(len(relevant), articles // 2))
    picked += rng.sample(other, min(len(other), articles - len(picked)))
    rng.shuffle(picked)
    return PageSample(
        articles=[f"/articles/{p}" for p in picked],
        countries=[f"/countries/{c.lower()}" for c in codes],
        people=[f"/people/{quote(s)}" for s in slugs],
    )


def load_mix(queries: list[BenchQuery], sample: PageSample) -> tuple[list[str], dict[str, int]]:
    """The load test's URLs, cycled by wrk: every query's search page in both scopes,
    alternating with as many page requests (three article pages to one country page and one
    person page). Also returns how many URLs of each kind the list holds."""
    searches = [q.url(all_news) for q in queries for all_news in (False, True)]
    sources = {kind: cycle(urls) for kind, urls in
               (("article", sample.articles), ("country", sample.countries),
                ("person", sample.people)) if urls}
    pattern = cycle([k for k in ("article", "article", "article", "country", "person")
                     if k in sources])
    mix, counts = [], {"search": len(searches)}
    for search in searches:
        mix.append(search)
        if sources:
            kind = next(pattern)
            mix.append(next(sources[kind]))
            counts[kind] = counts.get(kind, 0) + 1
    return mix, counts
