"""Urgent alerts: a referral that meets MARAC criteria on its own (graded high, a DASH RIC score
at the threshold, a professional-judgement factor) and arrives after today's cut-off, or on a
day without a meeting, would otherwise wait for the next build. It is shown at once to the
coordinators (home page, agenda page, live page) and joins today's meeting, even a live one, in
one step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.intake.hooks import on_referrals_stored
from frontdoor.models import (
    AgendaSource,
    DashRisk,
    Meeting,
    MeetingStatus,
    Referral,
    RiskTool,
    UrgentAlert,
    User,
    utcnow,
)

from . import dao
from .build import MeetingItems, arrange
from .criteria import criteria_met
from .ordering import FamilyFacts
from .schedule import local_date
from .settings import criteria_settings, current_schedule


class AlertError(Exception):
    pass


def referral_criteria(referral: Referral) -> list[str]:
    """The MARAC criteria one referral meets by itself (escalation and repeat need history)."""
    facts = FamilyFacts(
        key=referral.id,
        new_referrals=1,
        high_dash=referral.dash_risk == DashRisk.HIGH,
        strangulation=bool(referral.strangulation),
        threats_to_kill=bool(referral.threats_to_kill),
        stalking=bool(referral.stalking),
        separation=bool(referral.separation),
        pregnancy_or_baby=bool(referral.pregnancy),
        dash_sl_score=referral.dash_score if referral.risk_tool == RiskTool.DASH_SL else None,
    )
    return [m.text for m in criteria_met(facts, criteria_settings())]


def _after_todays_cutoff(now: datetime) -> bool:
    schedule = current_schedule()
    today = local_date(now)
    return not schedule.is_meeting_date(today) or now >= schedule.cutoff(today)


@on_referrals_stored
def raise_alerts(referral_ids: Sequence[int], now: datetime | None = None) -> list[UrgentAlert]:
    """Called once referrals are stored: alert on each new one that meets criteria."""
    now = now or utcnow()
    if not _after_todays_cutoff(now):
        return []  # before the cut-off: today's build takes it, ordered first by the rules
    with transaction() as tx:
        made = []
        for referral in _fresh(tx, referral_ids):
            met = referral_criteria(referral)
            if met:
                made.append(UrgentAlert(referral_id=referral.id, reasons="\n".join(met)))
        tx.add_all(made)
        tx.flush()
        if made:  # one event per import, however many alerts it raised
            audit.record(
                tx, "agenda.urgent_alerts", object_type="referral", object_id=None,
                referral_ids=[a.referral_id for a in made][:1000], alerts=len(made),
            )  # fmt: skip
        return made


def _fresh(tx: Session, referral_ids: Sequence[int]) -> list[Referral]:
    alerted = select(UrgentAlert.referral_id).where(UrgentAlert.referral_id == Referral.id)
    sourced = select(AgendaSource.id).where(AgendaSource.referral_id == Referral.id)
    return list(
        tx.scalars(
            select(Referral).where(
                Referral.id.in_(list(referral_ids)), ~alerted.exists(), ~sourced.exists()
            )
        )
    )


@dataclass(frozen=True)
class AlertView:
    alert: UrgentAlert
    reasons: list[str]
    awaiting_identity: bool


def open_alerts(session: Session | None = None) -> list[AlertView]:
    session = session or db.session()
    rows = session.scalars(
        select(UrgentAlert)
        .options(joinedload(UrgentAlert.referral).joinedload(Referral.agency))
        .where(UrgentAlert.added_at.is_(None))
        .order_by(UrgentAlert.created_at.desc())
    )
    return [AlertView(a, a.reasons.splitlines(), a.referral.family_id is None) for a in rows]


def add_to_today(user: User, alert_id: int, now: datetime | None = None) -> int:
    """Put the alerted referral's family on today's meeting (draft or live); returns its id."""
    day = local_date(now or utcnow())
    with transaction() as tx:
        alert = tx.get(UrgentAlert, alert_id)
        if alert is None or alert.added_at is not None:
            raise AlertError("That alert has already been dealt with.")
        meeting = dao.meeting_on(tx, day)
        if meeting is None or meeting.status == MeetingStatus.CLOSED:
            raise AlertError("There is no open meeting today: build today's agenda first.")
        referral = alert.referral
        if referral.family_id is None:
            raise AlertError("Its people are awaiting identity resolution: resolve them first.")
        _join(tx, meeting, referral)
        alert.meeting_id, alert.added_at, alert.added_by_id = meeting.id, utcnow(), user.id
        audit.record(
            tx, "agenda.urgent_alert_added", object_type="meeting", object_id=meeting.id,
            user_id=user.id, agency_id=user.agency_id, referral_id=referral.id,
        )  # fmt: skip
        return meeting.id


def _join(tx: Session, meeting: Meeting, referral: Referral) -> None:
    assert referral.family_id is not None
    items = MeetingItems(tx, meeting)
    item, state = items.ensure(referral.family_id)
    items.flush()
    source = tx.scalar(select(AgendaSource).where(AgendaSource.referral_id == referral.id))
    if source is None:
        source = AgendaSource(meeting_id=meeting.id, referral_id=referral.id, after_cutoff=True)
        tx.add(source)
    source.agenda_item_id = item.id
    if meeting.status == MeetingStatus.DRAFT:
        arrange(tx, meeting)
    else:  # live: the new item goes straight after the item being discussed
        state.added_by_coordinator = True
        item.order_reason = "Added during the meeting from an urgent alert."
        tx.flush()
