"""The index schema. Bump SCHEMA_VERSION whenever fields or analysis change: it forces a rebuild."""

from whoosh.compat import dumps
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.formats import Characters
from whoosh.system import pack_uint

from app.search.analysis import fast_tokenizer, thai_analyzer

SCHEMA_VERSION = 5  # 2: the relevance verdict (`relevant`); 3: compound parts as a tree;
# 4: English words stemmed, unstemmed words kept for spelling suggestions; 5: concept tokens,
# and the relevant articles in an index of their own, each spelling word written once
TEXT_FIELDS = ("title", "body")


class SpelledText(TEXT):
    """A text field whose spelling words are written once per writer, not once per document:
    the corrector needs the list of words, not which documents have them (suggestions are
    ranked by article counts from the body itself), and writing every word of every body a
    second time was a third of the index build. The words seen live on this field object, so
    each schema instance (each index being written, each writer process) has its own."""

    def index(self, value, **kwargs):
        """As TEXT.index, with the tokens of thai_analyzer() from its one-pass form: the same
        terms, frequencies, weights and encoded positions and offsets (Characters.encode)."""
        tokenizer = fast_tokenizer(self.analyzer)
        if (tokenizer is None or type(self.format) is not Characters or not isinstance(value, str)
                or set(kwargs) - {"mode"}):
            yield from TEXT.index(self, value, **kwargs)
            return
        boost = self.format.field_boost
        for text, tokens in tokenizer.index_postings(value, kwargs.get("mode", "index")).items():
            yield text.encode("utf-8"), len(tokens), float(len(tokens)) * boost, _characters(tokens)

    def spellable_words(self, value):
        seen = self.__dict__.setdefault("_spelled", set())
        tokenizer = fast_tokenizer(self.analyzer)
        words = (tokenizer.spelling_words(value) if tokenizer is not None and isinstance(value, str)
                 else TEXT.spellable_words(self, value))
        new = [w for w in words if w not in seen]
        seen.update(new)
        return iter(new)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_spelled", None)  # not stored in the index, nor sent to worker processes
        return state


def _characters(tokens: list[tuple]) -> bytes:
    """Characters.encode() of the tokens' (position, start, end), read from the (word,
    position, start, end) tuples themselves: the same bytes, one tuple fewer per token."""
    deltas = []
    pos_base = char_base = 0
    for _word, pos, start, end in tokens:
        deltas.append((pos - pos_base, start - char_base, end - start))
        pos_base, char_base = pos, end
    return pack_uint(len(deltas)) + dumps(deltas, 2)


def build_schema(engine: str) -> Schema:
    analyzer = thai_analyzer(engine, concepts=True)
    return Schema(
        permalink=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True, field_boost=2.0),
        # The body is not stored: snippets are cut from the database copy, using the
        # character offsets stored here (chars=True) instead of re-analyzing the text.
        # spelling=True keeps the unstemmed words in a field of their own ("spell_body"),
        # which Whoosh's corrector reads for "did you mean".
        body=SpelledText(analyzer=analyzer, phrase=True, chars=True, spelling=True),
        lang=ID(stored=True),
        countries=KEYWORD(stored=True, commas=True),
        people=KEYWORD(stored=True, commas=True),
        source=ID(stored=True),
        year=NUMERIC(stored=True),
        published=DATETIME(stored=True, sortable=True),
        # The article's relevance verdict: search shows relevant articles unless asked for all.
        relevant=BOOLEAN(stored=True),
    )
