"""Security and information governance: self-claimed access, two-factor, lock-out, OIDC links,
and the tip of the audit hash chain."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum


class ReviewOutcome(enum.StrEnum):
    JUSTIFIED = "justified"
    NOT_JUSTIFIED = "not_justified"  # referred on for investigation


class SelfClaimedAccess(CreatedAtMixin, Base):
    """Access a user claimed without a legitimate relationship: it expires and is reviewed."""

    __tablename__ = "self_claimed_access"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (family_id IS NULL)", name="person_xor_family"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_outcome: Mapped[ReviewOutcome | None] = mapped_column(
        str_enum(ReviewOutcome, "review_outcome")
    )
    review_note: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class TotpCredential(CreatedAtMixin, Base):
    """A user's authenticator-app secret. Unconfirmed until they prove they hold it."""

    __tablename__ = "totp_credentials"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(255))  # encrypted (Fernet, key from SECRET_KEY)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last time-step accepted: a code is never accepted twice (no replay).
    last_used_step: Mapped[int | None] = mapped_column(Integer)


class SignInFailures(Base):
    """Consecutive failed sign-ins of one account from one source (a coarse network), and
    until when that source must wait before its next try (frontdoor.auth.lockout)."""

    __tablename__ = "sign_in_failures"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(48), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # On a remembered source ("ok:<source>"): its last completed sign-in (retention counts
    # from it, frontdoor.retention.sign_in).
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OidcIdentity(CreatedAtMixin, Base):
    """A user signed in by an identity provider: keyed by issuer + subject, never by e-mail."""

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class AuditChainTip(Base):
    """The last link of the audit hash chain. Locking this one row serialises the chainers
    (frontdoor.audit.chain.seal); recording an event does not touch it."""

    __tablename__ = "audit_chain_tip"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
