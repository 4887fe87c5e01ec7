"""`frontdoor schools import FILE` (the DfE GIAS establishment list), `frontdoor schools
key-adults FILE` (URN, key_adult_email) and `frontdoor schools terms FILE` (name, starts_on,
ends_on: the school terms that decide when an Encompass notice is due)."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import delete

from ..children import schools, service
from ..db import transaction
from ..models import SchoolTerm


@click.group("schools", help="The schools register and school terms (Operation Encompass).")
def schools_group() -> None:
    pass


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        click.echo(f"The file cannot be read: {exc.strerror or exc}.", err=True)
        sys.exit(2)


@schools_group.command("import", help="Import the DfE 'Get Information About Schools' CSV.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_schools(file: Path) -> None:
    data = _read(file)
    try:
        with transaction() as tx:
            result = schools.import_gias(tx, data)
    except (schools.RegisterError, UnicodeDecodeError, csv.Error) as exc:
        click.echo(f"Rejected: {exc}", err=True)
        sys.exit(2)
    click.echo(f"{result.added} added, {result.updated} updated, {len(result.skipped)} skipped.")
    for line in result.skipped[:20]:
        click.echo(f"  skipped {line}")


@schools_group.command("key-adults", help="Import key-adult e-mails: URN, key_adult_email.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_key_adults(file: Path) -> None:
    try:
        result = service.import_key_adults(_read(file), user_id=None)
    except schools.RegisterError as exc:
        click.echo(f"Rejected: {exc}", err=True)
        sys.exit(2)
    click.echo(f"{result.updated} key adult(s) recorded, {len(result.skipped)} skipped.")


@schools_group.command("terms", help="Replace the school terms: name, starts_on, ends_on.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_terms(file: Path) -> None:
    try:
        rows = list(csv.DictReader(io.StringIO(_read(file).decode("utf-8-sig"))))
        terms = [
            SchoolTerm(name=r["name"].strip(), starts_on=date.fromisoformat(r["starts_on"].strip()),
                       ends_on=date.fromisoformat(r["ends_on"].strip()))
            for r in rows
        ]  # fmt: skip
    except (KeyError, ValueError, AttributeError) as exc:
        click.echo(f"Rejected: each line needs name, starts_on and ends_on ({exc}).", err=True)
        sys.exit(2)
    if any(t.ends_on < t.starts_on for t in terms):
        click.echo("Rejected: a term ends before it starts.", err=True)
        sys.exit(2)
    with transaction() as tx:
        tx.execute(delete(SchoolTerm))
        tx.add_all(terms)
    click.echo(f"{len(terms)} term(s) recorded.")
