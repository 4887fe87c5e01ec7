"""`frontdoor import open-cases FILE --agency CODE` and `frontdoor involvements end-inactive`.

The open-cases file is a CSV with the columns of `POST /api/v1/involvements` (case_reference,
given_name, surname, date_of_birth, postcode, nhs_number, since, lead, lead_worker, closed).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..identity.inactive import end_inactive
from ..intake.open_cases import OpenCasesError, read_csv, submit_open_cases
from .agencies import require_agency
from .errors import CommandError
from .intake import import_group


@import_group.command("open-cases", help="Import an agency's open cases (CSV).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", "agency_code", required=True, help="The agency's short code.")
@click.option("--json", "as_json", is_flag=True, help="Print each case's outcome as JSON.")
@with_appcontext
def import_open_cases(file: Path, agency_code: str, as_json: bool) -> None:
    agency = require_agency(agency_code)
    rows = read_cases(file)
    try:
        outcomes = submit_open_cases(agency.id, rows, channel="file", today=date.today())
    except OpenCasesError as exc:
        raise CommandError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([o.as_json() for o in outcomes]))
        return
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        for error in outcome.errors:
            click.echo(f"{outcome.case_reference}: {error.field}: {error.message}")
    click.echo(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no cases")


def read_cases(file: Path) -> list[dict[str, str]]:
    try:
        return read_csv(file.read_bytes())
    except OSError as exc:
        raise CommandError(f"The file cannot be read: {exc.strerror or exc}.") from exc
    except OpenCasesError as exc:
        raise CommandError(str(exc)) from exc


@click.group("involvements", help="Which agencies are in contact with whom.")
def involvements_group() -> None:
    pass


@involvements_group.command("end-inactive", help="Notice, then end, inactive involvements.")
@with_appcontext
def end_inactive_command() -> None:
    run = end_inactive()
    click.echo(f"{run.noticed} involvement(s) noticed, {run.ended} ended.")
