"""Password hashing with argon2id (argon2-cffi), cost from configuration."""

from __future__ import annotations

import contextlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_PASSWORD_LENGTH = 12


class WeakPasswordError(ValueError):
    """The password is too short; ask for a longer one."""


def _hasher() -> PasswordHasher:
    if has_app_context():
        return PasswordHasher(
            time_cost=current_app.config["ARGON2_TIME_COST"],
            memory_cost=current_app.config["ARGON2_MEMORY_COST"],
        )
    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters long."
        )
    return _hasher().hash(password)


_dummy_hashes: dict[tuple[int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of nothing anyone knows, made once per cost setting."""
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hasher.hash(secrets.token_urlsafe(32))
    return _dummy_hashes[key]


def verify_password(password_hash: str | None, password: str) -> bool:
    """Argon2 verification. Without a hash (no such account, or no password set) a dummy
    hash is verified instead, so the answer takes the same time whether or not the account
    exists (issue #16, finding 12)."""
    if not password_hash:
        hasher = _hasher()
        with contextlib.suppress(VerificationError, InvalidHashError):
            hasher.verify(_dummy_hash(hasher), password)
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
