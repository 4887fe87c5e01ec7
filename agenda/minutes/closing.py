"""Before the chair closes: what happens to each family on the agenda.

Closing freezes the minutes for good, so the chair first sees every family that is not
finished (no decision recorded) and the meeting it will be carried to, and those that will be
recorded as discussed. Nothing here changes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from agenda.live.fields import read_fields
from agenda.live.lines import lines_for
from agenda.settings import current_schedule
from frontdoor.models import AgendaItemStatus, Meeting, MeetingStatus, User
from frontdoor.names import family_label

from . import access, dao


@dataclass(frozen=True)
class ClosingItem:
    item_id: int
    label: str
    line: str
    decision: str


@dataclass(frozen=True)
class ClosingPreview:
    meeting: Meeting
    next_meeting: date | None
    unfinished: list[ClosingItem]
    finished: list[ClosingItem]


class CannotClose(PermissionError):
    pass


def preview(session: Session, user: User, meeting_id: int) -> ClosingPreview | None:
    """None when there is no such open meeting; CannotClose when the user may not close it."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.status == MeetingStatus.CLOSED:
        return None
    if not access.may_close(user, meeting):
        raise CannotClose(str(meeting_id))
    items = [
        i for i in dao.items_on_agenda(session, meeting_id) if i.status == AgendaItemStatus.PENDING
    ]
    lines = lines_for(session, items, meeting.meeting_date)
    unfinished: list[ClosingItem] = []
    finished: list[ClosingItem] = []
    for item in items:
        decision = str(read_fields(session, item.id)["decision"]["value"]).strip()
        line = lines[item.id]
        described = ", ".join(
            p for p in (line.victim, line.victim_age, line.area, line.section_title) if p
        )
        entry = ClosingItem(
            item.id, family_label(item.family.label, item.family_id), described, decision
        )
        (finished if decision else unfinished).append(entry)
    schedule = current_schedule(session)
    return ClosingPreview(
        meeting, schedule.next_meeting_date(meeting.meeting_date), unfinished, finished
    )
