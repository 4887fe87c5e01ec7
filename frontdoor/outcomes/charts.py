"""Charts as plain geometry, drawn as SVG by `templates/outcomes/_charts.html`.

No JavaScript and no inline styles (the CSP forbids them): shapes carry classes styled by
`static/css/outcomes.css`. A suppressed value draws no shape; its "<5" or "[c]" is written
where the shape would be, exactly as in the table behind the chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..names import month_year
from .figures import REPEAT_WINDOWS
from .report import Dashboard
from .suppression import Cell

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # fd-chart__series--1 .. 3
    values: list[Cell]


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Line:
    points: str  # "x,y x,y …"
    css: str


@dataclass
class Chart:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dots: list[Text] = field(default_factory=list)  # x, y, series css in `text`
    labels: list[Text] = field(default_factory=list)
    grid: list[Text] = field(default_factory=list)  # y of a grid line, its label in `text`
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, name)


def nice_scale(value: float, steps: int = 4) -> tuple[float, float]:
    """(top, step) of an axis from 0 showing `value`: the step is 1, 2 or 5 × 10^k (at
    least 1, since the axis counts), the top a whole number of steps, about `steps` of them."""
    rough = max(value / steps, 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step * max(math.ceil(value / step), 1), step


def _grid(chart: Chart, top: float, step: float, fmt: str) -> None:
    plot = chart.height - TOP - BOTTOM
    ticks = round(top / step)
    for index in range(ticks + 1):
        y = chart.height - BOTTOM - plot * index / ticks
        chart.grid.append(Text(LEFT, y, fmt.format(step * index), "end"))


def columns(title: str, categories: list[str], series: list[Series]) -> Chart:
    """Grouped columns: one group per category (month), one column per series."""
    chart = Chart(title, legend=[(s.css, s.name) for s in series])
    highest = max((c.value or 0 for s in series for c in s.values if c.shown), default=0)
    top, step = nice_scale(highest)
    _grid(chart, top, step, "{:,.0f}")
    plot_w, plot_h = chart.width - LEFT - RIGHT, chart.height - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    base = chart.height - BOTTOM
    for index, category in enumerate(categories):
        x0 = LEFT + slot * index + slot * 0.1
        chart.labels.append(Text(LEFT + slot * (index + 0.5), base + 18, category))
        for offset, one in enumerate(series):
            cell, x = one.values[index], x0 + bar_w * offset
            if not cell.shown:
                chart.labels.append(Text(x + bar_w / 2, base - 4, cell.text))
                continue
            height = plot_h * (cell.value or 0) / top
            title = f"{one.name}, {category}: {cell.text}"
            chart.rects.append(Rect(x, base - height, bar_w, height, one.css, title))
    return chart


def percentage_bars(title: str, rows: list[tuple[str, Cell]]) -> Chart:
    """Horizontal bars on a 0–100% scale, the label above each bar, the value after it."""
    chart = Chart(title, height=TOP + 56 * len(rows) + 8)
    plot_w = chart.width - 24 - 80
    for index, (label, cell) in enumerate(rows):
        y = TOP + 56 * index
        chart.labels.append(Text(8, y + 12, label, "start"))
        chart.rects.append(Rect(8, y + 20, plot_w, 22, "fd-chart__track", label))
        if cell.shown:
            length = plot_w * (cell.value or 0) / 100
            chart.rects.append(Rect(8, y + 20, length, 22, "fd-chart__series--1", label))
        chart.labels.append(Text(16 + plot_w, y + 36, cell.text, "start"))
    return chart


def trend_lines(title: str, categories: list[str], series: list[Series]) -> Chart:
    """Percentages by month, one line per series, broken where a value is not shown."""
    chart = Chart(title, legend=[(s.css, s.name) for s in series])
    _grid(chart, 100, 25, "{:.0f}%")
    plot_w, plot_h = chart.width - LEFT - RIGHT, chart.height - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    base = chart.height - BOTTOM
    for index, category in enumerate(categories):
        chart.labels.append(Text(LEFT + slot * (index + 0.5), base + 18, category))
    for one in series:
        run: list[str] = []
        for index, cell in enumerate([*one.values, Cell(None)]):
            if cell.shown:
                x, y = LEFT + slot * (index + 0.5), base - plot_h * (cell.value or 0) / 100
                run.append(f"{x:.1f},{y:.1f}")
                chart.dots.append(Text(x, y, one.css))
                continue
            if len(run) > 1:
                chart.lines.append(Line(" ".join(run), one.css))
            run = []
    return chart


def dashboard_charts(d: Dashboard) -> dict[str, Chart]:
    """The four charts of the dashboard, from the same cells as its tables."""
    months = [month_year(m.month, short=True) for m in d.months]
    trend_months = [month_year(t.month, short=True) for t in d.trend]
    return {
        "how_much": columns(
            "Referrals, family discussions and actions agreed, by month",
            months,
            [
                Series("Referrals", "fd-chart__series--1", [m.referrals for m in d.months]),
                Series(
                    "Family discussions", "fd-chart__series--2", [m.discussions for m in d.months]
                ),
                Series("Actions agreed", "fd-chart__series--3", [m.actions for m in d.months]),
            ],
        ),
        "how_well": percentage_bars(
            "How well we did, as percentages", [(r.label, r.percentage) for r in d.how_well]
        ),
        "better_off": percentage_bars(
            "Families with a repeat incident", [(r.label, r.percentage) for r in d.better_off]
        ),
        "trend": trend_lines(
            "Families with a repeat incident, by month of first discussion",
            trend_months,
            [
                Series(
                    f"Within {n} months",
                    f"fd-chart__series--{i}",
                    [t.windows[n].percentage for t in d.trend],
                )
                for i, n in enumerate(REPEAT_WINDOWS, start=1)
            ],
        ),
    }
