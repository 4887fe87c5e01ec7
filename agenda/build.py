"""Build (and rebuild) a meeting's draft agenda from everything received since the last cut-off.

One item per family, across all agencies, each listing its sources. Referrals whose people
still await identity resolution are taken as provisional, flagged sources and join their
family's item on a later rebuild. Rebuilding only ADDS: items the coordinator moved, deferred,
removed, added or flagged keep that curation.

Exactly once: the scheduled build first inserts an `AgendaBuild` row whose `scheduled_for`
date is unique, in the same transaction as the build. A second process inserting the same
date waits for the first to commit (PostgreSQL's unique index; SQLite's single writer) and
then fails the unique check, so it skips. If the first process dies, its transaction (claim
and build together) rolls back, and the next tick builds instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.models import (
    AgendaBuild,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSection,
    AgendaSource,
    BuildTrigger,
    Meeting,
    MeetingStatus,
    utcnow,
)

from . import dao, marac_dao
from .criteria import criteria_met
from .facts import TWELVE_MONTHS, FactsContext, facts_for_items
from .members import invite_standing_members
from .ordering import FamilyFacts, merge_into_curated, rank
from .schedule import MeetingSchedule, ScheduleError, local_date
from .settings import criteria_settings, current_schedule, ordering_rules
from .triage import default_screening

UNPLACED = 1_000_000  # position of an item not yet arranged


class BuildError(Exception):
    pass


@dataclass
class BuildResult:
    meeting_id: int
    meeting_date: date
    referrals_added: int = 0
    items_added: int = 0
    provisional: int = 0
    new_item_ids: set[int] = field(default_factory=set)


def build_agenda(
    day: date, trigger: BuildTrigger, *, user_id: int | None = None, now: datetime | None = None
) -> BuildResult:
    """Build or rebuild the draft agenda of the meeting on `day`."""
    with transaction() as tx:
        build = AgendaBuild(trigger=trigger, built_by_id=user_id)
        return _build(tx, build, day, now or utcnow())


def build_scheduled(now: datetime | None = None) -> BuildResult | None:
    """The scheduled job: build today's agenda once, at or after the build time."""
    now = now or utcnow()
    session = db.session()
    schedule = current_schedule(session)
    day = local_date(now)
    due = schedule.is_meeting_date(day) and schedule.cutoff(day) <= now < schedule.starts_at(day)
    already = due and dao.scheduled_build_exists(session, day)
    session.rollback()  # end the read so the claim starts a fresh transaction
    if not due or already:
        return None
    try:
        with transaction() as tx:
            claim = AgendaBuild(trigger=BuildTrigger.SCHEDULED, scheduled_for=day)
            tx.add(claim)
            tx.flush()  # the claim: a second process fails here
            return _build(tx, claim, day, now)
    except IntegrityError:
        return None


def _build(tx: Session, build: AgendaBuild, day: date, now: datetime) -> BuildResult:
    schedule = current_schedule(tx)
    if not schedule.is_meeting_date(day):
        raise ScheduleError(f"{day.isoformat()} is not a meeting date.")
    meeting = _draft_meeting(tx, schedule, day)
    invite_standing_members(tx, meeting)
    result = BuildResult(meeting.id, day)
    _take_referrals(tx, schedule, meeting, build.trigger, now, result)
    with tx.no_autoflush:
        items = MeetingItems(tx, meeting, result)
        _group_by_family(tx, items, result)
        _add_carried_families(tx, schedule, items)
    items.flush()
    arrange(tx, meeting, result.new_item_ids)
    build.meeting_id = meeting.id
    build.referrals_added = result.referrals_added
    build.items_added = result.items_added
    tx.add(build)
    tx.flush()
    audit.record(
        tx,
        "agenda.built",
        object_type="meeting",
        object_id=meeting.id,
        user_id=build.built_by_id,
        trigger=build.trigger.value,
        referrals_added=result.referrals_added,
        items_added=result.items_added,
    )
    return result


def _draft_meeting(tx: Session, schedule: MeetingSchedule, day: date) -> Meeting:
    meeting = dao.meeting_on(tx, day)
    if meeting is None:
        meeting = Meeting(
            meeting_date=day, starts_at=schedule.starts_at(day), cutoff_at=schedule.cutoff(day)
        )
        tx.add(meeting)
        tx.flush()
    if meeting.status != MeetingStatus.DRAFT:
        raise BuildError("The meeting has started: its agenda can no longer be rebuilt.")
    if meeting.cutoff_at is None:
        meeting.cutoff_at = schedule.cutoff(day)
    return meeting


def window_start(tx: Session, schedule: MeetingSchedule, day: date) -> datetime:
    """The previous meeting's cut-off: the last built meeting's, else the schedule's."""
    previous = dao.latest_meeting_before(tx, day)
    if previous is not None and previous.cutoff_at is not None:
        return previous.cutoff_at
    return schedule.cutoff(schedule.previous_meeting_date(day))


def _take_referrals(
    tx: Session,
    schedule: MeetingSchedule,
    meeting: Meeting,
    trigger: BuildTrigger,
    now: datetime,
    result: BuildResult,
) -> None:
    cutoff = meeting.cutoff_at or schedule.cutoff(meeting.meeting_date)
    # A rebuild after the cut-off also takes late arrivals, flagged as such.
    until = now if trigger != BuildTrigger.SCHEDULED and now > cutoff else cutoff
    for referral in dao.unsourced_referrals(
        tx, window_start(tx, schedule, meeting.meeting_date), until
    ):
        tx.add(
            AgendaSource(
                meeting_id=meeting.id,
                referral_id=referral.id,
                after_cutoff=referral.received_at > cutoff,
            )
        )
        result.referrals_added += 1
    for source in dao.stale_provisional_sources(tx, meeting.meeting_date):
        source.meeting_id = meeting.id
    tx.flush()


class MeetingItems:
    """The meeting's items by family, loaded once; new items are flushed together."""

    def __init__(self, tx: Session, meeting: Meeting, result: BuildResult | None = None) -> None:
        self.tx, self.meeting, self.result = tx, meeting, result
        items = dao.items_of_meeting(tx, meeting.id)
        self.items = {i.family_id: i for i in items}
        states = dao.states_of(tx, (i.id for i in items))
        self.states = {i.family_id: states[i.id] for i in items if i.id in states}
        self.created: list[AgendaItem] = []

    def ensure(self, family_id: int) -> tuple[AgendaItem, AgendaItemState]:
        item = self.items.get(family_id)
        if item is None:
            item = AgendaItem(meeting_id=self.meeting.id, family_id=family_id, position=UNPLACED)
            self.tx.add(item)
            self.items[family_id] = item
            self.created.append(item)
        state = self.states.get(family_id)
        if state is None:
            state = AgendaItemState(agenda_item=item, section=AgendaSection.ADULTS_ONLY)
            self.tx.add(state)
            self.states[family_id] = state
        return item, state

    def flush(self) -> None:
        self.tx.flush()
        if self.result is not None:
            self.result.items_added = len(self.created)
            self.result.new_item_ids = {i.id for i in self.created}


def _group_by_family(tx: Session, items: MeetingItems, result: BuildResult) -> None:
    for source in dao.sources_of_meeting(tx, items.meeting.id):
        if source.agenda_item_id is not None:
            continue
        family_id = source.referral.family_id
        if family_id is None:
            result.provisional += 1
            continue
        item, state = items.ensure(family_id)
        source.agenda_item = item
        if item.status == AgendaItemStatus.REMOVED:
            state.new_since_removal = True


def _add_carried_families(tx: Session, schedule: MeetingSchedule, items: MeetingItems) -> None:
    day = items.meeting.meeting_date
    for family_id in dao.families_with_open_actions(tx, day):
        items.ensure(family_id)
    deferred = dao.deferred_items_to_carry(tx, day)
    already_carried = {i for i, s in dao.states_of(tx, (d.id for d in deferred)).items()
                       if s.carried_from_item_id is not None}  # fmt: skip
    for item in deferred:
        # Carried forward once; an item not reached again goes to the chair's list instead.
        if item.id in already_carried:
            continue
        _, state = items.ensure(item.family_id)
        state.carried_from_item_id = state.carried_from_item_id or item.id
    for family_id in _reviews_due(tx, schedule, day):
        items.ensure(family_id)


def _reviews_due(tx: Session, schedule: MeetingSchedule, day: date) -> list[int]:
    """12-month reviews: families discussed 12 months ago that were referred to MARAC."""
    previous = schedule.previous_meeting_date(day)
    discussed = dao.families_discussed_between(tx, previous - TWELVE_MONTHS, day - TWELVE_MONTHS)
    referred = marac_dao.families_referred(tx, discussed)
    return [family_id for family_id in discussed if family_id in referred]


def ensure_item(
    tx: Session, meeting: Meeting, family_id: int
) -> tuple[AgendaItem, AgendaItemState]:
    """One family's item on a meeting (created if need be), with its state."""
    items = MeetingItems(tx, meeting)
    item, state = items.ensure(family_id)
    items.flush()
    return item, state


def facts_context(tx: Session, meeting: Meeting) -> FactsContext:
    schedule = current_schedule(tx)
    day = meeting.meeting_date
    cutoff = meeting.cutoff_at or schedule.cutoff(day)
    reviews = (
        frozenset(_reviews_due(tx, schedule, day)) if schedule.is_meeting_date(day) else frozenset()
    )
    return FactsContext(day, cutoff, reviews)


def arrange(tx: Session, meeting: Meeting, new_item_ids: Iterable[int] = ()) -> None:
    """Rank the pending items and explain each. Once the coordinator has moved an item, the
    order they made is kept and new items are slotted in by the rules."""
    tx.flush()
    items = dao.items_of_meeting(tx, meeting.id)
    states = dao.states_of(tx, (i.id for i in items))
    for item in items:  # items made elsewhere (e.g. demo data) get their state here
        if item.id not in states:
            states[item.id] = AgendaItemState(
                agenda_item_id=item.id, section=AgendaSection.ADULTS_ONLY
            )
            tx.add(states[item.id])
    pending = [i for i in items if i.status == AgendaItemStatus.PENDING]
    facts = facts_for_items(tx, pending, states, facts_context(tx, meeting))
    facts = {item_id: screen(f, states[item_id]) for item_id, f in facts.items()}
    rules = ordering_rules()
    ranked = rank(list(facts.values()), rules)
    ranked_ids = [r.facts.key for r in ranked]
    new = set(new_item_ids)
    if any(states[i.id].moved_by_coordinator for i in pending):
        order = merge_into_curated([i.id for i in pending if i.id not in new], ranked_ids)
    else:
        order = ranked_ids
    by_id = {i.id: i for i in items}
    for position, item_id in enumerate(order, start=1):
        by_id[item_id].position = position
    for offset, item in enumerate(i for i in items if i.status != AgendaItemStatus.PENDING):
        item.position = len(order) + offset + 1
    for entry in ranked:
        item_id = entry.facts.key
        states[item_id].section = AgendaSection(entry.section)
        by_id[item_id].order_reason = _reason(entry.explanation, entry.rank, by_id[item_id])
    tx.flush()


def screen(facts: FamilyFacts, state: AgendaItemState) -> FamilyFacts:
    """Evaluate the MARAC criteria and the triage default; store both on the item's state.
    A screening the coordinator chose stands; the rules' default follows the facts."""
    met = criteria_met(facts, criteria_settings())
    facts = replace(facts, criteria=tuple(m.name for m in met))
    state.criteria = "\n".join(m.text for m in met) or None
    if not state.screening_by_coordinator:
        outcome, reason = default_screening(facts)
        state.screening, state.screening_reason = outcome, reason or None
    return replace(facts, screening=state.screening.value if state.screening else None)


def _reason(explanation: str, rule_rank: int, item: AgendaItem) -> str:
    if item.position == rule_rank:
        return explanation
    return (
        f"Number {item.position} in the coordinator's order (the rules alone place it "
        f"{rule_rank}). {explanation}"
    )


def today_meeting_date(now: datetime | None = None) -> date:
    """Today's meeting, or the next one if there is none today."""
    schedule = current_schedule()
    return schedule.meeting_on_or_after(local_date(now or utcnow()))
