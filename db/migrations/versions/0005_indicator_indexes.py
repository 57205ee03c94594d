"""indexes for the indicator dashboard at scale (see docs/performance.md)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 23:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Both contact indexes cover every column the indicators read, so counting contacts never
# touches the table: by cooperative first (one cooperative, SQLite's skip-scan over all of
# them), by date first (all cooperatives on PostgreSQL, monthly trend, time per kind).
CONTACT_COVER = ["case_id", "kind_id", "minutes"]


def upgrade() -> None:
    op.drop_index("ix_contact_coop_date", table_name="contact")
    op.create_index(
        "ix_contact_coop_date", "contact", ["cooperative_id", "contact_date", *CONTACT_COVER]
    )
    op.create_index(
        "ix_contact_date", "contact", ["contact_date", "cooperative_id", *CONTACT_COVER]
    )
    op.create_index("ix_case_file_opened", "case_file", ["opened_on"])
    op.create_index("ix_case_file_closed", "case_file", ["closed_on"])
    # a case's first referral: "no referral of this case before this one"
    op.create_index("ix_referral_case_date", "referral", ["case_id", "referred_on"])


def downgrade() -> None:
    op.drop_index("ix_referral_case_date", table_name="referral")
    op.drop_index("ix_case_file_closed", table_name="case_file")
    op.drop_index("ix_case_file_opened", table_name="case_file")
    op.drop_index("ix_contact_date", table_name="contact")
    op.drop_index("ix_contact_coop_date", table_name="contact")
    op.create_index("ix_contact_coop_date", "contact", ["cooperative_id", "contact_date"])
