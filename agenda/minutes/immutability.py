"""Database triggers that keep a closed meeting's record as it was frozen (SQLite, PostgreSQL).

Installed by migration 0009_minutes, which carries a frozen copy of these statements (as do
later migrations that re-install them): a change here needs a new migration that installs it;
tests/foundation/test_migrations.py compares the migrated triggers with this code. They refuse:

* any UPDATE of `meeting_minutes` and `minutes_addenda`, and their DELETE while the minutes are
  retained (`retain_until` NULL or in the future) — the retention purge deletes expired minutes;
* any UPDATE of a closed meeting's `meetings` row (its status can never leave closed);
* INSERT, UPDATE and DELETE of the agenda items, attendance, structured fields, live document
  updates and snapshots and partner preparations of a closed meeting — DELETE is allowed once
  the meeting's minutes have expired (or been purged), so retention can remove the meeting;
* except the DELETE of a partner preparation nobody marked as shared (`shared_at` NULL): it is
  not in the minutes (research stays with its agency, #20), so deleting it changes nothing
  frozen; the retention purge removes it after its period (`unshared_preparation`). It can
  still never be changed (or marked shared) once the meeting is closed;
* a change to an action's agreed content (description, family, agenda item) once its item's
  meeting is closed, and new actions on such an item. Its tracking columns (status,
  completed_at, lead, due date, and any column added later) stay updatable.

`install` is idempotent (drop, then create). On SQLite a batch ALTER of one of these tables
recreates the table and drops its triggers: a later migration that batch-alters one must call
`install(op.get_bind())` afterwards. `tests/minutes/test_immutability.py` checks they exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

MESSAGE = "closed meeting: its minutes are frozen; record a correction as an addendum"

# table -> how its rows reach their meeting: "meeting" (a meeting_id column) or "item"
ITEM_CHILDREN = (
    "live_item_fields",
    "live_document_updates",
    "live_document_snapshots",
    "partner_preparations",
)
MEETING_CHILDREN = ("agenda_items", "attendance")
# table -> the column that, when NULL, lets a closed meeting's row be deleted (not in minutes)
DELETABLE_WHEN_NULL = {"partner_preparations": "shared_at"}
AGREED_ACTION_COLUMNS = ("description", "family_id", "agenda_item_id")
TRIGGER_TABLES = (
    "meeting_minutes",
    "minutes_addenda",
    "meetings",
    "actions",
    *MEETING_CHILDREN,
    *ITEM_CHILDREN,
)

# Every statement below is built from this module's constants only (never from input): the
# `noqa: S608` marks are for that reason.

# ---- SQLite ---------------------------------------------------------------------------------

_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"


def _closed(meeting: str) -> str:
    return f"EXISTS (SELECT 1 FROM meetings WHERE id = {meeting} AND status = 'closed')"  # noqa: S608


def _retained(meeting: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM meeting_minutes WHERE meeting_id = {meeting} "  # noqa: S608
        f"AND (retain_until IS NULL OR retain_until > {_NOW}))"
    )


def _of_item(item: str) -> str:
    return f"(SELECT meeting_id FROM agenda_items WHERE id = {item})"  # noqa: S608


def _sqlite_child(table: str, meeting_of: str) -> list[str]:
    """INSERT/UPDATE refused on a closed meeting; DELETE refused while its minutes are kept."""
    old, new = meeting_of.format(row="OLD"), meeting_of.format(row="NEW")
    name = f"minutes_frozen_{table}"
    column = DELETABLE_WHEN_NULL.get(table)
    kept = f" AND OLD.{column} IS NOT NULL" if column else ""
    return [
        f"CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} WHEN {_closed(new)} {_RAISE}",
        f"CREATE TRIGGER {name}_update BEFORE UPDATE ON {table} "
        f"WHEN {_closed(old)} OR {_closed(new)} {_RAISE}",
        f"CREATE TRIGGER {name}_delete BEFORE DELETE ON {table} "
        f"WHEN {_closed(old)} AND {_retained(old)}{kept} {_RAISE}",
    ]


def _sqlite_statements() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in AGREED_ACTION_COLUMNS)
    action_item = f"(OLD.agenda_item_id IS NOT NULL AND {_closed(_of_item('OLD.agenda_item_id'))})"
    into_closed = f"(NEW.agenda_item_id IS NOT NULL AND {_closed(_of_item('NEW.agenda_item_id'))})"
    retained_of_addendum = (
        "EXISTS (SELECT 1 FROM meeting_minutes WHERE id = OLD.minutes_id "  # noqa: S608
        f"AND (retain_until IS NULL OR retain_until > {_NOW}))"
    )
    statements = [
        f"CREATE TRIGGER minutes_frozen_meeting_minutes_update BEFORE UPDATE ON meeting_minutes "
        f"{_RAISE}",
        f"CREATE TRIGGER minutes_frozen_meeting_minutes_delete BEFORE DELETE ON meeting_minutes "
        f"WHEN OLD.retain_until IS NULL OR OLD.retain_until > {_NOW} {_RAISE}",
        f"CREATE TRIGGER minutes_frozen_minutes_addenda_update BEFORE UPDATE ON minutes_addenda "
        f"{_RAISE}",
        f"CREATE TRIGGER minutes_frozen_minutes_addenda_delete BEFORE DELETE ON minutes_addenda "
        f"WHEN {retained_of_addendum} {_RAISE}",
        f"CREATE TRIGGER minutes_frozen_meetings_update BEFORE UPDATE ON meetings "
        f"WHEN OLD.status = 'closed' {_RAISE}",
        f"CREATE TRIGGER minutes_frozen_meetings_delete BEFORE DELETE ON meetings "
        f"WHEN OLD.status = 'closed' AND {_retained('OLD.id')} {_RAISE}",
        f"CREATE TRIGGER minutes_frozen_actions_insert BEFORE INSERT ON actions "
        f"WHEN {into_closed} {_RAISE}",
        f"CREATE TRIGGER minutes_frozen_actions_update BEFORE UPDATE ON actions "
        f"WHEN ({action_item} AND ({changed})) "
        f"OR ({into_closed} AND NEW.agenda_item_id IS NOT OLD.agenda_item_id) {_RAISE}",
        f"CREATE TRIGGER minutes_frozen_actions_delete BEFORE DELETE ON actions "
        f"WHEN {action_item} AND {_retained(_of_item('OLD.agenda_item_id'))} {_RAISE}",
    ]
    for table in MEETING_CHILDREN:
        statements += _sqlite_child(table, "{row}.meeting_id")
    for table in ITEM_CHILDREN:
        statements += _sqlite_child(table, _of_item("{row}.agenda_item_id"))
    return statements


def _sqlite_trigger_names() -> list[str]:
    return [s.split()[2] for s in _sqlite_statements()]


# ---- PostgreSQL -----------------------------------------------------------------------------

_PG_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION minutes_meeting_closed(m integer) RETURNS boolean "
    "LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM meetings "
    "WHERE id = m AND status = 'closed') $$",
    "CREATE OR REPLACE FUNCTION minutes_retained(m integer) RETURNS boolean "
    "LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM meeting_minutes "
    "WHERE meeting_id = m AND (retain_until IS NULL OR retain_until > now())) $$",
    "CREATE OR REPLACE FUNCTION minutes_meeting_of_item(i integer) RETURNS integer "
    "LANGUAGE sql STABLE AS $$ SELECT meeting_id FROM agenda_items WHERE id = i $$",
    # A row of a closed meeting. TG_ARGV[0]: the column naming the meeting or the item;
    # TG_ARGV[1]: 'meeting' or 'item'; TG_ARGV[2] (optional): a column that, when NULL, lets
    # the row be deleted (DELETABLE_WHEN_NULL).
    f"""CREATE OR REPLACE FUNCTION minutes_guard_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE old_m integer; new_m integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_m := (to_jsonb(OLD) ->> TG_ARGV[0])::integer; END IF;
  IF TG_OP <> 'DELETE' THEN new_m := (to_jsonb(NEW) ->> TG_ARGV[0])::integer; END IF;
  IF TG_ARGV[1] = 'item' THEN
    old_m := minutes_meeting_of_item(old_m); new_m := minutes_meeting_of_item(new_m);
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF TG_ARGV[2] IS NOT NULL AND (to_jsonb(OLD) ->> TG_ARGV[2]) IS NULL THEN RETURN OLD; END IF;
    IF minutes_meeting_closed(old_m) AND minutes_retained(old_m) THEN
      RAISE EXCEPTION '{MESSAGE}';
    END IF;
    RETURN OLD;
  END IF;
  IF minutes_meeting_closed(old_m) OR minutes_meeting_closed(new_m) THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  RETURN NEW;
END $$""",
    f"""CREATE OR REPLACE FUNCTION minutes_guard_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' AND (TG_OP = 'UPDATE' OR minutes_retained(OLD.id)) THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$""",
    f"""CREATE OR REPLACE FUNCTION minutes_guard_action() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE old_m integer; new_m integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_m := minutes_meeting_of_item(OLD.agenda_item_id); END IF;
  IF TG_OP <> 'DELETE' THEN new_m := minutes_meeting_of_item(NEW.agenda_item_id); END IF;
  IF TG_OP = 'DELETE' THEN
    IF minutes_meeting_closed(old_m) AND minutes_retained(old_m) THEN
      RAISE EXCEPTION '{MESSAGE}';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' AND minutes_meeting_closed(new_m) THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
  IF TG_OP = 'UPDATE' AND (minutes_meeting_closed(old_m) OR minutes_meeting_closed(new_m)) AND (
      NEW.description IS DISTINCT FROM OLD.description
      OR NEW.family_id IS DISTINCT FROM OLD.family_id
      OR NEW.agenda_item_id IS DISTINCT FROM OLD.agenda_item_id) THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  RETURN NEW;
END $$""",
    f"""CREATE OR REPLACE FUNCTION minutes_guard_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
  IF TG_TABLE_NAME = 'meeting_minutes' THEN
    IF OLD.retain_until IS NULL OR OLD.retain_until > now() THEN
      RAISE EXCEPTION '{MESSAGE}';
    END IF;
  ELSIF EXISTS (SELECT 1 FROM meeting_minutes WHERE id = OLD.minutes_id
                AND (retain_until IS NULL OR retain_until > now())) THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  RETURN OLD;
END $$""",  # noqa: S608
]


def _null(table: str) -> str:
    return f", '{DELETABLE_WHEN_NULL[table]}'" if table in DELETABLE_WHEN_NULL else ""


def _pg_triggers() -> list[tuple[str, str, str]]:
    """(table, events, function call) per trigger."""
    triggers = [
        ("meeting_minutes", "UPDATE OR DELETE", "minutes_guard_record()"),
        ("minutes_addenda", "UPDATE OR DELETE", "minutes_guard_record()"),
        ("meetings", "UPDATE OR DELETE", "minutes_guard_meeting()"),
        ("actions", "INSERT OR UPDATE OR DELETE", "minutes_guard_action()"),
    ]
    triggers += [
        (t, "INSERT OR UPDATE OR DELETE", "minutes_guard_child('meeting_id', 'meeting')")
        for t in MEETING_CHILDREN
    ]
    child = "minutes_guard_child('agenda_item_id', 'item'{})"
    triggers += [(t, "INSERT OR UPDATE OR DELETE", child.format(_null(t))) for t in ITEM_CHILDREN]
    return triggers


def _pg_install() -> list[str]:
    statements = list(_PG_FUNCTIONS)
    for table, events, call in _pg_triggers():
        statements.append(f"DROP TRIGGER IF EXISTS minutes_frozen ON {table}")
        statements.append(
            f"CREATE TRIGGER minutes_frozen BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {call}"
        )
    return statements


def _pg_remove() -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS minutes_frozen ON {t}" for t, _, _ in _pg_triggers()]
    for function in (
        "minutes_guard_record()",
        "minutes_guard_action()",
        "minutes_guard_meeting()",
        "minutes_guard_child()",
        "minutes_meeting_of_item(integer)",
        "minutes_retained(integer)",
        "minutes_meeting_closed(integer)",
    ):
        statements.append(f"DROP FUNCTION IF EXISTS {function}")
    return statements


# ---- both -----------------------------------------------------------------------------------


def install(conn: Connection) -> None:
    remove(conn)
    statements = _sqlite_statements() if conn.dialect.name == "sqlite" else _pg_install()
    for statement in statements:
        conn.execute(text(statement))


def remove(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_trigger_names()]
    else:
        statements = _pg_remove()
    for statement in statements:
        conn.execute(text(statement))


def installed(conn: Connection) -> set[str]:
    """The names of the triggers in place (SQLite: one per table and event; PostgreSQL: the
    table names carrying `minutes_frozen`)."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return {r[0] for r in rows} & set(_sqlite_trigger_names())
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'minutes_frozen'"
        )
    )
    return {r[0] for r in rows}


def expected(dialect: str) -> set[str]:
    return set(_sqlite_trigger_names()) if dialect == "sqlite" else set(TRIGGER_TABLES)


@contextmanager
def suspended(conn: Connection) -> Iterator[None]:
    """Only for emptying a throwaway test database: remove the triggers, then put them back."""
    remove(conn)
    try:
        yield
    finally:
        install(conn)
