"""former slugs of people: an old /people/ link redirects to the person's current page

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "former_slugs",
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name=op.f("fk_former_slugs_person_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_former_slugs")),
    )


def downgrade() -> None:
    op.drop_table("former_slugs")
