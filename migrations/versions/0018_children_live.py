"""children in the live meeting: versioned per-child fields and FGC, actions naming a child

Revision ID: 0018_children_live
Revises: 0017_children_meeting
Create Date: 2026-12-04 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_children_live"
down_revision: str | None = "0017_children_meeting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The SQLite triggers exactly as this migration re-installs them, frozen here: editing the app's
# trigger code never changes what an old migration does (tests/foundation/test_migrations.py).
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


def _triggers(install: bool) -> None:
    """SQLite rebuilds `actions` to add a foreign key: its triggers go first, then return."""
    bind = op.get_bind()
    which = "install" if install else "remove"
    for triggers in (MINUTES_TRIGGERS, REVIEW_TRIGGERS):
        for statement in triggers.get(bind.dialect.name, {}).get(which, []):
            bind.execute(sa.text(statement))


def upgrade() -> None:
    _triggers(install=False)
    _upgrade()
    _triggers(install=True)


def downgrade() -> None:
    _triggers(install=False)
    _downgrade()
    _triggers(install=True)


def _upgrade() -> None:
    with op.batch_alter_table("child_records", schema=None) as batch_op:
        for name in ("decision_version", "impact_version", "voice_version"):
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
        for name in ("impact_by_id", "voice_by_id"):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_child_records_{name}_users"), "users", [name], ["id"]
            )
    with op.batch_alter_table("fgc_offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_fgc_offers_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_person_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_actions_child_person_id"), ["child_person_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_actions_child_person_id_people"),
            "people",
            ["child_person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def _downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actions_child_person_id_people"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_actions_child_person_id"))
        batch_op.drop_column("child_person_id")
    with op.batch_alter_table("fgc_offers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_fgc_offers_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("version")
    with op.batch_alter_table("child_records", schema=None) as batch_op:
        for name in ("impact_by_id", "voice_by_id"):
            batch_op.drop_constraint(
                batch_op.f(f"fk_child_records_{name}_users"), type_="foreignkey"
            )
            batch_op.drop_column(name)
        for name in ("decision_version", "impact_version", "voice_version"):
            batch_op.drop_column(name)
