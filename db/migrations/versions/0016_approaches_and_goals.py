"""approaches and goals: the Kümmerer posts' profiles with their history (approach_profile,
approach_post, approach_focus), success goals (goal), three new catalogues (focus areas, job
titles, funding) and low-threshold access routes (catalogue_entry.is_low_threshold).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = (
    "access_route", "problem_area", "contact_kind", "intervention", "outcome",
    "partner_kind", "activity_kind", "observation_kind",
)  # fmt: skip
NEW = (*OLD, "focus_area", "job_title", "funding")
# the default routes that are low-threshold (outreach routes are marked too)
LOW_THRESHOLD = ("tuer_und_angel", "sprechstunde", "quartiersaktivitaet")


def _catalogues(values: tuple[str, ...]) -> str:
    return "catalogue IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    with op.batch_alter_table("catalogue_entry") as batch:
        batch.add_column(
            sa.Column("is_low_threshold", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.drop_constraint(op.f("ck_catalogue_entry_catalogue"), type_="check")
        batch.create_check_constraint("catalogue", _catalogues(NEW))
    entry = sa.table(
        "catalogue_entry",
        sa.column("catalogue", sa.String),
        sa.column("key", sa.String),
        sa.column("is_outreach", sa.Boolean),
        sa.column("is_low_threshold", sa.Boolean),
    )
    op.execute(
        entry.update()
        .where(entry.c.catalogue == "access_route")
        .where(sa.or_(entry.c.is_outreach.is_(True), entry.c.key.in_(LOW_THRESHOLD)))
        .values(is_low_threshold=True)
    )
    op.create_table(
        "approach_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("area", sa.String(length=12), nullable=False),
        sa.Column("funding_id", sa.Integer(), nullable=True),
        sa.Column("how_we_work", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("area IN ('staedtisch', 'laendlich')", name=op.f("ck_approach_profile_area")),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_approach_profile_valid_order")),
        sa.ForeignKeyConstraint(["cooperative_id"], ["cooperative.id"], name=op.f("fk_approach_profile_cooperative_id_cooperative")),
        sa.ForeignKeyConstraint(["funding_id"], ["catalogue_entry.id"], name=op.f("fk_approach_profile_funding_id_catalogue_entry")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approach_profile")),
    )  # fmt: skip
    op.create_index("ix_approach_profile_coop", "approach_profile", ["cooperative_id", "valid_from"])
    op.create_table(
        "approach_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("job_title_id", sa.Integer(), nullable=False),
        sa.Column("employer_kind", sa.String(length=20), nullable=False),
        sa.Column("employer", sa.String(length=120), nullable=True),
        sa.Column("weekly_hours", sa.Float(), nullable=False),
        sa.Column("in_post_since", sa.Date(), nullable=True),
        sa.CheckConstraint("employer_kind IN ('genossenschaft', 'sozialer_partner', 'wohlfahrtsverband', 'sonstiger')", name=op.f("ck_approach_post_employer_kind")),
        sa.CheckConstraint("weekly_hours >= 1 AND weekly_hours <= 60", name=op.f("ck_approach_post_weekly_hours_range")),
        sa.ForeignKeyConstraint(["profile_id"], ["approach_profile.id"], ondelete="CASCADE", name=op.f("fk_approach_post_profile_id_approach_profile")),
        sa.ForeignKeyConstraint(["job_title_id"], ["catalogue_entry.id"], name=op.f("fk_approach_post_job_title_id_catalogue_entry")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approach_post")),
    )  # fmt: skip
    op.create_index("ix_approach_post_profile_id", "approach_post", ["profile_id"])
    op.create_table(
        "approach_focus",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["approach_profile.id"], ondelete="CASCADE", name=op.f("fk_approach_focus_profile_id_approach_profile")),
        sa.ForeignKeyConstraint(["entry_id"], ["catalogue_entry.id"], name=op.f("fk_approach_focus_entry_id_catalogue_entry")),
        sa.PrimaryKeyConstraint("profile_id", "entry_id", name=op.f("pk_approach_focus")),
    )  # fmt: skip
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("scope_kind", sa.String(length=20), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=True),
        sa.Column("approach", sa.String(length=20), nullable=True),
        sa.Column("approach_value", sa.String(length=60), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("baseline_from", sa.Date(), nullable=False),
        sa.Column("baseline_to", sa.Date(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_note", sa.String(length=300), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("direction IN ('steigern', 'senken', 'halten')", name=op.f("ck_goal_direction")),
        sa.CheckConstraint("scope_kind IN ('alle', 'genossenschaft', 'ansatz')", name=op.f("ck_goal_scope_kind")),
        sa.CheckConstraint("baseline_to >= baseline_from", name=op.f("ck_goal_baseline_order")),
        sa.CheckConstraint("target_date > baseline_to", name=op.f("ck_goal_target_after_baseline")),
        sa.ForeignKeyConstraint(["cooperative_id"], ["cooperative.id"], name=op.f("fk_goal_cooperative_id_cooperative")),
        sa.ForeignKeyConstraint(["set_by_id"], ["app_user.id"], name=op.f("fk_goal_set_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("goal")
    op.drop_table("approach_focus")
    op.drop_index("ix_approach_post_profile_id", table_name="approach_post")
    op.drop_table("approach_post")
    op.drop_index("ix_approach_profile_coop", table_name="approach_profile")
    op.drop_table("approach_profile")
    op.execute("DELETE FROM catalogue_entry WHERE " + _catalogues(NEW[len(OLD):]))
    with op.batch_alter_table("catalogue_entry") as batch:
        batch.drop_constraint(op.f("ck_catalogue_entry_catalogue"), type_="check")
        batch.create_check_constraint("catalogue", _catalogues(OLD))
        batch.drop_column("is_low_threshold")
