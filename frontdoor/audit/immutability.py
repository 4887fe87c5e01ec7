"""Database triggers that refuse UPDATE and DELETE on audit_events (SQLite and PostgreSQL).

Installed by migration 0004_security, which carries its own frozen copy of these statements:
a change here needs a new migration that installs it (tests/foundation/test_migrations.py
compares the migrated triggers with this code). The application's database role should additionally
lack TRUNCATE on audit_events in production (TRUNCATE fires no row triggers).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

MESSAGE = "audit_events is append-only"

_SQLITE_INSTALL = [
    f"CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER audit_events_refuse_delete BEFORE DELETE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_events_refuse_update",
    "DROP TRIGGER IF EXISTS audit_events_refuse_delete",
]
_PG_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger "
    f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
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
