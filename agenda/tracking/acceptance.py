"""Actions agreed, not imposed (#20), outside the meeting: on an action's page a representative
of the agency it was proposed to accepts it, or declines it with a reason; the chair of its
meeting or a coordinator records that the agency agreed. Accepting goes through the one rule
of `agenda.live.actions.accept_action` (the live meeting's `action:accept` calls it too).

A declined action stays a proposal, marked declined: the chair reassigns it (in the meeting or
by its lead) — nobody is made to lead an action their agency has refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agenda.live.actions import ActionError, accept_action
from frontdoor.access.redaction import scrub, withheld_values
from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.models import Action, ActionAcceptance, ActionDecline, Role, User, utcnow

from . import dao
from .rules import TRACKING_ROLES

MAX_REASON = 2000


class AcceptanceError(ValueError):
    """The request cannot be done as asked (shown to the user)."""


@dataclass(frozen=True)
class Declined:
    agency: str
    by: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class Acceptance:
    state: str  # accepted, proposed, declined
    words: str
    may_respond: bool  # a representative of the lead agency: accept or decline
    may_record_agreement: bool  # the chair or a coordinator, for the agency
    declined: Declined | None


def _may_respond(user: User, action: Action) -> bool:
    return user.agency_id == action.lead_agency_id and bool(set(user.roles) & TRACKING_ROLES)


def _may_record(user: User, action: Action) -> bool:
    if user.agency_id == action.lead_agency_id:
        return False
    meeting = action.agenda_item.meeting if action.agenda_item else None
    chair_ids = {meeting.chair_id, meeting.deputy_chair_id} if meeting else set()
    return user.has_role(Role.COORDINATOR) or user.id in chair_ids


def latest_decline(session: Session, action: Action) -> ActionDecline | None:
    """The lead agency's latest refusal of this proposal (another agency's, before a
    reassignment, is history only)."""
    return session.scalars(
        select(ActionDecline)
        .where(
            ActionDecline.action_id == action.id,
            ActionDecline.agency_id == action.lead_agency_id,
        )
        .order_by(ActionDecline.declined_at.desc(), ActionDecline.id.desc())
        .limit(1)
    ).first()


def acceptance_of(session: Session, user: User, action: Action) -> Acceptance:
    agency = action.lead_agency.name
    if action.acceptance == ActionAcceptance.ACCEPTED:
        by = session.get(User, action.accepted_by_id) if action.accepted_by_id else None
        who = by.display_name if by else agency
        words = f"the chair ({who}), for {agency}" if action.accepted_by_chair else who
        return Acceptance("accepted", f"Accepted by {words}", False, False, None)
    decline = latest_decline(session, action)
    declined = None
    if decline is not None:
        reason = scrub(decline.reason, withheld_values(session, action.family_id))
        declined = Declined(agency, decline.declined_by.display_name, decline.declined_at, reason)
    words = f"Declined by {agency}" if declined else f"Proposed, not yet accepted by {agency}"
    return Acceptance(
        "declined" if declined else "proposed",
        words,
        _may_respond(user, action),
        _may_record(user, action),
        declined,
    )


def acceptance_for(user: User, action_id: int) -> Acceptance | None:
    """For the action's page (which has checked the user may see the action)."""
    session = db.session()
    action = dao.action_by_id(session, action_id)
    return acceptance_of(session, user, action) if action is not None else None


def _proposal(tx: Session, action_id: int) -> Action:
    action = dao.action_by_id(tx, action_id)
    if action is None:
        raise LookupError(action_id)
    if action.acceptance == ActionAcceptance.ACCEPTED:
        raise AcceptanceError("The action is already accepted.")
    return action


def accept(user: User, action_id: int) -> Action:
    """The lead agency accepts; or the chair / a coordinator records that the agency agreed."""
    with transaction() as tx:
        action = _proposal(tx, action_id)
        if not (_may_respond(user, action) or _may_record(user, action)):
            raise PermissionError("Only the agency it was proposed to, or the chair, can accept.")
        try:
            return accept_action(tx, action, user.id, outside_meeting=True)
        except ActionError as error:
            raise AcceptanceError(str(error)) from error


def decline(user: User, action_id: int, reason: str) -> ActionDecline:
    """A representative of the lead agency declines the proposal, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise AcceptanceError("Say why your agency cannot take this action.")
    if len(reason) > MAX_REASON:
        raise AcceptanceError(f"The reason must be {MAX_REASON} characters or fewer.")
    with transaction() as tx:
        action = _proposal(tx, action_id)
        if not _may_respond(user, action):
            raise PermissionError("Only the agency it was proposed to can decline it.")
        row = ActionDecline(
            action_id=action.id, agency_id=action.lead_agency_id, declined_by_id=user.id,
            reason=reason, declined_at=utcnow(),
        )  # fmt: skip
        tx.add(row)
        tx.flush()
        audit.record(
            tx, "action.declined", object_type="action", object_id=action.id,
            purpose="action tracking", lead_agency_id=action.lead_agency_id, decline_id=row.id,
        )  # fmt: skip
        return row
