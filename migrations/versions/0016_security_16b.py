"""security (#16 part B): pending role grants (separation of duties); sign-in failures
counted per account and source (the counts are transient: the table is rebuilt empty)

Revision ID: 0016_security_16b
Revises: 0015_victim_centred_cases
Create Date: 2026-12-04 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_security_16b"
down_revision: str | None = "0015_victim_centred_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


ROLES = ("coordinator", "partner", "agency_worker", "manager", "admin")


def _failures_table(keyed_by_source: bool) -> None:
    columns = [sa.Column("user_id", sa.Integer(), nullable=False)]
    if keyed_by_source:
        columns.append(sa.Column("source", sa.String(length=48), nullable=False))
    op.create_table(
        "sign_in_failures",
        *columns,
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", UTCDateTime(), nullable=True),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sign_in_failures_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            *(["user_id", "source"] if keyed_by_source else ["user_id"]),
            name=op.f("pk_sign_in_failures"),
        ),
    )


def upgrade() -> None:
    op.drop_table("sign_in_failures")
    _failures_table(keyed_by_source=True)
    op.create_table(
        "role_grant_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("approved", sa.Boolean(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_role_grant_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_role_grant_requests_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_role_grant_requests_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant_requests")),
    )
    with op.batch_alter_table("role_grant_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_grant_requests_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("role_grant_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_grant_requests_user_id"))
    op.drop_table("role_grant_requests")
    op.drop_table("sign_in_failures")
    _failures_table(keyed_by_source=False)
