"""`frontdoor audit verify`: check the audit log's hash chain from the first row to the tip."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..audit.chain import verify
from ..db import db


@click.group("audit", help="The tamper-evident audit log.")
def audit_group() -> None:
    pass


@audit_group.command("verify", help="Exit 1 if any audit row was changed, removed or reordered.")
@with_appcontext
def verify_command() -> None:
    breaks = verify(db.session())
    if not breaks:
        click.echo("Audit chain intact.")
        return
    for found in breaks:
        click.echo(f"row {found.event_id}: {found.problem}", err=True)
    raise click.exceptions.Exit(1)
