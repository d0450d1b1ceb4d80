"""Run a search: parse and expand the query, filter, rank or sort, count facets, cut snippets."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from math import ceil

from whoosh import highlight, scoring
from whoosh.query import And, Every, Not, NullQuery, NumericRange, Query, Term

from app.config import Settings
from app.search import query as querying
from app.search.analysis import word_boundaries
from app.search.facets import FACETS, facet_table
from app.search.indexer import current_index, open_index
from app.search.lexicon import lexicon
from app.textnorm import normalize_line

MAX_QUERY_CHARS = 300
SNIPPET_CHARS = 240
SORTS = ("relevance", "date")
WEIGHTING = scoring.BM25F()
RERANK_DEPTH = 200  # all news: hits re-ordered by tags (deeper ones keep the text order)
TAG_BONUS = 1.0  # per queried country or person the article is tagged with
# A word found in fewer articles than this gets a spelling check; a suggestion must be found
# in SUGGEST_RATIO times as many (or, for a word found nowhere, anywhere).
RARE_WORD_ARTICLES = 3
PARTIAL_BELOW = 10  # fewer complete matches than this are followed by partial ones
SUGGEST_RATIO = 10


class IndexMissing(RuntimeError):
    """No index has been built yet: run `python -m app reindex`."""


@dataclass
class Hit:
    permalink: str
    title: str
    title_html: str
    snippet_html: str
    lang: str
    countries: list[str]
    published: object
    score: float
    relevant: bool = True
    missing: list[str] = field(default_factory=list)  # words a partial match lacks


@dataclass(frozen=True)
class Filters:
    """What the results are narrowed to; each is one facet value (or None)."""

    country: str | None = None
    person: str | None = None
    year: int | None = None
    lang: str | None = None
    source: str | None = None

    def queries(self) -> list[Query]:
        out: list[Query] = []
        if self.country:
            out.append(Term("countries", self.country.upper()))
        if self.person:
            out.append(Term("people", self.person))
        if self.year:
            out.append(NumericRange("year", self.year, self.year))
        if self.lang:
            out.append(Term("lang", self.lang))
        if self.source:
            out.append(Term("source", self.source))
        return out

    def active(self) -> dict[str, object]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass
class Expansion:
    text: str  # as the reader wrote it
    label: str
    forms: list[str]
    excluded: bool = False
    topic: bool = False  # a cyber-matter term: relevant articles count as matching it


@dataclass
class SearchPage:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 10
    all_news: bool = False
    sort: str = "relevance"
    expand: bool = True
    filters: Filters = field(default_factory=Filters)
    # Matches in each scope, {"relevant": n, "all": m}, for the scope switch; counted only in
    # the all-news scope (counting all news from the relevant scope is a pass over everything).
    scope_totals: dict[str, int] = field(default_factory=dict)
    any_word: bool = False  # no article had every word: these have some
    complete: int = 0  # articles with every word; any after them have only some
    expansions: list[Expansion] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # stop words left out
    suggestion: str | None = None  # "did you mean"
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.page_size))


def clean_query(raw: str) -> str:
    """Normalize a query like the documents, and bound its length."""
    return normalize_line(raw or "")[:MAX_QUERY_CHARS]


class WordBoundaryFragmenter(highlight.PinpointFragmenter):
    """Pinpoint fragments (from stored character offsets) whose ends fall between words.

    Thai has no spaces, so a fragment cut at a fixed character count would split a word;
    each edge is moved inward to the nearest word boundary found by the same segmenter.
    """

    def __init__(self, engine: str, **kwargs):
        super().__init__(**kwargs)
        self.engine = engine

    def fragment_matches(self, text, tokens):
        for fragment in super().fragment_matches(text, tokens):
            first = min((t.startchar for t in fragment.matches), default=fragment.startchar)
            last = max((t.endchar for t in fragment.matches), default=fragment.endchar)
            fragment.startchar = self._snap(text, fragment.startchar, first, forward=True)
            fragment.endchar = self._snap(text, fragment.endchar, last, forward=False)
            yield fragment

    def _snap(self, text: str, edge: int, limit: int, *, forward: bool) -> int:
        lo, hi = max(0, edge - 40), min(len(text), edge + 40)
        bounds = [lo + b for b in word_boundaries(text[lo:hi], self.engine)]
        if forward:
            inside = [b for b in bounds if edge <= b <= limit and (b == 0 or b > lo)]
            return min(inside, default=edge)
        inside = [b for b in bounds if limit <= b <= edge and (b == len(text) or b < hi)]
        return max(inside, default=edge)


# Titles are short: highlight them whole rather than cut a fragment out of them.
TITLE_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.WholeFragmenter(charlimit=None),
    formatter=highlight.HtmlFormatter(tagname="mark"),
)


def _highlighter(engine: str) -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=WordBoundaryFragmenter(
            engine, maxchars=SNIPPET_CHARS, surround=80, charlimit=None
        ),
        formatter=highlight.HtmlFormatter(tagname="mark", between=" … "),
    )


def _tokenizer(schema):
    analyzer = schema["body"].analyzer
    return lambda text: [t.text for t in analyzer(text, mode="query")]


def _narrow(query: Query, filters: list[Query]) -> Query:
    return And([query, *filters]) if filters else query


def search(
    settings: Settings,
    raw_query: str,
    *,
    page: int = 1,
    page_size: int = 10,
    lang: str | None = None,
    country: str | None = None,
    person: str | None = None,
    year: int | None = None,
    source: str | None = None,
    sort: str = "relevance",
    expand: bool = True,
    all_news: bool = False,
    bodies: Callable[[list[str]], dict[str, str]] | None = None,
) -> SearchPage:
    """Ranked hits for a query; `bodies` fetches article texts (by permalink) for snippets.

    Only articles judged relevant are searched unless `all_news` is true. All words must
    match; when fewer than PARTIAL_BELOW articles have them all, those are followed by articles
    with some of them, each saying what it lacks (`any_word` when none has them all)."""
    text = clean_query(raw_query)
    filters = Filters(country, person, year, lang, source)
    result = SearchPage(query=text, page=max(1, page), page_size=page_size, all_news=all_news,
                        sort=sort if sort in SORTS else "relevance", expand=expand, filters=filters)
    if not text:
        return result
    info = current_index(settings)
    if info is None:
        raise IndexMissing("no search index yet: run `python -m app reindex`")
    index = open_index(info.path)
    if "spell_body" not in index.schema:
        raise IndexMissing("the search index is out of date: run `python -m app reindex`")
    tokenize = _tokenizer(index.schema)
    parsed = querying.parse(text, lexicon() if expand else None, settings.tokenizer_engine)
    result.ignored = parsed.ignored
    result.expansions = [
        Expansion(c.text, c.concept.label, [f for f in c.concept.forms if f != c.text],
                  excluded=any(c is x for x in parsed.excluded), topic=c.concept.topic)
        for c in parsed.expansions
    ] if expand else []
    clause_queries, excluded = querying.clause_queries(parsed, tokenize, expand)
    strict = querying.combine(clause_queries, excluded)
    if strict is NullQuery:
        return result
    loose = querying.combine(clause_queries, excluded, any_word=True)
    narrowing = filters.queries()
    relevant_only = [Term("relevant", True)]
    in_scope = narrowing + ([] if all_news else relevant_only)
    other_scope = narrowing + (relevant_only if all_news else [])
    end = result.page * page_size
    with index.searcher(weighting=WEIGHTING) as searcher:
        # The relevant scope holds a few hundred articles: score every match, which also
        # gives the count and the facets without another pass. All news: the top `depth`.
        by_date = result.sort == "date"
        depth = end if by_date else max(end, RERANK_DEPTH)
        limit = depth if all_news else None
        marker = _highlighter(settings.tokenizer_engine)
        prefer = None if by_date else _preferences(parsed)
        hits, result.complete = _fetch(searcher, _narrow(strict, in_scope), limit, by_date, marker)
        complete = {h.docnum for h in hits}
        hits = _rerank(hits, prefer)
        chosen = strict
        if result.complete < PARTIAL_BELOW and len(parsed.required) > 1:
            # Few articles have every word: follow them with articles that have some.
            chosen = loose
            more, _n = _fetch(searcher, _narrow(loose, in_scope),
                              limit and limit + result.complete, by_date, marker)
            hits += _rerank([h for h in more if h.docnum not in complete], prefer)
        if limit is None:
            matched = [h.docnum for h in hits]
        else:
            matched = list(searcher.docs_for_query(_narrow(chosen, in_scope)))
        result.total = len(matched)
        result.any_word = result.complete == 0 and result.total > 0
        if all_news:  # cheap: the relevant articles are few; the other way round is not
            relevant_total = sum(1 for _ in searcher.docs_for_query(_narrow(chosen, other_scope)))
            result.scope_totals = {"relevant": relevant_total, "all": result.total}
        else:
            result.scope_totals = {"relevant": result.total}
        result.facets = facet_table(searcher, info.path).counts(matched)
        result.suggestion = _suggestion(searcher, parsed, text, tokenize)
        shown = hits[(result.page - 1) * page_size:end]
        texts = bodies([h["permalink"] for h in shown]) if bodies else {}
        for hit in shown:
            entry = _hit(hit, texts.get(hit["permalink"], ""))
            if hit.docnum not in complete:
                entry.missing = _missing(hit, parsed.required, clause_queries)
            result.hits.append(entry)
    return result


def _preferences(parsed: querying.ParsedQuery) -> frozenset[tuple[str, str]]:
    """The countries and people the query names: an article tagged with them is about them,
    not just naming them."""
    return frozenset(c.concept.tag for c in parsed.required if c.concept and c.concept.tag)


def _rerank(hits: list, prefer: frozenset[tuple[str, str]] | None) -> list:
    """Text score times a bonus for each queried tag the article carries. Whoosh cannot score
    the tag fields (they are not scorable), so this runs on the hits fetched."""
    if not prefer:
        return hits

    def score(hit) -> float:
        factor = 1.0
        for field_name, value in prefer:
            if value in (hit.get(field_name) or "").split(","):
                factor += TAG_BONUS
        return (hit.score or 0.0) * factor

    return sorted(hits, key=score, reverse=True)


def _fetch(searcher, query: Query, limit: int | None, by_date: bool, marker) -> tuple[list, int]:
    """Hits and their number: by score, or newest first with undated articles last (Whoosh
    would sort a missing date as the largest)."""
    if by_date:
        dated = Every("year")
        runs = [searcher.search(And([query, dated]), limit=limit, terms=True,
                                sortedby="published", reverse=True),
                searcher.search(And([query, Not(dated)]), limit=limit, terms=True)]
    else:
        runs = [searcher.search(query, limit=limit, terms=True)]
    hits = []
    for run in runs:
        run.highlighter = marker
        hits += list(run)
    return hits, sum(len(run) for run in runs)


def _missing(hit, clauses, clause_queries) -> list[str]:
    """What a partial match lacks, as the reader wrote it."""
    matched = {(field, text.decode() if isinstance(text, bytes) else str(text))
               for field, text in (hit.matched_terms() or [])}
    if hit.get("relevant"):
        matched.add(("relevant", "True"))
    return [c.text for c, q in zip(clauses, clause_queries, strict=True)
            if not querying.clause_matched(q, matched)]


def _hit(hit, body: str) -> Hit:
    snippet = hit.highlights("body", text=body, top=2) if body else ""
    return Hit(
        permalink=hit["permalink"],
        title=hit["title"],
        title_html=TITLE_HIGHLIGHTER.highlight_hit(hit, "title", top=1) or _escape(hit["title"]),
        snippet_html=snippet or _escape(body[:SNIPPET_CHARS]),
        lang=hit["lang"],
        countries=[c for c in hit.get("countries", "").split(",") if c],
        published=hit.get("published"),
        score=hit.score or 0.0,
        relevant=bool(hit.get("relevant")),
    )


def _suggestion(searcher, parsed: querying.ParsedQuery, text: str, tokenize) -> str | None:
    """The query with each rare word replaced by a much more common word within two edits,
    from Whoosh's corrector over the unstemmed (and Thai-segmented) words of the bodies."""
    corrected = text
    for clause in parsed.words:
        word = clause.text
        found = _articles_with(searcher, word, tokenize)
        if found >= RARE_WORD_ARTICLES:
            continue
        best = _closest_common(searcher, word, found, tokenize)
        if best:
            best = best.upper() if word.isupper() else best.capitalize() if word[:1].isupper() else best
            # the word as a plain word: not inside another word, a phrase or an exclusion
            alone = re.compile(rf'(?<![\w"\-]){re.escape(word)}(?![\w"])')
            corrected = alone.sub(lambda _m, b=best: b, corrected, count=1)
    return corrected if corrected != text else None


def _closest_common(searcher, word: str, found: int, tokenize) -> str | None:
    """The most common word one edit away, else two (words of four letters or fewer: one).
    The first letter is taken as typed, which keeps the search through the vocabulary short."""
    for maxdist in (1, 2) if len(word) > 4 else (1,):
        candidates = [c for c in searcher.suggest("body", word.lower(), limit=8, maxdist=maxdist,
                                                  prefix=1) if c != word.lower()]
        counts = {c: _articles_with(searcher, c, tokenize) for c in candidates}
        best = max(counts, key=counts.get, default=None)
        if best and counts[best] >= (SUGGEST_RATIO * found if found else 1):
            return best
    return None


def _articles_with(searcher, word: str, tokenize, cap: int = 1000) -> int:
    """Articles (in any scope) containing the word, counted up to `cap`."""
    query = querying.text_query(word, tokenize, phrase=False)
    if query is NullQuery:
        return 0
    return sum(1 for _ in islice(searcher.docs_for_query(query), cap))


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


__all__ = ["FACETS", "IndexMissing", "SearchPage", "Hit", "Filters", "search", "clean_query"]
