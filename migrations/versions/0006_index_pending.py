"""articles.index_pending: set in the same transaction as the article, cleared once the search
index holds that version; an ingest or index build killed half-way leaves it set, and the next
run indexes what was missed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild): SQLite adds a NOT NULL column with a constant
    # default in place, without copying the table's 600 MB.
    # Existing rows count as indexed: `python -m app check` says whether they really are.
    op.add_column("articles", sa.Column("index_pending", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.create_index(op.f("ix_articles_index_pending"), "articles", ["index_pending"])


def downgrade() -> None:
    op.drop_index(op.f("ix_articles_index_pending"), table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("index_pending")
