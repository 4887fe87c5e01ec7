"""The database: each app has one engine; sessions are scoped to the app context.

The data-access layer owns commits: services call data-access functions inside
`transaction()`; views never commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, has_app_context
from flask.globals import app_ctx
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

EXTENSION_KEY = "frontdoor_db_engine"


class Database:
    """An unbound extension: `db = Database()` at import, `db.init_app(app)` in the factory."""

    def __init__(self) -> None:
        factory: sessionmaker[Session] = sessionmaker(
            class_=AppBoundSession, expire_on_commit=False
        )
        self.session: scoped_session[Session] = scoped_session(factory, scopefunc=_scope_id)

    @property
    def engine(self) -> Engine:
        if not has_app_context():
            raise RuntimeError("No app context: use `with app.app_context():`.")
        engine: Engine = current_app.extensions[EXTENSION_KEY]
        return engine

    def init_app(self, app: Flask) -> None:
        app.extensions[EXTENSION_KEY] = make_engine(app.config["DATABASE_URL"])
        app.teardown_appcontext(self._remove_session)

    def _remove_session(self, _exc: BaseException | None = None) -> None:
        self.session.remove()


class AppBoundSession(Session):
    """A session bound to the engine of the app whose context created it."""

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("bind") is None:
            kwargs["bind"] = current_app.extensions[EXTENSION_KEY]
        super().__init__(**kwargs)


def _scope_id() -> int:
    """One session per app context (each request, each Socket.IO event, each job)."""
    if has_app_context():
        return id(app_ctx._get_current_object())  # type: ignore[attr-defined]
    return threading.get_ident()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


# Reads go through a memory map of the file (no read() copy per page; the pages are the OS page
# cache's, shared by every connection) and each connection keeps a 32 MiB page cache instead of
# the default 2 MiB: the person index's random look-ups at a million people (docs/performance.md).
SQLITE_MMAP_BYTES = 1 << 30
SQLITE_CACHE_KIB = 32 * 1024


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


db = Database()


AFTER_COMMIT = "frontdoor.after_commit"


def after_commit(session: Session, call: Callable[[], None]) -> None:
    """Run `call` once the caller's `transaction()` has committed (never if it rolls back):
    for effects outside the database that must follow only what was really written."""
    session.info.setdefault(AFTER_COMMIT, []).append(call)


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit on success, roll back on any error; the only place commits happen."""
    session = db.session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.info.pop(AFTER_COMMIT, None)
        session.rollback()
        raise
    for call in session.info.pop(AFTER_COMMIT, []):
        call()
