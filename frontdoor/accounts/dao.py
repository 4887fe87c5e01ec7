"""Data access for agencies and users."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..models import Agency, User


def agency_by_code(session: Session, code: str) -> Agency | None:
    """Codes are stored in lower case; a code typed in upper case still finds its agency."""
    return session.scalar(select(Agency).where(Agency.code == code.strip().lower()))


def agency_by_name(session: Session, name: str) -> Agency | None:
    return session.scalar(
        select(Agency).where(func.lower(Agency.name) == " ".join(name.split()).lower())
    )


def agency_by_id(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def all_agencies(session: Session) -> Sequence[Agency]:
    return session.scalars(select(Agency).order_by(Agency.name)).all()


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> Sequence[User]:
    return session.scalars(
        select(User).options(selectinload(User.agency)).order_by(User.display_name)
    ).all()


def users_of_agency(session: Session, agency_id: int) -> Sequence[User]:
    return session.scalars(
        select(User).where(User.agency_id == agency_id).order_by(User.display_name)
    ).all()
