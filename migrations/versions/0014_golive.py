"""go-live (#13): standing members, deputy chair, invitations with a reason, information only,
and involvements kept current (source, case reference, last activity, end notice)

Revision ID: 0014_golive
Revises: 0013_children
Create Date: 2026-12-04 20:50:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0014_golive"
down_revision: str | None = "0013_children"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)

# The triggers exactly as this migration installs them, frozen here: editing the app's trigger
# code never changes what an old migration does (tests/foundation/test_migrations.py).
MINUTES_TRIGGERS = {'sqlite': {'install': ['DROP TRIGGER IF EXISTS minutes_frozen_meeting_minutes_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_meeting_minutes_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_minutes_addenda_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_minutes_addenda_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_meetings_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_meetings_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_actions_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_actions_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_actions_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_agenda_items_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_agenda_items_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_agenda_items_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_attendance_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_attendance_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_attendance_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_item_fields_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_item_fields_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_item_fields_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_document_updates_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_document_updates_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_document_updates_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_document_snapshots_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_document_snapshots_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_live_document_snapshots_delete',
                        'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_insert',
                        'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_update',
                        'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_delete',
                        'CREATE TRIGGER minutes_frozen_meeting_minutes_update BEFORE UPDATE ON '
                        "meeting_minutes BEGIN SELECT RAISE(ABORT, 'closed meeting: its "
                        "minutes are frozen; record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_meeting_minutes_delete BEFORE DELETE ON '
                        'meeting_minutes WHEN OLD.retain_until IS NULL OR OLD.retain_until > '
                        "strftime('%Y-%m-%d %H:%M:%f', 'now') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_minutes_addenda_update BEFORE UPDATE ON '
                        "minutes_addenda BEGIN SELECT RAISE(ABORT, 'closed meeting: its "
                        "minutes are frozen; record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_minutes_addenda_delete BEFORE DELETE ON '
                        'minutes_addenda WHEN EXISTS (SELECT 1 FROM meeting_minutes WHERE id = '
                        'OLD.minutes_id AND (retain_until IS NULL OR retain_until > '
                        "strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_meetings_update BEFORE UPDATE ON '
                        "meetings WHEN OLD.status = 'closed' BEGIN SELECT RAISE(ABORT, 'closed "
                        'meeting: its minutes are frozen; record a correction as an '
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_meetings_delete BEFORE DELETE ON '
                        "meetings WHEN OLD.status = 'closed' AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = OLD.id AND (retain_until IS NULL '
                        "OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT "
                        "RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_actions_insert BEFORE INSERT ON actions '
                        'WHEN (NEW.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM '
                        'meetings WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed')) BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_actions_update BEFORE UPDATE ON actions '
                        'WHEN ((OLD.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM '
                        'meetings WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed')) AND (NEW.description IS "
                        'NOT OLD.description OR NEW.family_id IS NOT OLD.family_id OR '
                        'NEW.agenda_item_id IS NOT OLD.agenda_item_id)) OR '
                        '((NEW.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed')) AND NEW.agenda_item_id IS "
                        "NOT OLD.agenda_item_id) BEGIN SELECT RAISE(ABORT, 'closed meeting: "
                        "its minutes are frozen; record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_actions_delete BEFORE DELETE ON actions '
                        'WHEN (OLD.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM '
                        'meetings WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed')) AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = (SELECT meeting_id FROM '
                        'agenda_items WHERE id = OLD.agenda_item_id) AND (retain_until IS NULL '
                        "OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT "
                        "RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_agenda_items_insert BEFORE INSERT ON '
                        'agenda_items WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "NEW.meeting_id AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_agenda_items_update BEFORE UPDATE ON '
                        'agenda_items WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "OLD.meeting_id AND status = 'closed') OR EXISTS (SELECT 1 FROM "
                        "meetings WHERE id = NEW.meeting_id AND status = 'closed') BEGIN "
                        "SELECT RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_agenda_items_delete BEFORE DELETE ON '
                        'agenda_items WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "OLD.meeting_id AND status = 'closed') AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = OLD.meeting_id AND (retain_until '
                        "IS NULL OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) "
                        "BEGIN SELECT RAISE(ABORT, 'closed meeting: its minutes are frozen; "
                        "record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_attendance_insert BEFORE INSERT ON '
                        'attendance WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "NEW.meeting_id AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_attendance_update BEFORE UPDATE ON '
                        'attendance WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "OLD.meeting_id AND status = 'closed') OR EXISTS (SELECT 1 FROM "
                        "meetings WHERE id = NEW.meeting_id AND status = 'closed') BEGIN "
                        "SELECT RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_attendance_delete BEFORE DELETE ON '
                        'attendance WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "OLD.meeting_id AND status = 'closed') AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = OLD.meeting_id AND (retain_until '
                        "IS NULL OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) "
                        "BEGIN SELECT RAISE(ABORT, 'closed meeting: its minutes are frozen; "
                        "record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_item_fields_insert BEFORE INSERT '
                        'ON live_item_fields WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        '(SELECT meeting_id FROM agenda_items WHERE id = NEW.agenda_item_id) '
                        "AND status = 'closed') BEGIN SELECT RAISE(ABORT, 'closed meeting: its "
                        "minutes are frozen; record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_item_fields_update BEFORE UPDATE '
                        'ON live_item_fields WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        '(SELECT meeting_id FROM agenda_items WHERE id = OLD.agenda_item_id) '
                        "AND status = 'closed') OR EXISTS (SELECT 1 FROM meetings WHERE id = "
                        '(SELECT meeting_id FROM agenda_items WHERE id = NEW.agenda_item_id) '
                        "AND status = 'closed') BEGIN SELECT RAISE(ABORT, 'closed meeting: its "
                        "minutes are frozen; record a correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_item_fields_delete BEFORE DELETE '
                        'ON live_item_fields WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        '(SELECT meeting_id FROM agenda_items WHERE id = OLD.agenda_item_id) '
                        "AND status = 'closed') AND EXISTS (SELECT 1 FROM meeting_minutes "
                        'WHERE meeting_id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        'OLD.agenda_item_id) AND (retain_until IS NULL OR retain_until > '
                        "strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_document_updates_insert BEFORE '
                        'INSERT ON live_document_updates WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_document_updates_update BEFORE '
                        'UPDATE ON live_document_updates WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed') OR EXISTS (SELECT 1 FROM "
                        'meetings WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_document_updates_delete BEFORE '
                        'DELETE ON live_document_updates WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed') AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = (SELECT meeting_id FROM '
                        'agenda_items WHERE id = OLD.agenda_item_id) AND (retain_until IS NULL '
                        "OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT "
                        "RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_document_snapshots_insert BEFORE '
                        'INSERT ON live_document_snapshots WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_document_snapshots_update BEFORE '
                        'UPDATE ON live_document_snapshots WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed') OR EXISTS (SELECT 1 FROM "
                        'meetings WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_live_document_snapshots_delete BEFORE '
                        'DELETE ON live_document_snapshots WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed') AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = (SELECT meeting_id FROM '
                        'agenda_items WHERE id = OLD.agenda_item_id) AND (retain_until IS NULL '
                        "OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT "
                        "RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END",
                        'CREATE TRIGGER minutes_frozen_partner_preparations_insert BEFORE '
                        'INSERT ON partner_preparations WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_partner_preparations_update BEFORE '
                        'UPDATE ON partner_preparations WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed') OR EXISTS (SELECT 1 FROM "
                        'meetings WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "NEW.agenda_item_id) AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER minutes_frozen_partner_preparations_delete BEFORE '
                        'DELETE ON partner_preparations WHEN EXISTS (SELECT 1 FROM meetings '
                        'WHERE id = (SELECT meeting_id FROM agenda_items WHERE id = '
                        "OLD.agenda_item_id) AND status = 'closed') AND EXISTS (SELECT 1 FROM "
                        'meeting_minutes WHERE meeting_id = (SELECT meeting_id FROM '
                        'agenda_items WHERE id = OLD.agenda_item_id) AND (retain_until IS NULL '
                        "OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT "
                        "RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END"],
            'remove': ['DROP TRIGGER IF EXISTS minutes_frozen_meeting_minutes_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_meeting_minutes_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_minutes_addenda_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_minutes_addenda_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_meetings_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_meetings_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_actions_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_actions_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_actions_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_agenda_items_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_agenda_items_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_agenda_items_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_attendance_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_attendance_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_attendance_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_item_fields_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_item_fields_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_item_fields_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_document_updates_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_document_updates_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_document_updates_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_document_snapshots_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_document_snapshots_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_live_document_snapshots_delete',
                       'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_insert',
                       'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_update',
                       'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_delete']}}

REVIEW_TRIGGERS = {'sqlite': {'install': ['DROP TRIGGER IF EXISTS action_reviews_frozen_insert',
                        'DROP TRIGGER IF EXISTS action_reviews_frozen_update',
                        'CREATE TRIGGER action_reviews_frozen_insert BEFORE INSERT ON '
                        'action_reviews WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "NEW.meeting_id AND status = 'closed') BEGIN SELECT RAISE(ABORT, "
                        "'closed meeting: its minutes are frozen; record a correction as an "
                        "addendum'); END",
                        'CREATE TRIGGER action_reviews_frozen_update BEFORE UPDATE ON '
                        'action_reviews WHEN EXISTS (SELECT 1 FROM meetings WHERE id = '
                        "OLD.meeting_id AND status = 'closed') OR EXISTS (SELECT 1 FROM "
                        "meetings WHERE id = NEW.meeting_id AND status = 'closed') BEGIN "
                        "SELECT RAISE(ABORT, 'closed meeting: its minutes are frozen; record a "
                        "correction as an addendum'); END"],
            'remove': ['DROP TRIGGER IF EXISTS action_reviews_frozen_insert',
                       'DROP TRIGGER IF EXISTS action_reviews_frozen_update']}}



def _run(triggers: dict[str, dict[str, list[str]]], which: str) -> None:
    bind = op.get_bind()
    for statement in triggers.get(bind.dialect.name, {}).get(which, []):
        bind.execute(sa.text(statement))


def _rebuilding(alter: Callable[[], None]) -> None:
    """SQLite rebuilds a table to add a foreign key: its triggers must go first, then return."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _run(MINUTES_TRIGGERS, "remove")
        _run(REVIEW_TRIGGERS, "remove")
    alter()
    if sqlite:
        _run(MINUTES_TRIGGERS, "install")
        _run(REVIEW_TRIGGERS, "install")


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
