"""Records for the retention tests, each made at a known moment (T0) so that a purge can be run
"just inside" or "just outside" its period by moving the purge's `now`, never the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from frontdoor.db import transaction
from frontdoor.models import (
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateKind,
    AgendaItemState,
    AgendaSection,
    AgendaSource,
    Attendance,
    BatchStatus,
    ChangeKind,
    Channel,
    DocumentUpdate,
    IdentityKey,
    ImportBatch,
    ItemClock,
    ItemField,
    Meeting,
    MeetingLiveState,
    MeetingStatus,
    Notification,
    NotificationKind,
    PartnerPreparation,
    PersonChange,
    PersonRecord,
    PreparationKind,
    QuarantinedRow,
    QuarantineStatus,
    Referral,
    ReferralDraft,
    ReferralPerson,
    ReferralPersonEntry,
    ReferralRevision,
    ReferralRole,
    ReviewOutcomeKind,
    ReviewPair,
    SelfClaimedAccess,
    User,
)

from . import cases, rows
from .rows import serial, yjs_update


def period(app: Flask, kind: str) -> int:
    """The configured days of a kind of record ("people (unresolved record)" -> "people")."""
    return int(app.config["RETENTION_DAYS"][kind.split(" ")[0]])


def batch(tx: Session, agency_id: int, at: datetime, *, raw: bool = False) -> ImportBatch:
    row = ImportBatch(
        agency_id=agency_id,
        channel=Channel.POLICE_EXPORT,
        file_sha256=f"{serial():064d}",
        status=BatchStatus.REJECTED if raw else BatchStatus.PROCESSED,
        rejected_content=b"victim,address\nAlice,1 Road" if raw else None,
        errors=["'Alice' is not one of: ..."] if raw else [],
        created_at=at,
    )
    tx.add(row)
    tx.flush()
    return row


def quarantined(
    tx: Session, batch_row: ImportBatch, at: datetime, *, resolved: bool, referral_id: int | None
) -> QuarantinedRow:
    row = QuarantinedRow(
        batch_id=batch_row.id,
        agency_id=batch_row.agency_id,
        row_number=serial(),
        raw={"surname": "Example"},
        raw_hash=f"{serial():064d}",
        reasons=[{"field": "dob", "message": "bad"}],
        status=QuarantineStatus.DISCARDED if resolved else QuarantineStatus.OPEN,
        resolved_at=at if resolved else None,
        referral_id=referral_id,
        created_at=at,
    )
    tx.add(row)
    tx.flush()
    return row


@dataclass(frozen=True)
class FullCase:
    family_id: int
    meeting_id: int
    item_id: int
    action_id: int
    person_ids: tuple[int, int]


def close(tx: Session, meeting_id: int) -> None:
    """Close a meeting as the minutes do: its rows are then frozen by database triggers."""
    tx.execute(update(Meeting).where(Meeting.id == meeting_id).values(status=MeetingStatus.CLOSED))


def full_case(app: Flask, user: User, t0: datetime, *, closed: bool = True) -> FullCase:
    """A family with a row in every table that holds case data, all dated T0; its meeting is
    closed (without minutes) unless asked otherwise."""
    case = cases.family_case(app, user.agency_id, withheld=True)
    with app.app_context(), transaction() as tx:
        perpetrator_record = tx.scalars(
            select(PersonRecord.id).where(PersonRecord.person_id == case.perpetrator_id)
        ).one()
        ref = _referral_with_intake(tx, user, case, t0)
        item_id, meeting_id = _agenda_with_live_rows(tx, user, case.family_id, ref.id, t0)
        action_id = _action_with_tracking(tx, user, case.family_id, item_id, meeting_id, t0)
        _identity_and_access_rows(tx, user, case, perpetrator_record, t0)
        if closed:
            close(tx, meeting_id)
    return FullCase(
        case.family_id, meeting_id, item_id, action_id, (case.victim_id, case.perpetrator_id)
    )


def _referral_with_intake(tx: Session, user: User, case: cases.Case, t0: datetime) -> Referral:
    ref = rows.referral(tx, user.agency_id, received_at=t0, family_id=case.family_id)
    record_id = case.victim_record_id
    tx.add(ReferralPerson(referral_id=ref.id, person_record_id=record_id, role=ReferralRole.VICTIM))
    tx.add(
        ReferralPersonEntry(
            referral_id=ref.id,
            person_key="victim",
            role=ReferralRole.VICTIM,
            person_hash="p" * 64,
            row_hash="r" * 64,
            person_record_id=record_id,
        )
    )
    batch_row = batch(tx, user.agency_id, t0)
    tx.add(
        ReferralRevision(
            referral_id=ref.id,
            version=1,
            batch_id=batch_row.id,
            change="new",
            incident={},
            people=[],
        )
    )
    quarantined(tx, batch_row, t0, resolved=True, referral_id=ref.id)
    tx.add(ReferralDraft(user_id=user.id, agency_id=user.agency_id, data={}, referral_id=ref.id))
    return ref


def _agenda_with_live_rows(
    tx: Session, user: User, family_id: int, referral_id: int, t0: datetime
) -> tuple[int, int]:
    meeting_row = rows.meeting(tx, t0.date())
    item = rows.item(tx, meeting_row.id, family_id)
    tx.add_all(
        [
            AgendaItemState(agenda_item_id=item.id, section=AgendaSection.CHILDREN),
            AgendaSource(
                meeting_id=meeting_row.id, referral_id=referral_id, agenda_item_id=item.id
            ),
            DocumentUpdate(
                agenda_item_id=item.id, field="notes", payload=yjs_update("Seen"), user_id=user.id
            ),
            ItemField(agenda_item_id=item.id, name="risk", value="high", version=1),
            ItemClock(agenda_item_id=item.id, seconds=60),
            MeetingLiveState(meeting_id=meeting_row.id, current_item_id=item.id, version=1),
            PartnerPreparation(
                agenda_item_id=item.id,
                agency_id=user.agency_id,
                author_id=user.id,
                kind=PreparationKind.FACT,
                text="Known to us",
            ),
            Attendance(meeting_id=meeting_row.id, user_id=user.id, agency_id=user.agency_id),
        ]
    )
    return item.id, meeting_row.id


def _action_with_tracking(
    tx: Session, user: User, family_id: int, item_id: int, meeting_id: int, t0: datetime
) -> int:
    action = rows.action(
        tx, family_id, user.agency_id, description="Visit", due_on=t0.date(),
        agenda_item_id=item_id, status=ActionStatus.DONE, completed_at=t0, created_at=t0,
    )  # fmt: skip
    tx.add_all(
        [
            ActionUpdate(
                action_id=action.id,
                author_id=user.id,
                agency_id=user.agency_id,
                kind=ActionUpdateKind.COMPLETED,
                note="Done",
            ),
            ActionReview(
                action_id=action.id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                outcome=ReviewOutcomeKind.DONE,
                recorded_by_id=user.id,
            ),
            Notification(
                user_id=user.id,
                kind=NotificationKind.ACTION_ASSIGNED,
                action_id=action.id,
                occasion=t0.isoformat(),
            ),
        ]
    )
    return action.id


def _identity_and_access_rows(
    tx: Session, user: User, case: cases.Case, perpetrator_record: int, t0: datetime
) -> None:
    day = t0.date()
    pair = ReviewPair(
        person_record_id=perpetrator_record,
        candidate_person_id=case.victim_id,
        candidate_record_id=case.victim_record_id,
        weight=1.0,
        probability=0.5,
        reason="test",
        explanation={},
    )
    tx.add(pair)
    tx.flush()
    rows.involvement(tx, user.agency_id, family_id=case.family_id, since=day, ended_on=day)
    rows.involvement(tx, user.agency_id, person_id=case.victim_id, since=day, ended_on=day)
    tx.add_all(
        [
            IdentityKey(key_hash=serial(), person_record_id=case.victim_record_id),
            PersonChange(
                kind=ChangeKind.SPLIT,
                from_person_id=case.perpetrator_id,
                to_person_id=case.victim_id,
                record_ids=[],
                review_pair_id=pair.id,
            ),
            SelfClaimedAccess(
                user_id=user.id,
                agency_id=user.agency_id,
                family_id=case.family_id,
                reason="Checking before a home visit tomorrow",
                expires_at=t0 + timedelta(hours=1),
            ),
        ]
    )
