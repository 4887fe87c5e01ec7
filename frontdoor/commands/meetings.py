"""`frontdoor meetings members add|remove|list`: the standing members of the daily meeting."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from agenda import members
from agenda.members import MembersError

from ..db import db
from .errors import CommandError


@click.group("meetings", help="The daily meeting series.")
def meetings_group() -> None:
    pass


@meetings_group.group("members", help="Standing members: invited to every meeting built.")
def members_group() -> None:
    pass


@members_group.command("add", help="Make a partner representative or coordinator a member.")
@click.argument("email")
@click.option("--deputy", is_flag=True, help="A deputy for their agency's representative.")
@with_appcontext
def add(email: str, deputy: bool) -> None:
    try:
        row = members.add_standing_member(email, deputy=deputy, by_user_id=None)
    except MembersError as exc:
        raise CommandError(str(exc)) from exc
    kind = "deputy" if row.is_deputy else "representative"
    click.echo(f"{row.user.email} ({row.user.agency.code}) is a standing member ({kind}).")


@members_group.command("remove", help="No longer invite this person to every meeting.")
@click.argument("email")
@with_appcontext
def remove(email: str) -> None:
    try:
        members.remove_standing_member(email, by_user_id=None)
    except MembersError as exc:
        raise CommandError(str(exc)) from exc
    click.echo(f"{email} is no longer a standing member.")


@members_group.command("list", help="Agency, e-mail, representative or deputy, name.")
@with_appcontext
def list_members() -> None:
    for row in members.standing_members(db.session()):
        kind = "deputy" if row.is_deputy else "representative"
        click.echo(f"{row.user.agency.code}\t{row.user.email}\t{kind}\t{row.user.display_name}")
