"""risk: the risk tool, an optional level, professional judgement and separation (#14)

Revision ID: 0012_risk
Revises: 0011_session_devices
Create Date: 2026-12-04 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_risk"
down_revision: str | None = "0011_session_devices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOOLS = ("DASH-ACPO", "DASH-SL", "DARA", "other", "not-completed")
_LEVELS = ("standard", "medium", "high")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    # Referrals (#14): which tool assessed the risk; a level may be absent when none was completed.
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "risk_tool",
                _enum("risk_tool", *_TOOLS),
                nullable=False,
                server_default="DASH-ACPO",
            )  # fmt: skip
        )
        batch_op.add_column(sa.Column("risk_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("separation", sa.Boolean(), nullable=True))
        batch_op.alter_column(
            "dash_risk", existing_type=_enum("dash_risk", *_LEVELS), nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.alter_column(
            "dash_risk", existing_type=_enum("dash_risk", *_LEVELS), nullable=False
        )
        batch_op.drop_constraint(op.f("ck_referrals_risk_tool"), type_="check")
        batch_op.drop_column("separation")
        batch_op.drop_column("risk_reason")
        batch_op.drop_column("risk_tool")
