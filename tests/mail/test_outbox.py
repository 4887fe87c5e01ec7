"""The e-mail channel: written with the event, sent by the job over real SMTP (plain and
STARTTLS), waiting while the server is down, retried with back-off, dead letters for the
administrator, and each user's choice of kinds."""

from __future__ import annotations

import ssl
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from agenda.tracking import notifications  # noqa: F401  (registers the action kinds)
from frontdoor.db import db, transaction
from frontdoor.mail import outbox, sender
from frontdoor.mail.jobs import send_outbox
from frontdoor.models import OutboxMessage, OutboxStatus, Role, utcnow
from frontdoor.scheduler import JOBS, build_scheduler

from ..factories import Factory, csrf_token_from, sign_in
from .smtp_server import SmtpServer, self_signed, text_of

KIND = "action_assigned"


def write(app: Flask, recipient: str = "lead@example.org", heading: str = "Hello") -> int:
    with app.app_context(), transaction() as tx:
        message = outbox.enqueue(
            tx,
            kind=KIND,
            recipient=recipient,
            content=outbox.Content(subject="Front Door: test", heading=heading, link="https://x/1"),
        )
        tx.flush()
        return message.id


def statuses(app: Flask) -> list[tuple[str, int]]:
    with app.app_context():
        rows = db.session().scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.status.value, m.attempts) for m in rows]


def run(app: Flask, after: timedelta = timedelta(0)) -> sender.SendRun:
    with app.app_context():
        return sender.send_due(utcnow() + after)


def test_a_message_is_written_only_if_its_transaction_commits(app: Flask) -> None:
    with app.app_context(), pytest.raises(RuntimeError), transaction() as tx:
        outbox.enqueue(
            tx, kind=KIND, recipient="a@example.org",
            content=outbox.Content(subject="s", heading="h"),
        )  # fmt: skip
        raise RuntimeError("the event failed")
    assert statuses(app) == []


def test_the_job_sends_plain_text_and_html_through_a_real_smtp_server(
    app: Flask, smtp_server: SmtpServer
) -> None:
    write(app, heading="You have a new item in Front Door.")
    with app.app_context():
        sent = send_outbox()
    assert sent == sender.SendRun(sent=1)
    [received] = smtp_server.inbox.to("lead@example.org")
    assert received["Subject"] == "Front Door: test"
    plain, html = text_of(received)
    assert "You have a new item in Front Door." in plain and "https://x/1" in plain
    assert '<a href="https://x/1">' in html
    assert statuses(app) == [("sent", 1)]
    assert run(app, timedelta(hours=1)) == sender.SendRun()  # never sent twice
    assert len(smtp_server.inbox.messages) == 1


def test_with_smtp_down_messages_wait_and_go_when_it_is_back(
    app: Flask, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    first, second = write(app, "a@example.org"), write(app, "b@example.org")
    assert run(app) == sender.SendRun(retrying=2)
    assert statuses(app) == [("pending", 1), ("pending", 1)]
    with app.app_context():
        waiting = db.session().get(OutboxMessage, first)
        assert waiting is not None and waiting.last_error is not None
        assert waiting.next_attempt_at > utcnow() + timedelta(seconds=50)  # back-off: 60 s
    assert run(app) == sender.SendRun()  # not yet due: nothing tried
    assert run(app, timedelta(seconds=61)) == sender.SendRun(retrying=2)  # still down
    assert statuses(app) == [("pending", 2), ("pending", 2)]
    smtp_server.start()
    assert run(app, timedelta(seconds=60)) == sender.SendRun()  # second wait is 120 s
    assert run(app, timedelta(seconds=181)) == sender.SendRun(sent=2)
    assert [m["To"] for m in smtp_server.inbox.messages] == ["a@example.org", "b@example.org"]
    assert statuses(app) == [("sent", 3), ("sent", 3)]
    assert second > first


def test_without_smtp_url_messages_wait_in_the_outbox(app: Flask) -> None:
    app.config["SMTP_URL"] = None
    write(app)
    assert run(app) == sender.SendRun()
    assert statuses(app) == [("pending", 0)]


def test_a_refused_address_is_a_dead_letter_the_administrator_can_send_again(
    app: Flask, smtp_server: SmtpServer, factory: Factory
) -> None:
    smtp_server.inbox.refuse.add("gone@example.org")
    dead_id = write(app, "gone@example.org")
    write(app, "fine@example.org")
    assert run(app) == sender.SendRun(sent=1, dead=1)
    admin = factory.user([Role.ADMIN])
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/admin/email").get_data(as_text=True)
    assert f'data-message="{dead_id}"' in page and "gone@example.org" in page
    assert "550" in page
    smtp_server.inbox.refuse.clear()
    token = csrf_token_from(client, "/admin/email")
    response = client.post(f"/admin/email/{dead_id}/retry", data={"csrf_token": token})
    assert response.status_code == 302
    assert run(app) == sender.SendRun(sent=1)
    assert len(smtp_server.inbox.to("gone@example.org")) == 1
    partner = factory.user([Role.PARTNER])
    other = app.test_client()
    sign_in(other, partner)
    assert other.get("/admin/email").status_code == 403


def test_a_message_out_of_attempts_is_dead(app: Flask, smtp_server: SmtpServer) -> None:
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    smtp_server.stop()
    write(app)
    run(app)
    assert run(app, timedelta(hours=2)) == sender.SendRun(dead=1)
    assert statuses(app) == [("dead", 2)]


def test_starttls_is_used_and_the_certificate_checked(
    app: Flask, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    secure = SmtpServer(tls_context=context)
    secure.start()
    try:
        app.config["SMTP_URL"] = f"smtp+starttls://127.0.0.1:{secure.port}"
        write(app)
        assert run(app) == sender.SendRun(retrying=1)  # the system roots do not trust it
        app.config["SMTP_CA_FILE"] = str(cert)
        assert run(app, timedelta(minutes=2)) == sender.SendRun(sent=1)
        assert len(secure.inbox.messages) == 1
    finally:
        secure.stop()


def test_each_user_chooses_the_kinds_they_get(app: Flask, factory: Factory) -> None:
    user = factory.user([Role.PARTNER])
    client = app.test_client()
    sign_in(client, user)
    page = client.get("/account/email").get_data(as_text=True)
    assert 'value="action_overdue" checked' in page
    token = csrf_token_from(client, "/account/email")
    client.post("/account/email", data={"csrf_token": token, "kind": ["action_overdue"]})
    with app.app_context():
        chosen = outbox.choices(db.session(), user.id)
        assert chosen["action_overdue"] and not chosen["action_assigned"]
    with app.app_context(), transaction() as tx:
        args = {"title": "t", "path": "/actions/1", "details": ()}
        assert outbox.notify_user(tx, user.id, "action_assigned", **args) is None
        assert outbox.notify_user(tx, user.id, "action_overdue", **args) is not None


def test_the_sender_is_a_scheduled_job(app: Flask) -> None:
    build_scheduler(app)
    assert "mail.send_outbox" in {job.id for job in JOBS}
    assert OutboxStatus.DEAD.value == "dead"
