"""mentions: the index by person also holds the name as written, so that a person's page counts
the spellings of their name from the index alone (it replaces the index on person_id alone)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:00:00
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mentions_person_id_name", "mentions", ["person_id", "name_as_written"])
    op.drop_index("ix_mentions_person_id", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_person_id", "mentions", ["person_id"])
    op.drop_index("ix_mentions_person_id_name", table_name="mentions")
