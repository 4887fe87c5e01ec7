"""The restore drill: back up, change, restore, and find the data as it was."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from flask import Flask
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.models import Agency

from ..factories import Factory


def _agency_codes(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session().scalars(select(Agency.code)))


def _cli(app: Flask, *args: str) -> Result:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def _drill(app: Flask, factory: Factory, backup_file: Path) -> None:
    factory.agency("police")
    _cli(app, "backup", str(backup_file))
    factory.agency("housing")
    assert _agency_codes(app) == {"police", "housing"}

    result = _cli(app, "restore", "--yes", str(backup_file))

    assert _agency_codes(app) == {"police"}
    assert "Restored from" in result.output
    assert "frontdoor db upgrade" not in result.output  # the backup was at head


def _backup_path(app: Flask, tmp_path: Path) -> Path:
    """SQLite backs up to a database file; PostgreSQL to a pg_dump archive."""
    if app.config["DATABASE_URL"].startswith("sqlite"):
        return tmp_path / "backups" / "frontdoor.sqlite3"
    return tmp_path / "frontdoor.dump"


def test_restore_drill(app: Flask, factory: Factory, tmp_path: Path) -> None:
    """Runs on SQLite in `make test` and on PostgreSQL in `make test-postgres`."""
    _drill(app, factory, _backup_path(app, tmp_path))


def test_restore_asks_before_overwriting(app: Flask, factory: Factory, tmp_path: Path) -> None:
    backup = _backup_path(app, tmp_path)
    factory.agency("police")
    _cli(app, "backup", str(backup))
    factory.agency("housing")
    result = app.test_cli_runner().invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code != 0
    assert _agency_codes(app) == {"police", "housing"}
