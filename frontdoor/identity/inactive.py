"""Involvements with no activity for INVOLVEMENT_INACTIVE_DAYS end, after a notice.

The first run that finds an involvement inactive records the notice and tells the agency's
active managers (by e-mail through the outbox: a bare notice with a count, never a name). Any
activity (a referral, an action, preparation, an open-cases batch) clears the notice. A run at
least INVOLVEMENT_NOTICE_DAYS after the notice ends the involvement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..db import transaction
from ..mail import outbox
from ..models import Involvement, Role, User, UserRole, utcnow
from . import involvements

KIND = "involvement_ending"
outbox.register_kind(KIND, "Involvements about to end for lack of activity")


@dataclass(frozen=True)
class InactiveRun:
    noticed: int
    ended: int


def end_inactive(now: datetime | None = None) -> InactiveRun:
    now = now or utcnow()
    inactive_before = now - timedelta(days=current_app.config["INVOLVEMENT_INACTIVE_DAYS"])
    notice_before = now - timedelta(days=current_app.config["INVOLVEMENT_NOTICE_DAYS"])
    with transaction() as tx:
        last = func.coalesce(Involvement.last_activity_at, Involvement.created_at)
        rows = tx.scalars(
            select(Involvement).where(Involvement.ended_on.is_(None), last < inactive_before)
        ).all()
        to_notice = [r for r in rows if r.end_notice_at is None]
        to_end = [
            r for r in rows if r.end_notice_at is not None and r.end_notice_at <= notice_before
        ]
        for row in to_notice:
            row.end_notice_at = now
        for row in to_end:
            involvements.end(tx, row, now.date())
        _tell_managers(tx, to_notice)
        if to_notice or to_end:
            audit.record(tx, "involvements.inactive", object_type="involvement",
                         noticed=len(to_notice), ended=len(to_end))  # fmt: skip
        return InactiveRun(len(to_notice), len(to_end))


def _tell_managers(tx: Session, rows: list[Involvement]) -> None:
    by_agency: dict[int, int] = {}
    for row in rows:
        by_agency[row.agency_id] = by_agency.get(row.agency_id, 0) + 1
    for agency_id, count in by_agency.items():
        managers = tx.scalars(
            select(User.id).join(UserRole).where(
                User.agency_id == agency_id, User.active, UserRole.role == Role.MANAGER)
        ).all()  # fmt: skip
        days = current_app.config["INVOLVEMENT_NOTICE_DAYS"]
        for user_id in managers:
            outbox.notify_user(
                tx, user_id, KIND, title=f"{count} involvement(s) will end in {days} days",
                path="/", details=[("Involvements ending", str(count))],
                reference=f"involvements-ending:{agency_id}",
            )  # fmt: skip
