"""Your sessions (ASVS 7.5.2), "sign out everywhere" (7.4.5), resetting two-factor (6.4.3/6.4.4)
and changing your own password after proving who you are again (7.5.1, 7.4.3)."""

from __future__ import annotations

import re
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from frontdoor.accounts.sessions import session_ref
from frontdoor.auth import twofactor
from frontdoor.db import db, transaction
from frontdoor.models import (
    AuditEvent,
    Role,
    SignInFailures,
    TotpCredential,
    User,
    UserSession,
)

from ..factories import PASSWORD, Factory, csrf_token_from, sign_in
from .test_sign_in_hardening import _enrol, _post_password

FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
NEW_PASSWORD = "seven orange lanterns drifting"


def _browser(app: Flask, agent: str = "", address: str = "127.0.0.1") -> FlaskClient:
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address})
    return client


def _signed_in(app: Flask, user: User, **where: str) -> FlaskClient:
    client = _browser(app, **where)
    sign_in(client, user)
    return client


def _post(
    client: FlaskClient, path: str, data: dict[str, str] | None = None, page: str = "/"
) -> Any:
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token_from(client, page)})


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(db.session().scalars(query))


def _refs(client: FlaskClient) -> list[str]:
    page = client.get("/account/sessions").get_data(as_text=True)
    return re.findall(r'name="session_ref" value="([0-9a-f]+)"', page)


def _signed_in_status(*clients: FlaskClient) -> list[int]:
    return [c.get("/").status_code for c in clients]


def test_users_see_their_own_sessions_summarised_and_nothing_more(
    app: Flask, factory: Factory
) -> None:
    user, someone_else = factory.user(), factory.user()
    laptop = _signed_in(app, user, agent=FIREFOX_ON_WINDOWS, address="203.0.113.77")
    _signed_in(app, user, agent=SAFARI_ON_IPHONE, address="2001:db8:1234:5678::1")
    _signed_in(app, someone_else, agent="curl/8.0", address="198.51.100.9")
    page = laptop.get("/account/sessions").get_data(as_text=True)
    assert page.count('data-testid="session"') == 2
    assert "Firefox on Windows" in page and "Safari on iPhone" in page
    assert "203.0.113.0/24" in page and "2001:db8:1234::/48" in page
    assert page.count('data-testid="current-session"') == 1
    assert "203.0.113.77" not in page and "198.51.100" not in page and "curl" not in page
    with app.app_context():
        rows = db.session().scalars(select(UserSession)).all()
        assert all(row.id not in page for row in rows)  # the session secret never reaches a page
        assert {row.device for row in rows} >= {"Firefox on Windows", "Safari on iPhone"}
        assert "203.0.113.77" not in {row.network for row in rows}


def test_a_user_ends_one_session_then_all_the_others(app: Flask, factory: Factory) -> None:
    user = factory.user()
    here, phone, tablet = (_signed_in(app, user) for _ in range(3))
    refs = _refs(here)
    assert len(refs) == 2  # the other two: the current session is ended by signing out
    response = _post(here, "/account/sessions/end", {"session_ref": refs[0]}, "/account/sessions")
    assert response.status_code == 302
    assert sorted(_signed_in_status(here, phone, tablet)) == [200, 200, 302]
    assert _post(here, "/account/sessions/end-others", page="/account/sessions").status_code == 302
    assert _signed_in_status(here, phone, tablet) == [200, 302, 302]
    ended = _events(app, "auth.session_ended")
    assert [(e.user_id, e.object_id, e.details) for e in ended] == [
        (user.id, str(user.id), {"sessions": 1}),
        (user.id, str(user.id), {"sessions": 1}),
    ]


def test_no_one_can_end_someone_else_s_session_or_their_own_current_one_by_reference(
    app: Flask, factory: Factory
) -> None:
    attacker, victim = factory.user(), factory.user()
    attacker_browser = _signed_in(app, attacker)
    victim_browser = _signed_in(app, victim)
    with app.app_context():
        rows = db.session().scalars(select(UserSession)).all()
        refs = {row.user_id: session_ref(row.id) for row in rows}
    for ref in (refs[victim.id], refs[attacker.id], "0" * 24):
        _post(attacker_browser, "/account/sessions/end", {"session_ref": ref}, "/account/sessions")
    assert _signed_in_status(attacker_browser, victim_browser) == [200, 200]
    assert _events(app, "auth.session_ended") == []


def test_an_administrator_signs_a_user_out_everywhere(app: Flask, factory: Factory) -> None:
    admin = _signed_in(app, factory.user([Role.ADMIN]))
    user = factory.user([Role.AGENCY_WORKER])
    browsers = [_signed_in(app, user), _signed_in(app, user)]
    page = f"/admin/users/{user.id}"
    assert "Active sessions: 2." in admin.get(page).get_data(as_text=True)
    assert _post(admin, f"{page}/sign-out-everywhere", page=page).status_code == 302
    assert _signed_in_status(*browsers) == [302, 302]
    assert "Active sessions: 0." in admin.get(page).get_data(as_text=True)
    (event,) = _events(app, "user.signed_out_everywhere")
    assert (event.object_id, event.details) == (str(user.id), {"sessions": 2})
    assert event.user_id != user.id  # recorded as the administrator's act


def test_an_administrator_resets_two_factor_only_with_a_reason(
    two_factor_for_coordinators: Flask, factory: Factory
) -> None:
    app = two_factor_for_coordinators
    admin_user = factory.user([Role.ADMIN])
    admin = _signed_in(app, admin_user)
    coordinator = factory.user([Role.COORDINATOR])
    their_browser = app.test_client()
    _enrol(app, their_browser, coordinator)
    page = f"/admin/users/{coordinator.id}"
    assert "An authenticator app is set up" in admin.get(page).get_data(as_text=True)
    reset = f"{page}/reset-two-factor"
    for missing in ({}, {"tf-reason": "lost_device"}, {"tf-identity_check": "in_person"}):
        _post(admin, reset, missing, page)
    with app.app_context():
        assert db.session().get(TotpCredential, coordinator.id) is not None
    assert _signed_in_status(their_browser) == [200]
    chosen = {"tf-reason": "lost_device", "tf-identity_check": "line_manager"}
    assert _post(admin, reset, chosen, page).status_code == 302
    with app.app_context():
        assert db.session().get(TotpCredential, coordinator.id) is None
    assert _signed_in_status(their_browser) == [302]
    (event,) = _events(app, "user.two_factor_reset")
    assert (event.object_id, event.user_id) == (str(coordinator.id), admin_user.id)
    assert event.details == {
        "reason": "lost_device",
        "identity_check": "line_manager",
        "sessions": 1,
    }
    assert _post_password(app.test_client(), coordinator).location == "/sign-in/two-factor/set-up"


def test_an_administrator_cannot_reset_their_own_two_factor(app: Flask, factory: Factory) -> None:
    admin_user = factory.user([Role.ADMIN])
    with app.app_context(), transaction() as tx:
        twofactor.begin_enrolment(tx, tx.get(User, admin_user.id))
    admin = _signed_in(app, admin_user)
    page = f"/admin/users/{admin_user.id}"
    chosen = {"tf-reason": "lost_device", "tf-identity_check": "in_person"}
    response = _post(admin, f"{page}/reset-two-factor", chosen, page)
    assert "Another administrator must reset" in admin.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session().get(TotpCredential, admin_user.id) is not None
    assert _events(app, "user.two_factor_reset") == []


def _change_password(client: FlaskClient, current: str, new: str, code: str = "") -> Any:
    form = {"current": current, "new": new, "confirm": new, "code": code}
    return _post(client, "/account/password", form, "/account/password")


def test_changing_your_password_needs_the_current_one_and_ends_your_other_sessions(
    app: Flask, factory: Factory
) -> None:
    user = factory.user()
    here, elsewhere = _signed_in(app, user), _signed_in(app, user)
    wrong = _change_password(here, "not my password at all", NEW_PASSWORD)
    assert wrong.status_code == 400 and "current password or code is wrong" in wrong.text
    with app.app_context():
        failures = db.session().get(SignInFailures, (user.id, "127.0.0.1"))
        assert failures is not None and failures.count == 1  # counts towards the lock-out
    weak = _change_password(here, PASSWORD, "Password2024!")
    assert weak.status_code == 400 and "too common" in weak.text
    assert _change_password(here, PASSWORD, NEW_PASSWORD).status_code == 302
    assert _signed_in_status(here, elsewhere) == [200, 302]
    with app.app_context():  # this browser goes on with a new session id (ASVS 7.2.4)
        rows = db.session().scalars(select(UserSession)).all()
        assert sorted(str(r.revoked_reason) for r in rows) == [
            "None",
            "password_changed",
            "rotated",
        ]
    sign_in(app.test_client(), user, NEW_PASSWORD)
    assert [e.details for e in _events(app, "user.password_changed")] == [{"sessions": 1}]
    assert len(_events(app, "auth.reauthentication_failed")) == 1


def test_an_enrolled_user_also_gives_a_code_to_change_their_password(
    two_factor_for_coordinators: Flask, factory: Factory
) -> None:
    app = two_factor_for_coordinators
    user = factory.user([Role.COORDINATOR])
    browser = app.test_client()
    totp: pyotp.TOTP = _enrol(app, browser, user)
    assert 'name="code"' in browser.get("/account/password").text
    assert _change_password(browser, PASSWORD, NEW_PASSWORD).status_code == 400
    assert _change_password(browser, PASSWORD, NEW_PASSWORD, "000000").status_code == 400
    with app.app_context(), transaction() as tx:  # the code of the step just used is spent
        tx.execute(update(TotpCredential).values(last_used_step=0))
    assert _change_password(browser, PASSWORD, NEW_PASSWORD, totp.now()).status_code == 302
    assert len(_events(app, "user.password_changed")) == 1


def test_a_locked_account_cannot_change_its_password(app: Flask, factory: Factory) -> None:
    user = factory.user()
    browser = _signed_in(app, user)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        _change_password(browser, "guessing the password", NEW_PASSWORD)
    refused = _change_password(browser, PASSWORD, NEW_PASSWORD)
    assert refused.status_code == 400 and "locked" in refused.text
    assert _events(app, "user.password_changed") == []
