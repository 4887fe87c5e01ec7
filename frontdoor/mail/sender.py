"""Sending the outbox: the scheduler's job, one connection per run, one commit per message.

A message is marked sent only after the server accepted it, in its own transaction, so a crash
part-way loses nothing (at worst one message goes twice). When the server cannot be reached
or fails for the moment (4xx, a dropped connection), each message waits for its next attempt
with exponential back-off (`MAIL_RETRY_BASE_SECONDS` doubling, at most
`MAIL_RETRY_MAX_SECONDS`); after `MAIL_MAX_ATTEMPTS`, or at once when the server refuses it
for good (5xx), it goes on the dead-letter list on the administrator's e-mail page.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import db, transaction
from ..models import OutboxMessage, OutboxStatus, utcnow
from . import smtp

log = logging.getLogger(__name__)

BATCH = 200


@dataclass(frozen=True)
class SendRun:
    sent: int = 0
    retrying: int = 0
    dead: int = 0


def send_due(now: datetime | None = None) -> SendRun:
    """Send every message whose time has come. Without `SMTP_URL` nothing is sent (they wait)."""
    now = now or utcnow()
    url = current_app.config.get("SMTP_URL")
    ids = _due_ids(db.session(), now)
    if not ids or not url:
        return SendRun()
    target = smtp.parse_url(url)
    try:
        conn = smtp.connect(
            target,
            timeout=float(current_app.config["SMTP_TIMEOUT_SECONDS"]),
            ca_file=current_app.config.get("SMTP_CA_FILE"),
        )
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail: cannot reach %s: %s", target.describe(), type(exc).__name__)
        return _all_failed(ids, f"cannot reach {target.describe()}: {_reason(exc)}", now)
    with conn:
        return _send_each(conn, ids, now)


def _send_each(conn: smtplib.SMTP, ids: list[int], now: datetime) -> SendRun:
    outcomes = {"sent": 0, "retrying": 0, "dead": 0}
    for position, message_id in enumerate(ids):
        outcome, error = _send_one(conn, message_id, now)
        if outcome == "lost":
            run = _all_failed(ids[position:], f"connection lost: {error}", now)
            outcomes["retrying"] += run.retrying
            outcomes["dead"] += run.dead
            break
        if outcome in outcomes:
            outcomes[outcome] += 1
    return SendRun(**outcomes)


def _send_one(conn: smtplib.SMTP, message_id: int, now: datetime) -> tuple[str, str]:
    """Send one message in its own transaction: sent, retrying, dead, skipped or lost (the
    connection failed: nothing recorded, the caller records it for the rest)."""
    with transaction() as tx:
        message = tx.get(OutboxMessage, message_id)
        if message is None or message.status is not OutboxStatus.PENDING:
            return "skipped", ""
        try:
            conn.send_message(smtp.build(message, current_app.config["MAIL_FROM"]))
        except smtplib.SMTPServerDisconnected as exc:
            return "lost", _reason(exc)
        except smtplib.SMTPException as exc:  # refused: this message only
            dead = _failed(message, _reason(exc), now, permanent=_permanent(exc))
            return ("dead" if dead else "retrying"), _reason(exc)
        except OSError as exc:  # (SMTPException is an OSError: caught above first)
            return "lost", _reason(exc)
        message.status, message.sent_at = OutboxStatus.SENT, utcnow()
        message.attempts += 1
        return "sent", ""


def _all_failed(ids: list[int], reason: str, now: datetime) -> SendRun:
    retrying = dead = 0
    with transaction() as tx:
        for message in tx.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            if message.status is not OutboxStatus.PENDING:
                continue
            if _failed(message, reason, now, permanent=False):
                dead += 1
            else:
                retrying += 1
    return SendRun(0, retrying, dead)


def _failed(message: OutboxMessage, reason: str, now: datetime, *, permanent: bool) -> bool:
    """Record a failed attempt; True when the message is now dead."""
    config = current_app.config
    message.attempts += 1
    message.last_error = reason[:500]
    if permanent or message.attempts >= int(config["MAIL_MAX_ATTEMPTS"]):
        message.status = OutboxStatus.DEAD
        return True
    wait = int(config["MAIL_RETRY_BASE_SECONDS"]) * 2 ** (message.attempts - 1)
    message.next_attempt_at = now + timedelta(
        seconds=min(wait, int(config["MAIL_RETRY_MAX_SECONDS"]))
    )
    return False


def _permanent(exc: smtplib.SMTPException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"


def _due_ids(session: Session, now: datetime) -> list[int]:
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(BATCH)
    )
    return list(session.scalars(query))


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    found = {status.value: n for status, n in rows}
    return {s.value: found.get(s.value, 0) for s in OutboxStatus}


def dead_letters(session: Session) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.DEAD)
        .order_by(OutboxMessage.id.desc())
        .limit(500)
    )
    return list(session.scalars(query))


class BodyRemoved(ValueError):
    """The message's body was removed by the retention purge: it cannot be sent again."""


def retry(message_id: int) -> OutboxMessage:
    """An administrator puts a dead message back in the queue (e.g. after fixing an address)."""
    with transaction() as tx:
        message = tx.get(OutboxMessage, message_id)
        if message is None or message.status is not OutboxStatus.DEAD:
            raise LookupError(message_id)
        if not message.text_body:
            raise BodyRemoved(message_id)
        message.status, message.attempts = OutboxStatus.PENDING, 0
        message.next_attempt_at = utcnow()
        return message
