"""entry forms saved once: the tokens of saved forms

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 04:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submission")),
    )
    op.create_index(
        op.f("ix_form_submission_submitted_at"), "form_submission", ["submitted_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_form_submission_submitted_at"), table_name="form_submission")
    op.drop_table("form_submission")
