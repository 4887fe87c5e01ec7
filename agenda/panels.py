"""The agenda page's triage panel: the proposed split, the chair's lists (not reached twice),
urgent alerts and the quarantine count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.intake.quarantine_summary import QuarantineSummary
from frontdoor.intake.quarantine_summary import summary as quarantine_summary
from frontdoor.models import (
    Agency,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    Meeting,
)

from .alerts import AlertView, open_alerts
from .ordering import SCREENING_WORDS

LIST_SCREENINGS = ("single_agency", "information")


@dataclass
class TriagePanel:
    counts: dict[str, int]
    accepted: bool  # every screened item's outcome is the coordinator's
    unreached_twice: list[AgendaItem] = field(default_factory=list)
    alerts: list[AlertView] = field(default_factory=list)
    quarantine: QuarantineSummary | None = None
    agencies: list[Agency] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=lambda: dict(SCREENING_WORDS))


def triage_panel(
    session: Session, meeting: Meeting, states: Sequence[AgendaItemState], *, coordinator: bool
) -> TriagePanel:
    """The split for everyone who may see the agenda; alerts, quarantine and the chair's
    list only for coordinators (the hub's work, with names of families not on the agenda)."""
    screened = [s for s in states if s.screening is not None]
    counts = Counter(s.screening.value for s in screened if s.screening is not None)
    return TriagePanel(
        counts={name: counts.get(name, 0) for name in SCREENING_WORDS},
        accepted=bool(screened) and all(s.screening_by_coordinator for s in screened),
        unreached_twice=unreached_twice(session, meeting) if coordinator else [],
        alerts=open_alerts(session) if coordinator else [],
        quarantine=quarantine_summary(session) if coordinator else None,
        agencies=list(session.scalars(select(Agency).order_by(Agency.name))),
    )


def unreached_twice(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """Items deferred at the previous meeting that had already been carried forward once:
    not carried again, but put to the chair to decide."""
    previous = session.scalar(
        select(Meeting)
        .where(Meeting.meeting_date < meeting.meeting_date)
        .order_by(Meeting.meeting_date.desc())
        .limit(1)
    )
    if previous is None:
        return []
    return list(
        session.scalars(
            select(AgendaItem)
            .join(AgendaItemState, AgendaItemState.agenda_item_id == AgendaItem.id)
            .where(
                AgendaItem.meeting_id == previous.id,
                AgendaItem.status == AgendaItemStatus.DEFERRED,
                AgendaItemState.carried_from_item_id.is_not(None),
            )
        )
    )
