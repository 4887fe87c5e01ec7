"""`frontdoor import police FILE [--json]`: import a police nightly export.

The summary is the last line of stdout (JSON with --json). Exit 0 when the file was processed
(even with quarantined rows), 2 when it was rejected. Never a traceback: an unexpected failure
is reported as a rejection and nothing is stored (the transaction rolls back).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from ..intake.service import IntakeError, Summary, import_police_file, police_agency

EXIT_REJECTED = 2
log = logging.getLogger(__name__)


@click.group("import", help="Import referrals from files.")
def import_group() -> None:
    pass


@import_group.command("police", help="Import a police domestic-abuse notifications CSV.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (last line).")
@click.option("--agency", "agency_code", help="The police agency's code (default: the only one).")
@with_appcontext
def import_police(file: Path, as_json: bool, agency_code: str | None) -> None:
    summary = _run(file, agency_code)
    _print(summary, as_json)
    sys.exit(0 if summary.status == "processed" else EXIT_REJECTED)


def _run(file: Path, agency_code: str | None) -> Summary:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return Summary("rejected", errors=[f"The file cannot be read: {exc.strerror or exc}."])
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        agency = police_agency(agency_code)
        return import_police_file(
            data, agency_id=agency.id, filename=file.name, progress=bar.update if bar else None
        )
    except IntakeError as exc:
        return Summary("rejected", errors=[str(exc)])
    except Exception as exc:  # the summary, not a traceback, is the contract
        log.exception("import of %s failed", file.name)
        return Summary("rejected", errors=[f"The import failed ({type(exc).__name__}); "
                                           "nothing was stored."])  # fmt: skip
    finally:
        if bar:
            bar.close()


def _print(summary: Summary, as_json: bool) -> None:
    data = summary.as_json()
    if not as_json:
        for line in data["errors"] + data["warnings"]:
            click.echo(line)
        counts = ", ".join(f"{k} {data[k]}" for k in ("rows", "imported", "duplicates",
                                                    "amended", "quarantined"))  # fmt: skip
        click.echo(f"{data['status']}: {counts}")
        return
    click.echo(json.dumps(data, ensure_ascii=False))


class _ProgressBar:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = 0

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Importing", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
