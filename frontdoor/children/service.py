"""Children's notices: the tracker, the coordinator's pick of an uncertain school, the council's
key-adult e-mails, and the one-time acknowledgement by the school (or health team)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.service import record
from ..db import db, transaction
from ..models import (
    ChildNotice,
    NoticeKind,
    NoticeStatus,
    NotSentReason,
    OutboxStatus,
    School,
    utcnow,
)
from . import content, notices, schools

REASON_TEXT = {
    NotSentReason.NO_SCHOOL: "No school known (the police file names none)",
    NotSentReason.NOT_SCHOOL_AGE: "Child not of school age",
    NotSentReason.NOT_IN_REGISTER: "School not in the register",
    NotSentReason.UNCERTAIN: "Several schools are alike: pick one",
    NotSentReason.NO_KEY_ADULT: "The school has no key-adult e-mail yet",
    NotSentReason.NO_HEALTH_ADDRESS: "No health address configured for the area",
}


class NoticeError(ValueError):
    """A request about a notice that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class TrackerRow:
    id: int
    kind: str
    child: str
    police_reference: str
    school: str
    due_at: datetime
    status: str  # due / sent / acknowledged / not sent
    delivered_at: datetime | None
    acknowledged_at: datetime | None
    late: bool
    reason: str
    candidates: list[tuple[int, str]]


def tracker(session: Session, since: date | None = None) -> list[TrackerRow]:
    query = select(ChildNotice).order_by(ChildNotice.due_at.desc(), ChildNotice.id)
    if since is not None:
        query = query.where(
            ChildNotice.created_at
            >= datetime.combine(since, datetime.min.time(), tzinfo=content.LONDON)
        )
    now = utcnow()
    return [_row(session, n, now) for n in session.scalars(query.limit(1000))]


def _row(session: Session, notice: ChildNotice, now: datetime) -> TrackerRow:
    person = notice.person_record
    delivered = _delivered_at(notice)
    ids = json.loads(notice.candidates) if notice.candidates else []
    named = {s.id: s for s in session.scalars(select(School).where(School.id.in_(ids)))}
    return TrackerRow(
        id=notice.id,
        kind="Encompass" if notice.kind is NoticeKind.ENCOMPASS else "Health",
        child=" ".join(p for p in (person.given_name, person.surname) if p),
        police_reference=notice.referral.source_ref,
        school=notice.school.name if notice.school else (notice.school_text or ""),
        due_at=notice.due_at,
        status=notice.status.value.replace("_", " "),
        delivered_at=delivered,
        acknowledged_at=notice.acknowledged_at,
        late=is_late(notice, now),
        reason=REASON_TEXT.get(notice.reason, "") if notice.reason else "",
        candidates=[(i, f"{named[i].name} ({named[i].postcode or 'no postcode'})")
                    for i in ids if i in named],
    )  # fmt: skip


def _delivered_at(notice: ChildNotice) -> datetime | None:
    message = notice.outbox_message
    if message is None or message.status is not OutboxStatus.SENT:
        return None
    return message.sent_at


def is_late(notice: ChildNotice, now: datetime) -> bool:
    """Delivered after it was due, or still not delivered once due (a child not of school age
    is not owed a notice, so is never late)."""
    if notice.reason is NotSentReason.NOT_SCHOOL_AGE:
        return False
    delivered = _delivered_at(notice)
    return (delivered or now) > notice.due_at


def pick_school(notice_id: int, school_id: int, user_id: int) -> ChildNotice:
    """The coordinator settles an uncertain (or unmatched) school; the notice goes at once."""
    with transaction() as tx:
        notice = tx.get(ChildNotice, notice_id)
        school = tx.get(School, school_id)
        if notice is None or school is None or notice.kind is not NoticeKind.ENCOMPASS:
            raise NoticeError("No such notice or school.")
        if notice.status in (NoticeStatus.SENT, NoticeStatus.ACKNOWLEDGED):
            raise NoticeError("That notice has already been sent.")
        if notice.reason is NotSentReason.NOT_SCHOOL_AGE:
            raise NoticeError("The child is not of school age.")
        notice.school_id, notice.status = school.id, NoticeStatus.DUE
        notices.send(tx, notice, notice.person_record, notice.referral)
        record(tx, "children.pick_school", object_type="child_notice", object_id=notice.id,
               user_id=user_id, school_id=school.id)  # fmt: skip
        return notice


def set_key_adult(school_id: int, email: str | None, user_id: int | None) -> int:
    """Record a school's key-adult e-mail; notices waiting for it are sent. Returns how many."""
    with transaction() as tx:
        school = tx.get(School, school_id)
        if school is None:
            raise NoticeError("No such school.")
        if email and "@" not in email:
            raise NoticeError("Enter an e-mail address, like name@school.example.sch.uk.")
        school.key_adult_email = email or None
        record(tx, "children.key_adult", object_type="school", object_id=school.id,
               user_id=user_id)  # fmt: skip
        return _send_waiting(tx, [school.id]) if email else 0


def import_key_adults(data: bytes, user_id: int | None) -> schools.ImportResult:
    with transaction() as tx:
        result = schools.import_key_adults(tx, data)
        tx.flush()
        _send_waiting(tx, list(tx.scalars(select(School.id))))
        record(tx, "children.key_adults_import", user_id=user_id, updated=result.updated)
        return result


def _send_waiting(tx: Session, school_ids: list[int]) -> int:
    waiting = tx.scalars(
        select(ChildNotice).where(
            ChildNotice.school_id.in_(school_ids),
            ChildNotice.reason == NotSentReason.NO_KEY_ADULT,
        )
    ).all()
    for notice in waiting:
        notice.status = NoticeStatus.DUE
        notices.send(tx, notice, notice.person_record, notice.referral)
    return len(waiting)


@dataclass(frozen=True)
class Opened:
    fields: content.Statutory | None  # None once acknowledged: the link works once
    school: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


def open_notice(token: str) -> Opened:
    """What the one-time link shows: the statutory fields until it is acknowledged."""
    notice = _by_token(db.session(), token)
    if notice.acknowledged_at is not None:
        return Opened(None, None, notice.acknowledged_at, notice.acknowledged_by)
    fields = content.statutory(notice, notice.person_record, notice.referral)
    return Opened(fields, notice.school.name if notice.school else None, None, None)


def acknowledge(token: str, name: str) -> None:
    name = name.strip()
    if not name:
        raise NoticeError("Enter your name.")
    with transaction() as tx:
        notice = _by_token(tx, token)
        if notice.acknowledged_at is None:
            notice.acknowledged_at, notice.acknowledged_by = utcnow(), name[:120]
            notice.status = NoticeStatus.ACKNOWLEDGED
            record(tx, "children.notice_acknowledged", object_type="child_notice",
                   object_id=notice.id)  # fmt: skip


def _by_token(session: Session, token: str) -> ChildNotice:
    notice = session.scalar(
        select(ChildNotice).where(ChildNotice.token_hash == notices.token_hash(token))
    )
    expires = notice.link_expires_at if notice is not None else None
    if notice is None or expires is None or expires < utcnow():
        raise LookupError("no such link")
    return notice


def school_list(session: Session) -> list[School]:
    return list(session.scalars(select(School).order_by(School.name).limit(5000)))
