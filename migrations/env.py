"""Alembic environment: the URL comes from the app's configuration (DATABASE_URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, inspect, text

from frontdoor.config import load_config
from frontdoor.db import make_engine
from frontdoor.models import Base

config = context.config
target_metadata = Base.metadata


# Revisions renamed so that file names follow the chain (old id -> new id). A database stamped
# with an old id is re-stamped with the new one before Alembic reads where it stands.
RENAMED_REVISIONS = {
    "0005_agenda": "0002_agenda",
    "0006_live": "0003_live",
    "0008_security": "0004_security",
    "0004_identity": "0005_identity",
    "0003_intake": "0006_intake",
}


def _restamp_renamed(connection: Connection) -> None:
    if not inspect(connection).has_table("alembic_version"):
        return
    for old, new in RENAMED_REVISIONS.items():
        connection.execute(
            text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
            {"new": new, "old": old},
        )


def _configure_and_run(connection: Connection) -> None:
    if connection.in_transaction():
        _restamp_renamed(connection)
    else:
        with connection.begin():
            _restamp_renamed(connection)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or load_config()["DATABASE_URL"]
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or load_config()["DATABASE_URL"]
    engine = make_engine(url)
    with engine.connect() as conn:
        _configure_and_run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
