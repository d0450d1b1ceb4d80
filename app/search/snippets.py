"""Snippets and highlighted titles for the hits shown, from the character offsets stored in the
index (no re-analysis of the text), cut on word boundaries.

Whoosh's own highlighting needs a Results object that tracked every matched term of every
match; the ranking no longer goes through Whoosh's collector, so the matched terms of the page's
hits are found here (`matched_terms`) and their offsets read from the postings, then handed to
Whoosh's fragmenters and formatters as its Highlighter would.
"""

from itertools import groupby

import numpy as np
from whoosh import highlight
from whoosh.analysis import Token
from whoosh.query import Query, Term

from app.search.analysis import word_boundaries

SNIPPET_CHARS = 240


class WordBoundaryFormatter(highlight.HtmlFormatter):
    """HTML for the chosen fragments, each cut so that its ends fall between words.

    Fragments come from stored character offsets (pinpoint), cut at a character count; Thai has
    no spaces, so an edge is moved inward to the nearest space, else to the nearest boundary
    found by the segmenter. Only the fragments shown are cut: the segmenter is slow."""

    def __init__(self, engine: str, **kwargs):
        super().__init__(**kwargs)
        self.engine = engine

    def format_fragment(self, fragment, replace=False):
        first = min((t.startchar for t in fragment.matches), default=fragment.startchar)
        last = max((t.endchar for t in fragment.matches), default=fragment.endchar)
        text = fragment.text
        fragment.startchar = self._snap(text, fragment.startchar, first, forward=True)
        fragment.endchar = self._snap(text, fragment.endchar, last, forward=False)
        return super().format_fragment(fragment, replace=replace)

    def _snap(self, text: str, edge: int, limit: int, *, forward: bool) -> int:
        if edge in (0, len(text)):
            return edge
        lo, hi = (edge, min(limit, edge + 40)) if forward else (max(limit, edge - 40), edge)
        space = text.find(" ", lo, hi) if forward else text.rfind(" ", lo, hi)
        if space >= 0:
            return space + 1 if forward else space
        lo, hi = max(0, edge - 40), min(len(text), edge + 40)
        bounds = [lo + b for b in word_boundaries(text[lo:hi], self.engine)]
        if forward:
            inside = [b for b in bounds if edge <= b <= limit and (b == 0 or b > lo)]
            return min(inside, default=edge)
        inside = [b for b in bounds if limit <= b <= edge and (b == len(text) or b < hi)]
        return max(inside, default=edge)


class WholeFieldFragmenter(highlight.WholeFragmenter):
    """The whole field as one fragment, from stored character offsets (no re-analysis)."""

    def must_retokenize(self):
        return False

    def fragment_matches(self, text, tokens):
        yield highlight.Fragment(text, list(tokens), 0, len(text))


def title_highlighter() -> highlight.Highlighter:
    """Titles are short: highlighted whole rather than cut. One per search, as for bodies:
    Whoosh's formatter numbers each term it meets (`term0`, `term1`…) and keeps every term it
    ever met, so a shared one grew for the life of a worker and numbered a page's terms by
    what earlier searches had asked."""
    return highlight.Highlighter(
        fragmenter=WholeFieldFragmenter(charlimit=None),
        formatter=highlight.HtmlFormatter(tagname="mark"),
    )


def matched_terms(sets, query: Query, docnum: int) -> set[tuple[str, object]]:
    """The (field, text) terms of the query that the document holds."""
    found = set()
    for field_name, text in _query_terms(query):
        ids = sets.postings(field_name, text).ids
        i = np.searchsorted(ids, docnum)
        if i < len(ids) and ids[i] == docnum:
            found.add((field_name, text))
    return found


def _query_terms(query: Query) -> set[tuple[str, object]]:
    if isinstance(query, Term):
        return {(query.fieldname, query.text)}
    terms = set()
    for sub in query.children():
        terms |= _query_terms(sub)
    if not terms and query.has_terms():  # a phrase: its words
        terms = set(query.terms())
    return terms


def highlight_field(sets, docnum: int, field_name: str, text: str, words: set,
                    highlighter: highlight.Highlighter, top: int) -> str:
    """The best fragments of a field's text with the matched words marked, from the offsets
    stored for those words in this document ("" when none is found in the field)."""
    tokens = []
    for word in words:
        for pos, start, end in sets.characters(field_name, word, docnum):
            tokens.append(Token(text=word, pos=pos, startchar=start, endchar=end))
    if not tokens:
        return ""
    tokens.sort(key=lambda t: t.startchar)
    tokens = [max(group, key=lambda t: t.endchar - t.startchar)
              for _start, group in groupby(tokens, lambda t: t.startchar)]
    fragments = highlighter.fragmenter.fragment_matches(text, tokens)
    fragments = top_fragments(fragments, top, highlighter.scorer, highlighter.order)
    return highlighter.formatter.format(fragments)


def top_fragments(fragments, count: int, scorer, order, minscore: int = 1) -> list:
    """Whoosh's `top_fragments`, but ties go to the earlier fragment: Whoosh breaks them by
    comparing fragments, which compares their memory addresses, so the same search could show
    a different snippet each time."""
    scored = [(scorer(f), f) for f in fragments]
    scored.sort(key=lambda pair: (-pair[0], pair[1].startchar))
    best = [f for score, f in scored[:count] if score >= minscore]
    best.sort(key=order)
    return best


def body_highlighter(engine: str) -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=80, charlimit=None),
        formatter=WordBoundaryFormatter(engine, tagname="mark", between=" … "),
    )
