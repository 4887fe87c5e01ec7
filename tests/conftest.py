"""Shared fixtures: every test runs on a database built by the real migrations.

The default suite uses a SQLite file per test session. `make test-postgres` sets
FRONTDOOR_TEST_PG_ADMIN_URL and the same suite runs on a fresh PostgreSQL database per run.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from agenda.minutes import immutability as minutes_immutability
from frontdoor import create_app, migrate
from frontdoor.audit import immutability
from frontdoor.db import db
from frontdoor.models import Base

from .factories import Factory

pytest_plugins = ["tests.browser_fixtures"]

PG_ADMIN_URL = os.environ.get("FRONTDOOR_TEST_PG_ADMIN_URL")
REDIS_URL = os.environ.get("FRONTDOOR_TEST_REDIS_URL")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need PostgreSQL + Redis only run in `make test-postgres`."""
    if PG_ADMIN_URL:
        return
    needs_postgres = [item for item in items if "postgres" in item.keywords]
    if needs_postgres:
        config.hook.pytest_deselected(items=needs_postgres)
        items[:] = [item for item in items if "postgres" not in item.keywords]


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
        "ARGON2_MEMORY_COST": 8192,
        "REDIS_URL": None,
    }


@pytest.fixture
def app(database_url: str, instance_path: Path) -> Iterator[Flask]:
    """The app, with no context pushed: requests made by the test client each get their own
    app context (as in production), so nothing is cached between them."""
    application = create_app(test_config(database_url, instance_path))
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
    """Tests share one migrated database; each one starts from empty tables."""
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            # the audit log refuses DELETE, and so does a closed meeting's record
            with immutability.suspended(conn), minutes_immutability.suspended(conn):
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(table.delete())


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
