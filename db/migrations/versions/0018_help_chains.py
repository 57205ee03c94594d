"""chains of help: the warm handover of a referral (referral_step), the day a partner first
answered (referral.first_response_on, filled from the status of answered referrals), the
feedback period per partner kind (catalogue_entry.feedback_days), the Kümmerer's office
number (app_user.phone); neighbourhood help: a catalogue of kinds of help (help_kind), needs
(help_need), what volunteers offer, when and where (volunteer_offer, volunteer.*), and the
need an assignment serves.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 12:49:34.122286
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD = (
    "access_route", "problem_area", "contact_kind", "intervention", "outcome",
    "partner_kind", "activity_kind", "observation_kind", "focus_area", "job_title", "funding",
)  # fmt: skip
NEW = (*OLD, "help_kind")


def _catalogues(values: tuple[str, ...]) -> str:
    return "catalogue IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_table('volunteer_offer',
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['catalogue_entry.id'], name=op.f('fk_volunteer_offer_entry_id_catalogue_entry')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_volunteer_offer_volunteer_id_volunteer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('volunteer_id', 'entry_id', name=op.f('pk_volunteer_offer'))
    )
    with op.batch_alter_table('volunteer_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_offer_entry_id'), ['entry_id'], unique=False)

    op.create_table('help_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_key', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=100), nullable=False),
    sa.Column('weekdays', sa.String(length=30), nullable=False),
    sa.Column('daytimes', sa.String(length=40), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('frequency', sa.String(length=16), nullable=False),
    sa.Column('hours', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('matched_on', sa.Date(), nullable=True),
    sa.Column('posted_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("frequency IN ('einmalig', 'woechentlich', 'vierzehntaegig', 'monatlich')", name=op.f('ck_help_need_frequency')),
    sa.CheckConstraint("status IN ('offen', 'vermittelt', 'erledigt', 'zurueckgezogen')", name=op.f('ck_help_need_status')),
    sa.CheckConstraint('hours > 0 AND hours <= 24', name=op.f('ck_help_need_hours_range')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_help_need_case_id_case_file'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_help_need_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_help_need_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['kind_id'], ['catalogue_entry.id'], name=op.f('fk_help_need_kind_id_catalogue_entry')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_help_need_volunteer_id_volunteer'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_need'))
    )
    with op.batch_alter_table('help_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_need_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_help_need_coop_status', ['cooperative_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_need_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_need_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('referral_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("step IN ('vorgespraech', 'termin_vereinbart', 'begleitet', 'ersttermin')", name=op.f('ck_referral_step_step')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_step_referral_id_referral'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_referral_step_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_step')),
    sa.UniqueConstraint('referral_id', 'step', name=op.f('uq_referral_step_referral_id_step'))
    )
    with op.batch_alter_table('referral_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_step_referral_id'), ['referral_id'], unique=False)

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=50), nullable=True))

    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback_days', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f("ck_catalogue_entry_catalogue"), type_="check")
        batch_op.create_check_constraint("catalogue", _catalogues(NEW))

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_response_on', sa.Date(), nullable=True))
    # an answered referral's only known day of change is its status day
    op.execute(
        "UPDATE referral SET first_response_on = status_on WHERE status <> 'angefragt'"
    )

    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weekdays', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('daytimes', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('areas', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('hours_per_month', sa.Numeric(precision=5, scale=1), nullable=True))
        batch_op.add_column(sa.Column('available_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('available_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_check_constraint("hours_per_month_positive", "hours_per_month > 0")
        batch_op.create_check_constraint("available_order", "available_until >= available_from")

    with op.batch_alter_table('volunteer_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('need_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_volunteer_assignment_need_id'), ['need_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_volunteer_assignment_need_id_help_need'), 'help_need', ['need_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('volunteer_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_volunteer_assignment_need_id_help_need'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_volunteer_assignment_need_id'))
        batch_op.drop_column('need_id')

    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_volunteer_available_order"), type_="check")
        batch_op.drop_constraint(op.f("ck_volunteer_hours_per_month_positive"), type_="check")
        batch_op.drop_column('version')
        batch_op.drop_column('available_until')
        batch_op.drop_column('available_from')
        batch_op.drop_column('hours_per_month')
        batch_op.drop_column('areas')
        batch_op.drop_column('daytimes')
        batch_op.drop_column('weekdays')

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_column('first_response_on')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('phone')

    with op.batch_alter_table('referral_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_step_referral_id'))

    op.drop_table('referral_step')
    with op.batch_alter_table('help_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_need_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_help_need_kind_id'))
        batch_op.drop_index('ix_help_need_coop_status')
        batch_op.drop_index(batch_op.f('ix_help_need_case_id'))

    op.drop_table('help_need')
    with op.batch_alter_table('volunteer_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_offer_entry_id'))

    op.drop_table('volunteer_offer')
    op.execute("DELETE FROM catalogue_entry WHERE catalogue = 'help_kind'")
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_catalogue_entry_catalogue"), type_="check")
        batch_op.create_check_constraint("catalogue", _catalogues(OLD))
        batch_op.drop_column('feedback_days')
