"""agenda: sources, item states, builds, schedule, non-meeting dates, partner preparation

Revision ID: 0002_agenda
Revises: 0001
Create Date: 2026-11-25 23:39:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0002_agenda'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table('meeting_schedule_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.String(length=20), nullable=False),
    sa.Column('meeting_time', sa.String(length=5), nullable=False),
    sa.Column('build_time', sa.String(length=5), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_schedule_settings'))
    )
    op.create_table('non_meeting_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_non_meeting_dates')),
    sa.UniqueConstraint('day', name=op.f('uq_non_meeting_dates_day'))
    )
    op.create_table('agenda_builds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('scheduled_for', sa.Date(), nullable=True),
    sa.Column('trigger', _enum('build_trigger', 'scheduled', 'command', 'rebuild'), nullable=False),
    sa.Column('built_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', UTCDateTime(), nullable=False),
    sa.Column('referrals_added', sa.Integer(), nullable=False),
    sa.Column('items_added', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['built_by_id'], ['users.id'], name=op.f('fk_agenda_builds_built_by_id_users')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_builds_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_builds')),
    sa.UniqueConstraint('scheduled_for', name=op.f('uq_agenda_builds_scheduled_for'))
    )
    op.create_table('agenda_item_states',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('section', _enum('agenda_section', 'incomplete_actions', 'children', 'adults_only', 'review'), nullable=False),
    sa.Column('added_by_coordinator', sa.Boolean(), nullable=False),
    sa.Column('moved_by_coordinator', sa.Boolean(), nullable=False),
    sa.Column('marac_flagged', sa.Boolean(), nullable=False),
    sa.Column('carried_from_item_id', sa.Integer(), nullable=True),
    sa.Column('new_since_removal', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_states_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['carried_from_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_states_carried_from_item_id_agenda_items')),
    sa.PrimaryKeyConstraint('agenda_item_id', name=op.f('pk_agenda_item_states'))
    )
    op.create_table('agenda_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('after_cutoff', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_sources_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_sources_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_agenda_sources_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_sources')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_agenda_sources_referral_id'))
    )
    with op.batch_alter_table('agenda_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_sources_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_sources_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('partner_preparations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', _enum('preparation_kind', 'fact', 'opinion', 'not_shared'), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('withheld_reason', sa.Text(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_partner_preparations_agency_id_agencies')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_partner_preparations_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_partner_preparations_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_preparations'))
    )
    with op.batch_alter_table('partner_preparations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_preparations_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_preparations_agenda_item_id'), ['agenda_item_id'], unique=False)


def downgrade() -> None:
    op.drop_table('partner_preparations')
    op.drop_table('agenda_sources')
    op.drop_table('agenda_item_states')
    op.drop_table('agenda_builds')
    op.drop_table('non_meeting_dates')
    op.drop_table('meeting_schedule_settings')
