"""Retention of case data (docs/security.md, "Data inventory and retention").

Each kind of record is made at T0, then purged with `now` one day inside and one day outside
its period: kept inside, gone (or emptied) outside. A family with any activity in the period is
kept whole; a family past it goes with every row about it, on SQLite and PostgreSQL, leaving
no orphans and no broken foreign key; each purge is one audit event with counts only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdoor.audit.chain import verify
from frontdoor.config import RETENTION_DEFAULTS
from frontdoor.db import db, transaction
from frontdoor.models import (
    AuditEvent,
    Base,
    DocumentSnapshot,
    DocumentUpdate,
    Family,
    ImportBatch,
    Meeting,
    Notification,
    NotificationKind,
    Person,
    PersonRecord,
    QuarantinedRow,
    Referral,
    ReferralDraft,
    ReferralRevision,
    Role,
    User,
    utcnow,
)
from frontdoor.retention import CLEARED_REFERENCES, POLICIES, PURGED_TABLES, purge_expired

from ..factories import Factory, rows
from ..factories import retention as rc

Build = Callable[[Flask, User, datetime], int]
Probe = Callable[[Session, int], bool]


@dataclass(frozen=True)
class Kind:
    build: Build
    present: Probe


def _in_tx(app: Flask, work: Callable[[Session], int]) -> int:
    with app.app_context(), transaction() as tx:
        return work(tx)


def _family(app: Flask, user: User, t0: datetime) -> int:
    return rc.full_case(app, user, t0).family_id


def _unlinked_referral(app: Flask, user: User, t0: datetime) -> int:
    return _in_tx(
        app, lambda tx: rows.referral(tx, user.agency_id, received_at=t0, family_id=None).id
    )


def _index_person(app: Flask, user: User, t0: datetime) -> int:
    def make(tx: Session) -> int:
        person = Person(created_at=t0)
        tx.add(person)
        tx.flush()
        tx.add(
            PersonRecord(
                agency_id=user.agency_id, person_id=person.id, source="index", surname="Solo"
            )
        )
        return person.id

    return _in_tx(app, make)


def _unresolved_record(app: Flask, user: User, t0: datetime) -> int:
    def make(tx: Session) -> int:
        row = PersonRecord(agency_id=user.agency_id, source="index", surname="Loose", created_at=t0)
        tx.add(row)
        tx.flush()
        return row.id

    return _in_tx(app, make)


def _empty_meeting(app: Flask, user: User, t0: datetime) -> int:
    return _in_tx(app, lambda tx: rows.meeting(tx, t0.date()).id)


def _raw_batch(app: Flask, user: User, t0: datetime) -> int:
    def make(tx: Session) -> int:
        row = rc.batch(tx, user.agency_id, t0, raw=True)
        ref = rows.referral(
            tx, user.agency_id, received_at=t0, family_id=None
        )  # keeps the batch row itself
        revision = ReferralRevision(
            referral_id=ref.id, version=1, batch_id=row.id, change="new", incident={}, people=[]
        )
        tx.add(revision)
        return row.id

    return _in_tx(app, make)


def _raw_kept(session: Session, batch_id: int) -> bool:
    row = session.get(ImportBatch, batch_id)
    assert row is not None
    return row.rejected_content is not None and bool(row.errors)


def _batch(app: Flask, user: User, t0: datetime) -> int:
    return _in_tx(app, lambda tx: rc.batch(tx, user.agency_id, t0).id)


def _quarantined(resolved: bool) -> Build:
    def build(app: Flask, user: User, t0: datetime) -> int:
        def make(tx: Session) -> int:
            row = rc.batch(tx, user.agency_id, t0)
            return rc.quarantined(tx, row, t0, resolved=resolved, referral_id=None).id

        return _in_tx(app, make)

    return build


def _draft(app: Flask, user: User, t0: datetime) -> int:
    def make(tx: Session) -> int:
        row = ReferralDraft(user_id=user.id, agency_id=user.agency_id, data={}, created_at=t0)
        tx.add(row)
        tx.flush()
        return row.id

    return _in_tx(app, make)


def _live_updates(app: Flask, user: User, t0: datetime) -> int:
    return rc.full_case(app, user, t0, closed=False).item_id  # nobody closed the meeting


def _updates_left(session: Session, item_id: int) -> bool:
    count = session.scalar(select(func.count()).where(DocumentUpdate.agenda_item_id == item_id))
    snapshot = session.get(DocumentSnapshot, (item_id, "notes"))
    if not count:  # compacted: the text survives in the snapshot
        assert snapshot is not None and snapshot.text == "Seen"
    return bool(count)


def _notification(app: Flask, user: User, t0: datetime) -> int:
    action_id = rc.full_case(app, user, t0).action_id

    def make(tx: Session) -> int:
        row = Notification(
            user_id=user.id,
            kind=NotificationKind.ACTION_OVERDUE,
            action_id=action_id,
            occasion="due",
            created_at=t0,
        )
        tx.add(row)
        tx.flush()
        return row.id

    return _in_tx(app, make)


def _exists(model: type[Base]) -> Probe:
    return lambda session, row_id: session.get(model, row_id) is not None


KINDS: dict[str, Kind] = {
    "families": Kind(_family, _exists(Family)),
    "referrals": Kind(_unlinked_referral, _exists(Referral)),
    "people": Kind(_index_person, _exists(Person)),
    "people (unresolved record)": Kind(_unresolved_record, _exists(PersonRecord)),
    "meetings": Kind(_empty_meeting, _exists(Meeting)),
    "intake_raw": Kind(_raw_batch, _raw_kept),
    "import_batches": Kind(_batch, _exists(ImportBatch)),
    "quarantined_rows": Kind(_quarantined(True), _exists(QuarantinedRow)),
    "quarantined_rows_open": Kind(_quarantined(False), _exists(QuarantinedRow)),
    "referral_drafts": Kind(_draft, _exists(ReferralDraft)),
    "live_document_updates": Kind(_live_updates, _updates_left),
    "notifications": Kind(_notification, _exists(Notification)),
}


@pytest.mark.parametrize("side", ["inside", "outside"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_record_is_kept_inside_its_period_and_purged_outside_it(
    app: Flask, factory: Factory, kind: str, side: str
) -> None:
    user = factory.user([Role.PARTNER])
    t0 = utcnow()
    row_id = KINDS[kind].build(app, user, t0)
    days = rc.period(app, kind) + (-1 if side == "inside" else 1)
    with app.app_context():
        purged = purge_expired(now=t0 + timedelta(days=days))
        present = KINDS[kind].present(db.session(), row_id)
    assert present is (side == "inside"), purged
    count_key = kind.split(" ")[0]
    assert (purged[count_key] > 0) is (side == "outside") or count_key == "people"


def test_every_configured_period_has_a_policy_and_an_environment_variable() -> None:

    policies = {policy.name for policy in POLICIES} | {"live_document_updates"}
    assert policies == set(RETENTION_DEFAULTS)
    assert all(var.startswith("RETENTION_") for var, _ in RETENTION_DEFAULTS.values())


# ---- a whole case, on every backend ---------------------------------------------------------

CASE_TABLES = sorted(
    t.name
    for t in Base.metadata.sorted_tables
    if t.name
    not in {
        "agencies",
        "users",
        "user_roles",
        "user_sessions",
        "audit_events",
        "sharing_agreements",
    }
    and t.name not in {"audit_chain_tip", "totp_credentials", "sign_in_failures", "api_keys"}
    and t.name not in {"oidc_identities", "meeting_schedule_settings", "non_meeting_dates"}
    and t.name not in {"identity_name_counts"}
)


def _counts(session: Session) -> dict[str, int]:
    return {
        name: int(session.scalar(select(func.count()).select_from(Base.metadata.tables[name])) or 0)
        for name in CASE_TABLES
    }


def _purge_a_whole_case(app: Flask, factory: Factory) -> None:
    user = factory.user([Role.PARTNER])
    t0 = utcnow()
    rc.full_case(app, user, t0)
    with app.app_context():
        before = _counts(db.session())
        audit_before = db.session().scalar(select(func.count(AuditEvent.id)))
        purged = purge_expired(now=t0 + timedelta(days=rc.period(app, "families") + 1))
        after = _counts(db.session())
        audit_after = db.session().scalar(select(func.count(AuditEvent.id)))
        assert verify(db.session()) == []
        again = purge_expired(now=t0 + timedelta(days=rc.period(app, "families") + 2))
    assert set(again.values()) == {0}  # nothing left to purge, and nothing breaks
    assert purged["families"] == 1 and purged["people"] == 2
    assert {name for name, n in before.items() if n} >= {"families", "actions", "notifications"}
    assert {name: n for name, n in after.items() if n} == {}
    assert audit_after == (audit_before or 0) + 1  # the audit log is never purged


def test_a_family_past_its_period_goes_whole_with_no_orphans(app: Flask, factory: Factory) -> None:
    _purge_a_whole_case(app, factory)


@pytest.mark.postgres
def test_a_family_past_its_period_goes_whole_on_postgresql(app: Flask, factory: Factory) -> None:
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
    _purge_a_whole_case(app, factory)


def test_every_foreign_key_into_a_purged_table_is_cleared_by_the_purge() -> None:
    unhandled = {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name in PURGED_TABLES
        and fk.ondelete not in ("CASCADE", "SET NULL")
        and f"{table.name}.{fk.parent.name}" not in CLEARED_REFERENCES
    }
    assert unhandled == set()
