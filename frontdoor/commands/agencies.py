"""`frontdoor agencies create|register|list|disable|enable`: the agencies, from the shell.

This is how a new install gets its first agencies, before anyone can sign in to the admin page.
"""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from ..accounts import dao, service
from ..accounts.service import AccountError
from ..db import db
from ..models import Agency, AgencyKind
from ..sharing import register
from ..sharing import service as sharing_service
from .errors import CommandError

KIND_CHOICE = click.Choice([k.value for k in AgencyKind])
KIND_HELP = ", ".join(f"{k.value} ({k.name.replace('_', ' ').lower()})" for k in AgencyKind)


@click.group("agencies", help="The partnership's agencies.")
def agencies_group() -> None:
    pass


@agencies_group.command("create", help="Add an agency.")
@click.option("--code", required=True, help="Short code, e.g. wyp (lower case, digits, '-').")
@click.option("--name", required=True, help="The agency's full name.")
@click.option("--kind", required=True, type=KIND_CHOICE, help=f"One of: {KIND_HELP}.")
@with_appcontext
def create(code: str, name: str, kind: str) -> None:
    agency = create_agency(code, name, kind)
    click.echo(f"Created agency {agency.code} ({agency.name}, {agency.kind.value}).")


def create_agency(code: str, name: str, kind: str) -> Agency:
    try:
        return service.create_agency(code, name, AgencyKind(kind))
    except AccountError as exc:
        raise CommandError(str(exc)) from exc


@agencies_group.command(
    "register", help="Record an agency's information-sharing agreement (it may then have partners)."
)
@click.argument("code")
@click.option("--basis", required=True, type=click.Choice(sorted(register.LAWFUL_BASES)))
@click.option("--condition", default="", help="Art. 9 / s. 35 condition code (see the admin page).")
@click.option("--agreed", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@with_appcontext
def register_agency(code: str, basis: str, condition: str, agreed: datetime) -> None:
    agency = dao.agency_by_code(db.session(), code.strip().lower())
    if agency is None:
        raise CommandError(f"No agency with the code '{code}'.")
    try:
        sharing_service.save_entry(
            agency.id, signatory=True, lawful_basis=basis, special_condition=condition,
            agreement_date=agreed.date(),
        )  # fmt: skip
    except register.RegisterError as exc:
        raise CommandError(str(exc)) from exc
    click.echo(f"{agency.code} is on the information-sharing register.")


@agencies_group.command("list", help="List agencies: code, kind, state, name.")
@with_appcontext
def list_agencies() -> None:
    for agency in dao.all_agencies(db.session()):
        state = "active" if agency.active else "disabled"
        click.echo(f"{agency.code}\t{agency.kind.value}\t{state}\t{agency.name}")


@agencies_group.command("disable", help="Disable an agency: its users and API keys stop working.")
@click.argument("code")
@with_appcontext
def disable(code: str) -> None:
    _set_active(code, False)


@agencies_group.command("enable", help="Enable a disabled agency again.")
@click.argument("code")
@with_appcontext
def enable(code: str) -> None:
    _set_active(code, True)


def require_agency(code: str) -> Agency:
    agency = dao.agency_by_code(db.session(), code)
    if agency is None:
        raise CommandError(
            f"No agency has the code '{code}'. `frontdoor agencies list` shows the codes."
        )
    return agency


def _set_active(code: str, active: bool) -> None:
    agency = service.set_agency_active(require_agency(code).id, active)
    click.echo(f"{agency.code} {'enabled' if active else 'disabled'}.")
