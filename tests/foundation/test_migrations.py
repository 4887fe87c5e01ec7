"""Migrations are reviewed code: one head, and the migrated schema is exactly the models."""

from __future__ import annotations

import ast
import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Engine, create_engine, make_url, select, text
from sqlalchemy.orm import Session

from frontdoor import migrate
from frontdoor.db import db, make_engine
from frontdoor.migrate import MIGRATIONS_DIR
from frontdoor.models import Base, SignInFailures, utcnow

from ..conftest import PG_ADMIN_URL
from .schema_snapshot import differences, snapshot, trigger_installers


def test_there_is_exactly_one_migration_head(database_url: str) -> None:
    assert len(migrate.heads(database_url)) == 1


def test_the_test_database_is_migrated_to_head(app_context: Flask) -> None:
    assert migrate.is_at_head(db.engine)


def test_the_migrated_schema_equals_the_models(app_context: Flask) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_downgrade_to_nothing_and_upgrade_again(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/roundtrip.db"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    migrate.upgrade(url)
    from sqlalchemy import inspect

    engine = create_engine(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


# ---- Migrations stand alone, and build exactly what the models and trigger code define -------

APP_PACKAGES = ("frontdoor", "agenda", "matching")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


@pytest.mark.parametrize(
    "migration", sorted((MIGRATIONS_DIR / "versions").glob("*.py")), ids=lambda p: p.name
)
def test_a_migration_imports_none_of_the_app(migration: Path) -> None:
    """Its DDL, trigger bodies and hashes are frozen in the file: editing the app's code must
    never change what an old migration does."""
    assert _imports(migration).isdisjoint(APP_PACKAGES)


def test_migration_files_are_named_in_chain_order(database_url: str) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(database_url))
    chain = list(reversed(list(script.walk_revisions())))
    files = [Path(revision.path).name for revision in chain]
    assert files == sorted(files)


def test_a_database_stamped_with_a_renamed_revision_still_upgrades(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/renamed.db"
    migrate.upgrade(url, "0005_identity")
    engine = create_engine(url)
    with engine.begin() as conn:  # as a database migrated before the renaming would say
        conn.execute(text("UPDATE alembic_version SET version_num = '0004_identity'"))
    migrate.upgrade(url)
    assert migrate.is_at_head(engine)
    engine.dispose()


def test_sources_remembered_before_0021_count_from_the_upgrade(tmp_path: Path) -> None:
    """Remembered sign-in addresses get a date to age from (their retention period), failure
    rows do not (they have their own)."""
    url = f"sqlite:///{tmp_path}/sources.db"
    migrate.upgrade(url, "0020_audit_sealing")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agencies (code, name, kind, active, created_at) "
                "VALUES ('police', 'Police', 'police', 1, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO users (email, display_name, password_hash, agency_id, active, "
                "created_at) VALUES ('a@example.org', 'A', 'x', 1, 1, '2026-01-01 00:00:00')"
            )
        )
        for source in ("ok:192.0.2.10", "203.0.113.1"):
            conn.execute(
                text("INSERT INTO sign_in_failures (user_id, source, count) VALUES (1, :s, 0)"),
                {"s": source},
            )
    migrate.upgrade(url)
    with Session(make_engine(url)) as session:
        rows = {r.source: r.last_signed_in_at for r in session.scalars(select(SignInFailures))}
    assert rows["203.0.113.1"] is None
    remembered = rows["ok:192.0.2.10"]
    assert remembered is not None and utcnow() - remembered < timedelta(minutes=5)
    engine.dispose()


@pytest.fixture
def models_engine(database_url: str) -> Iterator[Engine]:
    """A second, empty database of the suite's kind, built from the models and trigger code."""
    if not PG_ADMIN_URL:
        engine = make_engine(
            f"sqlite:///{Path(database_url.removeprefix('sqlite:///')).parent}/models.db"
        )
        yield engine
        engine.dispose()
        return
    name = f"frontdoor_models_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(PG_ADMIN_URL).set(database=name).render_as_string(False))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_build_the_schema_and_triggers_the_code_defines(
    database_url: str, models_engine: Engine
) -> None:
    Base.metadata.create_all(models_engine)
    with models_engine.begin() as conn:
        for install in trigger_installers():
            install(conn)
    migrated = make_engine(database_url)
    try:
        found = differences(snapshot(migrated), snapshot(models_engine))
    finally:
        migrated.dispose()
    assert found == []
