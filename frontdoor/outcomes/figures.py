"""The dashboard's figures, computed from plain rows (see `rows.py`): pure, no database.

Every figure is defined in `docs/outcomes.md`; the tests check each one against a world
computed by hand. Counts here are exact: suppression happens later (`suppression.py`).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from agenda.schedule import local_date

from .rows import ActionRow, FgcRow, Filters, ItemRow, NoticeRow, ReferralRow, Rows
from .workdays import next_working_day

REPEAT_WINDOWS = (3, 6, 12)  # months after the discussion


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int


@dataclass(frozen=True)
class MonthCounts:
    month: date  # the first of the month
    referrals: int
    discussions: int
    actions: int


@dataclass(frozen=True)
class TrendPoint:
    month: date  # month of the families' first discussion in the period
    repeats: dict[int, Ratio]  # window in months → families with a repeat / eligible families


@dataclass
class Figures:
    referrals: int = 0
    families_discussed: int = 0
    discussions: int = 0
    actions_agreed: int = 0
    by_month: list[MonthCounts] = field(default_factory=list)
    within_one_working_day: Ratio = Ratio(0, 0)
    actions_on_time: Ratio = Ratio(0, 0)
    referrals_merged: Ratio = Ratio(0, 0)  # referrals that joined another's item / on items
    encompass_on_time: Ratio = Ratio(0, 0)  # delivered by 08:00 next school day / owed
    fgc_offered: int = 0
    fgc_accepted: int = 0
    fgc_held: int = 0
    fgc_repeat: Ratio = Ratio(0, 0)  # families with a new incident after their FGC / held
    timed_discussions: int = 0
    seconds_discussed: int = 0
    repeats: dict[int, Ratio] = field(default_factory=dict)
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def minutes_per_family(self) -> float | None:
        if not self.timed_discussions:
            return None
        return self.seconds_discussed / 60 / self.timed_discussions


def compute(rows: Rows, filters: Filters, as_of: date) -> Figures:
    """All figures for the period and agency in `filters`, as they stand on `as_of`."""
    period = _Period(filters)
    referrals = [r for r in rows.referrals if period.has_referral(r)]
    items = [i for i in rows.items if period.has_item(i)]
    discussed = [i for i in items if i.discussed]
    actions = [a for a in rows.actions if period.has_action_lead(a)]
    agreed = [a for a in actions if period.contains(a.agreed_on)]
    figures = Figures(
        referrals=len(referrals),
        families_discussed=len({i.family_id for i in discussed}),
        discussions=len(discussed),
        actions_agreed=len(agreed),
        by_month=_by_month(period.months(), referrals, discussed, agreed),
        within_one_working_day=_within_one_working_day(referrals, rows.items, as_of),
        actions_on_time=_actions_on_time(actions, period, as_of),
        referrals_merged=_merged(items),
        encompass_on_time=_encompass_on_time(rows.notices, period, as_of),
    )
    timed = [i.seconds for i in discussed if i.seconds is not None]
    figures.timed_discussions, figures.seconds_discussed = len(timed), sum(timed)
    figures.repeats, figures.trend = _repeats(discussed, rows.referrals, period, as_of)
    _fgc_figures(figures, rows.fgcs, rows.referrals, period, as_of)
    return figures


def _fgc_figures(
    figures: Figures,
    fgcs: list[FgcRow],
    referrals: list[ReferralRow],
    period: _Period,
    as_of: date,
) -> None:
    """FGCs offered and accepted (by the date offered) and held (by the date held) in the
    period; of the families whose FGC was held in the period, those with a new incident after
    it (up to `as_of`)."""
    offered = [f for f in fgcs if period.contains(f.offered_on)]
    held = [
        f
        for f in fgcs
        if f.held_on is not None and period.contains(f.held_on) and f.held_on < as_of
    ]
    figures.fgc_offered = len(offered)
    figures.fgc_accepted = sum(1 for f in offered if f.accepted)
    figures.fgc_held = len(held)
    incidents: dict[int, list[date]] = defaultdict(list)
    for referral in referrals:
        if referral.family_id is not None:
            incidents[referral.family_id].append(
                local_date(referral.incident_at or referral.received_at)
            )
    last_held: dict[int, date] = {}
    for f in held:
        assert f.held_on is not None
        last_held[f.family_id] = max(last_held.get(f.family_id, f.held_on), f.held_on)
    repeated = sum(
        1
        for family, day in last_held.items()
        if any(day < d <= as_of for d in incidents.get(family, []))
    )
    figures.fgc_repeat = Ratio(repeated, len(last_held))  # fmt: skip


class _Period:
    def __init__(self, filters: Filters) -> None:
        self.filters = filters

    def contains(self, day: date) -> bool:
        return self.filters.start <= day <= self.filters.end

    def _agency(self, agency_id: int) -> bool:
        return self.filters.agency_id is None or agency_id == self.filters.agency_id

    def has_referral(self, row: ReferralRow) -> bool:
        return self.contains(local_date(row.received_at)) and self._agency(row.agency_id)

    def has_item(self, row: ItemRow) -> bool:
        wanted = self.filters.agency_id
        return self.contains(row.meeting_date) and (wanted is None or wanted in row.source_agencies)

    def has_agency(self, agency_id: int) -> bool:
        return self._agency(agency_id)

    def has_action_lead(self, row: ActionRow) -> bool:
        return self._agency(row.lead_agency_id)

    def months(self) -> list[date]:
        months, month = [], self.filters.start.replace(day=1)
        while month <= self.filters.end:
            months.append(month)
            month = add_months(month, 1)
        return months


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st of a shorter month becomes its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _by_month(
    months: list[date],
    referrals: list[ReferralRow],
    discussed: list[ItemRow],
    agreed: list[ActionRow],
) -> list[MonthCounts]:
    def tally(days: Iterable[date]) -> dict[date, int]:
        counts: dict[date, int] = defaultdict(int)
        for day in days:
            counts[day.replace(day=1)] += 1
        return counts

    ref = tally(local_date(r.received_at) for r in referrals)
    dis = tally(i.meeting_date for i in discussed)
    act = tally(a.agreed_on for a in agreed)
    return [MonthCounts(m, ref[m], dis[m], act[m]) for m in months]


def _discussions_by_family(items: list[ItemRow]) -> dict[int, list[ItemRow]]:
    by_family: dict[int, list[ItemRow]] = defaultdict(list)
    for item in sorted((i for i in items if i.discussed), key=lambda i: i.starts_at):
        by_family[item.family_id].append(item)
    return by_family


def _first_discussion_after(items: list[ItemRow], moment: datetime) -> date | None:
    return next((i.meeting_date for i in items if i.starts_at > moment), None)


def _within_one_working_day(
    referrals: list[ReferralRow], all_items: list[ItemRow], as_of: date
) -> Ratio:
    """Referrals whose deadline (the next working day after receipt) has passed; of those,
    the ones whose family was discussed at a meeting by the deadline."""
    discussions = _discussions_by_family(all_items)
    due = on_time = 0
    for referral in referrals:
        deadline = next_working_day(local_date(referral.received_at))
        if deadline >= as_of:
            continue
        due += 1
        family_items = discussions.get(referral.family_id or 0, [])
        discussed_on = _first_discussion_after(family_items, referral.received_at)
        if discussed_on is not None and discussed_on <= deadline:
            on_time += 1
    return Ratio(on_time, due)


def _actions_on_time(actions: list[ActionRow], period: _Period, as_of: date) -> Ratio:
    due = [a for a in actions if period.contains(a.due_on) and a.due_on < as_of]
    on_time = [
        a for a in due if a.done and a.completed_on is not None and a.completed_on <= a.due_on
    ]
    return Ratio(len(on_time), len(due))


def _encompass_on_time(notices: list[NoticeRow], period: _Period, as_of: date) -> Ratio:
    """Encompass notices owed with a due date (UK) in the period and before `as_of`; of
    those, the ones delivered by their due time (08:00 on the next school day)."""
    due = [
        n for n in notices
        if period.contains(local_date(n.due_at)) and local_date(n.due_at) < as_of
        and period.has_agency(n.agency_id)
    ]  # fmt: skip
    on_time = [n for n in due if n.delivered_at is not None and n.delivered_at <= n.due_at]
    return Ratio(len(on_time), len(due))


def _merged(items: list[ItemRow]) -> Ratio:
    with_sources = [i for i in items if i.source_agencies]
    taken = sum(len(i.source_agencies) for i in with_sources)
    return Ratio(taken - len(with_sources), taken)


def _repeats(
    discussed: list[ItemRow], all_referrals: list[ReferralRow], period: _Period, as_of: date
) -> tuple[dict[int, Ratio], list[TrendPoint]]:
    first: dict[int, date] = {}
    for item in discussed:
        first[item.family_id] = min(first.get(item.family_id, item.meeting_date), item.meeting_date)
    incidents: dict[int, list[date]] = defaultdict(list)
    for referral in all_referrals:
        if referral.family_id in first:
            moment = referral.incident_at or referral.received_at
            incidents[referral.family_id].append(local_date(moment))
    totals = {n: _repeat_ratio(first.items(), incidents, n, as_of) for n in REPEAT_WINDOWS}
    trend = []
    for month in period.months():
        cohort = [(f, d) for f, d in first.items() if d.replace(day=1) == month]
        trend.append(
            TrendPoint(
                month, {n: _repeat_ratio(cohort, incidents, n, as_of) for n in REPEAT_WINDOWS}
            )
        )
    return totals, trend


def _repeat_ratio(
    cohort: Iterable[tuple[int, date]], incidents: dict[int, list[date]], months: int, as_of: date
) -> Ratio:
    """Families whose window (discussion date, + `months`] has fully passed by `as_of`; of
    those, the ones with a new incident inside the window."""
    eligible = repeated = 0
    for family_id, discussed_on in cohort:
        window_end = add_months(discussed_on, months)
        if window_end >= as_of:
            continue
        eligible += 1
        if any(discussed_on < day <= window_end for day in incidents.get(family_id, [])):
            repeated += 1
    return Ratio(repeated, eligible)
