"""`frontdoor api-keys create|list|revoke`: partner agencies' API keys from the shell.

`create` prints the new key once, as the admin page does; `list` never shows a secret.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..db import db
from ..intake import apikeys
from ..intake.service import IntakeError
from .agencies import require_agency
from .errors import CommandError


@click.group("api-keys", help="Agencies' API keys (for the referral and look-up APIs).")
def api_keys_group() -> None:
    pass


@api_keys_group.command("create", help="Issue a key for an agency; the key is shown only once.")
@click.option("--agency", "agency_code", required=True, help="The agency's short code.")
@click.option("--name", required=True, help="What will use the key, e.g. 'Health EPR'.")
@with_appcontext
def create(agency_code: str, name: str) -> None:
    agency = require_agency(agency_code)
    if not agency.active:
        raise CommandError(f"The agency '{agency.code}' is disabled; enable it first.")
    try:
        issued = apikeys.create_key(agency.id, name, created_by_id=None)
    except IntakeError as exc:
        raise CommandError(str(exc)) from exc
    click.echo(f"API key {issued.key.id} for {agency.code} ({issued.key.name}).")
    click.echo("Copy it now: it is not stored and cannot be shown again.", err=True)
    click.echo(issued.token)


@api_keys_group.command("list", help="List keys (id, agency, prefix, state, last used, name).")
@with_appcontext
def list_keys() -> None:
    for key in apikeys.all_keys(db.session()):
        state = "revoked" if key.revoked_at else "active"
        used = key.last_used_at.isoformat(timespec="minutes") if key.last_used_at else "never"
        click.echo(f"{key.id}\t{key.agency.code}\tfd_{key.prefix}_…\t{state}\t{used}\t{key.name}")


@api_keys_group.command("revoke", help="Revoke a key by its id.")
@click.argument("key_id", type=int)
@with_appcontext
def revoke(key_id: int) -> None:
    try:
        key = apikeys.revoke_key(key_id)
    except IntakeError as exc:
        raise CommandError(str(exc)) from exc
    click.echo(f"API key {key.id} revoked.")
