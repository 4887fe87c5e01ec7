"""Headers, cookies, CSRF on every state change, and no personal data in URLs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from frontdoor import create_app
from frontdoor.models import Role

from .. import conftest
from ..factories import Factory, sign_in
from .routes import STATE_CHANGING, sample_url, state_changing_rules

TEMPLATES = Path(__file__).resolve().parents[2] / "frontdoor" / "templates"

# Route arguments that can never carry personal data. A new argument must be added here, after
# checking it is an identifier or a fixed word, never a name, date of birth, address or number.
NON_PERSONAL_ARGUMENTS = {
    "filename",
    "package",
    "provider_name",
    "decision",
    "kind",
    "day",  # a meeting date, not a person's
    "active",
    "flagged",
    "step",  # a step of the FGC pathway (propose, agree, consent...), not personal data
    "token",  # a random one-time link token (a school's Encompass notice), not personal data
}


def _rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def test_route_arguments_are_identifiers_never_personal_data(app: Flask) -> None:
    offending = []
    for rule in _rules(app):
        for argument, converter in rule._converters.items():
            is_int = isinstance(converter, IntegerConverter)  # ours: bounded to INTEGER
            if not is_int and argument not in NON_PERSONAL_ARGUMENTS:
                offending.append((rule.rule, argument))
    assert offending == []


# Forms that send what a user types must POST it: a GET puts it in URLs, histories and logs.
KNOWN_GET_FORMS_WITH_TEXT: set[str] = set()
TYPED_INPUT = (
    r'<input[^>]*type="(text|search|email|tel)"|<textarea'
    r"|govuk(Input|Textarea|CharacterCount)\("
)


def test_forms_that_carry_typed_text_post_it(app: Flask) -> None:
    found = set()
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S | re.I):
            opening = form[: form.index(">") + 1].lower()
            typed = re.search(TYPED_INPUT, form, re.I)
            # no method is a GET too (e.g. a script-driven form submitted before its script ran)
            if typed and 'method="post"' not in opening:
                found.add(str(template.relative_to(TEMPLATES)))
    assert found == KNOWN_GET_FORMS_WITH_TEXT


def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    sign_in(client, factory.user(list(Role)))
    checked = []
    for rule, method in state_changing_rules(app):
        response = client.open(sample_url(rule), method=method)
        assert response.status_code == 400, (method, rule.rule, response.status_code)
        checked.append(rule.rule)
    assert len(checked) >= len(STATE_CHANGING) > 0


CSP_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


@pytest.mark.parametrize(
    "path", ["/sign-in", "/", "/admin/users", "/governance/claims", "/outcomes"]
)
def test_pages_send_the_security_headers(client: FlaskClient, factory: Factory, path: str) -> None:
    sign_in(client, factory.user([Role.ADMIN, Role.MANAGER]))
    response = client.get(path, follow_redirects=True)
    headers = response.headers
    policy = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in headers["Content-Security-Policy"].split(";")
    )
    for directive, value in CSP_DIRECTIVES.items():
        assert policy[directive] == value, directive
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert re.fullmatch(r"'self' 'nonce-[\w-]+'", policy["script-src"])
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_production_sends_hsts_and_secure_cookies(
    monkeypatch: pytest.MonkeyPatch, database_url: str, instance_path: Path, app: Flask
) -> None:
    monkeypatch.setenv("FRONTDOOR_ENV", "production")
    production = create_app(conftest.test_config(database_url, instance_path))
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert set(production.config["TOTP_REQUIRED_ROLES"]) == {
        "coordinator",
        "partner",
        "agency_worker",
        "manager",
        "admin",
    }
    client = production.test_client()
    response = client.get("/sign-in", base_url="https://frontdoor.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("__Host-frontdoor_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Domain=" not in cookie and "Path=/" in cookie
