"""The MARAC decision's consequences: a meeting's "MARAC referral: yes" becomes the family's
MARAC status (with its date and the date of the MARAC it goes to); the MARAC list; outcomes.

The next MARAC date comes from MARAC_DATES (ISO dates, comma-separated) or else from
MARAC_FIRST_DATE and MARAC_INTERVAL_DAYS (MARAC meets every 2-4 weeks; default every 14 days).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.models import Attendance, MaracReferral, Meeting, Role, User, utcnow
from frontdoor.names import family_label

from . import dao, marac_dao
from .live.fields import read_fields
from .marac_status import status_text

MAX_OUTCOME = 4000


class MaracError(ValueError):
    pass


def next_marac_date(after: date, config: Mapping[str, Any] | None = None) -> date | None:
    """The first MARAC on or after `after`, or None when no MARAC schedule is configured."""
    config = config if config is not None else current_app.config
    listed = config.get("MARAC_DATES")
    if listed:
        days = sorted(date.fromisoformat(d.strip()) for d in str(listed).split(",") if d.strip())
        return next((d for d in days if d >= after), None)
    first = config.get("MARAC_FIRST_DATE")
    if not first:
        return None
    start = date.fromisoformat(str(first))
    interval = int(config.get("MARAC_INTERVAL_DAYS", 14))
    if after <= start:
        return start
    steps = -(-(after - start).days // interval)
    return start + timedelta(days=steps * interval)


def record_meeting_decisions(tx: Session, meeting: Meeting) -> list[MaracReferral]:
    """Called as the meeting closes: each item whose "MARAC referral" is yes refers its family."""
    made = []
    for item in dao.items_of_meeting(tx, meeting.id):
        if read_fields(tx, item.id)["marac"]["value"] != "yes":
            continue
        if marac_dao.referral_for_item(tx, item.id) is not None:
            continue
        referral = MaracReferral(
            family_id=item.family_id,
            referred_on=meeting.meeting_date,
            meeting_id=meeting.id,
            agenda_item_id=item.id,
            marac_date=next_marac_date(meeting.meeting_date),
        )
        tx.add(referral)
        made.append(referral)
    tx.flush()
    for referral in made:
        audit.record(
            tx, "marac.referred", object_type="family", object_id=referral.family_id,
            meeting_id=meeting.id, marac_referral_id=referral.id,
        )  # fmt: skip
    return made


def family_status(family_id: int) -> str | None:
    return status_text(marac_dao.referrals_of_family(db.session(), family_id))


@dataclass(frozen=True)
class MaracRow:
    referral: MaracReferral
    family: str
    meeting_date: date | None


def marac_list(viewer: User) -> list[MaracRow]:
    """Coordinators see every referral; a partner those made at meetings they were invited to."""
    session = db.session()
    meeting_ids = None if viewer.has_role(Role.COORDINATOR) else _invited_meetings(session, viewer)
    rows = []
    dates = {m_id: day for m_id, day in session.execute(select(Meeting.id, Meeting.meeting_date))}
    for referral in marac_dao.all_referrals(session, meeting_ids):
        label = family_label(referral.family.label, referral.family_id)
        rows.append(MaracRow(referral, label, dates.get(referral.meeting_id or -1)))
    with transaction() as tx:
        audit.record(
            tx, "marac.list_viewed", object_type="marac_list", object_id=None,
            user_id=viewer.id, agency_id=viewer.agency_id, purpose="MARAC list",
            families=len(rows),
        )  # fmt: skip
    return rows


def _invited_meetings(session: Session, viewer: User) -> list[int]:
    return list(
        session.scalars(
            select(Attendance.meeting_id).where(
                Attendance.user_id == viewer.id, Attendance.invited.is_(True)
            )
        )
    )


def record_outcome(user: User, referral_id: int, outcome: str, marac_date: date | None) -> None:
    text = outcome.strip()
    if not text and marac_date is None:
        raise MaracError("Enter the MARAC's outcome or its date.")
    if len(text) > MAX_OUTCOME:
        raise MaracError(f"The outcome must be {MAX_OUTCOME:,} characters or fewer.")
    with transaction() as tx:
        referral = marac_dao.referral_by_id(tx, referral_id)
        if referral is None:
            raise MaracError("That MARAC referral does not exist.")
        if marac_date is not None:
            referral.marac_date = marac_date
        if text:
            referral.outcome = text
            referral.outcome_recorded_at = utcnow()
            referral.outcome_recorded_by_id = user.id
        audit.record(
            tx, "marac.outcome_recorded", object_type="family", object_id=referral.family_id,
            user_id=user.id, agency_id=user.agency_id, marac_referral_id=referral.id,
        )  # fmt: skip
