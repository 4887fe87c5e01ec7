"""governance: a device summary and a coarse network on each session (ASVS 7.5.2)

Revision ID: 0011_session_devices
Revises: 0010_action_tracking
Create Date: 2026-12-02 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_session_devices"
down_revision: str | None = "0010_action_tracking"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Sign-in and sessions (#8, ASVS 7.5.2): a device summary and a coarse network per session.
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("network", sa.String(length=48), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_column("network")
        batch_op.drop_column("device")
