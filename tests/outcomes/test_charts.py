"""The charts draw exactly what the tables show: suppressed values draw nothing but their mark."""

from __future__ import annotations

import pytest

from frontdoor.outcomes import charts
from frontdoor.outcomes.suppression import Cell, State

HIDDEN, HIDDEN_C = Cell(None, State.PRIMARY), Cell(None, State.SECONDARY, "%")


@pytest.mark.parametrize(
    ("value", "scale"),
    [(0, (1, 1)), (4, (4, 1)), (5, (6, 2)), (12, (15, 5)), (160, (200, 50)), (1635, (2000, 500))],
)
def test_axes_step_in_ones_twos_and_fives(value: int, scale: tuple[int, int]) -> None:
    assert charts.nice_scale(value) == scale


def test_a_suppressed_column_is_a_mark_not_a_bar() -> None:
    chart = charts.columns(
        "t", ["Jan", "Feb"], [charts.Series("Referrals", "fd-chart__series--1", [HIDDEN, Cell(8)])]
    )
    assert [r.title for r in chart.rects] == ["Referrals, Feb: 8"]
    assert "<5" in [label.text for label in chart.labels]
    bar = chart.rects[0]
    assert bar.y + bar.height == chart.height - charts.BOTTOM  # stands on the axis
    assert [g.text for g in chart.grid] == ["0", "2", "4", "6", "8"]


def test_percentage_bars_are_proportional_and_suppressed_ones_empty() -> None:
    chart = charts.percentage_bars("t", [("a", Cell(50.0, unit="%")), ("b", HIDDEN_C)])
    tracks = [r for r in chart.rects if r.css == "fd-chart__track"]
    bars = [r for r in chart.rects if r.css != "fd-chart__track"]
    assert len(tracks) == 2 and len(bars) == 1
    assert bars[0].width == pytest.approx(tracks[0].width / 2)
    assert [t.text for t in chart.labels if t.text in {"50%", "[c]"}] == ["50%", "[c]"]


def test_a_trend_line_breaks_where_a_month_is_not_shown() -> None:
    values = [Cell(10.0, unit="%"), Cell(20.0, unit="%"), HIDDEN_C, Cell(30.0, unit="%")]
    chart = charts.trend_lines(
        "t", ["J", "F", "M", "A"], [charts.Series("3 months", "fd-chart__series--1", values)]
    )
    assert len(chart.lines) == 1  # J–F; A alone is a dot, not a line
    assert len(chart.lines[0].points.split()) == 2
    assert len(chart.dots) == 3
