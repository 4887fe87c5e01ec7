"""Closing a meeting (freezing its minutes), addenda, and reading an agency's copy."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from agenda import marac
from agenda.consent import consent_of
from agenda.live import meeting as live_meeting
from agenda.live.documents import compact
from agenda.live.fields import read_fields
from frontdoor.access.redaction import scrub, withheld_values
from frontdoor.audit.service import record
from frontdoor.db import db, transaction
from frontdoor.models import (
    AgendaItemStatus,
    Meeting,
    MeetingLiveState,
    MeetingStatus,
    Minutes,
    MinutesAddendum,
    Role,
    User,
    utcnow,
)

from . import access, chain, dao, snapshot
from .freeze import MeetingClosed, ensure_open
from .redact import AgencyCopy, agency_copy

NOT_REACHED = "Not finished when the meeting closed: carried to the next meeting."
CONSENT_NOT_RECORDED = (
    "Not finished: the victim did not consent (or was not asked) and the meeting did not record "
    "why it shares without consent and whether she will be told. Carried to the next meeting."
)
DEFAULT_RETENTION_DAYS = 2555  # seven years; RETENTION_DAYS["minutes"] overrides, 0 keeps
MAX_ADDENDUM = 5000


class MinutesError(Exception):
    """A request about minutes that cannot be met; the message says why."""


class NotAllowed(MinutesError):
    pass


class NoSuchMinutes(MinutesError):
    """No such meeting, not closed yet, or not one the user may read (indistinguishable)."""


@dataclass(frozen=True)
class Closed:
    meeting_id: int
    minutes_id: int
    content_hash: str
    unfinished: list[int] = field(default_factory=list)


def close_meeting(user: User, meeting_id: int) -> Closed:
    """Freeze the meeting: finish its items, end its attendance, snapshot and hash it, close it."""
    _compact_texts(user, meeting_id)
    with transaction() as tx:
        meeting = dao.meeting_for_update(tx, meeting_id)
        if meeting is None:
            raise NoSuchMinutes(str(meeting_id))
        if not access.may_close(user, meeting):
            raise NotAllowed("Only the chair or a coordinator can close the meeting.")
        ensure_open(tx, meeting.id)
        now = utcnow()
        unfinished = _finish_items(tx, meeting, now)
        marac.record_meeting_decisions(tx, meeting)  # "MARAC referral: yes" refers the family
        tx.flush()  # the items and attendance change before the meeting is closed
        minutes = _freeze(tx, meeting, user, now, unfinished)
        record(
            tx,
            "meeting.closed",
            object_type="meeting",
            object_id=meeting.id,
            purpose="minutes",
            user_id=user.id,
            agency_id=user.agency_id,
            minutes_id=minutes.id,
            content_hash=minutes.content_hash,
            unfinished_item_ids=unfinished,
        )
        return Closed(meeting.id, minutes.id, minutes.content_hash, unfinished)


def _compact_texts(user: User, meeting_id: int) -> None:
    """Merge each text's keystroke updates into its snapshot first: once the meeting is closed
    its update rows are frozen with it (the merged text is the same)."""
    session = db.session()
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.status == MeetingStatus.CLOSED:
        return
    if access.may_close(user, meeting):
        for item_id, name in dao.texts_with_updates(session, meeting_id):
            compact(item_id, name)


def _freeze(
    tx: Session, meeting: Meeting, user: User, now: datetime, unfinished: list[int]
) -> Minutes:
    """Snapshot the record, close the meeting, and store the minutes with their hash."""
    frozen = snapshot.build(tx, meeting, closed_at=now, closed_by=user, unfinished=set(unfinished))
    text = snapshot.canonical(frozen)
    meeting.status = MeetingStatus.CLOSED
    tx.flush()
    minutes = Minutes(
        meeting_id=meeting.id,
        snapshot=text,
        content_hash=snapshot.content_hash(text),
        closed_at=now,
        closed_by_id=user.id,
        retain_until=_retain_until(now),
    )
    tx.add(minutes)
    tx.flush()
    return minutes


def _finish_items(tx: Session, meeting: Meeting, now: datetime) -> list[int]:
    """Bank the current item's time; items still pending become discussed (a decision was
    recorded) or deferred, so the next agenda carries them; end everyone's attendance."""
    state = tx.get(MeetingLiveState, meeting.id)
    if state is not None and state.current_item_id and state.current_since:
        live_meeting._bank_time(tx, state.current_item_id, state.current_since, now)
        state.current_since = None
    unfinished = []
    for item in dao.items_on_agenda(tx, meeting.id):
        if item.status != AgendaItemStatus.PENDING:
            continue
        decision = read_fields(tx, item.id)["decision"]["value"]
        if str(decision).strip() and consent_of(tx, item).needs_decision:
            item.status = AgendaItemStatus.DEFERRED  # not finished: sharing is not justified yet
            item.status_reason = CONSENT_NOT_RECORDED
            unfinished.append(item.id)
        elif str(decision).strip():
            item.status = AgendaItemStatus.DISCUSSED
        else:
            item.status = AgendaItemStatus.DEFERRED
            item.status_reason = NOT_REACHED
            unfinished.append(item.id)
    for row in dao.attendance(tx, meeting.id):
        if row.joined_at is not None and row.left_at is None:
            row.left_at = now
    return unfinished


def _retain_until(now: datetime) -> datetime | None:
    periods: dict[str, int] = current_app.config.get("RETENTION_DAYS", {})
    days = periods.get("minutes", DEFAULT_RETENTION_DAYS)
    return now + timedelta(days=days) if days > 0 else None


def add_addendum(user: User, meeting_id: int, text: str, item_id: int | None) -> MinutesAddendum:
    """Append a correction to closed minutes, chained to the last hash."""
    with transaction() as tx:
        meeting = tx.get(Meeting, meeting_id)
        minutes = dao.minutes_of(tx, meeting_id)
        if meeting is None or minutes is None:
            raise NoSuchMinutes("The meeting is not closed: change the record itself.")
        if not access.may_amend(user, meeting):
            raise NotAllowed("Only the chair or a coordinator can add to the minutes.")
        addendum = _append(tx, minutes, user, _checked(text), item_id)
        record(
            tx,
            "minutes.addendum_added",
            object_type="minutes",
            object_id=minutes.id,
            purpose="minutes correction",
            user_id=user.id,
            agency_id=user.agency_id,
            meeting_id=meeting_id,
            addendum_id=addendum.id,
            agenda_item_id=item_id,
        )
        return addendum


def _checked(text: str) -> str:
    text = text.strip()
    if not text or len(text) > MAX_ADDENDUM:
        raise MinutesError(f"Write the correction (at most {MAX_ADDENDUM} characters).")
    return text


def _append(
    tx: Session, minutes: Minutes, user: User, text: str, item_id: int | None
) -> MinutesAddendum:
    """The next addendum: scrubbed of withheld details, chained to the last hash."""
    items = {i["item_id"]: i for i in json.loads(minutes.snapshot)["items"]}
    if item_id is not None and item_id not in items:
        raise MinutesError("Choose a family from these minutes.")
    addenda = dao.addenda_of(tx, minutes.id)
    prev = addenda[-1].content_hash if addenda else minutes.content_hash
    addendum = MinutesAddendum(
        minutes_id=minutes.id,
        agenda_item_id=item_id,
        text=scrub(text, _withheld(tx, [i["family_id"] for i in items.values()])),
        author_id=user.id,
        agency_id=user.agency_id,
        created_at=utcnow(),
        prev_hash=prev,
    )
    addendum.content_hash = chain.addendum_hash(prev, addendum)
    tx.add(addendum)
    tx.flush()
    return addendum


def _withheld(session: Session, family_ids: list[int]) -> set[str]:
    values: set[str] = set()
    for family_id in set(family_ids):
        values |= withheld_values(session, family_id)
    return values


def read_copy(user: User, meeting_id: int, fmt: str) -> AgencyCopy:
    """The reader's agency's copy of the minutes; audited `minutes.viewed` / `.exported`."""
    with transaction() as tx:
        meeting = tx.get(Meeting, meeting_id)
        minutes = dao.minutes_of(tx, meeting_id)
        if meeting is None or minutes is None or not access.may_read(tx, user, meeting):
            raise NoSuchMinutes(str(meeting_id))
        copy = agency_copy(tx, user, minutes, dao.addenda_of(tx, minutes.id), utcnow())
        details: dict[str, Any] = {
            "user_id": user.id,
            "agency_id": user.agency_id,
            "meeting_id": meeting_id,
            "family_ids": copy.family_ids,
            "left_out_item_ids": copy.left_out_item_ids,
        }
        if fmt == "html":
            record(tx, "minutes.viewed", object_type="minutes", object_id=minutes.id, **details)
        else:
            record(
                tx,
                "minutes.exported",
                object_type="minutes",
                object_id=minutes.id,
                purpose="minutes export",
                format=fmt,
                **details,
            )
        return copy


def closed_meetings_for(user: User) -> list[tuple[Meeting, Minutes]]:
    return dao.closed_meetings(
        db.session(),
        user_id=user.id,
        agency_id=user.agency_id if user.has_role(Role.MANAGER) else None,
        everyone=user.has_role(Role.COORDINATOR),
    )


__all__ = [
    "AgencyCopy",
    "Closed",
    "MeetingClosed",
    "MinutesError",
    "NoSuchMinutes",
    "NotAllowed",
    "add_addendum",
    "close_meeting",
    "closed_meetings_for",
    "read_copy",
]
