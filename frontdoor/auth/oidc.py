"""OpenID Connect sign-in (Authlib) for councils' and partners' identity providers.

OIDC_PROVIDERS is the allow-list: each entry names one issuer (for Microsoft Entra ID, one
tenant's issuer URL) and the agency its users belong to. Users are keyed by issuer + subject,
never by e-mail: an e-mail claim never links to, or takes over, an existing account. A first
sign-in creates the user in the mapped agency with the entry's roles, if it grants any.

Every sign-in must show that the provider used more than one factor (ASVS 6.3.3): the ID
token's `amr` names an MFA method (RFC 8176), or its `acr` is one the entry accepts. An entry
may set `"require_mfa": false` only for a provider that cannot say (and the decision is its
owner's); `"acr_values": [...]` lists the accepted `acr` values and is asked for at sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import dao
from ..audit.service import record
from ..db import transaction
from ..models import OidcIdentity, Role, User, UserRole

EXTENSION_KEY = "frontdoor_oidc"


class OidcError(ValueError):
    """The identity provider's answer cannot sign anyone in."""


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    agency_code: str
    roles: tuple[Role, ...] = field(default_factory=tuple)
    require_mfa: bool = True
    acr_values: tuple[str, ...] = field(default_factory=tuple)


# RFC 8176 methods that are, or include, a second factor ("pwd" and "kba" alone are not).
MFA_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "fido", "sms", "tel", "face", "fpt", "iris"})
NO_MFA_MESSAGE = (
    "Your organisation's sign-in did not confirm a second factor (such as an authenticator "
    "app), which Front Door requires. Sign in again with it, or ask your IT service desk."
)


def init_app(app: Flask) -> None:
    """One registry per app: each app has its own allow-list and its own providers' keys."""
    oauth = OAuth(app)
    app.extensions[EXTENSION_KEY] = oauth
    for entry in app.config["OIDC_PROVIDERS"]:
        oauth.register(
            entry["name"],
            client_id=entry["client_id"],
            client_secret=entry["client_secret"],
            server_metadata_url=entry["issuer"].rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
        )


def provider(name: str) -> Provider | None:
    for entry in current_app.config["OIDC_PROVIDERS"]:
        if entry["name"] == name:
            return Provider(
                entry["name"],
                entry["issuer"],
                entry["agency_code"],
                tuple(Role(r) for r in entry.get("roles", ())),
                require_mfa=bool(entry.get("require_mfa", True)),
                acr_values=tuple(str(v) for v in entry.get("acr_values", ())),
            )
    return None


def client(name: str) -> Any:
    return current_app.extensions[EXTENSION_KEY].create_client(name)


def claims_options(allowed: Provider) -> dict[str, Any]:
    return {"iss": {"essential": True, "values": [allowed.issuer]}, "sub": {"essential": True}}


def authorize_params(allowed: Provider) -> dict[str, str]:
    """Extra parameters of the authorization request: ask for an accepted `acr`, if any."""
    return {"acr_values": " ".join(allowed.acr_values)} if allowed.acr_values else {}


def mfa_shown(allowed: Provider, claims: dict[str, Any]) -> bool:
    """Whether the claims show a multi-factor sign-in (or the entry does not require one)."""
    if not allowed.require_mfa:
        return True
    amr = claims.get("amr")
    methods = {str(m).lower() for m in amr} if isinstance(amr, list) else set()
    return bool(methods & MFA_METHODS) or str(claims.get("acr", "")) in allowed.acr_values


def user_for_claims(allowed: Provider, claims: dict[str, Any]) -> User:
    """The user this issuer + subject belongs to, created on first sign-in if allowed."""
    if claims.get("iss") != allowed.issuer or not claims.get("sub"):
        raise OidcError("The identity provider is not on the allow-list.")
    with transaction() as tx:
        identity = tx.scalar(
            select(OidcIdentity).where(
                OidcIdentity.issuer == allowed.issuer, OidcIdentity.subject == str(claims["sub"])
            )
        )
        if not mfa_shown(allowed, claims):
            _refuse_without_mfa(tx, allowed, identity)
            refusal: str | None = NO_MFA_MESSAGE
        else:
            user = identity.user if identity else _provision(tx, allowed, claims)
            refusal = None
            if not user.active or not user.agency.active:
                record(tx, "auth.sign_in_refused", object_type="user", object_id=user.id)
                refusal = "This account is disabled. Ask your administrator."
    if refusal is not None:  # raised after the commit, so the refusal stays in the audit log
        raise OidcError(refusal)
    return user


def _refuse_without_mfa(tx: Session, allowed: Provider, identity: OidcIdentity | None) -> None:
    """Audit a sign-in refused for want of an MFA claim; no account is created for it."""
    record(
        tx,
        "auth.sign_in_refused",
        object_type="user",
        object_id=identity.user_id if identity else None,
        user_id=identity.user_id if identity else None,
        provider=allowed.name,
        reason="no_mfa_claim",
    )


def _provision(tx: Session, allowed: Provider, claims: dict[str, Any]) -> User:
    agency = dao.agency_by_code(tx, allowed.agency_code)
    email = str(claims.get("email") or "")
    if agency is None or not allowed.roles or not email:
        raise OidcError("Your account is not set up in Front Door yet. Ask your administrator.")
    if dao.user_by_email(tx, email) is not None:
        raise OidcError("Your account needs linking by an administrator before you can sign in.")
    user = User(
        email=email,
        display_name=str(claims.get("name") or email),
        agency_id=agency.id,
        password_hash=None,
        role_grants=[UserRole(role=r) for r in allowed.roles],
    )
    tx.add(user)
    tx.flush()
    tx.add(OidcIdentity(issuer=allowed.issuer, subject=str(claims["sub"]), user_id=user.id))
    record(
        tx,
        "user.provisioned_by_oidc",
        object_type="user",
        object_id=user.id,
        agency_id=agency.id,
        provider=allowed.name,
    )
    return user
