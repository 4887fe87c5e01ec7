"""minutes: frozen meeting minutes and addenda (#7)

Revision ID: 0009_minutes
Revises: 0006_intake
Create Date: 2026-12-02 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0009_minutes"
down_revision: str | None = "0006_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)

# The triggers exactly as this migration installs them, frozen here: editing the app's trigger
# code never changes what an old migration does (tests/foundation/test_migrations.py).
TRIGGERS = {'sqlite': {'install': ['DROP TRIGGER IF EXISTS minutes_frozen_meeting_minutes_update',
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
                       'DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_delete']},
 'postgresql': {'install': ['DROP TRIGGER IF EXISTS minutes_frozen ON meeting_minutes',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON minutes_addenda',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON meetings',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON actions',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON agenda_items',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON attendance',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON live_item_fields',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON live_document_updates',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON live_document_snapshots',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON partner_preparations',
                            'DROP FUNCTION IF EXISTS minutes_guard_record()',
                            'DROP FUNCTION IF EXISTS minutes_guard_action()',
                            'DROP FUNCTION IF EXISTS minutes_guard_meeting()',
                            'DROP FUNCTION IF EXISTS minutes_guard_child()',
                            'DROP FUNCTION IF EXISTS minutes_meeting_of_item(integer)',
                            'DROP FUNCTION IF EXISTS minutes_retained(integer)',
                            'DROP FUNCTION IF EXISTS minutes_meeting_closed(integer)',
                            'CREATE OR REPLACE FUNCTION minutes_meeting_closed(m integer) '
                            'RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 '
                            "FROM meetings WHERE id = m AND status = 'closed') $$",
                            'CREATE OR REPLACE FUNCTION minutes_retained(m integer) RETURNS '
                            'boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM '
                            'meeting_minutes WHERE meeting_id = m AND (retain_until IS NULL OR '
                            'retain_until > now())) $$',
                            'CREATE OR REPLACE FUNCTION minutes_meeting_of_item(i integer) '
                            'RETURNS integer LANGUAGE sql STABLE AS $$ SELECT meeting_id FROM '
                            'agenda_items WHERE id = i $$',
                            'CREATE OR REPLACE FUNCTION minutes_guard_child() RETURNS trigger '
                            'LANGUAGE plpgsql AS $$\n'
                            'DECLARE old_m integer; new_m integer;\n'
                            'BEGIN\n'
                            "  IF TG_OP <> 'INSERT' THEN old_m := (to_jsonb(OLD) ->> "
                            'TG_ARGV[0])::integer; END IF;\n'
                            "  IF TG_OP <> 'DELETE' THEN new_m := (to_jsonb(NEW) ->> "
                            'TG_ARGV[0])::integer; END IF;\n'
                            "  IF TG_ARGV[1] = 'item' THEN\n"
                            '    old_m := minutes_meeting_of_item(old_m); new_m := '
                            'minutes_meeting_of_item(new_m);\n'
                            '  END IF;\n'
                            "  IF TG_OP = 'DELETE' THEN\n"
                            '    IF minutes_meeting_closed(old_m) AND minutes_retained(old_m) '
                            'THEN\n'
                            "      RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '    END IF;\n'
                            '    RETURN OLD;\n'
                            '  END IF;\n'
                            '  IF minutes_meeting_closed(old_m) OR '
                            'minutes_meeting_closed(new_m) THEN\n'
                            "    RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '  END IF;\n'
                            '  RETURN NEW;\n'
                            'END $$',
                            'CREATE OR REPLACE FUNCTION minutes_guard_meeting() RETURNS '
                            'trigger LANGUAGE plpgsql AS $$\n'
                            'BEGIN\n'
                            "  IF OLD.status = 'closed' AND (TG_OP = 'UPDATE' OR "
                            'minutes_retained(OLD.id)) THEN\n'
                            "    RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '  END IF;\n'
                            "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
                            '  RETURN NEW;\n'
                            'END $$',
                            'CREATE OR REPLACE FUNCTION minutes_guard_action() RETURNS trigger '
                            'LANGUAGE plpgsql AS $$\n'
                            'DECLARE old_m integer; new_m integer;\n'
                            'BEGIN\n'
                            "  IF TG_OP <> 'INSERT' THEN old_m := "
                            'minutes_meeting_of_item(OLD.agenda_item_id); END IF;\n'
                            "  IF TG_OP <> 'DELETE' THEN new_m := "
                            'minutes_meeting_of_item(NEW.agenda_item_id); END IF;\n'
                            "  IF TG_OP = 'DELETE' THEN\n"
                            '    IF minutes_meeting_closed(old_m) AND minutes_retained(old_m) '
                            'THEN\n'
                            "      RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '    END IF;\n'
                            '    RETURN OLD;\n'
                            '  END IF;\n'
                            "  IF TG_OP = 'INSERT' AND minutes_meeting_closed(new_m) THEN "
                            "RAISE EXCEPTION 'closed meeting: its minutes are frozen; record a "
                            "correction as an addendum'; END IF;\n"
                            "  IF TG_OP = 'UPDATE' AND (minutes_meeting_closed(old_m) OR "
                            'minutes_meeting_closed(new_m)) AND (\n'
                            '      NEW.description IS DISTINCT FROM OLD.description\n'
                            '      OR NEW.family_id IS DISTINCT FROM OLD.family_id\n'
                            '      OR NEW.agenda_item_id IS DISTINCT FROM OLD.agenda_item_id) '
                            'THEN\n'
                            "    RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '  END IF;\n'
                            '  RETURN NEW;\n'
                            'END $$',
                            'CREATE OR REPLACE FUNCTION minutes_guard_record() RETURNS trigger '
                            'LANGUAGE plpgsql AS $$\n'
                            'BEGIN\n'
                            "  IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'closed meeting: its "
                            "minutes are frozen; record a correction as an addendum'; END IF;\n"
                            "  IF TG_TABLE_NAME = 'meeting_minutes' THEN\n"
                            '    IF OLD.retain_until IS NULL OR OLD.retain_until > now() THEN\n'
                            "      RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '    END IF;\n'
                            '  ELSIF EXISTS (SELECT 1 FROM meeting_minutes WHERE id = '
                            'OLD.minutes_id\n'
                            '                AND (retain_until IS NULL OR retain_until > '
                            'now())) THEN\n'
                            "    RAISE EXCEPTION 'closed meeting: its minutes are frozen; "
                            "record a correction as an addendum';\n"
                            '  END IF;\n'
                            '  RETURN OLD;\n'
                            'END $$',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON meeting_minutes',
                            'CREATE TRIGGER minutes_frozen BEFORE UPDATE OR DELETE ON '
                            'meeting_minutes FOR EACH ROW EXECUTE FUNCTION '
                            'minutes_guard_record()',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON minutes_addenda',
                            'CREATE TRIGGER minutes_frozen BEFORE UPDATE OR DELETE ON '
                            'minutes_addenda FOR EACH ROW EXECUTE FUNCTION '
                            'minutes_guard_record()',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON meetings',
                            'CREATE TRIGGER minutes_frozen BEFORE UPDATE OR DELETE ON meetings '
                            'FOR EACH ROW EXECUTE FUNCTION minutes_guard_meeting()',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON actions',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON actions FOR EACH ROW EXECUTE FUNCTION minutes_guard_action()',
                            'DROP TRIGGER IF EXISTS minutes_frozen ON agenda_items',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON agenda_items FOR EACH ROW EXECUTE FUNCTION '
                            "minutes_guard_child('meeting_id', 'meeting')",
                            'DROP TRIGGER IF EXISTS minutes_frozen ON attendance',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON attendance FOR EACH ROW EXECUTE FUNCTION '
                            "minutes_guard_child('meeting_id', 'meeting')",
                            'DROP TRIGGER IF EXISTS minutes_frozen ON live_item_fields',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON live_item_fields FOR EACH ROW EXECUTE FUNCTION '
                            "minutes_guard_child('agenda_item_id', 'item')",
                            'DROP TRIGGER IF EXISTS minutes_frozen ON live_document_updates',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON live_document_updates FOR EACH ROW EXECUTE FUNCTION '
                            "minutes_guard_child('agenda_item_id', 'item')",
                            'DROP TRIGGER IF EXISTS minutes_frozen ON live_document_snapshots',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON live_document_snapshots FOR EACH ROW EXECUTE FUNCTION '
                            "minutes_guard_child('agenda_item_id', 'item')",
                            'DROP TRIGGER IF EXISTS minutes_frozen ON partner_preparations',
                            'CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE '
                            'ON partner_preparations FOR EACH ROW EXECUTE FUNCTION '
                            "minutes_guard_child('agenda_item_id', 'item')"],
                'remove': ['DROP TRIGGER IF EXISTS minutes_frozen ON meeting_minutes',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON minutes_addenda',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON meetings',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON actions',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON agenda_items',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON attendance',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON live_item_fields',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON live_document_updates',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON live_document_snapshots',
                           'DROP TRIGGER IF EXISTS minutes_frozen ON partner_preparations',
                           'DROP FUNCTION IF EXISTS minutes_guard_record()',
                           'DROP FUNCTION IF EXISTS minutes_guard_action()',
                           'DROP FUNCTION IF EXISTS minutes_guard_meeting()',
                           'DROP FUNCTION IF EXISTS minutes_guard_child()',
                           'DROP FUNCTION IF EXISTS minutes_meeting_of_item(integer)',
                           'DROP FUNCTION IF EXISTS minutes_retained(integer)',
                           'DROP FUNCTION IF EXISTS minutes_meeting_closed(integer)']}}



def _run(triggers: dict[str, dict[str, list[str]]], which: str) -> None:
    bind = op.get_bind()
    for statement in triggers.get(bind.dialect.name, {}).get(which, []):
        bind.execute(sa.text(statement))


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
    _run(TRIGGERS, "install")


def downgrade() -> None:
    _run(TRIGGERS, "remove")
    op.drop_index(op.f('ix_minutes_addenda_minutes_id'), table_name='minutes_addenda')
    op.drop_table('minutes_addenda')
    op.drop_index(op.f('ix_meeting_minutes_retain_until'), table_name='meeting_minutes')
    op.drop_table('meeting_minutes')
