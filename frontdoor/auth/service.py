"""The sign-in steps' database work, each in one transaction (the views only validate and
redirect): which second factor a user needs, checking a code, starting enrolment."""

from __future__ import annotations

from dataclasses import dataclass

from ..audit.service import record
from ..db import db, transaction
from ..models import User
from . import lockout, twofactor


@dataclass(frozen=True)
class SecondFactor:
    needed: bool
    enrolled: bool


def second_factor(user: User) -> SecondFactor:
    with transaction() as tx:
        return SecondFactor(
            needed=twofactor.needs_second_factor(tx, user),
            enrolled=twofactor.confirmed_credential(tx, user) is not None,
        )


def active_user(user_id: int) -> User | None:
    user = db.session().get(User, user_id)
    return user if user is not None and user.active else None


def accept_code(user: User, code: str, *, enrolling: bool) -> bool:
    """Check a TOTP code; a wrong one counts towards the lock-out and is audited."""
    with transaction() as tx:
        user = tx.merge(user)
        if lockout.is_locked(tx, user):
            return False
        accepted = twofactor.check_code(tx, user, code, enrolling=enrolling)
        if not accepted:
            lockout.register_failure(tx, user)
            record(tx, "auth.two_factor_failed", object_type="user", object_id=user.id)
    return accepted


def enrolment_secret(user: User) -> str | None:
    """The secret to enrol with, started if need be; None once the user has a confirmed one."""
    with transaction() as tx:
        if twofactor.confirmed_credential(tx, user) is not None:
            return None
        return twofactor.enrolment_secret(tx, user) or twofactor.begin_enrolment(tx, user)
