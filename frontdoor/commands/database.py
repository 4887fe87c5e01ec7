"""`frontdoor db upgrade|downgrade|current|heads`: Alembic with the app's DATABASE_URL."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import migrate
from ..db import db


@click.group("db", help="Database migrations (Alembic).")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Apply migrations up to REVISION (default: head).")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {migrate.current_revision(db.engine)}.")


@db_group.command("downgrade", help="Revert migrations down to REVISION.")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {migrate.current_revision(db.engine)}.")


@db_group.command("current", help="Show the database's revision and whether it is at head.")
@with_appcontext
def current() -> None:
    at_head = migrate.is_at_head(db.engine)
    click.echo(f"{migrate.current_revision(db.engine)} ({'head' if at_head else 'behind head'})")
