"""Agencies and users, made through the real services; signing in through the real form."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from frontdoor.accounts import dao, service
from frontdoor.db import db, transaction
from frontdoor.models import Agency, AgencyKind, Role, User
from frontdoor.sharing import register

PASSWORD = "a long test password"
_counter = itertools.count(1)


class Factory:
    """Each call runs in its own app context, like a request, and returns detached objects."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def agency(
        self, code: str = "", kind: AgencyKind = AgencyKind.POLICE, *, signatory: bool = True
    ) -> Agency:
        """An agency; unless told otherwise, one that signed the information-sharing agreement
        (only those may have partners and be invited)."""
        code = code or f"agency-{next(_counter)}"
        with self.app.app_context():
            existing = dao.agency_by_code(db.session(), code)
            if existing:
                return existing
            agency = service.create_agency(code, f"Agency {code}", kind)
            if signatory:
                with transaction() as tx:
                    register.set_entry(
                        tx, agency.id, signatory=True, lawful_basis="art6_1_e",
                        special_condition="sch1_18", agreement_date=date(2025, 4, 1),
                    )  # fmt: skip
            return agency

    def user(
        self,
        roles: Iterable[Role] = (Role.PARTNER,),
        *,
        agency: Agency | None = None,
        email: str = "",
        password: str = PASSWORD,
    ) -> User:
        agency = agency or self.agency()
        email = email or f"user{next(_counter)}@example.org"
        with self.app.app_context():
            return service.create_user(email, f"User {email}", agency.id, roles, password)


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real form, CSRF token and all."""
    page = client.get("/sign-in")
    token = csrf_token_in(page.get_data(as_text=True))
    response = client.post(
        "/sign-in", data={"email": user.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def signed_in_client(app: Flask, user: User) -> FlaskClient:
    """A test client of `app` signed in as `user`."""
    client = app.test_client()
    sign_in(client, user)
    return client


def csrf_token_from(client: FlaskClient, path: str) -> str:
    return csrf_token_in(client.get(path).get_data(as_text=True))


def csrf_token_in(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
