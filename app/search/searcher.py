"""Query the index: parse with the documents' own analyzer, filter, page, and cut snippets."""

from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

from whoosh import highlight
from whoosh.qparser import AndGroup, MultifieldParser, PlusMinusPlugin
from whoosh.query import And, Every, Query, Term

from app.config import Settings
from app.search.analysis import word_boundaries
from app.search.indexer import current_index, open_index
from app.textnorm import normalize_line

MAX_QUERY_CHARS = 300
SNIPPET_CHARS = 240


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


@dataclass
class SearchPage:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 10
    error: str | None = None
    all_news: bool = False
    # Matches in each scope, {"relevant": n, "all": m}, for the scope switch.
    scope_totals: dict[str, int] = field(default_factory=dict)

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


def make_parser(schema) -> MultifieldParser:
    """All words must match (AND); quotes make phrases; a leading `-` excludes a word."""
    parser = MultifieldParser(["title", "body"], schema, group=AndGroup)
    parser.add_plugin(PlusMinusPlugin())
    return parser


def _highlighter(engine: str) -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=WordBoundaryFragmenter(
            engine, maxchars=SNIPPET_CHARS, surround=80, charlimit=None
        ),
        formatter=highlight.HtmlFormatter(tagname="mark", between=" … "),
    )


def _restrict(query: Query, filters: list[Query]) -> Query:
    if not filters:
        return query
    return And(filters) if isinstance(query, Every) else And([query, *filters])


def search(
    settings: Settings,
    raw_query: str,
    *,
    page: int = 1,
    page_size: int = 10,
    lang: str | None = None,
    country: str | None = None,
    all_news: bool = False,
    bodies: Callable[[list[str]], dict[str, str]] | None = None,
) -> SearchPage:
    """Ranked hits for a query; `bodies` fetches article texts (by permalink) for snippets.

    Only articles judged relevant are searched unless `all_news` is true."""
    text = clean_query(raw_query)
    result = SearchPage(query=text, page=max(1, page), page_size=page_size, all_news=all_news)
    if not text:
        return result
    info = current_index(settings)
    if info is None:
        raise IndexMissing("no search index yet: run `python -m app reindex`")
    index = open_index(info.path)
    if "relevant" not in index.schema:
        raise IndexMissing("the search index predates relevance: run `python -m app reindex`")
    with index.searcher() as searcher:
        query = make_parser(index.schema).parse(text)
        filters = [Term("lang", lang)] if lang else []
        if country:
            filters.append(Term("countries", country.upper()))
        everything = _restrict(query, filters)
        relevant = _restrict(query, [*filters, Term("relevant", True)])
        hits = searcher.search_page(
            everything if all_news else relevant, result.page, pagelen=page_size, terms=True
        )
        result.total = len(hits.results)
        other = sum(1 for _ in searcher.docs_for_query(relevant if all_news else everything))
        result.scope_totals = (
            {"relevant": other, "all": result.total} if all_news
            else {"relevant": result.total, "all": other}
        )
        hits.results.highlighter = _highlighter(settings.tokenizer_engine)
        texts = bodies([h["permalink"] for h in hits]) if bodies else {}
        for hit in hits:
            body = texts.get(hit["permalink"], "")
            snippet = hit.highlights("body", text=body, top=2) if body else ""
            if not snippet:
                snippet = _escape(body[:SNIPPET_CHARS])
            result.hits.append(
                Hit(
                    permalink=hit["permalink"],
                    title=hit["title"],
                    title_html=TITLE_HIGHLIGHTER.highlight_hit(hit, "title", top=1)
                    or _escape(hit["title"]),
                    snippet_html=snippet,
                    lang=hit["lang"],
                    countries=[c for c in hit.get("countries", "").split(",") if c],
                    published=hit.get("published"),
                    score=hit.score,
                    relevant=bool(hit.get("relevant")),
                )
            )
    return result


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def parsed(settings: Settings, raw_query: str) -> Query:
    """The Whoosh query a text parses to (for tests and debugging)."""
    info = current_index(settings)
    if info is None:
        raise IndexMissing("no search index yet")
    return make_parser(open_index(info.path).schema).parse(clean_query(raw_query))
