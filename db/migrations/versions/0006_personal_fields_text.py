"""personal fields of persons without a length limit: room for their encrypted form

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELDS = {"first_name": 100, "last_name": 100, "street": 200, "house_no": 20, "flat": 50,
          "phone": 50}  # fmt: skip


def upgrade() -> None:
    # SQLite does not enforce lengths (and recreating the table would cascade to consents):
    # only PostgreSQL needs the wider type
    if op.get_bind().dialect.name == "sqlite":
        return
    for column, length in FIELDS.items():
        op.alter_column("person", column, type_=sa.String(), existing_type=sa.String(length))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for column, length in FIELDS.items():
        op.alter_column("person", column, type_=sa.String(length), existing_type=sa.String())
