"""audit sealing: events recorded unsealed, no lock; the chainer gives each its chain position

Revision ID: 0020_audit_sealing
Revises: 0019_unshared_preparation
Create Date: 2026-12-05 00:20:00

An event is inserted with `seq`, `prev_hash` and `row_hash` empty; the chainer (the
scheduler, `frontdoor audit verify`) seals committed rows in id order, giving each the next
chain position `seq`. Rows already chained keep their hashes: their position is their id.
The append-only triggers now allow that one sealing UPDATE and nothing else (frozen here).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_audit_sealing"
down_revision: str | None = "0019_unshared_preparation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The triggers as migration 0004_security installed them.
OLD_TRIGGERS = {
    "sqlite": {
        "install": [
            "CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
            "CREATE TRIGGER audit_events_refuse_delete BEFORE DELETE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_events_refuse_update",
            "DROP TRIGGER IF EXISTS audit_events_refuse_delete",
        ],
    },
    "postgresql": {
        "install": [
            "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
            "CREATE TRIGGER audit_events_refuse_change BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_events_refuse_change ON audit_events",
            "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
        ],
    },
}

# The triggers as of this migration (frontdoor/audit/immutability.py; compared by
# tests/foundation/test_migrations.py).
TRIGGERS = {
    "postgresql": {
        "install": [
            "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS "
            "trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND "
            "OLD.row_hash IS NULL AND NEW.row_hash IS NOT NULL AND "
            "NEW.prev_hash IS NOT NULL AND NEW.seq IS NOT NULL AND "
            "(to_jsonb(OLD) - 'seq' - 'prev_hash' - 'row_hash') = "
            "(to_jsonb(NEW) - 'seq' - 'prev_hash' - 'row_hash') THEN RETURN "
            "NEW; END IF; RAISE EXCEPTION 'audit_events is append-only'; END "
            "$$",
            "CREATE TRIGGER audit_events_refuse_change BEFORE UPDATE OR DELETE "
            "ON audit_events FOR EACH ROW EXECUTE FUNCTION "
            "audit_events_refuse_change()",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_events_refuse_change ON audit_events",
            "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
        ],
    },
    "sqlite": {
        "install": [
            "CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON "
            "audit_events WHEN NOT (OLD.row_hash IS NULL AND NEW.row_hash IS NOT "
            "NULL AND NEW.prev_hash IS NOT NULL AND NEW.seq IS NOT NULL AND NEW.id "
            "IS OLD.id AND NEW.occurred_at IS OLD.occurred_at AND NEW.user_id IS "
            "OLD.user_id AND NEW.agency_id IS OLD.agency_id AND NEW.action IS "
            "OLD.action AND NEW.object_type IS OLD.object_type AND NEW.object_id "
            "IS OLD.object_id AND NEW.purpose IS OLD.purpose AND NEW.details IS "
            "OLD.details) BEGIN SELECT RAISE(ABORT, 'audit_events is "
            "append-only'); END",
            "CREATE TRIGGER audit_events_refuse_delete BEFORE DELETE ON "
            "audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is "
            "append-only'); END",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_events_refuse_update",
            "DROP TRIGGER IF EXISTS audit_events_refuse_delete",
        ],
    },
}


def _run(triggers: dict[str, dict[str, list[str]]], which: str) -> None:
    bind = op.get_bind()
    for statement in triggers.get(bind.dialect.name, {}).get(which, []):
        bind.execute(sa.text(statement))


def upgrade() -> None:
    _run(OLD_TRIGGERS, "remove")
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_events_seq"), ["seq"])
    op.execute("UPDATE audit_events SET seq = id")  # every row so far was chained in id order
    _run(TRIGGERS, "install")


def downgrade() -> None:
    bind = op.get_bind()
    moved = bind.execute(
        sa.text("SELECT count(*) FROM audit_events WHERE seq IS NULL OR seq <> id")
    ).scalar()
    if moved:
        raise RuntimeError(
            f"{moved} audit event(s) are unsealed or sealed out of id order: the chain "
            "before 0018 cannot hold them. Restore a backup instead of downgrading."
        )
    _run(TRIGGERS, "remove")
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_events_seq"), type_="unique")
        batch_op.drop_column("seq")
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)
    _run(OLD_TRIGGERS, "install")
