"""Whoosh index: analysis (Thai tokenizer), schema, build/swap, and queries."""
