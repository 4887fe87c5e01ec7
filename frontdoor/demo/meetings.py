"""Holding one past meeting of the demo's history through the live meeting's own services.

Attendance (joins, confidentiality, apologies), each family in turn (the chair moves to it, so
its time is banked), the chair's review of incomplete actions, risk / decision / MARAC, the
actions agreed with their leads and due dates — then the meeting is closed, which freezes the
minutes. Every step runs with the clock set to when it would have happened (`clock_at`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from agenda.consent import consent_of, record_decision
from agenda.live import meeting as live
from agenda.live.access import Member
from agenda.live.actions import create_action
from agenda.live.fields import write_field
from agenda.minutes.service import close_meeting
from agenda.schedule import local_to_utc
from agenda.tracking import dao as tracking_dao
from agenda.tracking.reviews import record_review
from agenda.tracking.service import complete

from ..db import db, transaction
from ..models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSource,
    Meeting,
    User,
)
from ..models.base import clock_at
from .agreed import agreed_outcome
from .sampling import pool

_ACTIONS_PER_FAMILY = pool("1:45 2:40 3:15", underscore_is_space=False)
_DUE_IN_DAYS = pool("2:10 3:15 5:25 7:25 10:15 14:10", underscore_is_space=False)
# What the lead does: done before the due date, done after it, or nothing (left to the chair).
_FATE = pool("on_time:55 late:20 none:25", underscore_is_space=False)
_REVIEW = pool("done:40 carried:20 carried_new_date:15 not_done:25", underscore_is_space=False)
_APOLOGIES = 0.12
_NO_DECISION = 0.05  # not reached before the meeting closed: deferred to the next meeting
_NEW_ACTION_AT_REVIEW = 0.3
_REVIEWED = 0.75

_LEADS = pool(
    "police:22 csc:18 dvs:18 housing:12 health:10 probation:8 asc:6 education:6",
    underscore_is_space=False,
)
_TASKS = {
    "police": ("Review bail conditions and update the victim", "Complete a DASH re-assessment"),
    "csc": ("Strategy discussion about the children", "Carry out a home visit with the family"),
    "dvs": ("Offer IDVA support to the victim", "Agree a safety plan with the victim"),
    "housing": ("Check the tenancy and offer a management transfer", "Fit additional security"),
    "health": ("Share the concern with the GP practice", "Health visitor to follow up"),
    "probation": ("Check licence conditions with the offender manager", "Refer to a DAPP"),
    "asc": ("Assess care and support needs", "Safeguarding adults enquiry (s.42)"),
    "education": ("Designated safeguarding lead to see the children", "Monitor attendance"),
}
_MARAC_DECISION = "Refer to MARAC; safety planning with the victim before the conference."
_DECISIONS = (
    "Information shared; agencies to act as below. Review if there is a further incident.",
    "Single-agency response by the lead agency; no further multi-agency action needed.",
    "Children's social care to lead a strategy discussion; partners to share by Friday.",
    "Victim declined support at present; keep the offer open and inform the GP.",
)
_APOLOGY_TEXTS = ("On leave", "In court today", "Covering another meeting", "Training day")
_UPDATE_NOTES = ("Done as agreed.", "Completed; outcome recorded on our system.", "Visit made.")
_REVIEW_NOTES = ("Agency reported progress.", "Still in progress.", "No update received.")


@dataclass(frozen=True)
class Cast:
    """The demo users who take part: the chair and one partner per agency (by agency id)."""

    chair_id: int
    partners: dict[int, int]
    agency_ids: dict[str, int]


@dataclass(order=True)
class Completion:
    """A lead agency marking an action done (with `complete`, as its lead would) at `at`."""

    at: datetime
    action_id: int = field(compare=False)
    user_id: int = field(compare=False)


@dataclass
class MeetingResult:
    discussed: int = 0
    actions: list[tuple[int, date, int]] = field(default_factory=list)  # (id, due, lead user)
    reviews: int = 0
    content_hash: str = ""


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    """A UK local time on `day`, as the aware UTC datetime the services store."""
    return local_to_utc(day, time(hour, minute))


def hold(rng: random.Random, cast: Cast, meeting_id: int, starts: datetime) -> MeetingResult:
    """Hold the meeting from `starts` to its close; returns what was agreed."""
    result = MeetingResult()
    clock = starts
    with transaction() as tx:
        meeting = tx.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.chair_id = cast.chair_id
        with clock_at(clock - timedelta(minutes=5)):
            _attendance(rng, tx, cast, meeting)
        items = tx.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .where(AgendaItem.status == AgendaItemStatus.PENDING)
            .order_by(AgendaItem.position)
        ).all()
        for item in items:
            with clock_at(clock):
                _discuss(rng, tx, cast, item, result)
            clock += timedelta(minutes=rng.randint(2, 7), seconds=rng.randint(0, 59))
    chair = db.session().get(User, cast.chair_id)
    assert chair is not None
    with clock_at(clock):
        result.content_hash = close_meeting(chair, meeting_id).content_hash
    return result


def _attendance(rng: random.Random, tx: Session, cast: Cast, meeting: Meeting) -> None:
    everyone = [cast.chair_id, *sorted(cast.partners.values())]
    for user_id in everyone:
        user = tx.get(User, user_id)
        assert user is not None
        if user_id != cast.chair_id:
            live.set_invited(tx, meeting.id, user_id, user.agency_id, True)
        if user_id != cast.chair_id and rng.random() < _APOLOGIES:
            live.record_apologies(tx, meeting.id, user_id, rng.choice(_APOLOGY_TEXTS))
            continue
        member = Member(
            meeting.id, user_id, user.agency_id, user.display_name, user.agency.name,
            is_chair=user_id == cast.chair_id, accepted=False,
        )  # fmt: skip
        live.accept_confidentiality(tx, member)


def _discuss(
    rng: random.Random, tx: Session, cast: Cast, item: AgendaItem, result: MeetingResult
) -> None:
    live.navigate(tx, item.meeting_id, item)
    reviewed = _review_earlier_actions(rng, tx, cast, item)
    result.reviews += reviewed
    agreed = agreed_outcome(rng, *_assessed(tx, item))
    write_field(tx, item.id, "risk", agreed.risk, 0, cast.chair_id)
    write_field(tx, item.id, "marac", agreed.marac, 0, cast.chair_id)
    if rng.random() < _NO_DECISION:
        return
    decision = _MARAC_DECISION if agreed.marac == "yes" else rng.choice(_DECISIONS)
    if agreed.reason:
        decision = f"{agreed.reason} {decision}"
    write_field(tx, item.id, "decision", decision, 0, cast.chair_id)
    if consent_of(tx, item).needs_decision:  # refused or not known: the meeting says why
        record_decision(tx, item, _CONSENT_DECISION, cast.chair_id)
    result.discussed += 1
    for _ in range(_how_many_actions(rng, tx, item, reviewed)):
        code = _LEADS.pick(rng)
        agency_id = cast.agency_ids[code]
        named = cast.partners[agency_id] if rng.random() < 0.6 else None
        due = _weekday(item.meeting.meeting_date + timedelta(days=int(_DUE_IN_DAYS.pick(rng))))
        payload: dict[str, object] = {
            "description": rng.choice(_TASKS[code]),
            "lead_agency_id": agency_id,
            "lead_user_id": named,
            "due_on": due.isoformat(),
            "agency_agreed": rng.random() < 0.9,  # the chair records the agency's agreement
        }
        action = create_action(tx, item, payload, cast.chair_id)
        result.actions.append((action.id, due, cast.partners[agency_id]))


def _assessed(tx: Session, item: AgendaItem) -> tuple[list[str], list[str]]:
    """The assessed levels of the item's new incidents and the MARAC criteria it meets."""
    levels = [
        s.referral.dash_risk.value if s.referral.dash_risk else ""
        for s in tx.scalars(select(AgendaSource).where(AgendaSource.agenda_item_id == item.id))
    ]
    state = tx.get(AgendaItemState, item.id)
    return levels, state.criteria.splitlines() if state and state.criteria else []


_CONSENT_DECISION = {
    "grounds": ["serious_harm_victim"],
    "justification": "High risk of serious harm; sharing is needed to plan her safety.",
    "victim_told": "yes",
    "told_by": "IDVA (Leeds Domestic Violence Service)",
    "how_safely": "At a safe time agreed in her contact plan, when she is alone.",
}


def _weekday(day: date) -> date:
    """Due dates fall on weekdays (Saturday and Sunday move back to Friday)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _how_many_actions(rng: random.Random, tx: Session, item: AgendaItem, reviewed: int) -> int:
    """New referrals bring new actions; a family back only for its actions' review seldom does."""
    referred = tx.scalar(select(AgendaSource.id).where(AgendaSource.agenda_item_id == item.id))
    if referred is None and reviewed:
        return 1 if rng.random() < _NEW_ACTION_AT_REVIEW else 0
    return int(_ACTIONS_PER_FAMILY.pick(rng))


def _review_earlier_actions(rng: random.Random, tx: Session, cast: Cast, item: AgendaItem) -> int:
    """The chair's outcome for the family's open actions due by now (most of them: a busy
    meeting does not always get to every one, which leaves some overdue)."""
    day = item.meeting.meeting_date
    due = [
        a
        for a in tracking_dao.incomplete_for_item(tx, item)
        if a.status == ActionStatus.OPEN and a.due_on <= day and rng.random() < _REVIEWED
    ]
    for action in due:
        record_review(tx, item, action.id, _review(rng, day), cast.chair_id)
    return len(due)


def _review(rng: random.Random, day: date) -> dict[str, object]:
    kind = _REVIEW.pick(rng)
    data: dict[str, object] = {"note": rng.choice(_REVIEW_NOTES)}
    if kind == "done":
        data["outcome"] = "done"
    elif kind.startswith("carried"):
        data["outcome"] = "carried_forward"
        if kind == "carried_new_date":
            data["new_due_on"] = (day + timedelta(days=rng.choice((3, 5, 7)))).isoformat()
    else:
        data["outcome"] = "not_done"
        data["not_done_reason"] = rng.choice(("change_in_circumstance", "agency_did_not_act"))
    return data


def plan_completions(
    rng: random.Random, agreed: list[tuple[int, date, int]], on: date
) -> list[Completion]:
    """When each lead will mark its action done, if it will: before the due date or after."""
    plans = []
    for action_id, due, user_id in agreed:
        fate = _FATE.pick(rng)
        if fate == "none":
            continue
        if fate == "on_time":
            day = on + timedelta(days=rng.randint(1, max(1, (due - on).days)))
        else:
            day = due + timedelta(days=rng.randint(1, 20))
        plans.append(Completion(at_local(day, rng.randint(10, 16), rng.randint(0, 59)),
                                action_id, user_id))  # fmt: skip
    return plans


def complete_as_lead(plan: Completion) -> bool:
    """The lead marks the action done (through the tracking service) if it is still open."""
    session = db.session()
    action = session.get(Action, plan.action_id)
    user = session.get(User, plan.user_id)
    if action is None or user is None or action.status != ActionStatus.OPEN:
        session.rollback()
        return False
    session.rollback()
    with clock_at(plan.at):
        complete(user, plan.action_id, _UPDATE_NOTES[plan.action_id % len(_UPDATE_NOTES)])
    return True
