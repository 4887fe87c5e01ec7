"""Who is in contact, kept current: the only writer of `involvements` outside the demo.

An agency's involvement with a person (or a family) is created or refreshed when:
* it refers the person (police file, API, web form): when the record is resolved to a person;
* an action is given to it for a family, or one of its partners records preparation for one;
* it sends the person as an open case (API, CSV, drop folder; see `open_cases`).
Each records since when, where it came from, and the lead flag. A case the agency closes ends
its involvement; one with no activity for INVOLVEMENT_INACTIVE_DAYS ends after a notice to the
agency's managers (`end_inactive`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Involvement, utcnow


def refresh(
    tx: Session,
    agency_id: int,
    *,
    source: str,
    person_id: int | None = None,
    family_id: int | None = None,
    source_ref: str | None = None,
    is_lead: bool | None = None,
    lead_worker: str | None = None,
    since: date | None = None,
    now: datetime | None = None,
) -> Involvement:
    """The agency's open involvement with the person or family, created or kept current."""
    assert (person_id is None) != (family_id is None)
    now = now or utcnow()
    row = open_involvement(tx, agency_id, person_id=person_id, family_id=family_id)
    if row is None:
        row = Involvement(agency_id=agency_id, person_id=person_id, family_id=family_id,
                          since=since or now.date(), source=source[:40], is_lead=False)  # fmt: skip
        tx.add(row)
    elif since is not None and since < row.since:
        row.since = since
    row.last_activity_at = now
    row.updated_at = now
    row.end_notice_at = None
    row.source_ref = source_ref or row.source_ref
    if is_lead is not None and family_id is None:  # a family's one lead is set by the meeting
        row.is_lead = is_lead
    if lead_worker:
        row.lead_worker = lead_worker[:200]
    return row


def open_involvement(
    session: Session, agency_id: int, *, person_id: int | None, family_id: int | None
) -> Involvement | None:
    query = select(Involvement).where(
        Involvement.agency_id == agency_id, Involvement.ended_on.is_(None)
    )
    if person_id is not None:
        query = query.where(Involvement.person_id == person_id)
    else:
        query = query.where(Involvement.family_id == family_id)
    return session.scalars(query.order_by(Involvement.id)).first()


def end(tx: Session, row: Involvement, on: date) -> None:
    row.ended_on = on
    row.is_lead = False
    row.updated_at = utcnow()
