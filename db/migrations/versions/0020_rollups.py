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


# each roll-up: the group columns after day and cooperative, and the summed columns; a day
# and a month table of each
KINDS = {
    "contact": ({"kind_id": sa.Integer(), "quick": sa.Integer()}, ("n", "key_sum", "minutes")),
    "case": ({"urgency": sa.String(10), "access_route_id": sa.Integer()}, ("n", "key_sum")),
    "opened": ({}, ("n", "key_sum")),
    "closed": ({}, ("n", "key_sum")),
}
TABLES = [f"rollup_{kind}_{grain}" for kind in KINDS for grain in ("day", "month")]


def upgrade() -> None:
    for kind, (groups, sums) in KINDS.items():
        by = {"day": sa.Date(), "cooperative_id": sa.Integer(), **groups}
        for name in (f"rollup_{kind}_day", f"rollup_{kind}_month"):
            op.create_table(
                name,
                *(sa.Column(c, t, nullable=False) for c, t in by.items()),
                *(sa.Column(c, sa.BigInteger(), nullable=False) for c in sums),
                sa.PrimaryKeyConstraint(*by, name=f"pk_{name}"),
            )
            op.create_index(f"ix_{name}_coop_day", name, ["cooperative_id", "day"])


def downgrade() -> None:
    from db import rollups

    rollups.uninstall(op.get_bind())
    for name in TABLES:
        op.drop_table(name)
