"""when each remembered sign-in source ("ok:<address>") was last signed in from, so that the
retention purge can delete the addresses of sign-ins and failures once they are old
(RETENTION_SIGN_IN_SOURCES_DAYS); sources already remembered count from this upgrade

Revision ID: 0021_sign_in_source_retention
Revises: 0020_audit_sealing
Create Date: 2026-12-06 11:10:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0021_sign_in_source_retention"
down_revision: str | None = "0020_audit_sealing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_signed_in_at", UTCDateTime(), nullable=True))
    failures = sa.table(
        "sign_in_failures",
        sa.column("source", sa.String),
        sa.column("last_signed_in_at", UTCDateTime()),  # stored as the app stores it
    )
    op.execute(
        failures.update()
        .where(failures.c.source.like("ok:%"))
        .values(last_signed_in_at=datetime.now(UTC))
    )


def downgrade() -> None:
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_column("last_signed_in_at")
