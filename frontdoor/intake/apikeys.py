"""Per-agency API keys: shown once, stored as a SHA-256 of a 256-bit random secret, revocable.

A key reads `fd_<prefix>_<secret>`. The prefix finds the row; the secret is compared by hash in
constant time. SHA-256 suffices (no slow hash needed) because the secret is long and random,
not a password a person chose.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..audit.service import record
from ..db import transaction
from ..models import ApiKey, utcnow
from .service import IntakeError

KEY_PREFIX = "fd"


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    token: str  # the only time the secret exists outside the client


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(agency_id: int, name: str, created_by_id: int | None) -> IssuedKey:
    if not name.strip():
        raise IntakeError("Enter a name for the key, e.g. the system that will use it.")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    with transaction() as session:
        key = ApiKey(
            agency_id=agency_id,
            name=name.strip()[:100],
            prefix=prefix,
            secret_hash=_hash(secret),
            created_by_id=created_by_id,
        )
        session.add(key)
        session.flush()
        record(session, "api_key.create", object_type="api_key", object_id=key.id,
               target_agency_id=agency_id)  # fmt: skip
        return IssuedKey(key, f"{KEY_PREFIX}_{prefix}_{secret}")


def revoke_key(key_id: int) -> ApiKey:
    with transaction() as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            raise IntakeError("No such API key.")
        if key.revoked_at is None:
            key.revoked_at = utcnow()
            record(session, "api_key.revoke", object_type="api_key", object_id=key.id)
        return key


def authenticate(session: Session, token: str) -> ApiKey | None:
    """The live key a token belongs to (its agency active), or None."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = session.scalar(
        select(ApiKey).options(selectinload(ApiKey.agency)).where(ApiKey.prefix == parts[1])
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(parts[2])):
        return None
    if key.revoked_at is not None or not key.agency.active:
        return None
    return key


def touch(key_id: int) -> None:
    with transaction() as session:
        key = session.get(ApiKey, key_id)
        if key is not None:
            key.last_used_at = utcnow()


def all_keys(session: Session) -> Sequence[ApiKey]:
    return session.scalars(
        select(ApiKey).options(selectinload(ApiKey.agency)).order_by(ApiKey.id.desc())
    ).all()
