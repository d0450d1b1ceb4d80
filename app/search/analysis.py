"""Thai-aware analysis for Whoosh.

Keep this module's path and class names stable: Whoosh pickles the analyzer into the index,
so moving or renaming ThaiTokenizer makes existing indexes unreadable.
"""

import re
from functools import lru_cache
from importlib import import_module

from whoosh.analysis import LowercaseFilter, StemFilter, Token, Tokenizer
from whoosh.lang.porter import stem

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")  # same length: offsets hold
# A Thai run (letters, vowels, tone marks, ฯ, ๆ) or a run of other letters and digits.
RUNS = re.compile(r"([\u0e01-\u0e4e]+)|([^\W_\u0e01-\u0e4e]+)")
MIN_COMPOUND_CHARS = 8  # shorter Thai words (ประเทศ, ไซเบอร์) are not split into parts
MIN_PART_CHARS = 2


@lru_cache(maxsize=4)
def segmenter(engine: str):
    """The PyThaiNLP segment() for an engine name, imported on first use."""
    if engine not in {"nlpo3", "newmm"}:
        raise ValueError(f"unknown Thai segmentation engine: {engine!r}")
    return import_module(f"pythainlp.tokenize.{engine}").segment


@lru_cache(maxsize=1)
def _dictionary():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


@lru_cache(maxsize=65536)
def word_parts(word: str) -> tuple[tuple[str, int, int], ...]:
    """Dictionary words that a compound is made of, with their offsets, as a tree.

    Dictionary segmentation keeps อาชญากรรมไซเบอร์ whole, so a search for ไซเบอร์ would miss it;
    indexing the parts too (at the compound's position) lets the shorter word match. The
    compound is split into the fewest dictionary words that cover it exactly (so no fragment such
    as วา inside ความ), and each long part is split again the same way: ความมั่นคงปลอดภัยไซเบอร์
    gives ความมั่นคงปลอดภัย + ไซเบอร์, then ความมั่นคง + ปลอดภัย, then ความ + มั่นคง. Emitting every
    word of every possible split instead doubled the index for no search a reader makes.
    """
    if len(word) < MIN_COMPOUND_CHARS:
        return ()
    parts = []
    for part, start, end in _fewest_words(word):
        parts.append((part, start, end))
        parts.extend((p, start + s, start + e) for p, s, e in word_parts(part))
    return tuple(parts)


def _fewest_words(word: str) -> list[tuple[str, int, int]]:
    """The split of `word` into the fewest (at least two) dictionary words on cluster bounds."""
    from pythainlp.tokenize.tcc import tcc_pos

    n = len(word)
    bounds = tcc_pos(word) | {0}
    trie = _dictionary()
    best: dict[int, tuple[int, int]] = {n: (0, n)}  # start -> (words to the end, first end)
    for start in sorted(bounds, reverse=True):
        if start >= n:
            continue
        for prefix in trie.prefixes(word[start:]):
            end = start + len(prefix)
            if end not in best or (start == 0 and end == n) or end - start < MIN_PART_CHARS:
                continue
            count = best[end][0] + 1
            if start not in best or count < best[start][0]:
                best[start] = (count, end)
    if 0 not in best:
        return []
    split, start = [], 0
    while start < n:
        end = best[start][1]
        split.append((word[start:end], start, end))
        start = end
    return split


def split_thai(run: str, engine: str) -> list[tuple[str, int, int]]:
    """Segment a Thai run into (word, start, end) with exclusive ends that rebuild the run."""
    words = []
    offset = 0
    for word in segmenter(engine)(run):
        if not word:
            continue
        start = run.find(word, offset)
        if start < 0:  # the segmenter changed the text: fall back to its own lengths
            start = offset
        end = start + len(word)
        words.append((word, start, end))
        offset = end
    return words


class ThaiTokenizer(Tokenizer):
    """Words from Thai (dictionary segmentation) and from other scripts (letters and digits).

    At index time, long Thai words also yield their dictionary parts at the same position;
    queries are segmented the same way but without the parts, so a query word matches either
    a whole document word or a part of one. With `concepts`, documents also yield a token for
    each lexicon concept written in them (`⟦country:sg⟧` for สิงคโปร์ or Singapore), at the
    position and offsets of the name: a query for a concept reads one posting list instead of
    one per form, and the name is what gets highlighted.
    """

    def __init__(self, engine: str = "nlpo3", decompound: bool = True, concepts: bool = False):
        self.engine = engine
        self.decompound = decompound
        self.concepts = concepts

    def __eq__(self, other):
        return (
            other is not None
            and self.__class__ is other.__class__
            and self.engine == other.engine
            and self.decompound == other.decompound
            and getattr(self, "concepts", False) == getattr(other, "concepts", False)
        )

    def __hash__(self):
        return hash((self.__class__.__name__, self.engine, self.decompound,
                     getattr(self, "concepts", False)))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return

        with_parts = self.decompound and mode != "query"
        with_concepts = getattr(self, "concepts", False) and mode != "query"
        for word, pos, start, end in self._words(value, with_parts, with_concepts):
            yield self._fill(token, word, start_pos + pos, start_char + start, start_char + end,
                             positions, chars, keeporiginal)

    def _words(self, value: str, with_parts: bool, with_concepts: bool) -> list[tuple]:
        """(word, position, start, end) for a text. The last text's words are kept: Whoosh
        analyses a body twice (its words, then its spelling words) and titles again to
        highlight them, and segmentation is the slow part."""
        key = (value, self.engine, with_parts, with_concepts)
        memo = _last_words.get("memo")
        if memo is not None and memo[0] == key:
            return memo[1]
        text = value.translate(THAI_DIGITS)
        concepts = _concept_tokens(text) if with_concepts else []
        out: list[tuple] = []
        pending = 0
        pos = 0
        for match in RUNS.finditer(text):
            if match.group(1):
                words = [(w, match.start() + s, match.start() + e)
                         for w, s, e in split_thai(match.group(1), self.engine)]
            else:
                words = [(match.group(2), match.start(), match.end())]
            for word, start, end in words:
                while pending < len(concepts) and concepts[pending][0] < end:
                    cs, ce, name = concepts[pending]
                    out.append((name, pos, cs, ce))
                    pending += 1
                out.append((word, pos, start, end))
                if with_parts and match.group(1):
                    out.extend((part, pos, start + ps, start + pe)
                               for part, ps, pe in word_parts(word))
                pos += 1
        out.extend((name, pos, cs, ce) for cs, ce, name in concepts[pending:])
        _last_words["memo"] = (key, out)
        return out

    @staticmethod
    def _fill(token, text, pos, startchar, endchar, positions, chars, keeporiginal):
        token.text = text
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = text
        if positions:
            token.pos = pos
        if chars:
            token.startchar = startchar
            token.endchar = endchar
        return token


_last_words: dict[str, tuple] = {}  # one entry; replaced whole, so safe across threads


def _concept_tokens(text: str) -> list[tuple[int, int, str]]:
    from app.search.lexicon import lexicon  # the lexicon reads the reference data: on first use

    return lexicon().annotate(text)


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    return stem(word)


class LatinStemFilter(StemFilter):
    """Porter stemming for the words it can change: those ending in a Latin letter.

    Every Porter rule is about an English ending, so a Thai word, a number or a concept token
    comes out unchanged; Whoosh's StemFilter still ran each of them through the stemmer and its
    cache, which was a fifth of the index build."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if not token.stopped and text and "a" <= text[-1] <= "z":
                token.text = english_stem(text)
            yield token


def thai_analyzer(engine: str = "nlpo3", concepts: bool = False):
    """The one analyzer used for documents and queries alike. English words are stemmed
    (scams finds scam); the Porter rules never match Thai, which passes through unchanged.
    `concepts` adds the lexicon's concept tokens to documents (never to queries)."""
    return ThaiTokenizer(engine, concepts=concepts) | LowercaseFilter() | LatinStemFilter()


def word_boundaries(text: str, engine: str = "nlpo3") -> list[int]:
    """Offsets where a word starts or ends (Thai segmented, other scripts at spaces/punctuation)."""
    bounds = {0, len(text)}
    for match in RUNS.finditer(text):
        if match.group(1):
            for _word, start, end in split_thai(match.group(1), engine):
                bounds.update((match.start() + start, match.start() + end))
        else:
            bounds.update((match.start(), match.end()))
    return sorted(bounds)
