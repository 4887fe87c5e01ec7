"""Self-claimed access: opening a record without a legitimate relationship ("break glass").

The user states why; the access expires; every claim waits in the information-governance
review list until a manager of the user's agency (or an administrator) reviews it.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.service import record
from ..db import transaction
from ..models import ReviewOutcome, Role, SelfClaimedAccess, User, utcnow
from .policy import RELATIONSHIP_ROLES

MIN_REASON_LENGTH = 20


class ClaimError(ValueError):
    """The claim cannot be made or reviewed as asked."""


def claim_access(
    user: User, *, reason: str, family_id: int | None = None, person_id: int | None = None
) -> SelfClaimedAccess:
    """Record a self-claimed access. The reason stays in its own table, never in the audit log."""
    reason = reason.strip()
    if (family_id is None) == (person_id is None):
        raise ClaimError("Claim access to one family or one person.")
    if not user.has_role(*RELATIONSHIP_ROLES):
        raise ClaimError("Your role cannot open case records.")
    if len(reason) < MIN_REASON_LENGTH:
        raise ClaimError(f"Give a reason of at least {MIN_REASON_LENGTH} characters.")
    hours = current_app.config["SELF_CLAIM_HOURS"]
    with transaction() as tx:
        claim = SelfClaimedAccess(
            user_id=user.id,
            agency_id=user.agency_id,
            family_id=family_id,
            person_id=person_id,
            reason=reason,
            expires_at=utcnow() + timedelta(hours=hours),
        )
        tx.add(claim)
        tx.flush()
        record(
            tx,
            "access.self_claimed",
            object_type="family" if family_id is not None else "person",
            object_id=family_id if family_id is not None else person_id,
            purpose="self_claimed_access",
            claim_id=claim.id,
        )
    return claim


def review_list(session: Session, reviewer: User) -> list[SelfClaimedAccess]:
    """Claims not yet reviewed that this reviewer may review, oldest first."""
    query = select(SelfClaimedAccess).where(SelfClaimedAccess.reviewed_at.is_(None))
    if not reviewer.has_role(Role.ADMIN):
        query = query.where(SelfClaimedAccess.agency_id == reviewer.agency_id)
    return list(session.scalars(query.order_by(SelfClaimedAccess.created_at)))


def review_claim(reviewer: User, claim_id: int, outcome: ReviewOutcome, note: str = "") -> None:
    with transaction() as tx:
        claim = tx.get(SelfClaimedAccess, claim_id)
        if claim is None or claim not in review_list(tx, reviewer):
            raise ClaimError("That claim is not waiting for your review.")
        if claim.user_id == reviewer.id:
            raise ClaimError("You cannot review your own claim.")
        claim.reviewed_at = utcnow()
        claim.reviewed_by_id = reviewer.id
        claim.review_outcome = outcome
        claim.review_note = note.strip() or None
        if outcome is ReviewOutcome.NOT_JUSTIFIED:
            claim.expires_at = min(claim.expires_at, claim.reviewed_at)
        record(
            tx,
            "access.claim_reviewed",
            object_type="self_claimed_access",
            object_id=claim.id,
            outcome=outcome.value,
        )
