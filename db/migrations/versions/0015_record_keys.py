"""record keys for the cell key method: every row a published count counts gets a fixed
random whole number in [0, 2**20) (db/record_keys.py); existing rows draw theirs here, new
rows on insert.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 07:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("person", "case_file", "contact", "referral", "volunteer", "volunteer_assignment",
          "activity", "signal")  # fmt: skip
RANGE = 1 << 20  # db.record_keys.RANGE when this was written
# the contact indexes cover what the indicators read (0005): now the key too
COVER = ["case_id", "kind_id", "minutes"]
CONTACT_INDEXES = {"ix_contact_coop_date": ["cooperative_id", "contact_date"],
                   "ix_contact_date": ["contact_date", "cooperative_id"]}  # fmt: skip


# the case indexes by date carry the key too (counting cases by a date sums their keys)
CASE_INDEXES = {"ix_case_file_opened": "opened_on", "ix_case_file_closed": "closed_on"}


def _key_indexes(cover: list[str], key: list[str]) -> None:
    for name, columns in CONTACT_INDEXES.items():
        op.drop_index(name, table_name="contact")
        op.create_index(name, "contact", [*columns, *cover, *key])
    for name, column in CASE_INDEXES.items():
        op.drop_index(name, table_name="case_file")
        op.create_index(name, "case_file", [column, *key])


def upgrade() -> None:
    random = (
        f"abs(random()) % {RANGE}"
        if op.get_bind().dialect.name == "sqlite"
        else f"floor(random() * {RANGE})::integer"
    )
    for table in TABLES:
        op.add_column(table, sa.Column("record_key", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET record_key = {random}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("record_key", existing_type=sa.Integer(), nullable=False)
    _key_indexes(COVER, ["record_key"])


def downgrade() -> None:
    _key_indexes(COVER, [])
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("record_key")
