"""Changing authentication factors: a user's own password (after re-authentication, ASVS
7.5.1) and an administrator's "reset two-factor" for a user who lost their device (6.4.3/6.4.4).

Both end sessions (7.4.3): a password change ends the user's other sessions, a two-factor reset
ends all of them. A reset asks for the reason and for how the administrator confirmed who asked,
each from a fixed list, so the audit row can hold them without holding personal data.
"""

from __future__ import annotations

from ..audit.service import record
from ..auth import lockout, password_policy, twofactor
from ..auth.passwords import hash_password, verify_password
from ..auth.sessions import LOCKED_MESSAGE
from ..db import transaction
from ..models import TotpCredential
from .service import AccountError, _require_user, revoke_sessions, words_for

RESET_REASONS = {
    "lost_device": "They lost their phone or it broke",
    "new_device": "They replaced their phone and cannot move the app",
    "suspected_compromise": "Their authenticator may be in someone else's hands",
}
IDENTITY_CHECKS = {
    "in_person": "In person, against their photo ID",
    "line_manager": "Their line manager confirmed the request with them",
    "call_back": "I called them back on a number held by their agency",
}

WRONG_CREDENTIALS = "Your current password or code is wrong."


class ReauthenticationError(ValueError):
    """The user did not prove again who they are."""


def change_own_password(
    user_id: int, current_id: str | None, *, current: str, new: str, code: str = ""
) -> int:
    """Re-authenticate (password, and code when enrolled), then change the password and end
    the user's other sessions; returns how many ended. Failures count towards the lock-out."""
    with transaction() as tx:
        user = _require_user(tx, user_id)
        password_policy.check(new, words_for(user))  # before a code is spent on it
        if lockout.is_locked(tx, user):
            raise ReauthenticationError(LOCKED_MESSAGE)
        enrolled = twofactor.confirmed_credential(tx, user) is not None
        proved = verify_password(user.password_hash, current) and (
            not enrolled or twofactor.check_code(tx, user, code)
        )
        if proved:
            user.password_hash = hash_password(new)
            ended = revoke_sessions(tx, user.id, "password_changed", keep=current_id)
            record(
                tx, "user.password_changed", object_type="user", object_id=user.id, sessions=ended
            )
        else:
            lockout.register_failure(tx, user)
            record(tx, "auth.reauthentication_failed", object_type="user", object_id=user.id)
    if not proved:  # raised after the commit: the failure above counts
        raise ReauthenticationError(WRONG_CREDENTIALS)
    return ended


def needs_code(user_id: int) -> bool:
    with transaction() as tx:
        return twofactor.confirmed_credential(tx, _require_user(tx, user_id)) is not None


def reset_two_factor(admin_id: int, user_id: int, *, reason: str, identity_check: str) -> int:
    """Remove the user's authenticator so they set one up at their next sign-in; end all their
    sessions. Returns how many sessions ended."""
    if admin_id == user_id:
        raise AccountError("Another administrator must reset your own two-factor.")
    if reason not in RESET_REASONS or identity_check not in IDENTITY_CHECKS:
        raise AccountError("Choose the reason and how you confirmed who asked.")
    with transaction() as tx:
        user = _require_user(tx, user_id)
        credential = tx.get(TotpCredential, user.id)
        if credential is None:
            raise AccountError(f"{user.display_name} has no two-factor set up.")
        tx.delete(credential)
        ended = revoke_sessions(tx, user.id, "two_factor_reset")
        record(
            tx,
            "user.two_factor_reset",
            object_type="user",
            object_id=user.id,
            reason=reason,
            identity_check=identity_check,
            sessions=ended,
        )
    return ended
