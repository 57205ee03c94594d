"""roll-ups: per-day and per-month aggregates of the contacts and the cases that the indicators read
instead of the facts (db/rollups.py). Their triggers and their first filling are not here:
db.migrate.upgrade installs the triggers of the current declarations and rebuilds the
roll-ups after every migration that changed the schema.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sums(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.BigInteger(), nullable=False) for n in names]


def _contacts(name: str) -> None:
    op.create_table(
        name,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("quick", sa.Integer(), nullable=False),
        *_sums("n", "key_sum", "minutes"),
        sa.PrimaryKeyConstraint("day", "cooperative_id", "kind_id", "quick", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_coop_day", name, ["cooperative_id", "day"])


def _cases(name: str) -> None:
    op.create_table(
        name,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.String(10), nullable=False),
        sa.Column("access_route_id", sa.Integer(), nullable=False),
        *_sums("n", "key_sum"),
        sa.PrimaryKeyConstraint(
            "day", "cooperative_id", "urgency", "access_route_id", name=f"pk_{name}"
        ),
    )
    op.create_index(f"ix_{name}_coop_day", name, ["cooperative_id", "day"])


def _balance(name: str) -> None:
    op.create_table(
        name,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        *_sums("n", "key_sum"),
        sa.PrimaryKeyConstraint("day", "cooperative_id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_coop_day", name, ["cooperative_id", "day"])


TABLES = {"rollup_contact_day": _contacts, "rollup_contact_month": _contacts,
          "rollup_case_day": _cases, "rollup_case_month": _cases,
          "rollup_opened_day": _balance, "rollup_opened_month": _balance,
          "rollup_closed_day": _balance, "rollup_closed_month": _balance}  # fmt: skip


def upgrade() -> None:
    for name, create in TABLES.items():
        create(name)


def downgrade() -> None:
    from db import rollups

    rollups.uninstall(op.get_bind())
    for name in TABLES:
        op.drop_table(name)
