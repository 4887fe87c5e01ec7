"""The coordinator's triage before the meeting, and the meeting confirming the lists.

Accepting the proposed split fixes every default as the coordinator's choice; changing one item
re-arranges the agenda (Urgent and Discuss first). In the meeting, the Single agency and
Information only lists are confirmed in one step: each item is finished with its decision
recorded, and a Single agency item becomes an action for its agency.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from frontdoor.audit import service as audit
from frontdoor.db import transaction
from frontdoor.models import (
    Action,
    Agency,
    AgendaItemStatus,
    ItemField,
    MeetingStatus,
    Screening,
    User,
    utcnow,
)

from . import dao
from .build import arrange
from .curation import CurationError, _draft_item
from .triage import LABELS

SINGLE_AGENCY_DUE_DAYS = 7
LISTS = (Screening.SINGLE_AGENCY, Screening.INFORMATION)


def accept_split(day: date) -> int:
    """The coordinator accepts every proposed screening of the day's draft agenda."""
    with transaction() as tx:
        meeting = dao.meeting_on(tx, day)
        if meeting is None or meeting.status != MeetingStatus.DRAFT:
            raise CurationError("Only a draft agenda's triage can be accepted.")
        items = [i for i in dao.items_of_meeting(tx, meeting.id)
                 if i.status == AgendaItemStatus.PENDING]  # fmt: skip
        states = dao.states_of(tx, (i.id for i in items))
        accepted = 0
        for state in states.values():
            if state.screening is not None and not state.screening_by_coordinator:
                state.screening_by_coordinator = True
                accepted += 1
        audit.record(
            tx, "agenda.triage_accepted", object_type="meeting", object_id=meeting.id,
            purpose="agenda curation", accepted=accepted,
        )  # fmt: skip
        return accepted


def set_screening(item_id: int, outcome: Screening, agency_id: int | None) -> None:
    """The coordinator's screening of one item; Single agency names the agency it goes to."""
    with transaction() as tx:
        item, state, meeting = _draft_item(tx, item_id)
        no_agency = agency_id is None or tx.get(Agency, agency_id) is None
        if outcome == Screening.SINGLE_AGENCY and no_agency:
            raise CurationError("Choose the agency a Single agency item goes to.")
        state.screening = outcome
        state.screening_agency_id = agency_id if outcome == Screening.SINGLE_AGENCY else None
        state.screening_by_coordinator = True
        state.screening_reason = "set by the coordinator"
        audit.record(
            tx, "agenda.item_screened", object_type="agenda_item", object_id=item.id,
            purpose="agenda curation", meeting_id=meeting.id, screening=outcome.value,
        )  # fmt: skip
        arrange(tx, meeting)


def confirm_lists(user: User, meeting_id: int) -> int:
    """The meeting confirms the Single agency and Information only lists in one step."""
    with transaction() as tx:
        meeting = dao.meeting_by_id(tx, meeting_id)
        if meeting is None or meeting.status != MeetingStatus.LIVE:
            raise CurationError("The lists are confirmed in a live meeting.")
        items = [i for i in dao.items_of_meeting(tx, meeting.id)
                 if i.status == AgendaItemStatus.PENDING]  # fmt: skip
        states = dao.states_of(tx, (i.id for i in items))
        done = 0
        for item in items:
            state = states.get(item.id)
            if state is None or state.screening not in LISTS:
                continue
            decision = _decision(tx, state.screening, state.screening_agency_id)
            _set_decision(tx, item.id, decision, user.id)
            if state.screening == Screening.SINGLE_AGENCY and state.screening_agency_id:
                agency_id = state.screening_agency_id
                tx.add(_action(item.id, item.family_id, agency_id, meeting.meeting_date, user))
            item.status = AgendaItemStatus.DISCUSSED
            item.status_reason = decision
            done += 1
        audit.record(
            tx, "meeting.triage_lists_confirmed", object_type="meeting", object_id=meeting.id,
            user_id=user.id, agency_id=user.agency_id, purpose="daily meeting", items=done,
        )  # fmt: skip
        return done


def _decision(tx: Session, screening: Screening, agency_id: int | None) -> str:
    if screening == Screening.SINGLE_AGENCY:
        agency = tx.get(Agency, agency_id) if agency_id else None
        return f"{LABELS[screening]}: routed to {agency.name if agency else 'an agency'}."
    return f"{LABELS[screening]}: noted, not discussed."


def _set_decision(tx: Session, item_id: int, text: str, user_id: int) -> None:
    row = tx.get(ItemField, (item_id, "decision"))
    if row is None:
        tx.add(ItemField(agenda_item_id=item_id, name="decision", value=text, version=1,
                         updated_by_id=user_id))  # fmt: skip
    elif not row.value.strip():
        row.value, row.version, row.updated_by_id = text, row.version + 1, user_id
        row.updated_at = utcnow()


def _action(item_id: int, family_id: int, agency_id: int, day: date, user: User) -> Action:
    return Action(
        agenda_item_id=item_id,
        family_id=family_id,
        description="Single agency: follow up the new incident (screened at triage).",
        lead_agency_id=agency_id,
        due_on=day + timedelta(days=SINGLE_AGENCY_DUE_DAYS),
        created_by_id=user.id,
    )
