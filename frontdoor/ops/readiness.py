"""Readiness: can this process serve? The database answers, Redis answers (when configured)
and the schema is at the migrations' head. A load balancer takes a process out while not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import migrate
from ..db import db

OK = "ok"
SKIPPED = "not configured"


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]

    @property
    def ready(self) -> bool:
        return all(result in (OK, SKIPPED) for result in self.checks.values())


def check_readiness() -> Readiness:
    checks: dict[str, Callable[[], str]] = {
        "database": _database,
        "migrations": _migrations,
        "redis": _redis,
    }
    return Readiness({name: check() for name, check in checks.items()})


def _database() -> str:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return "unreachable"
    return OK


def _migrations() -> str:
    try:
        current = migrate.current_revision(db.engine)
    except SQLAlchemyError:
        return "unknown"
    return OK if current in _heads(current_app._get_current_object()) else "behind head"  # type: ignore[attr-defined]


def _heads(app: Flask) -> set[str]:
    """The script directory does not change while a process runs: read it once."""
    heads = app.extensions.get("frontdoor_migration_heads")
    if heads is None:
        config = migrate.alembic_config(app.config["DATABASE_URL"])
        heads = set(ScriptDirectory.from_config(config).get_heads())
        app.extensions["frontdoor_migration_heads"] = heads
    return set(heads)


def _redis() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return SKIPPED
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return "unreachable"
    finally:
        client.close()
    return OK
