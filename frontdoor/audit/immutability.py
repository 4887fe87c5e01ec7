"""Database triggers that keep audit_events append-only (SQLite and PostgreSQL): they refuse
every DELETE and every UPDATE except the chainer's sealing of a row not yet sealed (its
content unchanged), so a recorded row cannot be changed or removed before or after sealing.

Installed by migration 0020_audit_sealing (first by 0004_security, without the sealing), each
carrying its own frozen copy of these statements:
a change here needs a new migration that installs it (tests/foundation/test_migrations.py
compares the migrated triggers with this code). The application's database role should additionally
lack TRUNCATE on audit_events in production (TRUNCATE fires no row triggers).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

MESSAGE = "audit_events is append-only"

# The one UPDATE allowed: the chainer sealing a row (seq, prev_hash and row_hash from empty to
# set), everything else unchanged. An unsealed row cannot be changed or deleted either.
_CONTENT = (
    "id", "occurred_at", "user_id", "agency_id", "action", "object_type", "object_id",
    "purpose", "details",
)  # fmt: skip
_SQLITE_SEAL = " AND ".join(
    ["OLD.row_hash IS NULL", "NEW.row_hash IS NOT NULL", "NEW.prev_hash IS NOT NULL",
     "NEW.seq IS NOT NULL", *(f"NEW.{name} IS OLD.{name}" for name in _CONTENT)]
)  # fmt: skip
_SQLITE_INSTALL = [
    f"CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON audit_events "
    f"WHEN NOT ({_SQLITE_SEAL}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER audit_events_refuse_delete BEFORE DELETE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_events_refuse_update",
    "DROP TRIGGER IF EXISTS audit_events_refuse_delete",
]
_PG_CHAIN = "- 'seq' - 'prev_hash' - 'row_hash'"
_PG_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND OLD.row_hash IS NULL AND NEW.row_hash IS NOT NULL "
    "AND NEW.prev_hash IS NOT NULL AND NEW.seq IS NOT NULL "
    f"AND (to_jsonb(OLD) {_PG_CHAIN}) = (to_jsonb(NEW) {_PG_CHAIN}) THEN RETURN NEW; END IF; "
    f"RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER audit_events_refuse_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
]
_PG_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_events_refuse_change ON audit_events",
    "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
]


def install(conn: Connection) -> None:
    for statement in _SQLITE_INSTALL if conn.dialect.name == "sqlite" else _PG_INSTALL:
        conn.execute(text(statement))


def remove(conn: Connection) -> None:
    for statement in _SQLITE_REMOVE if conn.dialect.name == "sqlite" else _PG_REMOVE:
        conn.execute(text(statement))


@contextmanager
def suspended(conn: Connection) -> Iterator[None]:
    """Only for emptying a throwaway test database: remove the triggers, then put them back."""
    remove(conn)
    try:
        yield
    finally:
        install(conn)
