"""Retention of e-mail: a sent message's body (the text of the e-mail: it may name a child, a
date of birth, a police reference) is kept `RETENTION_OUTBOX_SENT_DAYS` after it was sent; a
dead letter's body `RETENTION_OUTBOX_DEAD_DAYS` after it was written (after that it cannot be
sent again). The row stays: kind, recipient, reference, status, attempts, the last error and
when it was sent are the delivery record (the Encompass tracker, the outcomes' "sent before the
next school day" and the administrator's page read them). Pending messages are never touched.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import OutboxMessage, OutboxStatus
from .rows import rowcount

REMOVED = ""


def _blank(tx: Session, *where: object) -> int:
    result = tx.execute(
        update(OutboxMessage)
        .where(OutboxMessage.text_body != REMOVED, *where)  # type: ignore[arg-type]
        .values(text_body=REMOVED, html_body=REMOVED)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


def purge_sent(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    sent = OutboxMessage.status == OutboxStatus.SENT
    return {"outbox_sent": _blank(tx, sent, OutboxMessage.sent_at < cutoff)}


def purge_dead(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    dead = OutboxMessage.status == OutboxStatus.DEAD
    return {"outbox_dead": _blank(tx, dead, OutboxMessage.created_at < cutoff)}


def body_removed(message: OutboxMessage) -> bool:
    return message.text_body == REMOVED
