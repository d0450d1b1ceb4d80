"""relevance verdict, content key and duplicates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("content_key", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("relevant", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("relevance_score", sa.Float(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("evidence", sa.JSON(), nullable=False, server_default="[]"))
        batch.create_index(batch.f("ix_articles_content_key"), ["content_key"])
        batch.create_index(batch.f("ix_articles_relevant"), ["relevant"])
    op.create_table(
        "duplicates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=1000), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("permalink", sa.String(length=64), nullable=False),
        sa.Column("source_url", sa.String(length=1000), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"],
            name=op.f("fk_duplicates_article_id_articles"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicates")),
        sa.UniqueConstraint("origin", name=op.f("uq_duplicates_origin")),
    )
    op.create_index(op.f("ix_duplicates_article_id"), "duplicates", ["article_id"])
    op.create_index(op.f("ix_duplicates_permalink"), "duplicates", ["permalink"])


def downgrade() -> None:
    op.drop_index(op.f("ix_duplicates_permalink"), table_name="duplicates")
    op.drop_index(op.f("ix_duplicates_article_id"), table_name="duplicates")
    op.drop_table("duplicates")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index(batch.f("ix_articles_relevant"))
        batch.drop_index(batch.f("ix_articles_content_key"))
        batch.drop_column("evidence")
        batch.drop_column("relevance_score")
        batch.drop_column("relevant")
        batch.drop_column("content_key")
