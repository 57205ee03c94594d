"""free text about tenants without a length limit in the database: room for its encrypted
form (follow-up text, a signal's place, a volunteer assignment's activity). The rows written
before are encrypted by `manage.py init` right after the migration (services.keys.
encrypt_pending reads every encrypted column of db.models), as `make run` does.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = {
    "follow_up": ("text", 500, False),
    "signal": ("location", 200, False),
    "volunteer_assignment": ("activity", 200, True),
}


def upgrade() -> None:
    for table, (column, length, nullable) in WIDENED.items():
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=nullable
            )


def downgrade() -> None:
    for table, (column, length, nullable) in WIDENED.items():
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=nullable
            )
