"""action tracking: status updates, incomplete-action reviews, notifications (#7)

Revision ID: 0010_action_tracking
Revises: 0009_minutes
Create Date: 2026-12-02 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010_action_tracking"
down_revision: str | None = "0009_minutes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)

# The triggers exactly as this migration installs them, frozen here: editing the app's trigger
# code never changes what an old migration does (tests/foundation/test_migrations.py).
TRIGGERS = {'sqlite': {'install': ['DROP TRIGGER IF EXISTS action_reviews_frozen_insert',
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
                       'DROP TRIGGER IF EXISTS action_reviews_frozen_update']},
 'postgresql': {'install': ['DROP TRIGGER IF EXISTS action_reviews_frozen ON action_reviews',
                            'DROP FUNCTION IF EXISTS action_reviews_frozen()',
                            'CREATE OR REPLACE FUNCTION action_reviews_frozen() RETURNS '
                            'trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM '
                            "meetings WHERE id = NEW.meeting_id AND status = 'closed') OR "
                            "(TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM meetings WHERE id = "
                            "OLD.meeting_id AND status = 'closed')) THEN RAISE EXCEPTION "
                            "'closed meeting: its minutes are frozen; record a correction as "
                            "an addendum'; END IF; RETURN NEW; END $$",
                            'CREATE TRIGGER action_reviews_frozen BEFORE INSERT OR UPDATE ON '
                            'action_reviews FOR EACH ROW EXECUTE FUNCTION '
                            'action_reviews_frozen()'],
                'remove': ['DROP TRIGGER IF EXISTS action_reviews_frozen ON action_reviews',
                           'DROP FUNCTION IF EXISTS action_reviews_frozen()']}}



def _run(triggers: dict[str, dict[str, list[str]]], which: str) -> None:
    bind = op.get_bind()
    for statement in triggers.get(bind.dialect.name, {}).get(which, []):
        bind.execute(sa.text(statement))


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "action_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("action_update_kind", "progress", "completed"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_updates_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_action_updates_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_action_updates_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_updates")),
    )
    with op.batch_alter_table("action_updates") as batch_op:
        batch_op.create_index(batch_op.f("ix_action_updates_action_id"), ["action_id"])

    op.create_table(
        "action_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            _enum("action_review_outcome", "done", "carried_forward", "not_done"),
            nullable=False,
        ),
        sa.Column(
            "not_done_reason",
            _enum("action_not_done_reason", "change_in_circumstance", "agency_did_not_act"),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("new_due_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(outcome = 'not_done') = (not_done_reason IS NOT NULL)",
            name=op.f("ck_action_reviews_reason_iff_not_done"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_reviews_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_action_reviews_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_action_reviews_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_action_reviews_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_reviews")),
        sa.UniqueConstraint(
            "action_id", "meeting_id", name=op.f("uq_action_reviews_action_id_meeting_id")
        ),
    )
    with op.batch_alter_table("action_reviews") as batch_op:
        batch_op.create_index(batch_op.f("ix_action_reviews_action_id"), ["action_id"])
        batch_op.create_index(batch_op.f("ix_action_reviews_meeting_id"), ["meeting_id"])
    _run(TRIGGERS, "install")  # a closed meeting's reviews are frozen

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "notification_kind",
                "action_assigned",
                "action_reassigned",
                "action_due_tomorrow",
                "action_overdue",
            ),
            nullable=False,
        ),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=40), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_notifications_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "user_id",
            "action_id",
            "kind",
            "occasion",
            name=op.f("uq_notifications_user_id_action_id_kind_occasion"),
        ),
    )
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_action_id"), ["action_id"])
        batch_op.create_index("ix_notifications_user_unread", ["user_id", "read_at"])


def downgrade() -> None:
    op.drop_table("notifications")
    _run(TRIGGERS, "remove")
    op.drop_table("action_reviews")
    op.drop_table("action_updates")
