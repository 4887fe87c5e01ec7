"""Passwords people choose: the most common ones (ASVS 6.2.4) and words from the context —
the service's name, the agency's, the user's own name and e-mail address (6.2.11) — are refused.
Every place a password is chosen applies the rule: an administrator creating a user or setting
a password, and a user changing their own (tests/security/test_sessions_and_factors.py)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from frontdoor.accounts import service
from frontdoor.auth import password_policy
from frontdoor.auth.passwords import WeakPasswordError
from frontdoor.models import Role

from ..factories import Factory, csrf_token_from, sign_in

SAM = {
    "display_name": "Samantha O'Neill-Jones",
    "email": "s.oneill-jones@leeds.gov.uk",
    "agency_name": "Northshire Police",
    "agency_code": "northshire-police",
}
COMMON = "common"
CONTEXT = "context"

CASES = [
    # (password, what refuses it, or None when it is allowed)
    ("password1234", COMMON),
    ("Password2024!", COMMON),  # a common password with digits and a symbol added
    ("  QWERTYUIOP123  ", COMMON),
    ("1qaz2wsx3edc", COMMON),  # in the list as it is
    ("iloveyou!!!!", COMMON),
    ("monkeymonkey", COMMON),  # one word repeated
    ("aaaaaaaaaaaaaaaa", COMMON),
    ("abcabcabcabc", COMMON),
    ("Front Door 2026!", CONTEXT),  # the service's name, however spaced
    ("my-frontdoor-pass", CONTEXT),
    ("Northshire rocks 1", CONTEXT),  # the agency's name
    ("northshirepolice!", CONTEXT),
    ("samantha1990xx", CONTEXT),  # the user's own name
    ("oneill-jones-2026", CONTEXT),  # part of the e-mail's local part
    ("LEEDS united forever", CONTEXT),  # the e-mail's domain (gov, uk are generic)
    ("correct horse battery staple", None),
    ("seven orange lanterns drifting", None),
    ("police box in the rain", CONTEXT),  # one word of the agency's name (5 letters or more)
    ("a cold nine o'clock", None),
    ("sam likes long walks", None),  # names shorter than 4 letters are not refused
    ("a long test password", None),
    ("Tr0ub4dor&3-xyzzy", None),
]


@pytest.mark.parametrize(("password", "refused_for"), CASES, ids=[c[0] for c in CASES])
def test_common_and_context_specific_passwords_are_refused(
    password: str, refused_for: str | None
) -> None:
    words = password_policy.context_words(**SAM)
    expected = {
        COMMON: password_policy.COMMON_MESSAGE,
        CONTEXT: password_policy.CONTEXT_MESSAGE,
        None: None,
    }[refused_for]
    try:
        password_policy.check(password, words)
    except WeakPasswordError as exc:
        assert str(exc) == expected
    else:
        assert expected is None


def test_the_list_is_the_packaged_common_password_list() -> None:
    common = password_policy.common_passwords()
    assert len(common) >= 30000  # at least the top 3000 that ASVS 6.2.4 asks for
    assert {"123456", "password", "qwerty", "letmein"} <= common


@pytest.mark.parametrize(
    "password",
    ["password1234", "frontdoor2026!", "User Jones 12345"],
    ids=["common", "product", "name"],
)
def test_administrators_cannot_create_users_with_such_passwords(
    app: Flask, factory: Factory, password: str
) -> None:
    agency = factory.agency()
    with app.app_context(), pytest.raises(WeakPasswordError):
        service.create_user("jones@example.org", "User Jones", agency.id, [Role.PARTNER], password)


def _admin(app: Flask, factory: Factory) -> FlaskClient:
    client = app.test_client()
    sign_in(client, factory.user([Role.ADMIN]))
    return client


def test_the_admin_forms_say_why_a_password_was_refused(app: Flask, factory: Factory) -> None:
    admin = _admin(app, factory)
    agency = factory.agency()
    form = {
        "display_name": "Pat Example",
        "email": "pat@example.org",
        "agency_id": str(agency.id),
        "roles": "partner",
        "password": "qwerty123456",
        "csrf_token": csrf_token_from(admin, "/admin/users"),
    }
    page = admin.post("/admin/users", data=form).get_data(as_text=True)
    assert password_policy.COMMON_MESSAGE.replace("'", "&#39;") in page
    user = factory.user()
    edit = f"/admin/users/{user.id}"
    token = csrf_token_from(admin, edit)
    response = admin.post(
        f"{edit}/password", data={"pw-password": "Front Door 2026", "csrf_token": token}
    )
    assert response.status_code == 302
    assert "Do not use the name of the service" in admin.get(edit).get_data(as_text=True)
