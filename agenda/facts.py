"""Gather, in a handful of batched queries, the facts ordering needs for a meeting's items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from frontdoor.models import AgendaItem, AgendaItemState, DashRisk, Referral

from . import dao
from .ordering import FamilyFacts

TWELVE_MONTHS = timedelta(days=365)
BABY_MONTHS = 18


@dataclass(frozen=True)
class FactsContext:
    meeting_date: date
    cutoff: datetime
    reviews_due: frozenset[int]  # family ids


def months_between(born: date, on: date) -> int:
    months = (on.year - born.year) * 12 + on.month - born.month
    return max(0, months - (1 if on.day < born.day else 0))


def facts_for_items(
    session: Session,
    items: Sequence[AgendaItem],
    states: dict[int, AgendaItemState],
    context: FactsContext,
) -> dict[int, FamilyFacts]:
    referrals = _referrals_by_item(session, items, states)
    family_ids = [item.family_id for item in items]
    children = dao.child_birth_dates(session, family_ids)
    named = dao.referral_children(session, [r.id for rs in referrals.values() for r in rs])
    actions = dao.open_action_counts(session, family_ids, context.meeting_date)
    history = _earlier_incident_days(session, family_ids, referrals, context.cutoff)
    facts = {}
    for item in items:
        own = referrals.get(item.id, [])
        births = children.get(item.family_id) or [b for r in own for b in named.get(r.id, [])]
        facts[item.id] = _facts(item, own, births, actions.get(item.family_id, 0), history, context)
    return facts


def _facts(
    item: AgendaItem,
    referrals: list[Referral],
    births: list[date | None],
    open_actions: int,
    history: dict[int, set[date]],
    context: FactsContext,
) -> FamilyFacts:
    ages = [months_between(b, context.meeting_date) for b in births if b is not None]
    youngest = min(ages) if ages else None
    baby = youngest is not None and youngest < BABY_MONTHS
    return FamilyFacts(
        key=item.id,
        new_referrals=len(referrals),
        incomplete_actions=open_actions,
        review_due=item.family_id in context.reviews_due,
        high_dash=any(r.dash_risk == DashRisk.HIGH for r in referrals),
        strangulation=any(r.strangulation for r in referrals),
        threats_to_kill=any(r.threats_to_kill for r in referrals),
        pregnancy_or_baby=baby or any(r.pregnancy for r in referrals),
        repeat_incidents=len(history.get(item.family_id, set())),
        children=len(births) or (1 if any(r.children_present for r in referrals) else 0),
        youngest_child_months=youngest,
    )


def _referrals_by_item(
    session: Session, items: Sequence[AgendaItem], states: dict[int, AgendaItemState]
) -> dict[int, list[Referral]]:
    """Each item's own referrals plus those of the deferred item it carries forward."""
    owner: dict[int, int] = {}  # carried-from item -> the item carrying it
    for item in items:
        carried_from = states[item.id].carried_from_item_id if item.id in states else None
        if carried_from is not None:
            owner[carried_from] = item.id
    owner = dao.carried_chain(session, owner)  # deferred more than once: every earlier item
    wanted = [item.id for item in items] + list(owner)
    result: dict[int, list[Referral]] = {}
    for source in dao.sources_of_items(session, wanted):
        item_id = source.agenda_item_id
        assert item_id is not None
        result.setdefault(owner.get(item_id, item_id), []).append(source.referral)
    return result


def _earlier_incident_days(
    session: Session,
    family_ids: Sequence[int],
    own: dict[int, list[Referral]],
    cutoff: datetime,
) -> dict[int, set[date]]:
    """Distinct incident days per family in the 12 months before the cut-off, excluding the
    referrals on this agenda (several agencies reporting one incident count once)."""
    on_agenda = {r.id for referrals in own.values() for r in referrals}
    days: dict[int, set[date]] = {}
    for referral in dao.family_incidents_between(
        session, family_ids, cutoff - TWELVE_MONTHS, cutoff
    ):
        if referral.id in on_agenda or referral.family_id is None:
            continue
        moment = referral.incident_at or referral.received_at
        days.setdefault(referral.family_id, set()).add(moment.date())
    return days
