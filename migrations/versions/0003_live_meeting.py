"""live meeting: collaborative documents, versioned item fields, navigation state, item clocks

Revision ID: 0003_live
Revises: 0002_agenda
Create Date: 2026-11-25 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003_live'
down_revision: str | None = '0002_agenda'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('live_document_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_live_document_updates_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_live_document_updates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_document_updates'))
    )
    op.create_index('ix_live_document_updates_doc', 'live_document_updates', ['agenda_item_id', 'field', 'id'], unique=False)
    op.create_table('live_document_snapshots',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('state', sa.LargeBinary(), nullable=False),
    sa.Column('upto_update_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_live_document_snapshots_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', 'field', name=op.f('pk_live_document_snapshots'))
    )
    op.create_table('live_item_fields',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_live_item_fields_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_live_item_fields_updated_by_id_users')),
    sa.PrimaryKeyConstraint('agenda_item_id', 'name', name=op.f('pk_live_item_fields'))
    )
    op.create_table('live_meeting_state',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('current_item_id', sa.Integer(), nullable=True),
    sa.Column('current_since', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['current_item_id'], ['agenda_items.id'], name=op.f('fk_live_meeting_state_current_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_live_meeting_state_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_live_meeting_state'))
    )
    op.create_table('live_item_clocks',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_live_item_clocks_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', name=op.f('pk_live_item_clocks'))
    )


def downgrade() -> None:
    op.drop_table('live_item_clocks')
    op.drop_table('live_meeting_state')
    op.drop_table('live_item_fields')
    op.drop_table('live_document_snapshots')
    op.drop_index('ix_live_document_updates_doc', table_name='live_document_updates')
    op.drop_table('live_document_updates')
