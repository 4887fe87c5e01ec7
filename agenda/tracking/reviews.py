"""The chair's review of incomplete actions at a later meeting (SafeLives): each open action
agreed at an earlier meeting is recorded as done, carried forward (optionally to a new due
date) or not done — because of a change in circumstance, or because the agency did not act.

Done → the action is DONE (completed now); not done → NOT_DONE; carried forward → it stays
OPEN and comes back at the next meeting on or after its due date. One review per action per
meeting: recording again at the same meeting replaces the outcome (and the action's status).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from agenda.live.actions import action_dict
from frontdoor.audit.service import record
from frontdoor.models import (
    Action,
    ActionReview,
    ActionStatus,
    AgendaItem,
    NotDoneReason,
    ReviewOutcomeKind,
    utcnow,
)
from frontdoor.names import long_date

from . import dao
from .service import MAX_NOTE, review_words

STATUS_AFTER = {
    ReviewOutcomeKind.DONE: ActionStatus.DONE,
    ReviewOutcomeKind.CARRIED_FORWARD: ActionStatus.OPEN,
    ReviewOutcomeKind.NOT_DONE: ActionStatus.NOT_DONE,
}


class ReviewError(ValueError):
    """The review cannot be recorded as asked (the message says why)."""


def incomplete_actions(session: Session, item: AgendaItem) -> list[dict[str, object]]:
    """For `item:details`: the family's actions from earlier meetings still open (or reviewed
    at this meeting), each with the meeting it was agreed at and its reviews so far."""
    actions = dao.incomplete_for_item(session, item)
    reviews: dict[int, list[ActionReview]] = {}
    for review in dao.reviews_of(session, [a.id for a in actions]):
        reviews.setdefault(review.action_id, []).append(review)
    agreed = dao.meeting_dates(session, [a.agenda_item_id for a in actions if a.agenda_item_id])
    return [_shown(session, action, item, reviews.get(action.id, []), agreed) for action in actions]


def _shown(
    session: Session,
    action: Action,
    item: AgendaItem,
    reviews: list[ActionReview],
    agreed: dict[int, date],
) -> dict[str, object]:
    here = next((r for r in reviews if r.meeting_id == item.meeting_id), None)
    agreed_on = agreed.get(action.agenda_item_id or 0)
    return {
        **action_dict(session, action),
        "item_id": item.id,  # shown under this item; `agreed_item_id` is where it was agreed
        "agreed_item_id": action.agenda_item_id,
        "agreed_on": agreed_on.isoformat() if agreed_on else None,
        "agreed_on_text": long_date(agreed_on),
        "overdue": action.status == ActionStatus.OPEN and action.due_on < item.meeting.meeting_date,
        "review": review_dict(here) if here else None,
        "earlier_reviews": [review_dict(r) for r in reviews if r is not here],
    }


def review_dict(review: ActionReview) -> dict[str, Any]:
    return {
        "id": review.id,
        "meeting_id": review.meeting_id,
        "outcome": review.outcome.value,
        "not_done_reason": review.not_done_reason.value if review.not_done_reason else None,
        "note": review.note or "",
        "new_due_on": review.new_due_on.isoformat() if review.new_due_on else None,
        "new_due_on_text": long_date(review.new_due_on),
        "summary": review_words(review),
        "by": review.recorded_by.display_name if review.recorded_by else None,
    }


def _choice(enum_class: Any, value: object, message: str) -> Any:
    try:
        return enum_class(value)
    except ValueError as error:
        raise ReviewError(message) from error


def _checked(data: dict[str, Any], meeting_day: date) -> dict[str, Any]:
    outcome = _choice(
        ReviewOutcomeKind, data.get("outcome"), "Choose done, carried forward or not done."
    )
    reason = None
    if outcome == ReviewOutcomeKind.NOT_DONE:
        reason = _choice(
            NotDoneReason,
            data.get("not_done_reason"),
            "Say why it was not done: a change in circumstance, or the agency did not act.",
        )
    note = str(data.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        raise ReviewError(f"The note must be {MAX_NOTE} characters or fewer.")
    new_due = None
    if outcome == ReviewOutcomeKind.CARRIED_FORWARD and data.get("new_due_on"):
        try:
            new_due = date.fromisoformat(str(data["new_due_on"]))
        except ValueError as error:
            raise ReviewError("Enter the new due date as a date.") from error
        if new_due < meeting_day:
            raise ReviewError("The new due date cannot be before this meeting.")
    return {"outcome": outcome, "reason": reason, "note": note or None, "new_due": new_due}


def record_review(
    tx: Session, item: AgendaItem, action_id: object, data: dict[str, Any], by: int
) -> tuple[Action, ActionReview]:
    """Record (or re-record) the chair's outcome for one incomplete action of the item."""
    action = tx.get(Action, action_id) if isinstance(action_id, int) else None
    eligible = {a.id for a in dao.incomplete_for_item(tx, item)}
    if action is None or action.id not in eligible:
        raise ReviewError("That is not an incomplete action of this family.")
    checked = _checked(data, item.meeting.meeting_date)
    review = dao.review_at(tx, action.id, item.meeting_id)
    if review is None:
        review = ActionReview(
            action_id=action.id,
            meeting_id=item.meeting_id,
            agenda_item_id=item.id,
            outcome=checked["outcome"],
            recorded_by_id=by,
        )
        tx.add(review)
    else:
        review.updated_at = utcnow()
    review.outcome, review.not_done_reason = checked["outcome"], checked["reason"]
    review.note, review.new_due_on, review.recorded_by_id = checked["note"], checked["new_due"], by
    previous_due = action.due_on
    _apply(action, checked["outcome"], checked["new_due"])
    tx.flush()
    tx.refresh(review)
    record(
        tx,
        "action.reviewed",
        object_type="action",
        object_id=action.id,
        purpose="meeting",
        meeting_id=item.meeting_id,
        agenda_item_id=item.id,
        outcome=review.outcome.value,
        not_done_reason=review.not_done_reason.value if review.not_done_reason else None,
        previous_due_on=previous_due.isoformat(),
        due_on=action.due_on.isoformat(),
    )
    return action, review


def _apply(action: Action, outcome: ReviewOutcomeKind, new_due: date | None) -> None:
    action.status = STATUS_AFTER[outcome]
    if outcome == ReviewOutcomeKind.DONE:
        action.completed_at = action.completed_at or utcnow()
    else:
        action.completed_at = None
    if new_due is not None:
        action.due_on = new_due


def minutes_section(session: Session, item: AgendaItem) -> list[dict[str, Any]]:
    """For the frozen minutes (`agenda.minutes.snapshot.actions_section`): the chair's outcomes
    for earlier actions recorded at this item, with each action as it then stood."""
    return [
        {
            **review_dict(review),
            "action_id": review.action_id,
            "description": review.action.description,
            "lead_agency_id": review.action.lead_agency_id,
            "lead_agency": review.action.lead_agency.name,
            "due_on": review.action.due_on.isoformat(),
        }
        for review in dao.reviews_at_item(session, item.id)
    ]
