"""Retention of the live meeting's edit rows: once a meeting is over, every collaborative
text's per-keystroke update rows (who typed what, when) are merged into the text's snapshot
and deleted. The text itself is part of the case record and kept with its agenda item.

A meeting on day D that nobody closed is compacted by the first purge on or after day D + the
period (merging is safe while a meeting is live, too). A closed meeting's rows are frozen with
its minutes (database triggers, agenda/minutes/immutability.py, refuse writing its snapshots),
so they stay until the case itself is purged. Merging never loses an edit
(agenda.live.service.compact_text); it runs in its own transaction per text, before the purge's
transaction, and counts the rows it removed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from agenda.live import service as live

from ..db import db
from ..models import AgendaItem, DocumentUpdate, Meeting, MeetingStatus


def compact_finished_meetings(cutoff: datetime) -> dict[str, int]:
    session = db.session()
    over = (Meeting.meeting_date <= cutoff.date()) & (Meeting.status != MeetingStatus.CLOSED)
    texts = session.execute(
        select(DocumentUpdate.agenda_item_id, DocumentUpdate.field, func.count())
        .join(AgendaItem, AgendaItem.id == DocumentUpdate.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(over)
        .group_by(DocumentUpdate.agenda_item_id, DocumentUpdate.field)
    ).all()
    session.rollback()  # end the read before each text's own transaction
    removed = sum(count for item_id, field, count in texts if live.compact_text(item_id, field))
    return {"live_document_updates": removed}
