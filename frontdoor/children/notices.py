"""Operation Encompass and health notices, made in the transaction that imports the police file
and e-mailed through the outbox at once (due by 08:00 on the next school day).

For each person on each incident of the file (once: a notice exists at most once per kind,
incident and person):
* a child of school age — reception (4 on the 31 August before the incident's school year) to
  17 — gets an Encompass notice to their school's key adult; the police file's free-text school
  is matched to the register; an uncertain match waits for the coordinator to pick;
* a child not of school age, or with no school named, or whose school is not in the register,
  is on the tracker with that reason;
* a child under 5, and the victim when the file records a pregnancy (or a baby under 18
  months), get a health notice to the health address configured for their area.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access.withheld import forget
from ..mail import outbox
from ..models import (
    ChildNotice,
    NoticeKind,
    NoticeStatus,
    NotSentReason,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    School,
    utcnow,
)
from . import content, schooldays, schools
from .content import LONDON

outbox.register_kind("encompass", "Operation Encompass notices (to schools)", user_choice=False)
outbox.register_kind("health_notice", "Health visitor / school nurse notices", user_choice=False)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def school_age(born: date | None, day: date) -> bool | None:
    """Reception to 17 on `day`; None when the date of birth is not known."""
    if born is None:
        return None
    year_start = date(day.year if day.month >= 9 else day.year - 1, 8, 31)
    return age_on(born, year_start) >= 4 and age_on(born, day) <= 17


def on_police_import(tx: Session, referral_ids: Iterable[int], received_at: datetime) -> int:
    """Make (and send) the notices for these referrals; returns how many were made."""
    ids = sorted(set(referral_ids))
    if not ids:
        return 0
    forget(tx)  # the guard must know the details withheld by this very import
    tx.flush()
    due = schooldays.due_at(received_at, schooldays.terms(tx))
    existing = set(
        tx.execute(
            select(ChildNotice.kind, ChildNotice.referral_id, ChildNotice.person_record_id).where(
                ChildNotice.referral_id.in_(ids)
            )
        )
    )
    made = 0
    rows = tx.execute(
        select(ReferralPerson.role, PersonRecord, Referral)
        .join(PersonRecord, ReferralPerson.person_record_id == PersonRecord.id)
        .join(Referral, ReferralPerson.referral_id == Referral.id)
        .where(ReferralPerson.referral_id.in_(ids))
        .order_by(ReferralPerson.id)
    )
    for role, record, referral in rows:
        for kind, about in _notices_for(role, record, referral):
            if (kind, referral.id, record.id) in existing:
                continue
            _make(tx, kind, about, record, referral, due)
            made += 1
    return made


def _notices_for(
    role: ReferralRole, record: PersonRecord, referral: Referral
) -> list[tuple[NoticeKind, str]]:
    day = (referral.incident_at or referral.reported_at or utcnow()).astimezone(LONDON).date()
    found: list[tuple[NoticeKind, str]] = []
    if role is ReferralRole.CHILD:
        found.append((NoticeKind.ENCOMPASS, "school_age"))
        born = record.date_of_birth
        if born is not None and age_on(born, day) < 5:
            found.append((NoticeKind.HEALTH, "under_5"))
    elif role is ReferralRole.VICTIM and referral.pregnancy:
        found.append((NoticeKind.HEALTH, "pregnancy"))
    return found


def _make(
    tx: Session,
    kind: NoticeKind,
    about: str,
    record: PersonRecord,
    referral: Referral,
    due: datetime,
) -> ChildNotice:
    notice = ChildNotice(
        kind=kind, about=about, referral_id=referral.id, person_record_id=record.id,
        school_text=record.school, status=NoticeStatus.DUE, due_at=due,
    )  # fmt: skip
    tx.add(notice)
    tx.flush()
    if kind is NoticeKind.HEALTH:
        _route_health(tx, notice, record, referral)
    else:
        _route_encompass(tx, notice, record, referral)
    return notice


def _route_encompass(
    tx: Session, notice: ChildNotice, record: PersonRecord, referral: Referral
) -> None:
    day = (referral.incident_at or referral.reported_at or utcnow()).astimezone(LONDON).date()
    of_age = school_age(record.date_of_birth, day)
    if of_age is False:
        _not_sent(notice, NotSentReason.NOT_SCHOOL_AGE)
    elif not (record.school or "").strip():
        _not_sent(notice, NotSentReason.NO_SCHOOL)
    else:
        found = schools.match(
            tx, record.school or "", [record.postcode, referral.location_postcode]
        )
        if found.school_id is not None:
            notice.school_id = found.school_id
            send(tx, notice, record, referral)
        elif found.candidates:
            notice.candidates = json.dumps(list(found.candidates))
            notice.reason = NotSentReason.UNCERTAIN  # stays due: the coordinator picks
        else:
            _not_sent(notice, NotSentReason.NOT_IN_REGISTER)


def _route_health(
    tx: Session, notice: ChildNotice, record: PersonRecord, referral: Referral
) -> None:
    address = health_address([record.postcode, referral.location_postcode])
    if address is None:
        _not_sent(notice, NotSentReason.NO_HEALTH_ADDRESS)
        return
    notice.recipient = address
    send(tx, notice, record, referral)


def health_address(postcodes: Iterable[str | None]) -> str | None:
    """`HEALTH_NOTICE_ADDRESSES`: {"LS9": ..., "LS": ..., "*": ...}: district, area, default."""
    table: dict[str, str] = current_app.config.get("HEALTH_NOTICE_ADDRESSES") or {}
    for postcode in postcodes:
        normal = schools.normal_postcode(postcode)
        if normal and " " in normal and normal.split(" ")[0] in table:
            return table[normal.split(" ")[0]]
        area = schools.postcode_area(postcode)
        if area and area in table:
            return table[area]
    return table.get("*")


def _not_sent(notice: ChildNotice, reason: NotSentReason) -> None:
    notice.status, notice.reason = NoticeStatus.NOT_SENT, reason


def send(tx: Session, notice: ChildNotice, record: PersonRecord, referral: Referral) -> None:
    """Write the notice's e-mail (statutory fields and a one-time link) to the outbox."""
    school: School | None = tx.get(School, notice.school_id) if notice.school_id else None
    if notice.kind is NoticeKind.ENCOMPASS:
        if school is None or not school.key_adult_email:
            _not_sent(notice, NotSentReason.NO_KEY_ADULT)
            return
        notice.recipient = school.key_adult_email
    token = secrets.token_urlsafe(32)
    notice.token_hash = token_hash(token)
    days = int(current_app.config.get("ENCOMPASS_LINK_DAYS", 14))
    notice.link_expires_at = utcnow() + timedelta(days=days)
    fields = content.statutory(notice, record, referral)
    words = content.message(
        fields, outbox.link(f"/notices/{token}"), school.name if school else None
    )
    message = outbox.enqueue(
        tx,
        kind="encompass" if notice.kind is NoticeKind.ENCOMPASS else "health_notice",
        recipient=notice.recipient or "",
        content=words,
        reference=f"notice:{notice.id}",
    )
    tx.flush()
    notice.outbox_message_id = message.id
    notice.status, notice.reason, notice.candidates = NoticeStatus.SENT, None, None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
