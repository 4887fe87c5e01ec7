"""go-live (#13): standing members, deputy chair, invitations with a reason, information only,
and involvements kept current (source, case reference, last activity, end notice)

Revision ID: 0014_golive
Revises: 0013_children
Create Date: 2026-12-04 20:50:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from agenda.minutes import immutability as minutes_frozen
from agenda.tracking import immutability as reviews_frozen
from frontdoor.models.base import UTCDateTime

revision: str = "0014_golive"
down_revision: str | None = "0013_children"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuilding(alter: Callable[[], None]) -> None:
    """SQLite rebuilds a table to add a foreign key: its triggers must go first, then return."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        minutes_frozen.remove(bind)
        reviews_frozen.remove(bind)
    alter()
    if sqlite:
        minutes_frozen.install(bind)
        reviews_frozen.install(bind)


def upgrade() -> None:
    op.create_table(
        "standing_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_deputy", sa.Boolean(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )
    _rebuilding(_add_meeting_columns)
    with op.batch_alter_table("involvements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("source_ref", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("last_activity_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("end_notice_at", UTCDateTime(), nullable=True))


def _add_meeting_columns() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deputy_chair_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_meetings_deputy_chair_id_users", "users", ["deputy_chair_id"], ["id"]
        )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("information_only", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("invited_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("invite_reason", sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(
            "fk_attendance_invited_by_id_users", "users", ["invited_by_id"], ["id"]
        )


def _drop_meeting_columns() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_constraint("fk_attendance_invited_by_id_users", type_="foreignkey")
        batch_op.drop_column("invite_reason")
        batch_op.drop_column("invited_by_id")
        batch_op.drop_column("information_only")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint("fk_meetings_deputy_chair_id_users", type_="foreignkey")
        batch_op.drop_column("deputy_chair_id")


def downgrade() -> None:
    with op.batch_alter_table("involvements", schema=None) as batch_op:
        batch_op.drop_column("end_notice_at")
        batch_op.drop_column("last_activity_at")
        batch_op.drop_column("source_ref")
        batch_op.drop_column("source")
    _rebuilding(_drop_meeting_columns)
    op.drop_table("standing_members")
