"""`frontdoor identity resolve`: resolve every UNRESOLVED person record now."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..identity.resolution import resolve_pending


@click.group("identity", help="The person index.")
def identity_group() -> None:
    pass


@identity_group.command("resolve", help="Resolve every person record intake has left UNRESOLVED.")
@with_appcontext
def resolve() -> None:
    summary = resolve_pending()
    outcomes = ", ".join(f"{status}: {count}" for status, count in sorted(summary.statuses.items()))
    click.echo(
        f"Resolved {summary.records} record(s) ({outcomes or 'none pending'}); "
        f"{summary.families} referral famil{'y' if summary.families == 1 else 'ies'} formed."
    )
