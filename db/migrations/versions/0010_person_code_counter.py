"""the highest person code number a cooperative ever handed out: an erased person's code
(renamed ANON-…) is never given to a new person

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cooperative") as batch:
        batch.add_column(
            sa.Column("last_person_number", sa.Integer(), nullable=False, server_default="0")
        )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT c.id, p.pseudonym FROM cooperative c JOIN person p ON p.cooperative_id = c.id"
            " WHERE p.pseudonym LIKE c.code || '-%'"
        )
    ).all()
    highest: dict[int, int] = {}
    for coop_id, code in rows:
        number = code.rsplit("-", 1)[1]
        if number.isdigit():
            highest[coop_id] = max(highest.get(coop_id, 0), int(number))
    if highest:
        conn.execute(
            sa.text("UPDATE cooperative SET last_person_number = :n WHERE id = :id"),
            [{"id": k, "n": v} for k, v in highest.items()],
        )


def downgrade() -> None:
    with op.batch_alter_table("cooperative") as batch:
        batch.drop_column("last_person_number")
