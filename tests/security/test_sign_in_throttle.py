"""Sign-in equal for known and unknown e-mails, and a lock-out an outsider cannot trigger
against a known account (issue #16, finding 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from frontdoor.db import transaction
from frontdoor.models import SignInFailures, User, utcnow

from ..factories import PASSWORD, Factory, csrf_token_from

ATTACKER = "198.51.100.7"  # another network than the test client's 127.0.0.1
ATTACKER_SOURCE = "198.51.100.0/24"


def _browser(app: Flask, address: str = "127.0.0.1") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(client: FlaskClient, email: str, password: str) -> int:
    token = csrf_token_from(client, "/sign-in")
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/sign-in", data=data).status_code


def test_an_outsider_cannot_lock_the_owner_out(app: Flask, factory: Factory) -> None:
    user = factory.user()
    attacker = _browser(app, ATTACKER)
    for _ in range(app.config["LOCKOUT_THRESHOLD"] + 2):
        assert _sign_in(attacker, user.email, "a wrong password!!") == 401
    assert _sign_in(attacker, user.email, PASSWORD) == 401  # the attacker's network waits
    assert _sign_in(_browser(app), user.email, PASSWORD) == 302  # the owner signs in


def _failures(app: Flask, user: User) -> SignInFailures:
    with app.app_context(), transaction() as tx:
        row = tx.get(SignInFailures, (user.id, ATTACKER_SOURCE))
        assert row is not None
        tx.expunge(row)
        return row


def _waited(app: Flask, user: User) -> timedelta:
    row = _failures(app, user)
    assert row.locked_until is not None and row.last_failed_at is not None
    return row.locked_until - row.last_failed_at


def _wait_over(app: Flask, user: User) -> None:
    with app.app_context(), transaction() as tx:
        row = tx.get(SignInFailures, (user.id, ATTACKER_SOURCE))
        assert row is not None
        row.locked_until = utcnow() - timedelta(seconds=1)


def test_each_further_failure_from_that_network_doubles_the_wait(
    app: Flask, factory: Factory
) -> None:
    user = factory.user()
    attacker = _browser(app, ATTACKER)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        _sign_in(attacker, user.email, "a wrong password!!")
    base = timedelta(seconds=app.config["LOCKOUT_BASE_SECONDS"])
    waits = [_waited(app, user)]
    for _ in range(3):
        _wait_over(app, user)
        assert _sign_in(attacker, user.email, "a wrong password!!") == 401
        waits.append(_waited(app, user))
    assert waits == [base, 2 * base, 4 * base, 8 * base]
    cap = timedelta(minutes=app.config["LOCKOUT_MINUTES"])
    for _ in range(10):
        _wait_over(app, user)
        _sign_in(attacker, user.email, "a wrong password!!")
    assert _waited(app, user) == cap


def test_known_and_unknown_e_mails_cost_one_argon2_verification_each(
    app: Flask, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal time: the unknown e-mail verifies a dummy hash with the same cost settings."""
    user = factory.user()
    verified: list[tuple[int, int]] = []
    real_verify = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str, password: str) -> bool:
        verified.append((self.time_cost, self.memory_cost))
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    client = _browser(app)
    assert _sign_in(client, user.email, "a wrong password!!") == 401
    known = list(verified)
    verified.clear()
    assert _sign_in(client, "nobody.at.all@example.org", "a wrong password!!") == 401
    assert verified == known and len(known) == 1
