"""`frontdoor backup PATH` and `frontdoor restore PATH`: see frontdoor.ops.backup."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import migrate
from ..db import db
from ..ops.backup import BackupError, backup, restore


@click.command("backup", help="Write a consistent copy of the database to PATH.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    try:
        written = backup(current_app.config["DATABASE_URL"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {written} ({written.stat().st_size} bytes).")


@click.command("restore", help="Replace the database's contents with the backup at PATH.")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    if not yes:
        click.confirm("Every change since that backup will be lost. Restore?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection keeps a view of the old data
    try:
        restore(current_app.config["DATABASE_URL"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    revision = migrate.current_revision(db.engine)
    click.echo(f"Restored from {path}; database at revision {revision}.")
    if not migrate.is_at_head(db.engine):
        click.echo("The backup is older than this code: run `frontdoor db upgrade`.")
