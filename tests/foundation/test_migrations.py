"""Migrations are reviewed code: one head, and the migrated schema is exactly the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from frontdoor import migrate
from frontdoor.db import db
from frontdoor.models import Base


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
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
