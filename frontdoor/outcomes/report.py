"""The dashboard as it is shown: figures with suppression applied, in the three OBA sections.

HTML, charts and CSV are all made from one `Dashboard`, so a suppressed figure is suppressed
everywhere alike.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

from ..names import month_year
from .figures import REPEAT_WINDOWS, Figures, Ratio
from .suppression import Cell, Suppressor


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    cell: Cell


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    numerator_label: str
    denominator_label: str
    numerator: Cell
    denominator: Cell
    percentage: Cell


@dataclass(frozen=True)
class MonthRow:
    month: date
    referrals: Cell
    discussions: Cell
    actions: Cell

    @property
    def label(self) -> str:
        return month_year(self.month)


@dataclass(frozen=True)
class TrendRow:
    month: date
    windows: dict[int, RateRow]

    @property
    def label(self) -> str:
        return month_year(self.month)


@dataclass(frozen=True)
class Dashboard:
    how_much: list[Headline]
    months: list[MonthRow]
    month_totals: MonthRow
    how_well: list[RateRow]
    minutes_per_family: Cell
    timed_discussions: Cell
    better_off: list[RateRow]
    trend: list[TrendRow]


RATES = {
    "within_one_working_day": (
        "Referrals discussed within one working day",
        "discussed by the next working day",
        "referrals due by then",
    ),
    "actions_on_time": (
        "Actions completed on time",
        "completed by their due date",
        "actions due",
    ),
    "referrals_merged": (
        "Duplicate referrals merged into one family item",
        "referrals joining another referral's item",
        "referrals on agenda items",
    ),
    "encompass_on_time": (
        "Encompass notices sent before the next school day",
        "delivered to the school by 08:00 on the next school day",
        "notices owed to schools",
    ),
}


def build(figures: Figures) -> Dashboard:
    s = Suppressor()
    _register(s, figures)
    s.solve()
    months = [
        MonthRow(m.month, *(s.cell(("month", m.month, k)) for k in _MONTH_KEYS))
        for m in figures.by_month
    ]
    return Dashboard(
        how_much=[
            Headline("referrals", "Referrals received", s.cell("referrals")),
            Headline("families_discussed", "Families discussed", s.cell("families_discussed")),
            Headline("discussions", "Family discussions", s.cell("discussions")),
            Headline("actions_agreed", "Actions agreed", s.cell("actions_agreed")),
            Headline("fgc_offered", "Family Group Conferences offered", s.cell("fgc_offered")),
            Headline("fgc_accepted", "FGCs accepted by the victim", s.cell("fgc_accepted")),
            Headline("fgc_held", "FGCs held", s.cell("fgc_held")),
        ],
        months=months,
        month_totals=MonthRow(
            date.min, s.cell("referrals"), s.cell("discussions"), s.cell("actions_agreed")
        ),
        how_well=[_rate(s, key, *labels) for key, labels in RATES.items()],
        minutes_per_family=s.mean(figures.seconds_discussed / 60, "timed", " min"),
        timed_discussions=s.cell("timed"),
        better_off=[_repeat_row(s, ("repeat", n), n) for n in REPEAT_WINDOWS]
        + [
            _rate(
                s,
                "fgc_repeat",
                "Repeat incident after a Family Group Conference",
                "families with a new incident after their FGC",
                "families whose FGC was held",
            )
        ],
        trend=[
            TrendRow(p.month, {n: _repeat_row(s, ("trend", p.month, n), n) for n in p.repeats})
            for p in figures.trend
        ],
    )


_MONTH_KEYS = ("referrals", "discussions", "actions_agreed")


def _register(s: Suppressor, figures: Figures) -> None:
    for key in ("referrals", "families_discussed", "discussions", "actions_agreed"):
        s.count(key, getattr(figures, key))
    for m in figures.by_month:
        for key, value in zip(_MONTH_KEYS, (m.referrals, m.discussions, m.actions), strict=True):
            s.count(("month", m.month, key), value)
    for key in _MONTH_KEYS:
        s.group([("month", m.month, key) for m in figures.by_month], key)
    for key in RATES:
        _ratio(s, key, getattr(figures, key))
    s.count("timed", figures.timed_discussions)
    for key in ("fgc_offered", "fgc_accepted", "fgc_held"):
        s.count(key, getattr(figures, key))
    _ratio(s, "fgc_repeat", figures.fgc_repeat)
    for n in REPEAT_WINDOWS:
        _ratio(s, ("repeat", n), figures.repeats[n])
        for p in figures.trend:
            _ratio(s, ("trend", p.month, n), p.repeats[n])
        for part in ("num", "den"):
            s.group([("trend", p.month, n, part) for p in figures.trend], ("repeat", n, part))


def _ratio(s: Suppressor, key: Hashable, ratio: Ratio) -> None:
    s.count((*_tuple(key), "num"), ratio.numerator)
    s.count((*_tuple(key), "den"), ratio.denominator)
    s.pair((*_tuple(key), "num"), (*_tuple(key), "den"))


def _tuple(key: Hashable) -> tuple[Hashable, ...]:
    return key if isinstance(key, tuple) else (key,)


def _rate(s: Suppressor, key: Hashable, label: str, num_label: str, den_label: str) -> RateRow:
    num, den = (*_tuple(key), "num"), (*_tuple(key), "den")
    return RateRow(
        key="-".join(str(k) for k in _tuple(key)),
        label=label,
        numerator_label=num_label,
        denominator_label=den_label,
        numerator=s.cell(num),
        denominator=s.cell(den),
        percentage=s.percentage(num, den),
    )


def _repeat_row(s: Suppressor, key: tuple[Hashable, ...], months: int) -> RateRow:
    return _rate(
        s,
        key,
        f"Repeat incident within {months} months",
        "families with a new incident",
        "families whose window has passed",
    )
