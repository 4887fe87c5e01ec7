"""minutes: frozen meeting minutes and addenda (#7)

Revision ID: 0009_minutes
Revises: 0003_intake
Create Date: 2026-12-02 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agenda.minutes import immutability
from frontdoor.models.base import UTCDateTime

revision: str = "0009_minutes"
down_revision: str | None = "0003_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meeting_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=False),
    sa.Column('retain_until', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_meeting_minutes_closed_by_id_users')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_minutes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_minutes')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_meeting_minutes_content_hash')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_meeting_minutes_meeting_id'))
    )
    op.create_index(op.f('ix_meeting_minutes_retain_until'), 'meeting_minutes', ['retain_until'], unique=False)
    op.create_table('minutes_addenda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_minutes_addenda_agency_id_agencies')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_minutes_addenda_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_minutes_addenda_author_id_users')),
    sa.ForeignKeyConstraint(['minutes_id'], ['meeting_minutes.id'], name=op.f('fk_minutes_addenda_minutes_id_meeting_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_addenda')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_minutes_addenda_content_hash')),
    sa.UniqueConstraint('minutes_id', 'prev_hash', name=op.f('uq_minutes_addenda_minutes_id_prev_hash'))
    )
    op.create_index(op.f('ix_minutes_addenda_minutes_id'), 'minutes_addenda', ['minutes_id'], unique=False)
    immutability.install(op.get_bind())


def downgrade() -> None:
    immutability.remove(op.get_bind())
    op.drop_index(op.f('ix_minutes_addenda_minutes_id'), table_name='minutes_addenda')
    op.drop_table('minutes_addenda')
    op.drop_index(op.f('ix_meeting_minutes_retain_until'), table_name='meeting_minutes')
    op.drop_table('meeting_minutes')
