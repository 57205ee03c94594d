"""ratings over the course of a case: rating instruments (the app's own "Einschätzung" and
any an admin adds) with their items and scale points, and dated ratings of a case with
their values (special-category data, scoped to the cooperative like the case).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 10:50:21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('scoring', sa.String(length=12), nullable=False),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("scoring IN ('summe', 'mittelwert')", name=op.f('ck_instrument_scoring')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument')),
    sa.UniqueConstraint('key', name=op.f('uq_instrument_key')),
    sa.UniqueConstraint('name', name=op.f('uq_instrument_name'))
    )
    op.create_table('instrument_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('wording', sa.String(length=300), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_instrument_item_instrument_id_instrument'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument_item')),
    sa.UniqueConstraint('instrument_id', 'key', name=op.f('uq_instrument_item_instrument_id_key'))
    )
    with op.batch_alter_table('instrument_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instrument_item_instrument_id'), ['instrument_id'], unique=False)

    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('record_key', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("source IN ('gemeinsam', 'eindruck')", name=op.f('ck_rating_source')),
    sa.CheckConstraint("stage IN ('aufnahme', 'verlauf', 'abschluss')", name=op.f('ck_rating_stage')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_rating_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_rating_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_rating_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_rating_instrument_id_instrument')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index('ix_rating_case', ['case_id', 'rated_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_cooperative_id'), ['cooperative_id'], unique=False)

    op.create_table('rating_value',
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['instrument_item.id'], name=op.f('fk_rating_value_item_id_instrument_item')),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_rating_value_rating_id_rating'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rating_id', 'item_id', name=op.f('pk_rating_value'))
    )


def downgrade() -> None:
    op.drop_table('rating_value')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_cooperative_id'))
        batch_op.drop_index('ix_rating_case')

    op.drop_table('rating')
    with op.batch_alter_table('instrument_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instrument_item_instrument_id'))

    op.drop_table('instrument_item')
    op.drop_table('instrument')
