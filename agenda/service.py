"""What the agenda pages show, assembled from the data layer (and the audited family view)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from frontdoor.access.guard import open_family
from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.models import (
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSource,
    Meeting,
    MeetingStatus,
    Role,
    User,
)
from frontdoor.names import family_label

from . import dao, family_search, preparation
from .agenda_view import AgendaFilters, Section, sections_of
from .consent import ConsentView, consent_of
from .family import FLAG_WORDS, FamilySummary, family_summary
from .family_search import FamilyMatch
from .live.lines import ItemLine, lines_for
from .ordering import SCREENING_WORDS, SECTIONS
from .panels import LIST_SCREENINGS, TriagePanel, triage_panel
from .preparation import PreparedBy
from .risk import level_word


@dataclass(frozen=True)
class SourceView:
    referral_id: int
    agency: str
    reference: str
    received_at: datetime
    risk: str
    flags: list[str]
    after_cutoff: bool
    people_awaiting_identity: int = 0


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    label: str
    section: str
    state: AgendaItemState | None
    sources: list[SourceView]
    prepared_by: list[PreparedBy]
    consent: ConsentView | None = None  # Y, N or U, and whether any referral asked (#20)
    line: ItemLine | None = None  # the distinguishing line (victim, age, area, risk, children)

    @property
    def risk(self) -> str:
        return self.line.risk if self.line else ""

    @property
    def children(self) -> int:
        return self.line.children if self.line else 0

    @property
    def agencies(self) -> list[str]:
        return sorted({s.agency for s in self.sources})

    @property
    def people_awaiting_identity(self) -> int:
        return sum(s.people_awaiting_identity for s in self.sources)

    @property
    def criteria(self) -> list[str]:
        return self.state.criteria.splitlines() if self.state and self.state.criteria else []

    @property
    def screening(self) -> str | None:
        return self.state.screening.value if self.state and self.state.screening else None

    @property
    def screening_label(self) -> str:
        return SCREENING_WORDS.get(self.screening or "", "")


@dataclass
class AgendaPage:
    day: date
    meeting: Meeting | None
    rows: list[AgendaRow] = field(default_factory=list)
    set_aside: list[AgendaRow] = field(default_factory=list)
    provisional: list[SourceView] = field(default_factory=list)
    triage: TriagePanel | None = None
    filters: AgendaFilters = field(default_factory=AgendaFilters)

    @property
    def agencies(self) -> list[str]:
        """The referring agencies of the families on the agenda (the agency filter's choices)."""
        return sorted({a for r in self.rows for a in r.agencies})

    @property
    def shown(self) -> list[AgendaRow]:
        return [r for r in self.rows if self.filters.keeps(r)]

    @property
    def discussed_rows(self) -> list[AgendaRow]:
        """Full items: Urgent, Discuss and anything not screened (actions, reviews)."""
        return [r for r in self.shown if r.screening not in LIST_SCREENINGS]

    @property
    def sections(self) -> list[Section[AgendaRow]]:
        return sections_of(self.discussed_rows)

    def listed(self, screening: str) -> list[AgendaRow]:
        return [r for r in self.shown if r.screening == screening]

    @property
    def editable(self) -> bool:
        return self.meeting is not None and self.meeting.status == MeetingStatus.DRAFT


def _source_view(source: AgendaSource, awaiting: dict[int, int]) -> SourceView:
    referral = source.referral
    return SourceView(
        referral.id,
        referral.agency.name,
        referral.source_ref,
        referral.received_at,
        level_word(referral.dash_risk),
        [words for attr, words in FLAG_WORDS.items() if getattr(referral, attr)],
        source.after_cutoff,
        awaiting.get(referral.id, 0),
    )


class AgendaRefused(LookupError):
    """The viewer may not see this day's agenda: shown as "not found", as minutes are."""


def agenda_page(day: date, viewer: User, args: Mapping[str, str] | None = None) -> AgendaPage:
    """The day's agenda, filtered by `args` (risk, children, agency: see `AgendaFilters`);
    viewing it (family names and sources) is audited.

    Need to know: coordinators see every day's agenda; anyone else only the agenda of a
    meeting they chair or are invited to (a partner the chair removed loses it). Raises
    `AgendaRefused` otherwise; the refusal is audited."""
    with transaction() as tx:
        meeting = dao.meeting_on(tx, day)
        refused = meeting is not None and not _audit_view(tx, viewer, meeting)
    if refused:
        raise AgendaRefused(day.isoformat())
    page = AgendaPage(day, meeting)
    if meeting is None:
        return page
    session = db.session()
    sources: dict[int | None, list[SourceView]] = {}
    awaiting = dao.referrals_awaiting_identity(session, meeting.id)
    for source in dao.sources_of_meeting(session, meeting.id):
        sources.setdefault(source.agenda_item_id, []).append(_source_view(source, awaiting))
    for row in _rows(session, meeting, sources):
        (page.rows if row.item.status == AgendaItemStatus.PENDING else page.set_aside).append(row)
    coordinator = viewer.has_role(Role.COORDINATOR)
    if coordinator:  # referrals not yet on the agenda: the hub's work
        page.provisional = sources.get(None, [])
    pending = [r.state for r in page.rows if r.state]
    page.triage = triage_panel(session, meeting, pending, coordinator=coordinator)
    page.filters = AgendaFilters.from_args(args or {}, page.agencies)
    return page


def _audit_view(tx: Session, viewer: User, meeting: Meeting) -> bool:
    """Record the view (and a refusal); whether the viewer may see the agenda."""
    allowed = may_see_agenda(tx, viewer, meeting)
    for action in ("agenda.viewed",) if allowed else ("agenda.view_refused", "agenda.viewed"):
        audit.record(
            tx,
            action,
            object_type="meeting",
            object_id=meeting.id,
            purpose="daily meeting agenda",
            user_id=viewer.id,
            agency_id=viewer.agency_id,
        )
    return allowed


def _rows(
    session: Session, meeting: Meeting, sources: dict[int | None, list[SourceView]]
) -> list[AgendaRow]:
    items = dao.items_of_meeting(session, meeting.id)
    states = dao.states_of(session, (i.id for i in items))
    prepared = preparation.prepared_by(session, (i.id for i in items))
    lines = lines_for(session, items, meeting.meeting_date)
    return [
        AgendaRow(
            item,
            family_label(item.family.label, item.family_id),
            SECTIONS[states[item.id].section.value].title if item.id in states else "",
            states.get(item.id),
            sources.get(item.id, []),
            prepared.get(item.id, []),
            consent_of(session, item),
            lines.get(item.id),
        )
        for item in items
    ]


def may_see_agenda(session: Session, viewer: User, meeting: Meeting) -> bool:
    """Coordinators; the meeting's chair; users invited to it (and not removed)."""
    if viewer.has_role(Role.COORDINATOR) or meeting.chair_id == viewer.id:
        return True
    return dao.is_invited(session, meeting.id, viewer.id)


def view_family(item_id: int, viewer: User) -> FamilySummary | None:
    """The family summary for an agenda item, if the access model lets the viewer open the
    family (raises `AccessRefused` otherwise). The view, or the refusal, is audited."""
    item = dao.item_by_id(db.session(), item_id)
    if item is None:
        return None
    open_family(viewer, item.family_id, purpose="daily meeting agenda")
    return family_summary(db.session(), item)


def item_is_open(item_id: int) -> bool:
    """The item's meeting is not closed: its record can still change."""
    item = dao.item_by_id(db.session(), item_id)
    return item is not None and item.meeting.status != MeetingStatus.CLOSED


def item_meeting_date(item_id: int) -> date | None:
    item = dao.item_by_id(db.session(), item_id)
    return item.meeting.meeting_date if item else None


def search_families(text: str, day: date) -> list[FamilyMatch]:
    """The add-a-family search: matching families with their members and addresses, each
    saying whether it is already on `day`'s agenda."""
    session = db.session()
    meeting = dao.meeting_on(session, day)
    pending = (
        {
            i.family_id
            for i in dao.items_of_meeting(session, meeting.id)
            if i.status == AgendaItemStatus.PENDING
        }
        if meeting
        else set()
    )
    return family_search.search(session, text, day, pending)


def preparations_for(item_id: int, viewer: User) -> list[preparation.PreparationShown]:
    return preparation.visible_to(db.session(), item_id, viewer)


def meeting_on(day: date) -> Meeting | None:
    return dao.meeting_on(db.session(), day)


def item_position(item_id: int) -> int | None:
    item = dao.item_by_id(db.session(), item_id)
    return item.position if item else None
