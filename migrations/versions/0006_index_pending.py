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
    # Existing rows count as indexed: `python -m app check` says whether they really are.
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("index_pending", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.create_index(batch.f("ix_articles_index_pending"), ["index_pending"])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index(batch.f("ix_articles_index_pending"))
        batch.drop_column("index_pending")
