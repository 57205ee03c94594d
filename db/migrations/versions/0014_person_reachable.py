"""when and how a person is best reached ("vormittags, lange klingeln lassen"): free text
about a tenant, stored like the other personal fields (encrypted at rest while
KC_ENCRYPT_PERSONAL_DATA is on), erased by Art. 17.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("reachable", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("reachable")
