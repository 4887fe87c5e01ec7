"""Gather, in a handful of batched queries, the facts ordering needs for a meeting's items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from frontdoor.models import AgencyKind, AgendaItem, AgendaItemState, DashRisk, Referral, RiskTool

from . import dao, marac_dao
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
    history = _earlier_incidents(session, family_ids, referrals, context.cutoff)
    maracs = marac_dao.last_referrals(session, family_ids, context.meeting_date)
    facts = {}
    for item in items:
        own = referrals.get(item.id, [])
        births = children.get(item.family_id) or [b for r in own for b in named.get(r.id, [])]
        earlier = history.get(item.family_id, {})
        facts[item.id] = _facts(item, own, births, actions.get(item.family_id, 0), earlier, context)
        facts[item.id] = replace(facts[item.id], last_marac_referral=maracs.get(item.family_id))
    return facts


def _facts(
    item: AgendaItem,
    referrals: list[Referral],
    births: list[date | None],
    open_actions: int,
    earlier: dict[date, bool],
    context: FactsContext,
) -> FamilyFacts:
    ages = [months_between(b, context.meeting_date) for b in births if b is not None]
    youngest = min(ages) if ages else None
    baby = youngest is not None and youngest < BABY_MONTHS
    days = {_day(r): r.agency.kind == AgencyKind.POLICE for r in referrals}
    police_days = {d for d, police in (earlier | days).items() if police}
    scores = [r.dash_score for r in referrals if r.risk_tool == RiskTool.DASH_SL]
    return FamilyFacts(
        key=item.id,
        new_referrals=len(referrals),
        incomplete_actions=open_actions,
        review_due=item.family_id in context.reviews_due,
        high_dash=any(r.dash_risk == DashRisk.HIGH for r in referrals),
        strangulation=any(r.strangulation for r in referrals),
        threats_to_kill=any(r.threats_to_kill for r in referrals),
        stalking=any(r.stalking for r in referrals),
        separation=any(r.separation for r in referrals),
        pregnancy_or_baby=baby or any(r.pregnancy for r in referrals),
        repeat_incidents=len(earlier),
        children=len(births) or (1 if any(r.children_present for r in referrals) else 0),
        youngest_child_months=youngest,
        dash_sl_score=max((s for s in scores if s is not None), default=None),
        police_incidents=len(police_days),
        latest_incident=max(days, default=None),
    )


def _day(referral: Referral) -> date:
    return (referral.incident_at or referral.received_at).date()


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


def _earlier_incidents(
    session: Session,
    family_ids: Sequence[int],
    own: dict[int, list[Referral]],
    cutoff: datetime,
) -> dict[int, dict[date, bool]]:
    """Distinct incident days per family in the 12 months before the cut-off, excluding the
    referrals on this agenda (several agencies reporting one incident count once), each with
    whether the police reported it."""
    on_agenda = {r.id for referrals in own.values() for r in referrals}
    days: dict[int, dict[date, bool]] = {}
    for referral in dao.family_incidents_between(
        session, family_ids, cutoff - TWELVE_MONTHS, cutoff
    ):
        if referral.id in on_agenda or referral.family_id is None:
            continue
        family_days = days.setdefault(referral.family_id, {})
        day = _day(referral)
        family_days[day] = family_days.get(day, False) or referral.agency.kind == AgencyKind.POLICE
    return days
