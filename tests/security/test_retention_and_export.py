"""Retention purges what has expired and says so; each agency exports its own users' audit."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from frontdoor.audit.chain import seal_pending
from frontdoor.audit.service import record
from frontdoor.db import db, transaction
from frontdoor.models import (
    AuditEvent,
    ReviewOutcome,
    Role,
    SelfClaimedAccess,
    UserSession,
    utcnow,
)
from frontdoor.retention import purge_expired
from frontdoor.scheduler import JOBS, build_scheduler

from ..factories import Factory, cases, sign_in


def test_the_purge_deletes_only_what_is_past_its_period_and_records_it(
    app: Flask, factory: Factory
) -> None:
    old_user, new_user = factory.user(), factory.user()
    for user in (old_user, new_user):
        sign_in(app.test_client(), user)
    case = cases.family_case(app, factory.agency().id)
    cases.self_claim(app, old_user, case.family_id)
    cases.self_claim(app, new_user, case.family_id)
    long_ago = utcnow() - timedelta(days=800)
    with app.app_context(), transaction() as tx:
        tx.execute(
            update(UserSession)
            .where(UserSession.user_id == old_user.id)
            .values(last_seen_at=long_ago)
        )
        tx.execute(
            update(SelfClaimedAccess).values(
                created_at=long_ago, reviewed_at=long_ago, review_outcome=ReviewOutcome.JUSTIFIED
            )
        )
        tx.execute(
            update(SelfClaimedAccess)
            .where(SelfClaimedAccess.user_id == new_user.id)
            .values(reviewed_at=None, review_outcome=None)  # unreviewed: kept until reviewed
        )
    with app.app_context():
        purged = purge_expired()
        sessions = db.session().scalars(select(UserSession.user_id)).all()
        claims = db.session().scalars(select(SelfClaimedAccess.user_id)).all()
        event = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
            .one()
        )
    assert purged["user_sessions"] == 1 and purged["self_claimed_access"] == 1
    assert sessions == [new_user.id] and claims == [new_user.id]
    assert event.details["purged"] == purged


def test_the_purge_is_a_scheduled_job(app: Flask) -> None:
    scheduler = build_scheduler(app)
    assert "retention.purge" in {job.id for job in JOBS}
    assert scheduler.get_job("retention.purge") is not None


def test_an_agency_exports_its_own_users_audit_and_no_one_else_s(
    app: Flask, factory: Factory
) -> None:
    ours, theirs = factory.agency("ours"), factory.agency("theirs")
    manager = factory.user([Role.MANAGER], agency=ours)
    colleague = factory.user(agency=ours)
    stranger = factory.user(agency=theirs)
    with app.app_context(), transaction() as tx:
        for user in (colleague, stranger):
            record(tx, "family.viewed", object_type="family", object_id=7, user_id=user.id)
    client = app.test_client()
    sign_in(client, manager)
    response = client.get("/governance/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    users = {row["user_id"] for row in rows if row["action"] == "family.viewed"}
    assert users == {str(colleague.id)}
    with app.app_context():
        exported = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "audit.exported"))
            .one()
        )
    assert exported.user_id == manager.id


def test_the_export_holds_events_not_sealed_yet_and_their_place_once_sealed(
    app: Flask, factory: Factory
) -> None:
    """Recording takes no lock: an event is in the log at once, and in the chain once the
    chainer has sealed it (frontdoor.audit.chain)."""
    manager = factory.user([Role.MANAGER])
    with app.app_context(), transaction() as tx:
        record(tx, "family.viewed", object_type="family", object_id=7, user_id=manager.id)
    client = app.test_client()
    sign_in(client, manager)

    def viewed() -> list[tuple[str, bool]]:
        text = client.get("/governance/audit.csv").get_data(as_text=True)
        rows = csv.DictReader(io.StringIO(text))
        return [(r["seq"], bool(r["row_hash"])) for r in rows if r["action"] == "family.viewed"]

    assert viewed() == [("", False)]
    with app.app_context():
        seal_pending()
    [(seq, hashed)] = viewed()
    assert int(seq) >= 1 and hashed
