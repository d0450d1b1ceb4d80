"""text compares by code point on PostgreSQL too (collation "C"), as it does in SQLite

SQLite compares text byte by byte (BINARY), which for UTF-8 is code point order. PostgreSQL
uses the database's default collation, usually a linguistic one (en_US, ICU) that ignores
case, hyphens and punctuation at first: `ORDER BY slug` or `ORDER BY name_en` would then give
another order, and ties another winner, than the same archive on SQLite. Every text column gets
collation "C" on PostgreSQL; SQLite is left as it is. A text column added by a later migration
needs it too (`sa.String(n).with_variant(sa.String(n, collation="C"), "postgresql")`);
tests/test_database.py checks every column.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# (table, column, length or None for TEXT), as created by 0001-0006.
TEXT_COLUMNS = [
    ("countries", "code", 2), ("countries", "name_en", 200), ("countries", "name_th", 200),
    ("sources", "name", 200), ("sources", "homepage", 500),
    ("articles", "permalink", 64), ("articles", "origin", 1000), ("articles", "raw_sha256", 64),
    ("articles", "title", None), ("articles", "date_precision", 10), ("articles", "lang", 2),
    ("articles", "source_url", 1000), ("articles", "body", None), ("articles", "content_key", 64),
    ("people", "slug", 200), ("people", "name_th", 300), ("people", "name_en", 300),
    ("people", "country_code", 2),
    ("article_countries", "country_code", 2),
    ("mentions", "name_as_written", 300), ("mentions", "role", 500),
    ("duplicates", "origin", 1000), ("duplicates", "raw_sha256", 64),
    ("duplicates", "permalink", 64), ("duplicates", "source_url", 1000), ("duplicates", "title", None),
    ("archive_meta", "key", 100), ("archive_meta", "value", None),
    ("former_slugs", "slug", 200),
]


def _set_collation(collation: str | None) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    by_table: dict[str, list[str]] = {}
    for table, column, length in TEXT_COLUMNS:
        kind = f"varchar({length})" if length else "text"
        collate = f' COLLATE "{collation}"' if collation else ' COLLATE "default"'
        by_table.setdefault(table, []).append(f'ALTER COLUMN "{column}" TYPE {kind}{collate}')
    # One statement per table: its indexes are rebuilt once, and no row is rewritten (only the
    # collation changes). Referenced columns (countries.code) keep their foreign keys.
    for table, changes in by_table.items():
        op.execute(sa.text(f'ALTER TABLE "{table}" ' + ", ".join(changes)))


def upgrade() -> None:
    _set_collation("C")


def downgrade() -> None:
    _set_collation(None)
