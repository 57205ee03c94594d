"""persons without a birth year: no form ever set it, and the age group is what the figures
use (data minimisation, GDPR Art. 5(1)(c)); any stored birth year is removed

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite recreates the table (db.migrate runs migrations with foreign keys off there, so
    # dropping the old table does not cascade to cases and consents)
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(op.f("ck_person_birth_year"), type_="check")
        batch.drop_column("birth_year")


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_person_birth_year"), "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100"
        )
