"""Retention of partners' research (#20): research stays with its agency.

`unshared_preparation`: a preparation entry nobody marked as shared in the meeting is not in
the minutes and is seen only by its own agency; once its meeting began longer ago than the
period (RETENTION_UNSHARED_PREPARATION_DAYS) it is deleted — whether or not the meeting was
closed. The closed meeting's triggers allow exactly this delete (shared_at NULL,
agenda/minutes/immutability.py); shared entries are part of the minutes and stay with them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import AgendaItem, Meeting, PartnerPreparation
from .rows import rowcount


def purge_unshared(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    items = (
        select(AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.starts_at < cutoff)
    )
    result = tx.execute(
        delete(PartnerPreparation).where(
            PartnerPreparation.agenda_item_id.in_(items), PartnerPreparation.shared_at.is_(None)
        ),
        execution_options={"synchronize_session": False},
    )
    return {"unshared_preparation": rowcount(result)}
