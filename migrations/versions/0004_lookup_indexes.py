"""indexes for a country's and a person's articles (the primary keys start with the article)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 15:00:00
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_article_countries_country_code"), "article_countries",
                    ["country_code"])
    op.create_index(op.f("ix_mentions_person_id"), "mentions", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_mentions_person_id"), table_name="mentions")
    op.drop_index(op.f("ix_article_countries_country_code"), table_name="article_countries")
