"""archive_meta: key-value facts about the archive (the analysis version of its articles)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_archive_meta")),
    )


def downgrade() -> None:
    op.drop_table("archive_meta")
