"""`frontdoor setup`: a new install's first steps, interactive on a terminal, flags for scripts.

1. migrate the database to the newest schema;
2. the council's own agency (the front door's coordinators belong to it);
3. the police agency whose nightly file the front door imports;
4. the first administrator (an account of the council's agency with the admin role only).

Run again, it keeps what exists (an agency with the same code, a user with the same e-mail
address) and adds what is missing. Bad input: one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import migrate
from ..accounts import dao, service
from ..accounts.service import AccountError
from ..auth import password_policy
from ..auth.passwords import MIN_PASSWORD_LENGTH, WeakPasswordError
from ..db import db
from ..models import Agency, AgencyKind, Role
from .agencies import KIND_CHOICE, create_agency
from .errors import CommandError


@dataclass(frozen=True)
class Answer:
    option: str
    question: str
    secret: bool = False


QUESTIONS = {
    "council_code": Answer("--council-code", "Short code of the council's own agency (e.g. leeds)"),
    "council_name": Answer("--council-name", "Its name (e.g. Leeds City Council)"),
    "police_code": Answer("--police-code", "Short code of the police agency (e.g. wyp)"),
    "police_name": Answer("--police-name", "Its name (e.g. West Yorkshire Police)"),
    "admin_email": Answer("--admin-email", "The first administrator's e-mail address"),
    "admin_name": Answer("--admin-name", "Their name"),
    "admin_password": Answer("--admin-password", "Their password (12 characters or more)", True),
}


@click.command("setup", help="Set up a new install: database, council, police, first admin.")
@click.option("--council-code")
@click.option("--council-name")
@click.option("--council-kind", type=KIND_CHOICE, default="csc", show_default=True)
@click.option("--police-code")
@click.option("--police-name")
@click.option("--admin-email")
@click.option("--admin-name")
@click.option(
    "--admin-password",
    envvar="FRONTDOOR_ADMIN_PASSWORD",
    help="Or the FRONTDOOR_ADMIN_PASSWORD variable; asked for on a terminal.",
)
@click.option("--skip-migrate", is_flag=True, help="The database is migrated already.")
@with_appcontext
def setup_command(council_kind: str, skip_migrate: bool, **given: str | None) -> None:
    answers = _answers(given)
    _check_password(answers)  # before anything is stored
    if not skip_migrate:
        migrate.upgrade(current_app.config["DATABASE_URL"])
        click.echo(f"Database migrated ({migrate.current_revision(db.engine)}).")
    council = _agency(answers["council_code"], answers["council_name"], council_kind)
    police = _agency(answers["police_code"], answers["police_name"], AgencyKind.POLICE.value)
    if police.kind is not AgencyKind.POLICE:
        raise CommandError(f"The agency '{police.code}' exists and is not a police agency.")
    _administrator(
        answers["admin_email"], answers["admin_name"], answers["admin_password"], council
    )
    click.echo(
        "Done. Sign in as the administrator (you will set up two-factor sign-in), then add users, "
        "standing members and API keys: see docs/go-live.md."
    )


def _answers(given: dict[str, str | None]) -> dict[str, str]:
    interactive = sys.stdin.isatty()
    answers: dict[str, str] = {}
    for key, answer in QUESTIONS.items():
        value = (given.get(key) or "").strip()
        if not value and interactive:
            value = click.prompt(
                answer.question, hide_input=answer.secret, confirmation_prompt=answer.secret
            ).strip()
        if not value:
            raise CommandError(f"Missing {answer.option} (or run `frontdoor setup` on a terminal).")
        answers[key] = value
    return answers


def _check_password(answers: dict[str, str]) -> None:
    password = answers["admin_password"]
    words = password_policy.context_words(
        display_name=answers["admin_name"], email=answers["admin_email"],
        agency_name=answers["council_name"], agency_code=answers["council_code"],
    )  # fmt: skip
    try:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise WeakPasswordError(
                f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters long."
            )
        password_policy.check(password, words)
    except WeakPasswordError as exc:
        raise CommandError(str(exc)) from exc


def _agency(code: str, name: str, kind: str) -> Agency:
    existing = dao.agency_by_code(db.session(), code)
    if existing is not None:
        click.echo(f"Agency {existing.code} ({existing.name}) exists: kept.")
        return existing
    agency = create_agency(code, name, kind)
    click.echo(f"Created agency {agency.code} ({agency.name}).")
    return agency


def _administrator(email: str, name: str, password: str, council: Agency) -> None:
    if "@" not in email.strip("@"):
        raise CommandError(f"'{email}' is not an e-mail address.")
    existing = dao.user_by_email(db.session(), email)
    if existing is not None:
        click.echo(f"User {existing.email} exists: kept.")
        return
    try:
        user = service.create_user(email, name, council.id, [Role.ADMIN], password)
    except (AccountError, WeakPasswordError) as exc:
        raise CommandError(str(exc)) from exc
    click.echo(f"Created administrator {user.email}.")
