"""Run a search: parse and expand the query, filter, rank or sort, count facets, cut snippets."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

import numpy as np
from whoosh import scoring
from whoosh.query import And, NullQuery, Query, Term

from app.config import Settings
from app.search import query as querying
from app.search.docsets import docsets
from app.search.facets import FACETS, facet_table
from app.search.lexicon import lexicon
from app.search.opened import IndexMissing, current_searcher
from app.search.snippets import (
    SNIPPET_CHARS,
    body_highlighter,
    highlight_field,
    matched_terms,
    title_highlighter,
)
from app.textnorm import normalize_line

MAX_QUERY_CHARS = 300
SORTS = ("relevance", "date")
WEIGHTING = scoring.BM25F(B=0.9)  # long releases mention everything once: length counts
TAG_BONUS = 1.0  # per queried country or person the article is tagged with
# In all news, an article judged to be on bilateral cyber cooperation weighs this many times
# an ordinary one: the archive's subject first, other news still there (dev queries in all
# news: recall@10 0.595 -> 0.768, MRR 0.500 -> 0.704; 1.5 to 11 were tried, and 11 scores higher
# but all but sorts the judged articles first, hiding what the relevance filter missed).
RELEVANT_WEIGHT = 4.0
# A word found in fewer articles than this gets a spelling check; a suggestion must be found
# in SUGGEST_RATIO times as many (or, for a word found nowhere, anywhere).
RARE_WORD_ARTICLES = 3
PARTIAL_BELOW = 10  # fewer complete matches than this are ranked among partial ones
COVERAGE_POWER = 3  # how much a partial match's score shrinks with each clause it lacks
SUGGEST_RATIO = 10


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
            out.append(Term("year", self.year))  # one value: a term, read as a bitmap
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
    complete: int = 0  # articles with every word (when few, ranked among ones with some)
    expansions: list[Expansion] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # stop words left out
    suggestion: str | None = None  # "did you mean"
    only_excluded: bool = False  # every word was excluded (-word): there is nothing to look for
    # The query as typed, when these are the results of its spelling suggestion instead (no
    # article has the typed words, and the suggestion finds articles with every word).
    respelled_from: str | None = None
    # In the default scope, with nothing found: how many articles of all news have every word.
    in_all_news: int = 0
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.page_size))


def clean_query(raw: str) -> str:
    """Normalize a query like the documents, and bound its length."""
    return normalize_line(raw or "")[:MAX_QUERY_CHARS]


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
    highlights: bool = True,
    respell: bool = True,
) -> SearchPage:
    """Ranked hits for a query; `bodies` fetches article texts (by permalink) for snippets.

    Only articles judged relevant are searched unless `all_news` is true. All words must
    match; when fewer than PARTIAL_BELOW articles have them all, those are ranked among articles
    with some of them (scores weighted by the share of clauses matched), each partial match
    saying what it lacks (`any_word` when none has them all). Sorted by date, the complete
    matches come first.

    A misspelled query (`cyber securty`, `ไซเบอ`: words in almost no article of the archive,
    with a much more common spelling one or two edits away) is answered with the results of
    its suggestion, which say so (`respelled_from`), unless `respell` is false. A word the
    archive has (FBI, in four articles of all news) is no misspelling because the default
    scope lacks it: it gets no suggestion, and the page says how many articles of all news
    have it (`in_all_news`)."""
    text = clean_query(raw_query)
    filters = Filters(country, person, year, lang, source)
    result = SearchPage(query=text, page=max(1, page), page_size=page_size, all_news=all_news,
                        sort=sort if sort in SORTS else "relevance", expand=expand, filters=filters)
    if not text:
        return result
    parsed = querying.parse(text, lexicon() if expand else None, settings.tokenizer_engine)
    result.ignored = parsed.ignored
    result.only_excluded = bool(parsed.excluded) and not parsed.required
    result.expansions = [
        Expansion(c.text, c.concept.label, [f for f in c.concept.forms if f != c.text],
                  excluded=any(c is x for x in parsed.excluded), topic=c.concept.topic)
        for c in parsed.expansions
    ] if expand else []
    with current_searcher(settings, WEIGHTING, relevant_only=not all_news) as (info, searcher):
        _run(searcher, info, result, parsed, text, filters, expand, all_news, settings, bodies,
             highlights)
    everywhere = result.complete if all_news else None  # articles of all news with every word
    if not (all_news or result.complete or result.only_excluded):
        result.in_all_news = everywhere = _complete_in_all_news(settings, parsed, expand, filters)
        if everywhere >= RARE_WORD_ARTICLES:
            result.suggestion = None  # the archive has the words: no misspelling
    if result.suggestion and respell and result.complete < RARE_WORD_ARTICLES:
        if everywhere is None:
            everywhere = _complete_in_all_news(settings, parsed, expand, filters)
        if everywhere >= RARE_WORD_ARTICLES:
            return result  # a rare spelling the archive has: suggested, not replaced
        respelled = search(settings, result.suggestion, page=page, page_size=page_size,
                           lang=lang, country=country, person=person, year=year, source=source,
                           sort=sort, expand=expand, all_news=all_news, bodies=bodies,
                           highlights=highlights, respell=False)
        if respelled.complete > result.complete:
            respelled.respelled_from = text
            return respelled
    return result


def _complete_in_all_news(settings: Settings, parsed: querying.ParsedQuery, expand: bool,
                          filters: Filters) -> int:
    """How many articles of all news have every word of the query, under the same filters (a
    search with nothing in 2030 has nothing in all news' 2030 either)."""
    with current_searcher(settings, WEIGHTING, relevant_only=False) as (info, searcher):
        clause_queries, excluded = querying.clause_queries(
            parsed, _tokenizer(searcher.schema), expand)
        strict = querying.combine(clause_queries, excluded)
        if strict is NullQuery:
            return 0
        return int(docsets(searcher, f"{info.path}#True").of(_narrow(strict, filters.queries())).sum())


def _run(searcher, info, result, parsed, text, filters, expand, all_news, settings, bodies,
             highlights):
    """The index part of a search, on a searcher this thread holds (it reads the scope's own
    index: all news, or the relevant articles only).

    Which articles match, their BM25F scores, how many, their facets and their other scope
    come from arrays over the whole index (`docsets`); Whoosh is asked only for the page's
    hits, which terms each matched (for highlights and "Missing:")."""
    page_size = result.page_size
    tokenize = _tokenizer(searcher.schema)
    clause_queries, excluded = querying.clause_queries(parsed, tokenize, expand)
    strict = querying.combine(clause_queries, excluded)
    if strict is NullQuery:
        return
    name = f"{info.path}#{all_news}"
    sets, table = docsets(searcher, name), facet_table(searcher, name)
    narrowing = filters.queries()
    allowed = sets.of(And(narrowing)) if narrowing else sets.live
    complete, scores = sets.scored(strict)
    complete &= allowed
    result.complete = int(complete.sum())
    chosen, matched, mixed = strict, complete, False
    clauses, pieces, whole = parsed.required, clause_queries, []
    if result.complete < PARTIAL_BELOW and len(clauses) == 1:
        # One compound: a partial match has some of what it is made of. The compound stays
        # among the alternatives, for the terms its complete matches are highlighted by.
        clauses = querying.split_clause(clauses[0])
        if len(clauses) > 1:
            pieces = [querying.clause_query(c, tokenize, expand) for c in clauses]
            whole = clause_queries
    if result.complete < PARTIAL_BELOW and len(clauses) > 1:
        # Few articles have every word: rank them among articles that have some.
        chosen = querying.combine(whole + pieces, excluded, any_word=True)
        matched, loose_scores = sets.scored(chosen)
        matched &= allowed
        scores = np.where(complete, scores, loose_scores * _coverage(sets, pieces))
        mixed = True
    result.total = int(matched.sum())
    result.any_word = result.complete == 0 and result.total > 0
    if all_news:
        relevant = int((matched & sets.term("relevant", True)).sum())
        result.scope_totals = {"relevant": relevant, "all": result.total}
    else:
        result.scope_totals = {"relevant": result.total}
    result.facets = table.counts(matched)
    result.suggestion = _suggestion(searcher, sets, parsed, text, tokenize)
    start, end = (result.page - 1) * page_size, result.page * page_size
    if start >= result.total:
        return
    reader = searcher.reader()
    if result.sort == "date":
        order = np.concatenate([table.newest_first(complete),
                                table.newest_first(matched & ~complete)])
        keys = (complete, table.published)
    else:
        scores = scores * _tag_weights(sets, parsed)
        if all_news:
            scores = scores * np.where(sets.term("relevant", True), RELEVANT_WEIGHT, 1.0)
        order = _best(matched, scores, end) if mixed else _best(complete, scores, end)
        keys = (scores,)
    shown = [int(d) for d in _settle_ties(order, keys, start, end, reader)]
    stored = [reader.stored_fields(d) for d in shown]
    texts = bodies([fields["permalink"] for fields in stored]) if bodies else {}
    markers = body_highlighter(settings.tokenizer_engine), title_highlighter()
    for docnum, fields in zip(shown, stored, strict=True):
        terms = matched_terms(sets, chosen, docnum)
        entry = _hit(sets, docnum, fields, terms if highlights else set(),
                     texts.get(fields["permalink"], ""), markers, float(scores[docnum]))
        if not complete[docnum]:
            entry.missing = _missing(terms, clauses, pieces)
        result.hits.append(entry)


def _coverage(sets, clause_queries) -> np.ndarray:
    """Per document, (the share of the query it matches) ** COVERAGE_POWER, each clause
    weighing its rarity, log(1 + articles / articles matching it): an article with every word
    keeps its score, and lacking a word few articles have costs more than lacking a common one
    (`networks`, in half the reports on scams). With two clauses of equal rarity, one lacking
    one keeps an eighth, so a long digest naming every word once in passing does not outrank a
    report on most of them, nor the reverse unless the report is far closer. (Dev queries in
    the default scope: MRR 0.766 -> 0.779 against equal weights; recall@10 the same.)"""
    has = [sets.of(q) for q in clause_queries]
    articles = max(int(sets.live.sum()), 1)
    weights = [np.log1p(articles / max(int((h & sets.live).sum()), 1)) for h in has]
    share = sum(w * h for w, h in zip(weights, has, strict=True)) / sum(weights)
    return share ** COVERAGE_POWER


def _tag_weights(sets, parsed: querying.ParsedQuery) -> np.ndarray | float:
    """Per document, 1 + TAG_BONUS for each country or person the query names that the
    article is tagged with: it is about them, not just naming them."""
    weights = 1.0
    for field_name, value in {c.concept.tag for c in parsed.required if c.concept and c.concept.tag}:
        weights = weights + TAG_BONUS * sets.term(field_name, value)
    return weights


def _best(matched: np.ndarray, scores: np.ndarray, count: int) -> np.ndarray:
    """The `count` best of the matched documents, best first, and every other one that ties
    with the last of them (ties in index order: _settle_ties decides between them)."""
    ids = np.flatnonzero(matched)
    if count <= 0:
        return ids[:0]
    if len(ids) > count:
        cut = scores[ids[np.argpartition(-scores[ids], count - 1)[count - 1]]]
        ids = ids[scores[ids] >= cut]
    return ids[np.lexsort((ids, -scores[ids]))]


def _settle_ties(order: np.ndarray, keys, start: int, end: int, reader) -> np.ndarray:
    """order[start:end], with documents that tie on every one of `keys` (per-document arrays:
    the score, or the date) in permalink order. Index order is no tie-break to show: with two
    writer processes, which document a rebuild numbers first depends on timing, and a cited
    search would list the same articles in another order after a rebuild. Only the tied runs
    that reach into the page have their permalinks read."""
    end = min(end, len(order))
    if start >= end:
        return order[start:end]
    tied = np.ones(len(order) - 1, dtype=bool)  # tied[i]: order[i] and order[i + 1] tie
    for key in keys:
        values = key[order]
        tied &= values[1:] == values[:-1]
    low, high = start, end
    while low > 0 and tied[low - 1]:
        low -= 1
    while high < len(order) and tied[high - 1]:
        high += 1
    window = [int(d) for d in order[low:high]]
    settled, run = [], [window[0]]
    for position, docnum in enumerate(window[1:], start=low + 1):
        if tied[position - 1]:
            run.append(docnum)
            continue
        settled.extend(_by_permalink(run, reader))
        run = [docnum]
    settled.extend(_by_permalink(run, reader))
    return np.array(settled[start - low:end - low], dtype=order.dtype)


def _by_permalink(docnums: list[int], reader) -> list[int]:
    if len(docnums) < 2:
        return docnums
    return sorted(docnums, key=lambda d: reader.stored_fields(d)["permalink"])


def _missing(terms: set, clauses, clause_queries) -> list[str]:
    """What a partial match lacks, as the reader wrote it."""
    matched = {(field, str(text)) for field, text in terms}
    return [c.text for c, q in zip(clauses, clause_queries, strict=True)
            if not querying.clause_matched(q, matched)]


def _hit(sets, docnum: int, fields: dict, terms: set, body: str, markers, score: float) -> Hit:
    def words(field_name):
        return {text for name, text in terms if name == field_name}

    body_marker, title_marker = markers
    snippet = (highlight_field(sets, docnum, "body", body, words("body"), body_marker, 2)
               if body else "")
    title = highlight_field(sets, docnum, "title", fields["title"], words("title"),
                            title_marker, 1)
    return Hit(
        permalink=fields["permalink"],
        title=fields["title"],
        title_html=title or _escape(fields["title"]),
        snippet_html=snippet or _escape(body[:SNIPPET_CHARS]),
        lang=fields["lang"],
        countries=[c for c in fields.get("countries", "").split(",") if c],
        published=fields.get("published"),
        score=score,
        relevant=bool(fields.get("relevant")),
    )


def _suggestion(searcher, sets, parsed: querying.ParsedQuery, text: str, tokenize) -> str | None:
    """The query with each rare word replaced by a much more common word within two edits,
    from Whoosh's corrector over the unstemmed (and Thai-segmented) words of the bodies."""
    corrected = text
    for clause in parsed.words:
        word = clause.text
        found = _articles_with(sets, word, tokenize)
        if found >= RARE_WORD_ARTICLES:
            continue
        best = _closest_common(searcher, sets, word, found, tokenize)
        if best:
            best = best.upper() if word.isupper() else best.capitalize() if word[:1].isupper() else best
            # the word as a plain word: not inside another word, a phrase or an exclusion
            alone = re.compile(rf'(?<![\w"\-]){re.escape(word)}(?![\w"])')
            corrected = alone.sub(lambda _m, b=best: b, corrected, count=1)
    return corrected if corrected != text else None


def _closest_common(searcher, sets, word: str, found: int, tokenize) -> str | None:
    """The most common word one edit away, else two (words of four letters or fewer: one).
    The first letter is taken as typed, which keeps the search through the vocabulary short."""
    for maxdist in (1, 2) if len(word) > 4 else (1,):
        candidates = [c for c in searcher.suggest("body", word.lower(), limit=8, maxdist=maxdist,
                                                  prefix=1) if c != word.lower()]
        counts = {c: _articles_with(sets, c, tokenize) for c in candidates}
        best = max(counts, key=counts.get, default=None)
        if best and counts[best] >= (SUGGEST_RATIO * found if found else 1):
            return best
    return None


def _articles_with(sets, word: str, tokenize) -> int:
    """Articles (in the scope searched) containing the word."""
    query = querying.text_query(word, tokenize, phrase=False)
    return 0 if query is NullQuery else int(sets.of(query).sum())


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


__all__ = ["FACETS", "IndexMissing", "SearchPage", "Hit", "Filters", "search", "clean_query"]
