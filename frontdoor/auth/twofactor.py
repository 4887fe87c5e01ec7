"""TOTP two-factor sign-in (RFC 6238 via pyotp), enforced for the roles configured.

Secrets are stored encrypted with a key derived from SECRET_KEY; a code is accepted once only
(the last accepted time-step is kept), within one step of clock drift either way.
"""

from __future__ import annotations

import base64
import hashlib
import time

import pyotp
import segno
from cryptography.fernet import Fernet
from flask import current_app
from sqlalchemy.orm import Session

from ..audit.service import record
from ..models import TotpCredential, User, utcnow

DRIFT_STEPS = 1


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"frontdoor-totp:" + current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def is_required(user: User) -> bool:
    required = {str(r) for r in current_app.config["TOTP_REQUIRED_ROLES"]}
    return any(role.value in required for role in user.roles)


def confirmed_credential(tx: Session, user: User) -> TotpCredential | None:
    credential = tx.get(TotpCredential, user.id)
    return credential if credential is not None and credential.confirmed_at else None


def needs_second_factor(tx: Session, user: User) -> bool:
    return is_required(user) or confirmed_credential(tx, user) is not None


def begin_enrolment(tx: Session, user: User) -> str:
    """A new secret for the user (replacing any unconfirmed one); returns it in clear."""
    secret = pyotp.random_base32()
    credential = tx.get(TotpCredential, user.id)
    if credential is None:
        credential = TotpCredential(user_id=user.id, secret="")
        tx.add(credential)
    credential.secret = _fernet().encrypt(secret.encode()).decode()
    credential.confirmed_at = None
    credential.last_used_step = None
    return secret


def enrolment_secret(tx: Session, user: User) -> str | None:
    credential = tx.get(TotpCredential, user.id)
    if credential is None or credential.confirmed_at is not None:
        return None
    return _secret(credential)


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["TOTP_ISSUER"]
    )


def qr_code_data_uri(uri: str) -> str:
    return str(segno.make(uri, error="m").svg_data_uri(scale=4))


def check_code(tx: Session, user: User, code: str, *, enrolling: bool = False) -> bool:
    """Accept a code once; on first success during enrolment, confirm the credential."""
    credential = tx.get(TotpCredential, user.id)
    if credential is None or (credential.confirmed_at is None) != enrolling:
        return False
    step = _matching_step(_secret(credential), code.replace(" ", ""))
    if step is None or (credential.last_used_step or -1) >= step:
        return False
    credential.last_used_step = step
    if enrolling:
        credential.confirmed_at = utcnow()
        record(tx, "auth.two_factor_enrolled", object_type="user", object_id=user.id)
    return True


def _matching_step(secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(time_now())
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def time_now() -> float:
    return time.time()


def _secret(credential: TotpCredential) -> str:
    return _fernet().decrypt(credential.secret.encode()).decode()
