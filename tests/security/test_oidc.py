"""OpenID Connect sign-in against a provider running locally: issuer allow-list → agency,
users keyed by issuer + subject (never e-mail), signatures and issuers checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc.jwk import RSAKey
from sqlalchemy import select

from frontdoor import create_app
from frontdoor.db import db
from frontdoor.models import AuditEvent, OidcIdentity, Role, User

from .. import conftest
from ..factories import Factory
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, LocalProvider, running_provider

MFA = {"amr": ["pwd", "mfa"]}  # what an identity provider says after a two-factor sign-in


@pytest.fixture
def provider() -> Iterator[LocalProvider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def oidc_app(
    app: Flask, database_url: str, instance_path: Path, provider: LocalProvider, factory: Factory
) -> Flask:
    """The app with the provider on its allow-list, mapped to the council's agency."""
    return _app_with_provider(database_url, instance_path, provider, factory)


def _app_with_provider(
    database_url: str, instance_path: Path, provider: LocalProvider, factory: Factory, **extra: Any
) -> Flask:
    factory.agency("council")
    entry = {
        "name": "council",
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "agency_code": "council",
        "roles": ["agency_worker"],
        **extra,
    }
    return create_app(
        {**conftest.test_config(database_url, instance_path), "OIDC_PROVIDERS": [entry]}
    )


def _sign_in_via_provider(client: FlaskClient) -> tuple[int, str]:
    start = client.get("/sign-in/oidc/council")
    assert start.status_code == 302
    at_provider = requests.get(start.location, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    callback = client.get(f"{back.path}?{back.query}")
    return callback.status_code, callback.get_data(as_text=True)


def _users(app: Flask) -> list[tuple[str, int, frozenset[Role]]]:
    with app.app_context():
        return [(u.email, u.agency_id, u.roles) for u in db.session().scalars(select(User))]


def test_a_first_sign_in_creates_the_user_in_the_mapped_agency(
    oidc_app: Flask, provider: LocalProvider
) -> None:
    provider.user = {**MFA, "sub": "entra-oid-1", "email": "sam@council.example", "name": "Sam"}
    client = oidc_app.test_client()
    assert _sign_in_via_provider(client)[0] == 302
    assert client.get("/").status_code == 200
    with oidc_app.app_context():
        identity = db.session().scalars(select(OidcIdentity)).one()
        user = identity.user
        assert (identity.issuer, identity.subject) == (provider.issuer, "entra-oid-1")
        assert user.agency.code == "council" and user.roles == {Role.AGENCY_WORKER}
        assert user.password_hash is None
        actions = set(db.session().scalars(select(AuditEvent.action)))
    assert {"user.provisioned_by_oidc", "auth.sign_in"} <= actions


def test_users_are_keyed_by_subject_not_by_e_mail(oidc_app: Flask, provider: LocalProvider) -> None:
    provider.user = {**MFA, "sub": "entra-oid-2", "email": "first@council.example"}
    assert _sign_in_via_provider(oidc_app.test_client())[0] == 302
    provider.user = {**MFA, "sub": "entra-oid-2", "email": "renamed@council.example"}
    assert _sign_in_via_provider(oidc_app.test_client())[0] == 302
    assert [email for email, _, _ in _users(oidc_app)] == ["first@council.example"]


def test_an_e_mail_claim_never_takes_over_an_existing_account(
    oidc_app: Flask, provider: LocalProvider, factory: Factory
) -> None:
    victim = factory.user([Role.ADMIN], email="admin@council.example")
    provider.user = {**MFA, "sub": "attacker", "email": victim.email}
    status, page = _sign_in_via_provider(oidc_app.test_client())
    assert status == 401 and "needs linking" in page
    with oidc_app.app_context():
        assert db.session().scalars(select(OidcIdentity)).all() == []


@pytest.mark.parametrize("forgery", ["unpublished signing key", "another issuer"])
def test_forged_tokens_are_refused(oidc_app: Flask, provider: LocalProvider, forgery: str) -> None:
    provider.user = {**MFA, "sub": "entra-oid-3", "email": "eve@council.example"}
    if forgery == "unpublished signing key":
        provider.signing_key = RSAKey.generate_key(2048, {"kid": "k1"})
    else:
        provider.issuer_claim = "https://login.example/other-tenant/v2.0"
    client = oidc_app.test_client()
    status, _ = _sign_in_via_provider(client)
    assert status == 401
    assert client.get("/").status_code == 302
    assert _users(oidc_app) == []


def test_providers_off_the_allow_list_are_not_found(oidc_app: Flask) -> None:
    assert oidc_app.test_client().get("/sign-in/oidc/someone-else").status_code == 404


def _refusals(app: Flask) -> list[dict[str, Any]]:
    with app.app_context():
        rows = db.session().scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.sign_in_refused")
        )
        return [row.details for row in rows]


@pytest.mark.parametrize(
    "claims",
    [{}, {"amr": ["pwd"]}, {"amr": ["pwd", "kba"]}, {"acr": "urn:weak"}],
    ids=["no amr", "password only", "knowledge only", "an acr not accepted"],
)
def test_a_sign_in_without_a_second_factor_claim_is_refused_and_audited(
    oidc_app: Flask, provider: LocalProvider, claims: dict[str, Any]
) -> None:
    """ASVS 6.3.3: the identity provider must say it used more than one factor."""
    provider.user = {"sub": "entra-oid-9", "email": "nomfa@council.example", **claims}
    client = oidc_app.test_client()
    status, page = _sign_in_via_provider(client)
    assert status == 401 and "did not confirm a second factor" in page
    assert client.get("/").status_code == 302
    assert _users(oidc_app) == []  # no account is created for a refused sign-in
    assert _refusals(oidc_app) == [{"provider": "council", "reason": "no_mfa_claim"}]


def test_a_malformed_amr_claim_is_refused(oidc_app: Flask, provider: LocalProvider) -> None:
    provider.user = {"sub": "entra-oid-11", "email": "odd@council.example", "amr": "mfa"}
    assert _sign_in_via_provider(oidc_app.test_client())[0] == 401  # Authlib: amr is a list
    assert _users(oidc_app) == []


def test_a_known_user_refused_for_want_of_mfa_is_named_in_the_audit(
    oidc_app: Flask, provider: LocalProvider
) -> None:
    provider.user = {**MFA, "sub": "entra-oid-10", "email": "known@council.example"}
    assert _sign_in_via_provider(oidc_app.test_client())[0] == 302
    provider.user = {"sub": "entra-oid-10", "email": "known@council.example", "amr": ["pwd"]}
    assert _sign_in_via_provider(oidc_app.test_client())[0] == 401
    with oidc_app.app_context():
        refused = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "auth.sign_in_refused"))
            .one()
        )
        user_id = db.session().scalars(select(User.id)).one()
        assert (refused.object_id, refused.user_id) == (str(user_id), user_id)


@pytest.mark.parametrize("amr", [["mfa"], ["pwd", "otp"], ["hwk"], ["swk"], ["fido"], ["OTP"]])
def test_any_rfc_8176_multi_factor_method_is_accepted(
    oidc_app: Flask, provider: LocalProvider, amr: list[str]
) -> None:
    provider.user = {"sub": f"entra-{'-'.join(amr)}", "email": "mfa@council.example", "amr": amr}
    assert _sign_in_via_provider(oidc_app.test_client())[0] == 302


def test_a_configured_acr_value_is_accepted_and_asked_for(
    app: Flask, database_url: str, instance_path: Path, provider: LocalProvider, factory: Factory
) -> None:
    acr = "http://schemas.microsoft.com/claims/multipleauthn"
    configured = _app_with_provider(
        database_url, instance_path, provider, factory, acr_values=[acr]
    )
    client = configured.test_client()
    assert "acr_values=" in client.get("/sign-in/oidc/council").location
    provider.user = {"sub": "entra-acr", "email": "acr@council.example", "acr": acr}
    assert _sign_in_via_provider(client)[0] == 302
    assert client.get("/").status_code == 200


def test_a_provider_set_not_to_require_mfa_signs_in_without_the_claim(
    app: Flask, database_url: str, instance_path: Path, provider: LocalProvider, factory: Factory
) -> None:
    relaxed = _app_with_provider(database_url, instance_path, provider, factory, require_mfa=False)
    provider.user = {"sub": "entra-relaxed", "email": "relaxed@council.example"}
    assert _sign_in_via_provider(relaxed.test_client())[0] == 302
