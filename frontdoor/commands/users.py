"""`frontdoor users ...`: manage accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..accounts import dao, service
from ..accounts.service import AccountError
from ..db import db
from ..models import Role
from .agencies import require_agency
from .errors import CommandError

ROLE_CHOICE = click.Choice([r.value for r in Role])


@click.group("users", help="Manage user accounts.")
def users_group() -> None:
    pass


@users_group.command("list")
@with_appcontext
def list_users() -> None:
    for user in dao.all_users(db.session()):
        roles = ",".join(sorted(r.value for r in user.roles))
        state = "active" if user.active else "disabled"
        click.echo(f"{user.id}\t{user.email}\t{user.agency.code}\t{roles}\t{state}")


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--agency", "agency_code", required=True, help="The agency's short code.")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_CHOICE)
@click.password_option()
@with_appcontext
def create(
    email: str, display_name: str, agency_code: str, roles: tuple[str, ...], password: str
) -> None:
    if "@" not in email.strip("@"):
        raise CommandError(f"'{email}' is not an e-mail address.")
    agency = require_agency(agency_code)
    try:
        user = service.create_user(
            email, display_name, agency.id, [Role(r) for r in roles], password
        )
    except (AccountError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    click.echo(f"Created user {user.id} ({user.email}).")


@users_group.command("disable", help="Disable a user and end all their sessions.")
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    _set_active(email, False)


@users_group.command("enable")
@click.argument("email")
@with_appcontext
def enable(email: str) -> None:
    _set_active(email, True)


def _set_active(email: str, active: bool) -> None:
    user = dao.user_by_email(db.session(), email)
    if user is None:
        raise CommandError(f"No user has the e-mail address {email}.")
    service.set_user_active(user.id, active)
    click.echo(f"{email} {'enabled' if active else 'disabled'}.")
