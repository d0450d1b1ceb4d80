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
HAS_THAI_DIGIT = re.compile("[๐-๙]").search
NO_CONCEPT = float("inf")
# A Thai run (letters, vowels, tone marks, ฯ, ๆ) or a run of other letters and digits.
RUNS = re.compile(r"([\u0e01-\u0e4e]+)|([^\W_\u0e01-\u0e4e]+)")
MIN_COMPOUND_CHARS = 8  # shorter Thai words (ประเทศ, ไซเบอร์) are not split into parts
MIN_PART_CHARS = 2


@lru_cache(maxsize=4)
def segmenter(engine: str):
    """The PyThaiNLP segment() for an engine name, imported on first use."""
    if engine not in {"nlpo3", "newmm"}:
        raise ValueError(f"unknown Thai segmentation engine: {engine!r}")
    segment = import_module(f"pythainlp.tokenize.{engine}").segment
    return _nlpo3_direct(segment) if engine == "nlpo3" else segment


def _nlpo3_direct(segment):
    """nlpo3's native segment() with the arguments PyThaiNLP's wrapper passes it: the index
    build segments about 200 Thai runs per article, and the two Python layers in between
    (which check the dictionary is loaded, on every call) cost a tenth of the native time."""
    try:
        from nlpo3._nlpo3_python_backend import segment as native
        from pythainlp.tokenize import nlpo3 as wrapper

        wrapper._ensure_default_dict_loaded()
        name = wrapper._NLPO3_DEFAULT_DICT_NAME
    except (ImportError, AttributeError):  # another PyThaiNLP or nlpo3 layout: the wrapper
        return segment
    return lambda text: native(text, name, False, False) if text and isinstance(text, str) else []


@lru_cache(maxsize=1)
def _dictionary():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


def is_word(word: str) -> bool:
    """Whether a Thai word is in the segmenter's dictionary."""
    return word in _dictionary()


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
    words = segmenter(engine)(run)
    if "".join(words) == run:  # as the segmenter almost always does: offsets add up
        out, offset = [], 0
        for word in words:
            end = offset + len(word)
            if end != offset:
                out.append((word, offset, end))
            offset = end
        return out
    out = []
    offset = 0
    for word in words:
        if not word:
            continue
        start = run.find(word, offset)
        if start < 0:  # the segmenter changed the text: fall back to its own lengths
            start = offset
        end = start + len(word)
        out.append((word, start, end))
        offset = end
    return out


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
        # str.translate costs a look-up per character: only for the texts with a Thai digit
        text = value.translate(THAI_DIGITS) if HAS_THAI_DIGIT(value) else value
        concepts = _concept_tokens(text) if with_concepts else []
        out: list[tuple] = []
        append = out.append
        pending = 0
        next_concept = concepts[0][0] if concepts else NO_CONCEPT  # start of the next one
        pos = 0
        for match in RUNS.finditer(text):
            thai = match.group(1)
            if thai is None:
                words = ((match.group(2), match.start(), match.end()),)
            else:
                base = match.start()
                words = [(w, base + s, base + e) for w, s, e in split_thai(thai, self.engine)]
            for word, start, end in words:
                while next_concept < end:
                    cs, ce, name = concepts[pending]
                    append((name, pos, cs, ce))
                    pending += 1
                    next_concept = concepts[pending][0] if pending < len(concepts) else NO_CONCEPT
                append((word, pos, start, end))
                if with_parts and thai is not None and len(word) >= MIN_COMPOUND_CHARS:
                    parts = word_parts(word)
                    if parts:
                        out.extend([(part, pos, start + ps, start + pe) for part, ps, pe in parts])
                pos += 1
        out.extend((name, pos, cs, ce) for cs, ce, name in concepts[pending:])
        _last_words["memo"] = (key, out)
        return out

    def index_postings(self, value: str, mode: str = "index") -> dict[str, list[tuple]]:
        """Each term thai_analyzer() yields for `value` (lowercased and stemmed as LowercaseFilter
        and LatinStemFilter do) with its tokens' (word, position, start, end) in order, terms in
        order of first occurrence: what Characters.word_values() gathers, in one loop, without
        Token objects or a generator per filter (the chain was a third of the index build)."""
        words = self._words(value, self.decompound and mode != "query",
                            getattr(self, "concepts", False) and mode != "query")
        forms = _index_forms
        grouped: dict[str, list[tuple]] = {}
        for token in words:
            form = forms.get(token[0])
            if form is None:
                form = _index_form(token[0])
            places = grouped.get(form)
            if places is None:
                grouped[form] = [token]
            else:
                places.append(token)
        return grouped

    def spelling_words(self, value: str) -> list[str]:
        """The sorted distinct words TEXT.spellable_words() gets from thai_analyzer() (which
        leaves the stemmer out, as a morphological filter): lowercased, unstemmed."""
        words = self._words(value, self.decompound, getattr(self, "concepts", False))
        return sorted({word.lower() for word, _pos, _start, _end in words})

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


_index_forms: dict[str, str] = {}  # word -> its lowercased, stemmed form (index_postings)
INDEX_FORMS_MAX = 500_000


def _index_form(word: str) -> str:
    """A word as LowercaseFilter then LatinStemFilter leave it."""
    form = word.lower()
    if form and "a" <= form[-1] <= "z":
        form = english_stem(form)
    if len(_index_forms) >= INDEX_FORMS_MAX:
        _index_forms.clear()
    _index_forms[word] = form
    return form


def fast_tokenizer(analyzer) -> "ThaiTokenizer | None":
    """The tokenizer of `analyzer` when it is thai_analyzer()'s chain, whose tokens
    ThaiTokenizer.index_postings() gives in one pass; None for any other analyzer."""
    items = getattr(analyzer, "items", None)
    if (isinstance(items, list) and len(items) == 3 and type(items[0]) is ThaiTokenizer
            and type(items[1]) is LowercaseFilter and type(items[2]) is LatinStemFilter):
        return items[0]
    return None


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
