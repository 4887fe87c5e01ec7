"""research stays with its agency: a closed meeting's preparation nobody marked as shared may
be deleted (the retention purge does, after RETENTION_UNSHARED_PREPARATION_DAYS); an agency's
declining of an action proposed to it (#20)

Revision ID: 0019_unshared_preparation
Revises: 0018_children_live
Create Date: 2026-12-04 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_unshared_preparation"
down_revision: str | None = "0018_children_live"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


# The trigger statements this migration changes, exactly as it installs them (UPGRADE) and as
# they were before (DOWNGRADE), frozen here: editing the app's trigger code never changes what
# an old migration does (tests/foundation/test_migrations.py). Only the partner_preparations
# DELETE rule changes: an unshared entry (shared_at NULL) is not in the minutes.
UPGRADE: dict[str, list[str]] = {
    "postgresql": [
        "CREATE OR REPLACE FUNCTION minutes_guard_child() RETURNS trigger LANGUAGE "
        "plpgsql AS $$\n"
        "DECLARE old_m integer; new_m integer;\n"
        "BEGIN\n"
        "  IF TG_OP <> 'INSERT' THEN old_m := (to_jsonb(OLD) ->> TG_ARGV[0])::integer; "
        "END IF;\n"
        "  IF TG_OP <> 'DELETE' THEN new_m := (to_jsonb(NEW) ->> TG_ARGV[0])::integer; "
        "END IF;\n"
        "  IF TG_ARGV[1] = 'item' THEN\n"
        "    old_m := minutes_meeting_of_item(old_m); new_m := "
        "minutes_meeting_of_item(new_m);\n"
        "  END IF;\n"
        "  IF TG_OP = 'DELETE' THEN\n"
        "    IF TG_ARGV[2] IS NOT NULL AND (to_jsonb(OLD) ->> TG_ARGV[2]) IS NULL THEN "
        "RETURN OLD; END IF;\n"
        "    IF minutes_meeting_closed(old_m) AND minutes_retained(old_m) THEN\n"
        "      RAISE EXCEPTION 'closed meeting: its minutes are frozen; record a "
        "correction as an addendum';\n"
        "    END IF;\n"
        "    RETURN OLD;\n"
        "  END IF;\n"
        "  IF minutes_meeting_closed(old_m) OR minutes_meeting_closed(new_m) THEN\n"
        "    RAISE EXCEPTION 'closed meeting: its minutes are frozen; record a "
        "correction as an addendum';\n"
        "  END IF;\n"
        "  RETURN NEW;\n"
        "END $$",
        "DROP TRIGGER IF EXISTS minutes_frozen ON partner_preparations",
        "CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE ON "
        "partner_preparations FOR EACH ROW EXECUTE FUNCTION "
        "minutes_guard_child('agenda_item_id', 'item', 'shared_at')",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_delete",
        "CREATE TRIGGER minutes_frozen_partner_preparations_delete BEFORE DELETE ON "
        "partner_preparations WHEN EXISTS (SELECT 1 FROM meetings WHERE id = (SELECT "
        "meeting_id FROM agenda_items WHERE id = OLD.agenda_item_id) AND status = "
        "'closed') AND EXISTS (SELECT 1 FROM meeting_minutes WHERE meeting_id = (SELECT "
        "meeting_id FROM agenda_items WHERE id = OLD.agenda_item_id) AND (retain_until IS "
        "NULL OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) AND OLD.shared_at "
        "IS NOT NULL BEGIN SELECT RAISE(ABORT, 'closed meeting: its minutes are frozen; "
        "record a correction as an addendum'); END",
    ],
}

DOWNGRADE: dict[str, list[str]] = {
    "postgresql": [
        "CREATE OR REPLACE FUNCTION minutes_guard_child() RETURNS trigger LANGUAGE "
        "plpgsql AS $$\n"
        "DECLARE old_m integer; new_m integer;\n"
        "BEGIN\n"
        "  IF TG_OP <> 'INSERT' THEN old_m := (to_jsonb(OLD) ->> TG_ARGV[0])::integer; "
        "END IF;\n"
        "  IF TG_OP <> 'DELETE' THEN new_m := (to_jsonb(NEW) ->> TG_ARGV[0])::integer; "
        "END IF;\n"
        "  IF TG_ARGV[1] = 'item' THEN\n"
        "    old_m := minutes_meeting_of_item(old_m); new_m := "
        "minutes_meeting_of_item(new_m);\n"
        "  END IF;\n"
        "  IF TG_OP = 'DELETE' THEN\n"
        "    IF minutes_meeting_closed(old_m) AND minutes_retained(old_m) THEN\n"
        "      RAISE EXCEPTION 'closed meeting: its minutes are frozen; record a "
        "correction as an addendum';\n"
        "    END IF;\n"
        "    RETURN OLD;\n"
        "  END IF;\n"
        "  IF minutes_meeting_closed(old_m) OR minutes_meeting_closed(new_m) THEN\n"
        "    RAISE EXCEPTION 'closed meeting: its minutes are frozen; record a "
        "correction as an addendum';\n"
        "  END IF;\n"
        "  RETURN NEW;\n"
        "END $$",
        "DROP TRIGGER IF EXISTS minutes_frozen ON partner_preparations",
        "CREATE TRIGGER minutes_frozen BEFORE INSERT OR UPDATE OR DELETE ON "
        "partner_preparations FOR EACH ROW EXECUTE FUNCTION "
        "minutes_guard_child('agenda_item_id', 'item')",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS minutes_frozen_partner_preparations_delete",
        "CREATE TRIGGER minutes_frozen_partner_preparations_delete BEFORE DELETE ON "
        "partner_preparations WHEN EXISTS (SELECT 1 FROM meetings WHERE id = (SELECT "
        "meeting_id FROM agenda_items WHERE id = OLD.agenda_item_id) AND status = "
        "'closed') AND EXISTS (SELECT 1 FROM meeting_minutes WHERE meeting_id = (SELECT "
        "meeting_id FROM agenda_items WHERE id = OLD.agenda_item_id) AND (retain_until IS "
        "NULL OR retain_until > strftime('%Y-%m-%d %H:%M:%f', 'now'))) BEGIN SELECT "
        "RAISE(ABORT, 'closed meeting: its minutes are frozen; record a correction as an "
        "addendum'); END",
    ],
}


def _run(statements: dict[str, list[str]]) -> None:
    bind = op.get_bind()
    for statement in statements.get(bind.dialect.name, []):
        bind.execute(sa.text(statement))


def upgrade() -> None:
    _run(UPGRADE)
    op.create_table(
        "action_declines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("declined_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declined_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_declines_action_id_actions"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_action_declines_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["declined_by_id"], ["users.id"], name=op.f("fk_action_declines_declined_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_declines")),
    )
    with op.batch_alter_table("action_declines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_declines_action_id"), ["action_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("action_declines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_declines_action_id"))
    op.drop_table("action_declines")
    _run(DOWNGRADE)
