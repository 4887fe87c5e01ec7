"""Signing in and out, server-side sessions, CSRF and the security headers."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.accounts import service
from frontdoor.db import db
from frontdoor.models import AuditEvent, Role, User

from ..factories import PASSWORD, Factory, csrf_token_from, sign_in


def _audit_actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_user_signs_in_and_lands_on_their_home_page(
    client: FlaskClient, factory: Factory
) -> None:
    user = factory.user([Role.COORDINATOR])
    sign_in(client, user)
    page = client.get("/")
    assert page.status_code == 200
    assert user.display_name in page.get_data(as_text=True)
    assert "auth.sign_in" in _audit_actions(client.application)


def test_a_wrong_password_is_refused_with_a_clear_message(
    client: FlaskClient, factory: Factory
) -> None:
    user = factory.user()
    token = csrf_token_from(client, "/sign-in")
    response = client.post(
        "/sign-in", data={"email": user.email, "password": "wrong" * 4, "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Enter a correct e-mail address and password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert "auth.sign_in_failed" in _audit_actions(client.application)


def test_signing_in_without_a_csrf_token_is_refused(client: FlaskClient, factory: Factory) -> None:
    user = factory.user()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_passwords_are_stored_as_argon2id_hashes(app: Flask, factory: Factory) -> None:
    user = factory.user()
    with app.app_context():
        stored = db.session().get(User, user.id)
    assert stored is not None and stored.password_hash is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(stored.password_hash, PASSWORD)


def test_signing_out_ends_the_session_on_the_server(app: Flask, factory: Factory) -> None:
    user = factory.user()
    browser = app.test_client()
    sign_in(browser, user)
    stolen_cookie = browser.get_cookie("frontdoor_session")
    assert stolen_cookie is not None
    token = csrf_token_from(browser, "/")
    browser.post("/sign-out", data={"csrf_token": token})

    replay = app.test_client()
    replay.set_cookie("frontdoor_session", stolen_cookie.value)
    assert replay.get("/").status_code == 302
    assert "auth.sign_out" in _audit_actions(app)


def test_disabling_a_user_ends_their_sessions_at_once(
    client: FlaskClient, factory: Factory
) -> None:
    user = factory.user()
    sign_in(client, user)
    assert client.get("/").status_code == 200
    with client.application.app_context():
        service.set_user_active(user.id, False)
    assert client.get("/").status_code == 302


def test_a_disabled_user_cannot_sign_in(client: FlaskClient, factory: Factory) -> None:
    user = factory.user()
    with client.application.app_context():
        service.set_user_active(user.id, False)
    token = csrf_token_from(client, "/sign-in")
    response = client.post(
        "/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401
    assert "disabled" in response.get_data(as_text=True)


def test_changing_a_users_roles_ends_their_sessions(client: FlaskClient, factory: Factory) -> None:
    user = factory.user([Role.ADMIN])
    sign_in(client, user)
    with client.application.app_context():
        service.update_user(
            user.id, display_name=user.display_name, agency_id=user.agency_id, roles=[Role.PARTNER]
        )
    assert client.get("/").status_code == 302


def test_sign_in_never_redirects_off_site(client: FlaskClient, factory: Factory) -> None:
    user = factory.user()
    token = csrf_token_from(client, "/sign-in")
    response = client.post(
        "/sign-in?next=//evil.example/steal",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/"


def test_pages_carry_a_nonce_csp_without_unsafe_inline(client: FlaskClient) -> None:
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None
    assert f'nonce="{nonce.group(1)}"' in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_personal_pages_are_never_cached(client: FlaskClient, factory: Factory) -> None:
    sign_in(client, factory.user())
    assert client.get("/").headers["Cache-Control"] == "no-store"
