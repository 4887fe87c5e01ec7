"""Back up and restore the database while the service runs.

SQLite: the online backup API copies a consistent snapshot page by page, and restores the same
way into the live file (open connections see the restored data; no file is swapped under them).
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction`. The password
goes to the tools through PGPASSWORD, never on a command line other users can read.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    pass


@dataclass(frozen=True)
class PostgresTarget:
    libpq_url: str
    password: str | None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def backup(database_url: str, destination: Path) -> Path:
    url = make_url(database_url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(_sqlite_path(url), destination)
    elif url.get_backend_name() == "postgresql":
        target = _postgres(url)
        _run(["pg_dump", "--format=custom", f"--file={destination}", target.libpq_url], target)
    else:
        raise BackupError(f"No backup method for {url.get_backend_name()}.")
    return destination


def restore(database_url: str, source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        target = _postgres(url)
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*command, f"--dbname={target.libpq_url}", str(source)], target)
    else:
        raise BackupError(f"No restore method for {url.get_backend_name()}.")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _copy_sqlite(source: Path, destination: Path) -> None:
    if not source.is_file():
        raise BackupError(f"No SQLite database at {source}.")
    with sqlite3.connect(source) as reader, sqlite3.connect(destination) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def _postgres(url: URL) -> PostgresTarget:
    plain = url.set(drivername="postgresql", password=None)
    return PostgresTarget(plain.render_as_string(hide_password=False), url.password)


def _run(command: list[str], target: PostgresTarget) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(command, env=target.env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
