"""Agencies, users, their roles, server-side sessions and API keys."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, CreatedAtMixin, UTCDateTime, str_enum


class AgencyKind(enum.StrEnum):
    POLICE = "police"
    HEALTH = "health"
    HOUSING = "housing"
    CHILDRENS_SOCIAL_CARE = "csc"
    ADULT_SOCIAL_CARE = "asc"
    DV_SERVICE = "dvs"
    PROBATION = "probation"
    EDUCATION = "education"
    OTHER = "other"


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    AGENCY_WORKER = "agency_worker"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: "Duty coordinator",
    Role.PARTNER: "Partner representative",
    Role.AGENCY_WORKER: "Agency worker",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Administrator",
}


class Agency(CreatedAtMixin, Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[AgencyKind] = mapped_column(str_enum(AgencyKind, "agency_kind"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    users: Mapped[list[User]] = relationship(back_populates="agency")


class User(CreatedAtMixin, Base):
    __tablename__ = "users"
    # (id, agency_id) is unique so an action's named lead can be tied to its lead agency by a
    # composite foreign key: a named lead always belongs to the lead agency.
    __table_args__ = (UniqueConstraint("id", "agency_id", name="uq_users_id_agency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship(back_populates="users")
    role_grants: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.role_grants)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    # The four members flask-login asks of a user object.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_grants")


class UserSession(CreatedAtMixin, Base):
    """A signed-in browser. Revoking the row signs the browser out on its next request."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_reason: Mapped[str | None] = mapped_column(String(40))
    # For the user's own session list (ASVS 7.5.2): a summary, never the raw header or address.
    device: Mapped[str | None] = mapped_column(String(80))  # e.g. "Firefox on Windows"
    network: Mapped[str | None] = mapped_column(String(48))  # e.g. "203.0.113.0/24"

    user: Mapped[User] = relationship()


class ApiKey(CreatedAtMixin, Base):
    """A per-agency key for the referral API; only a hash of the secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()


class RoleGrantRequest(CreatedAtMixin, Base):
    """A role that opens case data, asked for by one administrator and granted only when a
    second administrator approves it (separation of duties)."""

    __tablename__ = "role_grant_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved: Mapped[bool | None] = mapped_column(Boolean)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
