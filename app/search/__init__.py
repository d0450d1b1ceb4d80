"""Whoosh index: analysis (Thai tokenizer), schema, build/swap, and queries."""

from app.search import whoosh_fixes  # noqa: E402,F401  (applies a fix to Whoosh on import)
