"""A comparable description of a live database: tables, columns, keys, indexes, constraints and
triggers (with their bodies), for checking that migrations and models build the same thing."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from frontdoor.config import PROJECT_ROOT

TriggerInstaller = Callable[[Connection], None]


def trigger_installers() -> list[TriggerInstaller]:
    """`install` of every module of ours that owns database triggers (`*/immutability.py`)."""
    installers = []
    for package in ("frontdoor", "agenda"):
        for path in sorted((PROJECT_ROOT / package).rglob("immutability.py")):
            dotted = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            installers.append(importlib.import_module(dotted).install)
    return installers


def _squeeze(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def _triggers(conn: Connection) -> dict[str, str]:
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        return {name: _squeeze(sql) for name, sql in rows}
    rows = conn.execute(
        text(
            "SELECT c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid), p.prosrc "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"
        )
    )
    return {name: _squeeze(f"{definition} :: {body}") for name, definition, body in rows}


def _table(inspector: Any, name: str) -> dict[str, Any]:
    def names(items: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(str(item.get(key)) for key in keys) for item in items)

    return {
        "columns": names(inspector.get_columns(name), "name", "type", "nullable", "default"),
        "primary key": inspector.get_pk_constraint(name).get("constrained_columns"),
        "foreign keys": names(
            inspector.get_foreign_keys(name),
            "name",
            "constrained_columns",
            "referred_table",
            "referred_columns",
            "options",
        ),
        "indexes": names(inspector.get_indexes(name), "name", "column_names", "unique"),
        "unique": names(inspector.get_unique_constraints(name), "name", "column_names"),
        "checks": names(inspector.get_check_constraints(name), "name", "sqltext"),
    }


def snapshot(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        inspector = inspect(conn)
        tables = {
            name: _table(inspector, name)
            for name in inspector.get_table_names()
            if name != "alembic_version"
        }
        return {"tables": tables, "triggers": _triggers(conn)}


def differences(left: dict[str, Any], right: dict[str, Any]) -> list[str]:
    """Readable differences, one line per table part or trigger."""
    found = []
    for table in sorted(set(left["tables"]) | set(right["tables"])):
        a, b = left["tables"].get(table), right["tables"].get(table)
        if a is None or b is None:
            found.append(f"table {table}: only in {'right' if a is None else 'left'}")
            continue
        found.extend(
            f"table {table}, {part}: {a[part]} != {b[part]}" for part in a if a[part] != b[part]
        )
    for trigger in sorted(set(left["triggers"]) | set(right["triggers"])):
        a, b = left["triggers"].get(trigger), right["triggers"].get(trigger)
        if a != b:
            found.append(f"trigger {trigger}: {a!r} != {b!r}")
    return found
