"""cases: victim-centred families (membership status and dates, proposed households, family
corrections with undo), the meeting's consent decision, the information-sharing register,
preparation marked as shared, actions as proposals until accepted (#20)

Revision ID: 0015_victim_centred_cases
Revises: 0014_golive
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0015_victim_centred_cases"
down_revision: str | None = "0014_golive"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


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
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_families_merged_into_id_families", "families", ["merged_into_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("named_as", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column(
                "status", _enum("membership_status", "member", "proposed", "dismissed"),
                server_default="member", nullable=False,
            )
        )  # fmt: skip
        batch_op.add_column(sa.Column("started_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("recorded_there_on", sa.Date(), nullable=True))
    # Existing rows: the relationship label was the referral role (or "household").
    op.execute(
        "UPDATE family_members SET named_as = relationship_label WHERE relationship_label IN "
        "('victim', 'perpetrator', 'child', 'other', 'household')"
    )
    op.create_table(
        "family_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "family_change", "add_member", "remove_member", "move_member", "edit_member",
                "confirm_member", "dismiss_member", "relabel", "merge", "split",
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("other_family_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("performed_by_id", sa.Integer(), nullable=True),
        sa.Column("undone_at", UTCDateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["families.id"], name=op.f("fk_family_changes_family_id_families"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["other_family_id"], ["families.id"],
            name=op.f("fk_family_changes_other_family_id_families"), ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["performed_by_id"], ["users.id"], name=op.f("fk_family_changes_performed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["users.id"], name=op.f("fk_family_changes_undone_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_changes")),
    )
    with op.batch_alter_table("family_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_changes_family_id"), ["family_id"])
        batch_op.create_index(batch_op.f("ix_family_changes_other_family_id"), ["other_family_id"])
    op.create_table(
        "consent_decisions",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("consent", sa.String(length=1), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("victim_told", _enum("victim_told", "yes", "no"), nullable=False),
        sa.Column("told_by", sa.String(length=200), nullable=True),
        sa.Column("how_safely", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_items.id"],
            name=op.f("fk_consent_decisions_agenda_item_id_agenda_items"), ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"],
            name=op.f("fk_consent_decisions_recorded_by_id_users"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("agenda_item_id", name=op.f("pk_consent_decisions")),
    )
    op.create_table(
        "sharing_agreements",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("signatory", sa.Boolean(), nullable=False),
        sa.Column("lawful_basis", sa.String(length=40), nullable=False),
        sa.Column("special_condition", sa.String(length=40), nullable=True),
        sa.Column("agreement_date", sa.Date(), nullable=True),
        sa.Column("recording_note", sa.Text(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_sharing_agreements_agency_id_agencies"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_sharing_agreements_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_sharing_agreements")),
    )
    with op.batch_alter_table("partner_preparations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "acceptance", _enum("action_acceptance", "proposed", "accepted"),
                server_default="accepted", nullable=False,
            )
        )  # fmt: skip
        batch_op.add_column(sa.Column("accepted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("accepted_at", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("accepted_by_chair", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_foreign_key(
            "fk_actions_accepted_by_id_users", "users", ["accepted_by_id"], ["id"]
        )


def _downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint("fk_actions_accepted_by_id_users", type_="foreignkey")
        batch_op.drop_constraint("action_acceptance", type_="check")
        batch_op.drop_column("accepted_by_chair")
        batch_op.drop_column("accepted_at")
        batch_op.drop_column("accepted_by_id")
        batch_op.drop_column("acceptance")
    with op.batch_alter_table("partner_preparations", schema=None) as batch_op:
        batch_op.drop_column("shared_at")
    op.drop_table("sharing_agreements")
    op.drop_table("consent_decisions")
    with op.batch_alter_table("family_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_changes_other_family_id"))
        batch_op.drop_index(batch_op.f("ix_family_changes_family_id"))
    op.drop_table("family_changes")
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_constraint("membership_status", type_="check")
        batch_op.drop_column("recorded_there_on")
        batch_op.drop_column("ended_on")
        batch_op.drop_column("started_on")
        batch_op.drop_column("status")
        batch_op.drop_column("named_as")
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.drop_constraint("fk_families_merged_into_id_families", type_="foreignkey")
        batch_op.drop_column("merged_into_id")
