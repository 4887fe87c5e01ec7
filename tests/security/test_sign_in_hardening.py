"""Two-factor by role, lock-out, rate limits and session time-outs with a warning."""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from frontdoor import create_app
from frontdoor.accounts import service
from frontdoor.auth import twofactor
from frontdoor.db import db, transaction
from frontdoor.models import (
    AuditEvent,
    Role,
    SignInFailures,
    TotpCredential,
    User,
    UserSession,
    utcnow,
)

from .. import conftest
from ..factories import PASSWORD, Factory, csrf_token_from, sign_in


def _post_password(client: FlaskClient, user: User, password: str = PASSWORD) -> object:
    token = csrf_token_from(client, "/sign-in")
    return client.post(
        "/sign-in", data={"email": user.email, "password": password, "csrf_token": token}
    )


def _post_code(client: FlaskClient, path: str, code: str) -> object:
    token = csrf_token_from(client, path)
    return client.post(path, data={"code": code, "csrf_token": token})


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _enrol(app: Flask, client: FlaskClient, user: User) -> pyotp.TOTP:
    """Sign in with the password and set up two-factor through the pages."""
    response = _post_password(client, user)
    assert response.location == "/sign-in/two-factor/set-up"
    page = client.get("/sign-in/two-factor/set-up").get_data(as_text=True)
    assert 'data-testid="totp-qr" ' in page or "data:image/svg+xml" in page
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page)
    assert secret is not None
    totp = pyotp.TOTP(secret.group(1))
    assert _post_code(client, "/sign-in/two-factor/set-up", totp.now()).status_code == 302
    return totp


def test_a_role_that_needs_two_factor_enrols_then_signs_in_with_a_code(
    two_factor_for_coordinators: Flask, factory: Factory
) -> None:
    app = two_factor_for_coordinators
    user = factory.user([Role.COORDINATOR])
    first = app.test_client()
    totp = _enrol(app, first, user)
    assert first.get("/").status_code == 200

    second = app.test_client()
    response = _post_password(second, user)
    assert response.location == "/sign-in/two-factor"
    assert second.get("/").status_code == 302  # the password alone signs nobody in
    with app.app_context(), transaction() as tx:  # the code of the next step: no replay
        tx.execute(update(TotpCredential).values(last_used_step=0))
    assert _post_code(second, "/sign-in/two-factor", totp.now()).status_code == 302
    assert second.get("/").status_code == 200
    assert {"auth.two_factor_enrolled", "auth.sign_in"} <= set(_actions(app))


def test_a_code_is_accepted_once_only(two_factor_for_coordinators: Flask, factory: Factory) -> None:
    app = two_factor_for_coordinators
    user = factory.user([Role.COORDINATOR])
    totp = _enrol(app, app.test_client(), user)
    with app.app_context(), transaction() as tx:
        used = tx.get(TotpCredential, user.id)
        assert used is not None and used.last_used_step is not None
        code = totp.at(used.last_used_step * 30)
    replay = app.test_client()
    _post_password(replay, user)
    assert _post_code(replay, "/sign-in/two-factor", code).status_code == 401
    assert replay.get("/").status_code == 302


def test_roles_without_the_requirement_sign_in_with_a_password(
    two_factor_for_coordinators: Flask, client: FlaskClient, factory: Factory
) -> None:
    sign_in(client, factory.user([Role.PARTNER]))
    assert client.get("/").status_code == 200


def test_the_second_factor_step_needs_a_password_first(client: FlaskClient) -> None:
    response = client.get("/sign-in/two-factor")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


def test_the_second_factor_step_expires(
    two_factor_for_coordinators: Flask, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = two_factor_for_coordinators
    user = factory.user([Role.COORDINATOR])
    client = app.test_client()
    _post_password(client, user)
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/sign-in/two-factor/set-up").location == "/sign-in"


def test_the_account_locks_after_repeated_failures_even_with_the_right_password(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    user = factory.user()
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        assert _post_password(client, user, "wrong password!!").status_code == 401
    refused = _post_password(client, user)
    assert refused.status_code == 401
    assert "locked" in refused.get_data(as_text=True)
    assert "auth.locked_out" in _actions(app)
    with app.app_context(), transaction() as tx:
        row = tx.get(SignInFailures, (user.id, "127.0.0.1"))
        assert row is not None and row.locked_until is not None
        row.locked_until = utcnow() - timedelta(seconds=1)
    assert _post_password(client, user).status_code == 302


def test_wrong_codes_count_towards_the_lock_out(
    two_factor_for_coordinators: Flask, factory: Factory
) -> None:
    app = two_factor_for_coordinators
    user = factory.user([Role.COORDINATOR])
    totp = _enrol(app, app.test_client(), user)
    client = app.test_client()
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        _post_password(client, user)
        _post_code(client, "/sign-in/two-factor", "000000" if totp.now() != "000000" else "111111")
    assert "auth.locked_out" in _actions(app)


def test_sign_in_attempts_are_rate_limited(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    user = factory.user()
    statuses = [_post_password(client, user, "wrong password!!").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


@pytest.mark.parametrize(
    ("idle", "age", "signed_in"),
    [
        (timedelta(minutes=1), timedelta(minutes=5), True),
        (timedelta(minutes=31), timedelta(minutes=40), False),  # idle too long
        (timedelta(minutes=1), timedelta(hours=11), False),  # past the absolute limit
    ],
)
def test_sessions_time_out_when_idle_and_absolutely(
    app: Flask,
    client: FlaskClient,
    factory: Factory,
    idle: timedelta,
    age: timedelta,
    signed_in: bool,
) -> None:
    sign_in(client, factory.user())
    now = utcnow()
    with app.app_context(), transaction() as tx:
        tx.execute(update(UserSession).values(last_seen_at=now - idle, created_at=now - age))
    assert (client.get("/").status_code == 200) is signed_in


def test_pages_carry_the_time_out_warning_and_staying_signed_in_restarts_the_idle_clock(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    sign_in(client, factory.user())
    page = client.get("/").get_data(as_text=True)
    idle = re.search(r'data-idle="(\d+)"', page)
    assert idle is not None and 0 < int(idle.group(1)) <= 30 * 60
    assert "js/session-timeout.js" in page
    with app.app_context(), transaction() as tx:
        tx.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=25)))
    token = csrf_token_from(client, "/")
    left = client.post("/session/extend", headers={"X-CSRFToken": token}).get_json()
    assert left["idle"] > 29 * 60
    assert client.post("/session/extend").status_code == 400  # no CSRF token, no extension


def test_totp_secrets_are_stored_encrypted(app: Flask, factory: Factory) -> None:
    user = factory.user([Role.COORDINATOR])
    with app.app_context(), transaction() as tx:
        secret = twofactor.begin_enrolment(tx, tx.get(User, user.id))
    with app.app_context():
        stored = db.session().get(TotpCredential, user.id)
        assert stored is not None and secret not in stored.secret


@pytest.mark.parametrize(
    "change",
    [
        lambda user_id: service.set_password(user_id, "another long password"),
        lambda user_id: service.set_user_active(user_id, False),
    ],
    ids=["password changed", "account disabled"],
)
def test_sessions_end_everywhere_when_the_password_changes_or_the_account_is_disabled(
    app: Flask, factory: Factory, change: object
) -> None:
    user = factory.user()
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        sign_in(browser, user)
    with app.app_context():
        change(user.id)  # type: ignore[operator]
    assert [b.get("/").status_code for b in browsers] == [302, 302]


def test_look_ups_are_rate_limited_per_user(app: Flask, factory: Factory) -> None:
    app.config["LOOKUP_RATE_LIMIT"] = "2 per minute"
    first, second = app.test_client(), app.test_client()
    sign_in(first, factory.user([Role.AGENCY_WORKER]))
    sign_in(second, factory.user([Role.AGENCY_WORKER]))

    def look_up(client: FlaskClient) -> int:
        token = csrf_token_from(client, "/who-is-in-contact")
        form = {"surname": "Example", "purpose": "Before a home visit today", "csrf_token": token}
        return client.post("/who-is-in-contact", data=form).status_code

    assert [look_up(first) for _ in range(3)] == [200, 200, 429]
    assert look_up(second) == 200  # another user's allowance is their own


@pytest.mark.postgres
def test_with_redis_every_worker_shares_the_sign_in_counts(
    app: Flask, factory: Factory, database_url: str, instance_path: Path
) -> None:
    assert conftest.REDIS_URL
    settings = {
        **conftest.test_config(database_url, instance_path),
        "REDIS_URL": conftest.REDIS_URL,
        "SIGN_IN_RATE_LIMIT": "2 per minute",
        "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}",
    }
    workers = [create_app(settings), create_app(settings)]
    assert workers[0].config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    user = factory.user()
    statuses = [
        _post_password(worker.test_client(), user, "wrong password!!").status_code
        for worker in (workers[0], workers[1], workers[0])
    ]
    assert statuses == [401, 401, 429]
