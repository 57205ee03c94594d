"""a Hinweis may name several observations (signal_observation); each existing signal keeps
its one observation there too (signal.observation_id stays: the first of them).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 21:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signal_observation",
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_signal_observation_entry_id_catalogue_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signal.id"],
            name=op.f("fk_signal_observation_signal_id_signal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("signal_id", "entry_id", name=op.f("pk_signal_observation")),
    )
    op.create_index(
        op.f("ix_signal_observation_entry_id"), "signal_observation", ["entry_id"], unique=False
    )
    op.execute(
        "INSERT INTO signal_observation (signal_id, entry_id) "
        "SELECT id, observation_id FROM signal"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_signal_observation_entry_id"), table_name="signal_observation")
    op.drop_table("signal_observation")
