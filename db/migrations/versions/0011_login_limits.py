"""failed logins expire after the lockout window (app_user.last_failed_at), and failures
are counted per client address too (login_failure, the address as a keyed hash)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_address_at", "login_failure", ["address_key", "at"])
    op.create_index(op.f("ix_login_failure_at"), "login_failure", ["at"])


def downgrade() -> None:
    op.drop_table("login_failure")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("last_failed_at")
