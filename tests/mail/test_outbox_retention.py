"""Retention of e-mail: the nightly retention job blanks a sent message's body after
RETENTION_OUTBOX_SENT_DAYS and a dead letter's after RETENTION_OUTBOX_DEAD_DAYS, keeping the
delivery record (kind, recipient, reference, status, attempts, sent time, last error); a
message still waiting is never touched, and a dead letter without its text cannot be resent."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from agenda.tracking import notifications  # noqa: F401  (registers the action kinds)
from frontdoor.db import db, transaction
from frontdoor.mail import outbox, sender
from frontdoor.models import AuditEvent, OutboxMessage, OutboxStatus, Role, utcnow
from frontdoor.retention import jobs
from frontdoor.scheduler import JOBS, build_scheduler

from ..factories import Factory, csrf_token_from, sign_in
from .smtp_server import SmtpServer


def write(app: Flask, recipient: str, reference: str) -> int:
    with app.app_context(), transaction() as tx:
        message = outbox.enqueue(
            tx, kind="action_assigned", recipient=recipient, reference=reference,
            content=outbox.Content(subject="Front Door: test", heading="Ann Smith, born 2015"),
        )  # fmt: skip
        tx.flush()
        return message.id


def age(app: Flask, message_id: int, days: int) -> None:
    """Move a message's written and sent times `days` into the past."""
    then = utcnow() - timedelta(days=days)
    with app.app_context(), transaction() as tx:
        row = tx.get(OutboxMessage, message_id)
        assert row is not None
        sent_at = then if row.sent_at is not None else None
        tx.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(created_at=then, sent_at=sent_at)
        )  # fmt: skip


def rows(app: Flask) -> dict[str, OutboxMessage]:
    with app.app_context():
        found = db.session().scalars(select(OutboxMessage)).all()
        db.session().expunge_all()
        return {m.reference or "": m for m in found}


def test_the_retention_job_blanks_old_bodies_and_keeps_the_delivery_record(
    app: Flask, smtp_server: SmtpServer, factory: Factory
) -> None:
    app.config["RETENTION_DAYS"] = {"outbox_sent": 30, "outbox_dead": 90}
    smtp_server.inbox.refuse.update({"old-dead@example.org", "new-dead@example.org"})
    ids = {
        ref: write(app, f"{ref}@example.org", ref)
        for ref in ("old-sent", "new-sent", "old-dead", "new-dead")
    }
    with app.app_context():
        assert sender.send_due() == sender.SendRun(sent=2, dead=2)
    smtp_server.stop()
    ids["waiting"] = write(app, "waiting@example.org", "waiting")
    age(app, ids["old-sent"], 31)
    age(app, ids["new-sent"], 29)
    age(app, ids["old-dead"], 91)
    age(app, ids["new-dead"], 89)
    age(app, ids["waiting"], 400)  # pending (SMTP down): never touched, however old

    build_scheduler(app)
    assert "retention.purge" in {job.id for job in JOBS}
    with app.app_context():
        jobs.purge()  # the scheduled job's own function

    found = rows(app)
    removed = {ref for ref, m in found.items() if not m.text_body and not m.html_body}
    assert removed == {"old-sent", "old-dead"}
    for ref in ("new-sent", "new-dead", "waiting"):
        assert "Ann Smith" in found[ref].text_body and "Ann Smith" in found[ref].html_body
    kept = found["old-sent"]
    assert (kept.status, kept.recipient, kept.kind) == (
        OutboxStatus.SENT, "old-sent@example.org", "action_assigned")  # fmt: skip
    assert kept.sent_at is not None and kept.attempts == 1 and kept.subject
    assert found["old-dead"].status is OutboxStatus.DEAD and found["old-dead"].last_error
    assert found["waiting"].status is OutboxStatus.PENDING
    with app.app_context():
        event = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
            .one()
        )
        assert event.details["purged"]["outbox_sent"] == 1
        assert event.details["purged"]["outbox_dead"] == 1
        assert sender.send_due(utcnow() + timedelta(days=1)) == sender.SendRun(retrying=1)

    admin = factory.user([Role.ADMIN])
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/admin/email").get_data(as_text=True)
    assert "Text removed (retention)" in page
    token = csrf_token_from(client, "/admin/email")
    client.post(f"/admin/email/{ids['old-dead']}/retry", data={"csrf_token": token})
    assert rows(app)["old-dead"].status is OutboxStatus.DEAD  # nothing to send again
    client.post(f"/admin/email/{ids['new-dead']}/retry", data={"csrf_token": token})
    assert rows(app)["new-dead"].status is OutboxStatus.PENDING


def test_zero_days_keeps_bodies(app: Flask, smtp_server: SmtpServer) -> None:
    app.config["RETENTION_DAYS"] = {"outbox_sent": 0, "outbox_dead": 0}
    sent = write(app, "a@example.org", "a")
    with app.app_context():
        sender.send_due()
    age(app, sent, 3650)
    with app.app_context():
        jobs.purge()
    assert rows(app)["a"].text_body
