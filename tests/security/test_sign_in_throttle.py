"""Sign-in equal for known and unknown e-mails, and a lock-out an outsider cannot trigger
against a known account (issue #16, finding 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.auth.lockout import source_of
from frontdoor.db import transaction
from frontdoor.models import SignInFailures, User, utcnow
from frontdoor.retention import purge_expired

from ..factories import PASSWORD, Factory, csrf_token_from

ATTACKER = "198.51.100.7"  # another address than the test client's 127.0.0.1
ATTACKER_SOURCE = "198.51.100.7"  # IPv4: the address itself (/32)


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


def _guess(client: FlaskClient, user: User, times: int) -> None:
    for _ in range(times):
        assert _sign_in(client, user.email, "a wrong password!!") == 401


@pytest.mark.parametrize(
    ("attacker", "owner"),
    [
        ("198.51.100.7", "198.51.100.8"),  # the same /24: an office or a shared network
        ("2001:db8:1:2::7", "2001:db8:1:3::8"),  # IPv6: another /64 of the same /48
    ],
)
def test_an_attacker_next_to_the_owner_cannot_delay_them(
    app: Flask, factory: Factory, attacker: str, owner: str
) -> None:
    user = factory.user()
    _guess(_browser(app, attacker), user, app.config["LOCKOUT_THRESHOLD"] + 3)
    assert _sign_in(_browser(app, attacker), user.email, PASSWORD) == 401  # the attacker waits
    assert _sign_in(_browser(app, owner), user.email, PASSWORD) == 302


def test_one_ipv6_64_is_one_source() -> None:
    assert source_of("2001:db8:1:2::7") == source_of("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert source_of("198.51.100.7") != source_of("198.51.100.8")
    assert source_of("::ffff:198.51.100.7") == "198.51.100.7"
    assert source_of(None) == source_of("not an address") == "unknown"


def test_guessing_from_many_addresses_meets_the_account_ceiling_but_not_the_owner(
    app: Flask, factory: Factory
) -> None:
    """Spread over many addresses, guessing stops at the per-account ceiling; the owner, at an
    address they have signed in from, still signs in; an address never used waits."""
    app.config["LOCKOUT_ACCOUNT_THRESHOLD"] = 8
    user = factory.user()
    assert _sign_in(_browser(app, "192.0.2.10"), user.email, PASSWORD) == 302  # the owner's desk
    for n in range(8):  # one guess each: no single address reaches LOCKOUT_THRESHOLD
        _guess(_browser(app, f"203.0.113.{n + 1}"), user, 1)
    assert _sign_in(_browser(app, "203.0.113.99"), user.email, PASSWORD) == 401  # new: waits
    assert _sign_in(_browser(app, "192.0.2.10"), user.email, PASSWORD) == 302  # owner: signs in
    with app.app_context(), transaction() as tx:  # the window passes
        for row in tx.query(SignInFailures).filter(SignInFailures.user_id == user.id):
            if row.last_failed_at is not None:
                row.last_failed_at = utcnow() - timedelta(
                    minutes=app.config["LOCKOUT_ACCOUNT_WINDOW_MINUTES"] + 1
                )
    assert _sign_in(_browser(app, "203.0.113.99"), user.email, PASSWORD) == 302


def test_below_the_ceiling_a_new_address_signs_in(app: Flask, factory: Factory) -> None:
    app.config["LOCKOUT_ACCOUNT_THRESHOLD"] = 8
    user = factory.user()
    for n in range(7):
        _guess(_browser(app, f"203.0.113.{n + 1}"), user, 1)
    assert _sign_in(_browser(app, "203.0.113.99"), user.email, PASSWORD) == 302


def _age(
    app: Flask, user: User, source: str, days: int, locked_for: timedelta | None = None
) -> None:
    """Make a throttle row look `days` old (and, if told, still waiting for `locked_for`)."""
    with app.app_context(), transaction() as tx:
        row = tx.get(SignInFailures, (user.id, source))
        assert row is not None, source
        then = utcnow() - timedelta(days=days)
        if source.startswith("ok:"):
            row.last_signed_in_at = then
        else:
            row.last_failed_at = then
            row.locked_until = utcnow() + locked_for if locked_for else None


def test_the_purge_forgets_addresses_not_used_for_the_retention_period(
    app: Flask, factory: Factory
) -> None:
    """Network addresses are personal data: a remembered desk, or a failure count, goes
    RETENTION_SIGN_IN_SOURCES_DAYS after its last use; a recent one, or one still waiting, stays."""
    days = app.config["RETENTION_DAYS"]["sign_in_sources"]
    assert days == 90
    user = factory.user()
    for desk in ("192.0.2.10", "192.0.2.20"):
        assert _sign_in(_browser(app, desk), user.email, PASSWORD) == 302
    for guesser in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        _guess(_browser(app, guesser), user, 1)
    _age(app, user, "ok:192.0.2.10", days + 1)
    _age(app, user, "ok:192.0.2.20", days - 1)
    _age(app, user, "203.0.113.1", days + 1)
    _age(app, user, "203.0.113.2", days + 1, locked_for=timedelta(minutes=5))
    with app.app_context():
        purged = purge_expired()
    with app.app_context(), transaction() as tx:
        left = set(
            tx.scalars(select(SignInFailures.source).where(SignInFailures.user_id == user.id))
        )
    assert left == {"ok:192.0.2.20", "203.0.113.2", "203.0.113.3"}
    assert (purged["sign_in_sources"], purged["sign_in_failures"]) == (1, 1)


def test_each_sign_in_renews_the_remembered_address(app: Flask, factory: Factory) -> None:
    user = factory.user()
    assert _sign_in(_browser(app, "192.0.2.10"), user.email, PASSWORD) == 302
    _age(app, user, "ok:192.0.2.10", 100)
    assert _sign_in(_browser(app, "192.0.2.10"), user.email, PASSWORD) == 302
    with app.app_context(), transaction() as tx:
        row = tx.get(SignInFailures, (user.id, "ok:192.0.2.10"))
        assert row is not None and row.last_signed_in_at is not None
        assert utcnow() - row.last_signed_in_at < timedelta(minutes=5)
