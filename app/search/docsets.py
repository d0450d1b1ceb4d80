"""Which documents a query matches, and their BM25F scores, as NumPy arrays over the index.

Whoosh matches and scores by walking its matcher tree in Python, one document at a time: a
query matching 20,000 of 60,000 articles took hundreds of milliseconds to rank, count and
facet. Here a term's postings are read from Whoosh's own posting blocks (ids and weights, kept
per index generation), and a query's And/Or/Not become bitwise operations and its score a sum of
vectors: every match is scored, exactly as Whoosh's BM25F would score it (a test holds the two
to the same figures), in a few milliseconds. Whoosh still stores the index, analyses text,
checks phrases and ranges (their matches come from its matcher), and highlights.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from math import log
from threading import Lock

import numpy as np
from whoosh.query import And, Every, Not, NullQuery, Or, Query, Term

from app.search.schema import TEXT_FIELDS

CACHED_POSTINGS = 4_000_000  # postings kept per index (12 bytes each): about 50 MB
CACHED_MATCHERS = 2048  # open posting readers kept for reading character offsets
CACHED_BLOCKS = 2048  # decoded posting blocks kept for snippets (about 10 KB each)
CACHED_MATCH_IDS = 1_000_000  # phrase and range matches kept (8 bytes per document number)


@dataclass(frozen=True)
class Postings:
    ids: np.ndarray  # index-wide document numbers
    weights: np.ndarray  # the term's weight in each (its frequency, times the field's boost)
    # Where each posting block is (segment number, file position) and which posting it starts
    # with: a hit's character offsets are read from its block, not found by skipping to it.
    block_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    block_at: tuple[tuple[int, int], ...] = ()


NO_POSTINGS = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def read_postings(reader, fieldname: str, text) -> Postings:
    """A term's postings in every segment, deleted documents included."""
    ids, weights, block_start, block_at = [], [], [], []
    count = 0
    for number, (leaf, offset) in enumerate(reader.leaf_readers()):
        btext = text if isinstance(text, bytes) else leaf.schema[fieldname].to_bytes(text)
        if (fieldname, btext) not in leaf:
            continue
        matcher = leaf.postings(fieldname, btext)
        if hasattr(matcher, "_read_ids") and hasattr(matcher, "_baseoffset"):
            position = matcher._baseoffset
            while matcher.is_active():  # a block at a time (Whoosh's own posting format)
                matcher._read_ids()
                matcher._read_weights()
                ids.append(np.asarray(matcher._ids, dtype=np.int64) + offset)
                weights.append(np.asarray(matcher._weights, dtype=np.float32))
                block_start.append(count)
                block_at.append((number, position))
                count += len(ids[-1])
                position = matcher._nextoffset
                matcher._next_block()
        else:  # postings kept inline in the term info
            block_start.append(count)
            block_at.append((number, -1))
            while matcher.is_active():
                ids.append(np.array([matcher.id() + offset], dtype=np.int64))
                weights.append(np.array([matcher.weight()], dtype=np.float32))
                count += 1
                matcher.next()
    if not ids:
        return NO_POSTINGS
    return Postings(np.concatenate(ids), np.concatenate(weights),
                    np.array(block_start, dtype=np.int64), tuple(block_at))


def posting_ids(reader, fieldname: str, text) -> np.ndarray:
    return read_postings(reader, fieldname, text).ids


class DocSets:
    """Matches and scores for one searcher's index generation."""

    def __init__(self, searcher):
        self.searcher = searcher
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            self.live[:] = False
            self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        weighting = searcher.weighting
        self.k1 = weighting.K1
        self.b = {name: weighting._field_B.get(name, weighting.B) for name in searcher.schema.names()}
        self._postings: OrderedDict[tuple[str, object], Postings] = OrderedDict()
        self._cached = 0
        self._lengths: dict[str, np.ndarray] = {}
        self._matchers: dict[tuple[int, str, object], object] = {}
        self._blocks: OrderedDict[tuple, tuple] = OrderedDict()
        self._matches: OrderedDict[str, np.ndarray] = OrderedDict()
        self._matched_ids = 0
        self._lock = Lock()
        for name in TEXT_FIELDS:  # read once here rather than in the first search
            self._field_lengths(name)

    def postings(self, fieldname: str, text) -> Postings:
        key = (fieldname, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        if fieldname in self.searcher.schema:
            found = read_postings(self.searcher.reader(), fieldname, text)
        else:
            found = NO_POSTINGS
        with self._lock:
            if key not in self._postings:
                self._postings[key] = found
                self._cached += len(found.ids)
                while self._cached > CACHED_POSTINGS and len(self._postings) > 1:
                    _key, old = self._postings.popitem(last=False)
                    self._cached -= len(old.ids)
        return found

    def characters(self, fieldname: str, text, docnum: int) -> list[tuple[int, int, int]]:
        """(position, start, end) of each occurrence of a term in a document, read straight
        from the posting block that holds it."""
        postings = self.postings(fieldname, text)
        i = int(np.searchsorted(postings.ids, docnum))
        if i >= len(postings.ids) or postings.ids[i] != docnum:
            return []
        block = int(np.searchsorted(postings.block_start, i, side="right")) - 1
        number, position = postings.block_at[block]
        leaf, offset = self.searcher.reader().leaf_readers()[number]
        key = (number, fieldname, text)
        matcher = self._matchers.get(key)
        if matcher is None:
            if len(self._matchers) >= CACHED_MATCHERS:
                self._matchers.clear()
            btext = text if isinstance(text, bytes) else leaf.schema[fieldname].to_bytes(text)
            matcher = self._matchers[key] = leaf.postings(fieldname, btext)
        if position < 0:  # inline postings: walk them
            matcher.reset()
            matcher.skip_to(docnum - offset)
            return list(matcher.value_as("characters"))
        values = self._block_values(key + (position,), matcher)
        decode = matcher.format.decoder("characters")
        return list(decode(values[i - int(postings.block_start[block])]))

    def _block_values(self, key: tuple, matcher) -> tuple:
        """The stored values (positions and offsets) of one posting block, decompressed and
        unpickled once: a page's hits share the blocks of the query's common words, and so do
        the next searches for them."""
        with self._lock:
            found = self._blocks.get(key)
            if found is not None:
                self._blocks.move_to_end(key)
                return found
        matcher._goto(key[-1])
        matcher._read_values()
        found = tuple(matcher._values)
        with self._lock:
            self._blocks[key] = found
            while len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)
        return found

    def term(self, fieldname: str, text) -> np.ndarray:
        """The live documents holding a term."""
        bitmap = np.zeros(self.size, dtype=bool)
        bitmap[self.postings(fieldname, text).ids] = True
        return bitmap & self.live

    def of(self, query: Query) -> np.ndarray:
        """The documents a query matches."""
        return self.scored(query, scores=False)[0]

    def scored(self, query: Query, *, scores: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """(matches, BM25F scores) of a query: a boolean and a float array over the index."""
        if query is NullQuery:
            return np.zeros(self.size, dtype=bool), self._zeros(scores)
        if isinstance(query, Term):
            return self.term(query.fieldname, query.text), (
                self._term_scores(query) if scores else None)
        if isinstance(query, And | Or) and query.subqueries:
            parts = [self.scored(sub, scores=scores) for sub in query.subqueries]
            match = parts[0][0]
            for other, _s in parts[1:]:
                match = match & other if isinstance(query, And) else match | other
            total = sum(s for _m, s in parts) * query.boost if scores else None
            return match, total
        if isinstance(query, And):
            return self.live.copy(), self._zeros(scores)
        if isinstance(query, Not):  # Whoosh scores a document outside the excluded ones 1.0
            match = self.live & ~self.scored(query.query, scores=False)[0]
            return match, (match * query.boost).astype(np.float64) if scores else None
        if isinstance(query, Every) and not query.fieldname:
            return self.live.copy(), self._zeros(scores)
        # Phrases, ranges: their matches from Whoosh; a phrase scores as its words.
        match = np.zeros(self.size, dtype=bool)
        match[self._whoosh_matches(query)] = True
        if not scores:
            return match, None
        # terms(phrases=True): Whoosh leaves a phrase's words out of terms() by default.
        words = [Term(f, t) for f, t in query.terms(phrases=True)] if query.has_terms() else []
        total = sum((self._term_scores(w) for w in words), self._zeros(True))
        return match, total * match * query.boost

    def _whoosh_matches(self, query: Query) -> np.ndarray:
        """The documents Whoosh's own matcher finds for a phrase or a range, kept for the
        generation: checking a phrase of common words reads every position of every document
        holding them all (80 ms in all news), and paging or narrowing a search asks again."""
        key = repr(query.with_boost(1.0))
        with self._lock:
            found = self._matches.get(key)
            if found is not None:
                self._matches.move_to_end(key)
                return found
        found = np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)
        with self._lock:
            if key not in self._matches:
                self._matches[key] = found
                self._matched_ids += len(found)
                while self._matched_ids > CACHED_MATCH_IDS and len(self._matches) > 1:
                    _key, old = self._matches.popitem(last=False)
                    self._matched_ids -= len(old)
        return found

    def _zeros(self, scores: bool) -> np.ndarray | None:
        return np.zeros(self.size) if scores else None

    def _term_scores(self, term: Term) -> np.ndarray:
        """Whoosh's BM25F for one term, times the term's boost, in every document."""
        postings = self.postings(term.fieldname, term.text)
        out = np.zeros(self.size)
        if not len(postings.ids):
            return out
        field = self.searcher.schema[term.fieldname]
        weights = postings.weights.astype(np.float64)
        if field.scorable:
            searcher = self.searcher
            btext = field.to_bytes(term.text) if not isinstance(term.text, bytes) else term.text
            idf = log(searcher.doc_count_all() / (searcher.doc_frequency(term.fieldname, btext) + 1)) + 1
            avg = searcher.avg_field_length(term.fieldname) or 1
            lengths = self._field_lengths(term.fieldname)[postings.ids]
            b = self.b[term.fieldname]
            weights = idf * (weights * (self.k1 + 1)) / (
                weights + self.k1 * ((1 - b) + b * lengths / avg))
        out[postings.ids] = weights * term.boost
        return out * self.live

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in a field, as Whoosh stores it (one byte, approximate)."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is None:
            reader = self.searcher.reader()
            found = np.fromiter((reader.doc_field_length(d, fieldname, 0) for d in range(self.size)),
                                dtype=np.float64, count=self.size)
            with self._lock:
                self._lengths[fieldname] = found
        return found


class PerGeneration:
    """Objects built once per searcher and index generation (the arrays of `DocSets`, the facet
    table), the last KEEP of them kept: both scopes of the current generation, and of the one
    before. `index_name` tells the indexes apart (a generation folder and a scope)."""

    KEEP = 4

    def __init__(self, build):
        self.build = build
        self._built: OrderedDict[tuple[str, int], tuple[object, object]] = OrderedDict()
        self._lock = Lock()

    def __call__(self, searcher, index_name: str):
        key = (index_name, searcher.reader().generation())
        with self._lock:
            found = self._built.get(key)
            if found is None or found[0] is not searcher:
                found = self._built[key] = (searcher, self.build(searcher))
                while len(self._built) > self.KEEP:
                    self._built.popitem(last=False)
        return found[1]


docsets = PerGeneration(DocSets)
