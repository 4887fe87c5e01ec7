"""Shared fixtures: every test runs on a database built by the real migrations.

The default suite uses a SQLite file per test session. `make test-postgres` sets
FRONTDOOR_TEST_PG_ADMIN_URL and the same suite runs on a fresh PostgreSQL database per run.
"""

from __future__ import annotations

import os
import secrets
import weakref
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import Connection, Engine, bindparam, create_engine, event, text
from sqlalchemy.engine import make_url
from werkzeug.routing import Rule

from agenda.minutes import immutability as minutes_immutability
from frontdoor import create_app, migrate
from frontdoor.audit import immutability
from frontdoor.db import db
from frontdoor.models import Base

from .factories import Factory

pytest_plugins = ["tests.browser_fixtures"]

PG_ADMIN_URL = os.environ.get("FRONTDOOR_TEST_PG_ADMIN_URL")
REDIS_URL = os.environ.get("FRONTDOOR_TEST_REDIS_URL")
DEMO_TESTS = Path(__file__).parent / "demo"


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups into the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need PostgreSQL + Redis only run in `make test-postgres`. When the suite runs
    in parallel (`--dist loadgroup`) they all run on one worker: Redis's channels and
    rate-limit keys are shared by every process that uses it (each worker's database is its
    own). So do the demo tests, which share one generated population per worker."""
    for item in items:
        if DEMO_TESTS in item.path.parents:  # one worker builds the demo population once
            item.add_marker(pytest.mark.xdist_group("demo"))
        elif PG_ADMIN_URL and "postgres" in item.keywords:
            item.add_marker(pytest.mark.xdist_group("services"))
    if PG_ADMIN_URL:
        return
    needs_postgres = [item for item in items if "postgres" in item.keywords]
    if needs_postgres:
        config.hook.pytest_deselected(items=needs_postgres)
        items[:] = [item for item in items if "postgres" not in item.keywords]


def _reuse_url_builders() -> None:
    """Every test builds its own app, and werkzeug turns each of its ~120 URL rules into
    generated Python source compiled afresh (about half of create_app's time). The generated
    function depends only on the rule's text and parts (it reads the rule's converters when
    called), so the tests compile each one once per process."""
    compile_builder = Rule._compile_builder
    compiled: dict[tuple[object, ...], Callable[..., tuple[str, str]]] = {}

    def reused(self: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        if self.defaults:  # a default is folded in through the map's converter: not cached
            return compile_builder(self, append_unknown)
        key = (self.rule, self.host, self.subdomain, tuple(self._trace), append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(self, append_unknown)
        return compiled[key]

    Rule._compile_builder = reused  # type: ignore[method-assign]


_reuse_url_builders()


class _TemplatesCompiledOnce(BytecodeCache):
    """Each test's app has its own Jinja environment, which compiled every template it renders
    afresh (a third of a page test's time). Jinja's bytecode cache is keyed by the template's
    name and the checksum of its source, so the tests' apps share one, in memory."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _TemplatesCompiledOnce()


_ENGINES_USED: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _remember_engine(connection: Connection) -> None:
    _ENGINES_USED.add(connection.engine)


@pytest.fixture(autouse=True)
def _close_pooled_connections() -> Iterator[None]:
    """Every app has its own engine and pool; an app is freed only when the cyclic garbage
    collector gets to it, so on PostgreSQL the pools of finished tests piled up to the server's
    connection limit. After each test every pool is emptied (an engine still in use opens
    connections again when asked)."""
    yield
    for engine in list(_ENGINES_USED):
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PG_ADMIN_URL:
        path = tmp_path_factory.mktemp("db") / "frontdoor-test.db"
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        yield url
        return
    name = f"frontdoor_test_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


def test_config(database_url: str, instance_path: Path) -> dict[str, object]:
    return {
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance_path),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "TESTING": True,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,  # argon2id at a test's cost: ~1 ms, not ~8 ms, per hash
        "REDIS_URL": None,
    }


@pytest.fixture
def app(database_url: str, instance_path: Path) -> Iterator[Flask]:
    """The app, with no context pushed: requests made by the test client each get their own
    app context (as in production), so nothing is cached between them."""
    application = create_app(test_config(database_url, instance_path))
    application.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    yield application
    with application.app_context():
        _empty_all_tables()
    # The audit chain starts again empty: so do its anchors (frontdoor.audit.anchors).
    Path(application.config["AUDIT_ANCHOR_FILE"]).unlink(missing_ok=True)


@pytest.fixture
def app_context(app: Flask) -> Iterator[Flask]:
    """For tests that call services or read the database directly."""
    with app.app_context():
        yield app


def _empty_all_tables() -> None:
    """Tests share one migrated database; each one starts from empty tables. Only the tables
    a test wrote to are emptied (one query finds them; on PostgreSQL also those whose id
    sequence moved, so that ids start again at 1): most tests write to a few of the ~60."""
    db.session.remove()
    with db.engine.begin() as conn:
        written = _tables_written(conn)
        if not written:
            return
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{name}"' for name in sorted(written))
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        with ExitStack() as guards:
            # the audit log refuses DELETE, and so does a closed meeting's record
            if "audit_events" in written:
                guards.enter_context(immutability.suspended(conn))
            if written & set(minutes_immutability.TRIGGER_TABLES):
                guards.enter_context(minutes_immutability.suspended(conn))
            for table in reversed(Base.metadata.sorted_tables):
                if table.name in written:
                    conn.execute(text(f'DELETE FROM "{table.name}"'))  # noqa: S608
            # ids start again at 1, as RESTART IDENTITY does on PostgreSQL: a test's pages then
            # do not depend on how many tests ran before it in the same worker
            if conn.execute(text(_SQLITE_SEQUENCES)).first():
                conn.execute(
                    text("DELETE FROM sqlite_sequence WHERE name IN :names").bindparams(
                        bindparam("names", expanding=True)
                    ),
                    {"names": sorted(written)},
                )


def _tables_written(conn: Connection) -> set[str]:
    probes = " UNION ALL ".join(
        f"SELECT '{table.name}' WHERE EXISTS (SELECT 1 FROM \"{table.name}\")"  # noqa: S608
        for table in Base.metadata.sorted_tables
    )
    written = set(conn.scalars(text(probes)))
    if conn.dialect.name == "postgresql":
        written |= set(conn.scalars(text(_PG_TABLES_WITH_USED_SEQUENCES)))
    return written


_SQLITE_SEQUENCES = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"

# Tables owning an id sequence that handed out a value since the last RESTART IDENTITY.
_PG_TABLES_WITH_USED_SEQUENCES = """
SELECT DISTINCT owner.relname
FROM pg_sequences used
JOIN pg_class seq ON seq.relname = used.sequencename
JOIN pg_namespace ns ON ns.oid = seq.relnamespace AND ns.nspname = used.schemaname
JOIN pg_depend dep ON dep.objid = seq.oid AND dep.deptype IN ('a', 'i')
JOIN pg_class owner ON owner.oid = dep.refobjid
WHERE used.schemaname = current_schema() AND used.last_value IS NOT NULL
"""


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def factory(app: Flask) -> Factory:
    return Factory(app)


@pytest.fixture
def csrf_off(app: Flask) -> Flask:
    """For tests about behaviour behind a form, not about CSRF itself."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app
