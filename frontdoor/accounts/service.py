"""Managing agencies and users: the only code that creates, changes or disables them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..access.policy import CASE_DATA_ROLES
from ..audit.service import record
from ..auth import password_policy
from ..auth.connections import Ending, end_after_commit
from ..auth.passwords import hash_password
from ..db import db, transaction
from ..models import (
    Agency,
    AgencyKind,
    Role,
    RoleGrantRequest,
    User,
    UserRole,
    UserSession,
    utcnow,
)
from ..sharing import register
from . import dao


class AccountError(ValueError):
    """A request to change accounts that cannot be carried out; the message says why."""


AGENCY_CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")  # as the admin page's form asks


def create_agency(code: str, name: str, kind: AgencyKind) -> Agency:
    code, name = code.strip().lower(), " ".join(name.split())
    if not AGENCY_CODE.fullmatch(code):
        raise AccountError(
            "An agency's code is 2 to 40 lower-case letters, digits or hyphens "
            "(e.g. 'wyp' or 'leeds-csc')."
        )
    if not name or len(name) > 200:
        raise AccountError("Enter the agency's name (at most 200 characters).")
    with transaction() as session:
        if dao.agency_by_code(session, code):
            raise AccountError(f"An agency with the code '{code}' already exists.")
        if dao.agency_by_name(session, name):
            raise AccountError(f"An agency named '{name}' already exists.")
        agency = Agency(code=code, name=name, kind=kind)
        session.add(agency)
        session.flush()
        record(session, "agency.create", object_type="agency", object_id=agency.id)
        return agency


def set_agency_active(agency_id: int, active: bool) -> Agency:
    with transaction() as session:
        agency = _require_agency(session, agency_id)
        agency.active = active
        if not active:  # its users' sessions stop at once, and their live sockets with them
            for user in dao.users_of_agency(session, agency.id):
                end_after_commit(session, Ending(user.id, "agency_disabled"))
        record(session, "agency.update", object_type="agency", object_id=agency.id, active=active)
        return agency


def create_user(
    email: str,
    display_name: str,
    agency_id: int,
    roles: Iterable[Role],
    password: str | None,
    by: int | None = None,
) -> User:
    """A new user. Created by an administrator on the web (`by`), a role in APPROVAL_ROLES
    waits for a second administrator; the command line (bootstrap) grants it directly."""
    roles = set(roles)
    if not roles:
        raise AccountError("Choose at least one role.")
    with transaction() as session:
        if dao.user_by_email(session, email):
            raise AccountError(f"A user with the e-mail address {email} already exists.")
        agency = _require_agency(session, agency_id)
        _require_register(session, agency_id, roles)
        if password:
            password_policy.check(password, _context(display_name, email, agency))
        user = User(
            email=email.strip().lower(),
            display_name=display_name.strip(),
            agency_id=agency_id,
            password_hash=hash_password(password) if password else None,
            role_grants=[UserRole(role=role) for role in sorted(_granted(roles, by))],
        )
        session.add(user)
        session.flush()
        if by is not None:
            request_grants(session, user, roles, by)
        record(
            session,
            "user.create",
            object_type="user",
            object_id=user.id,
            roles=sorted(r.value for r in roles),
        )
        return user


def update_user(
    user_id: int,
    *,
    display_name: str,
    agency_id: int,
    roles: Iterable[Role],
    by: int | None = None,
) -> User:
    """Change a user's name, agency and roles. Done by an administrator (`by`): never on
    their own account's roles or agency, and a role in APPROVAL_ROLES the user does not hold
    yet waits for a second administrator (frontdoor.accounts.grants)."""
    roles = set(roles)
    if not roles:
        raise AccountError("Choose at least one role.")
    with transaction() as session:
        user = _require_user(session, user_id)
        _require_agency(session, agency_id)
        if by == user.id and (roles != user.roles or agency_id != user.agency_id):
            raise AccountError(OWN_ROLES)
        if by is not None:
            roles -= set(request_grants(session, user, roles - user.roles, by))
            roles = roles or set(user.roles)  # only a role that waits: the rest stays
        _require_register(session, agency_id, roles)
        user.display_name = display_name.strip()
        user.agency_id = agency_id
        user.role_grants = [UserRole(role=role) for role in sorted(roles)]
        # A change of agency or roles must not leave an old, wider session alive.
        _revoke_sessions(session, user.id, "account_changed")
        record(
            session,
            "user.update",
            object_type="user",
            object_id=user.id,
            roles=sorted(r.value for r in roles),
            agency=agency_id,
        )
        return user


# Every role that opens case data (every family, or a family through a relationship or a
# self-claim): granted by two administrators. Only the administrator's role, which never
# opens case data, is granted by one.
APPROVAL_ROLES = frozenset(CASE_DATA_ROLES)
OWN_ROLES = "No one changes their own roles or agency: ask another administrator."


def _granted(roles: set[Role], by: int | None) -> set[Role]:
    return roles if by is None else roles - APPROVAL_ROLES


def request_grants(tx: Session, user: User, roles: Iterable[Role], by: int) -> list[Role]:
    """A pending grant for each role in APPROVAL_ROLES (once); returns the roles waiting."""
    waiting = []
    for role in sorted(set(roles) & APPROVAL_ROLES):
        waiting.append(role)
        if role in user.roles or _open_request(tx, user.id, role) is not None:
            continue
        tx.add(RoleGrantRequest(user_id=user.id, role=role, requested_by_id=by))
        record(
            tx,
            "user.role_grant_requested",
            object_type="user",
            object_id=user.id,
            role=role.value,
            requested_by=by,
        )
    return waiting


def _open_request(tx: Session, user_id: int, role: Role) -> RoleGrantRequest | None:
    return tx.scalar(
        select(RoleGrantRequest).where(
            RoleGrantRequest.user_id == user_id,
            RoleGrantRequest.role == role,
            RoleGrantRequest.decided_at.is_(None),
        )
    )


def set_password(user_id: int, password: str) -> None:
    with transaction() as session:
        user = _require_user(session, user_id)
        password_policy.check(password, words_for(user))
        user.password_hash = hash_password(password)
        _revoke_sessions(session, user.id, "password_changed")
        record(session, "user.password_set", object_type="user", object_id=user.id)


def set_user_active(user_id: int, active: bool) -> User:
    with transaction() as session:
        user = _require_user(session, user_id)
        user.active = active
        if not active:
            _revoke_sessions(session, user.id, "disabled")
        record(
            session,
            "user.enable" if active else "user.disable",
            object_type="user",
            object_id=user.id,
        )
        return user


def words_for(user: User) -> set[str]:
    """The context-specific words this user's password must not contain (ASVS 6.2.11)."""
    return _context(user.display_name, user.email, user.agency)


def _context(display_name: str, email: str, agency: Agency) -> set[str]:
    return password_policy.context_words(
        display_name=display_name, email=email, agency_name=agency.name, agency_code=agency.code
    )


def revoke_sessions(session: Session, user_id: int, reason: str, *, keep: str | None = None) -> int:
    """End the user's live sessions (all, or all but `keep`); returns how many were ended."""
    query = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep)
    result = session.execute(query.values(revoked_at=utcnow(), revoked_reason=reason))
    end_after_commit(session, Ending(user_id, reason, keep=keep))  # and their live sockets
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _revoke_sessions(session: Session, user_id: int, reason: str) -> None:
    revoke_sessions(session, user_id, reason)


def _require_register(session: Session, agency_id: int, roles: set[Role]) -> None:
    """A partner acts for an agency in the meeting: it must have signed the agreement."""
    if Role.PARTNER in roles:
        try:
            register.require_signatory(session, agency_id, "be given partner users")
        except register.RegisterError as exc:
            raise AccountError(str(exc)) from exc


def _require_agency(session: Session, agency_id: int) -> Agency:
    agency = dao.agency_by_id(session, agency_id)
    if agency is None:
        raise AccountError("That agency does not exist.")
    return agency


def _require_user(session: Session, user_id: int) -> User:
    user = dao.user_by_id(session, user_id)
    if user is None:
        raise AccountError("That user does not exist.")
    return user


# Reads for the admin pages (views never reach the data access layer themselves).


def agencies() -> Sequence[Agency]:
    return dao.all_agencies(db.session())


def agency(agency_id: int) -> Agency | None:
    return dao.agency_by_id(db.session(), agency_id)


def users() -> Sequence[User]:
    return dao.all_users(db.session())


def user(user_id: int) -> User | None:
    return dao.user_by_id(db.session(), user_id)
