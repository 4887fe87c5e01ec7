"""The dashboard as CSV: exactly the cells the page shows (suppressed alike), formula-safe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..csv_safety import formula_safe
from .report import Dashboard, RateRow

HEADER = ["section", "figure", "month", "numerator", "denominator", "value"]
HOW_MUCH, HOW_WELL, BETTER_OFF = (
    "How much did we do?",
    "How well did we do it?",
    "Is anyone better off?",
)


def dashboard_csv(dashboard: Dashboard, period: str, agency: str, as_of: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in _rows(dashboard, period, agency, as_of):
        writer.writerow([formula_safe(cell) for cell in row])
    return out.getvalue()


def _rows(d: Dashboard, period: str, agency: str, as_of: str) -> Iterator[list[str]]:
    yield ["Filters", "Period", "", "", "", period]
    yield ["Filters", "Agency", "", "", "", agency]
    yield ["Filters", "Figures as of", "", "", "", as_of]
    for headline in d.how_much:
        yield [HOW_MUCH, headline.label, "", "", "", headline.cell.text]
    for month in d.months:
        m = month.month.strftime("%Y-%m")
        yield [HOW_MUCH, "Referrals received", m, "", "", month.referrals.text]
        yield [HOW_MUCH, "Family discussions", m, "", "", month.discussions.text]
        yield [HOW_MUCH, "Actions agreed", m, "", "", month.actions.text]
    for rate in d.how_well:
        yield _rate(HOW_WELL, rate, "")
    yield [
        HOW_WELL, "Minutes per family discussed", "", "", d.timed_discussions.text,
        d.minutes_per_family.text,
    ]  # fmt: skip
    for rate in d.better_off:
        yield _rate(BETTER_OFF, rate, "")
    for point in d.trend:
        for window in point.windows.values():
            yield _rate(BETTER_OFF, window, point.month.strftime("%Y-%m"))


def _rate(section: str, rate: RateRow, month: str) -> list[str]:
    return [
        section, rate.label, month, rate.numerator.text, rate.denominator.text,
        rate.percentage.text,
    ]  # fmt: skip
