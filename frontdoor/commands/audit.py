"""`frontdoor audit verify`: seal what is recorded, then check the audit log's hash chain from
the first row to the tip and against the anchors; `frontdoor audit anchor`: seal, then anchor."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..audit.anchors import anchor_now, verify_with_anchors
from ..audit.chain import seal_pending
from ..db import db


@click.group("audit", help="The tamper-evident audit log.")
def audit_group() -> None:
    pass


@audit_group.command("verify", help="Exit 1 if any audit row was changed, removed or reordered.")
@with_appcontext
def verify_command() -> None:
    sealed = seal_pending()
    if sealed:
        click.echo(f"Sealed {sealed} event(s) recorded since the chainer last ran.")
    breaks, anchors = verify_with_anchors(db.session())
    if not breaks:
        click.echo(f"Audit chain intact ({anchors} anchor(s) checked).")
        return
    for found in breaks:
        where = f"row {found.event_id}" if found.event_id is not None else "chain"
        click.echo(f"{where}: {found.problem}", err=True)
    raise click.exceptions.Exit(1)


@audit_group.command("anchor", help="Write the chain tip to the anchor file and the log now.")
@with_appcontext
def anchor_command() -> None:
    point = anchor_now(db.session())
    if point is None:
        click.echo("Nothing new to anchor.")
    else:
        click.echo(f"Anchored row {point.event_id} at {point.at}.")
