"""Separation of duties for roles (issue #16, finding 9).

- No one changes their own roles or agency: an administrator cannot give themselves the
  coordinator role (or any other) and open every family.
- Every role that opens case data (frontdoor.access.policy.CASE_DATA_ROLES: the
  coordinator's opens every family; partner, agency worker and manager open a family through
  a relationship or a self-claim) is granted by two administrators: the one who asks records
  a pending grant, a different administrator (never the user concerned) approves or refuses
  it on /admin/role-grants. Each step is audited. The administrator's role opens no case data
  and is granted by one administrator.
- Bootstrap: `frontdoor users create` on the command line (an operator with the server and
  its database) grants directly; the web never does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.service import record
from ..db import db, transaction
from ..models import RoleGrantRequest, UserRole, utcnow
from .service import APPROVAL_ROLES, AccountError, request_grants, revoke_sessions

__all__ = ["APPROVAL_ROLES", "decide", "pending", "request_grants"]


def pending() -> Sequence[RoleGrantRequest]:
    return (
        db.session()
        .scalars(
            select(RoleGrantRequest)
            .options(
                selectinload(RoleGrantRequest.user), selectinload(RoleGrantRequest.requested_by)
            )
            .where(RoleGrantRequest.decided_at.is_(None))
            .order_by(RoleGrantRequest.id)
        )
        .all()
    )


def decide(request_id: int, by: int, *, approve: bool) -> RoleGrantRequest:
    """A second administrator approves (the role is granted, the user's sessions end) or
    refuses a pending grant."""
    with transaction() as tx:
        request = tx.get(RoleGrantRequest, request_id)
        if request is None or request.decided_at is not None:
            raise AccountError("That request has already been decided.")
        if by in (request.requested_by_id, request.user_id):
            raise AccountError("A different administrator must decide this request.")
        request.decided_by_id, request.decided_at, request.approved = by, utcnow(), approve
        if approve:
            tx.add(UserRole(user_id=request.user_id, role=request.role))
            revoke_sessions(tx, request.user_id, "account_changed")
        record(
            tx,
            "user.role_grant_approved" if approve else "user.role_grant_refused",
            object_type="user",
            object_id=request.user_id,
            role=request.role.value,
            requested_by=request.requested_by_id,
        )
        return request
