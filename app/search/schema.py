"""The index schema. Bump SCHEMA_VERSION whenever fields or analysis change: it forces a rebuild."""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from app.search.analysis import thai_analyzer

SCHEMA_VERSION = 5  # 2: the relevance verdict (`relevant`); 3: compound parts as a tree;
# 4: English words stemmed, unstemmed words kept for spelling suggestions; 5: concept tokens,
# and the relevant articles in an index of their own
TEXT_FIELDS = ("title", "body")


def build_schema(engine: str) -> Schema:
    analyzer = thai_analyzer(engine, concepts=True)
    return Schema(
        permalink=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True, field_boost=2.0),
        # The body is not stored: snippets are cut from the database copy, using the
        # character offsets stored here (chars=True) instead of re-analyzing the text.
        # spelling=True keeps the unstemmed words in a field of their own ("spell_body"),
        # which Whoosh's corrector reads for "did you mean".
        body=TEXT(analyzer=analyzer, phrase=True, chars=True, spelling=True),
        lang=ID(stored=True),
        countries=KEYWORD(stored=True, commas=True),
        people=KEYWORD(stored=True, commas=True),
        source=ID(stored=True),
        year=NUMERIC(stored=True),
        published=DATETIME(stored=True, sortable=True),
        # The article's relevance verdict: search shows relevant articles unless asked for all.
        relevant=BOOLEAN(stored=True),
    )
