"""Database triggers that keep the chair's reviews of a closed meeting as they were frozen:
INSERT and UPDATE of `action_reviews` are refused when the review's meeting is closed (SQLite
and PostgreSQL). Deleting is left to retention (`frontdoor.retention.tracking`), which runs
only once the meeting's minutes have expired. Installed by migration 0010_action_tracking (a
frozen copy: a change here needs a new migration; tests/foundation/test_migrations.py compares).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

MESSAGE = "closed meeting: its minutes are frozen; record a correction as an addendum"


def _closed(meeting: str) -> str:
    # trigger text built from fixed column names, never from input
    return f"EXISTS (SELECT 1 FROM meetings WHERE id = {meeting} AND status = 'closed')"  # noqa: S608


_RAISE = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
_SQLITE_INSTALL = [
    "CREATE TRIGGER action_reviews_frozen_insert BEFORE INSERT ON action_reviews "
    f"WHEN {_closed('NEW.meeting_id')} {_RAISE}",
    "CREATE TRIGGER action_reviews_frozen_update BEFORE UPDATE ON action_reviews "
    f"WHEN {_closed('OLD.meeting_id')} OR {_closed('NEW.meeting_id')} {_RAISE}",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS action_reviews_frozen_insert",
    "DROP TRIGGER IF EXISTS action_reviews_frozen_update",
]
_PG_INSTALL = [
    "CREATE OR REPLACE FUNCTION action_reviews_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF {_closed('NEW.meeting_id')} OR (TG_OP = 'UPDATE' AND {_closed('OLD.meeting_id')}) "
    f"THEN RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER action_reviews_frozen BEFORE INSERT OR UPDATE ON action_reviews "
    "FOR EACH ROW EXECUTE FUNCTION action_reviews_frozen()",
]
_PG_REMOVE = [
    "DROP TRIGGER IF EXISTS action_reviews_frozen ON action_reviews",
    "DROP FUNCTION IF EXISTS action_reviews_frozen()",
]


def install(conn: Connection) -> None:
    remove(conn)
    for statement in _SQLITE_INSTALL if conn.dialect.name == "sqlite" else _PG_INSTALL:
        conn.execute(text(statement))


def remove(conn: Connection) -> None:
    for statement in _SQLITE_REMOVE if conn.dialect.name == "sqlite" else _PG_REMOVE:
        conn.execute(text(statement))
