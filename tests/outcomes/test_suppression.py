"""Small-number suppression: primary (1–4 → "<5"), secondary by subtraction ("[c]")."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.outcomes import report
from frontdoor.outcomes.figures import Figures, MonthCounts, Ratio, TrendPoint
from frontdoor.outcomes.suppression import Cell, State, Suppressor


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (1, "<5"), (2, "<5"), (3, "<5"), (4, "<5"), (5, "5"), (12, "12"), (1234, "1,234")],
)
def test_a_count_from_one_to_four_is_shown_as_under_five(value: int, text: str) -> None:
    s = Suppressor()
    s.count("n", value)
    s.solve()
    assert s.cell("n").text == text
    assert (s.cell("n").value is None) == (text == "<5")


# parts, total → the texts of the parts and of the total
GROUPS = [
    # nothing small: all shown
    ([10, 20, 30], 60, ["10", "20", "30"], "60"),
    # one small part: the smallest other non-zero part goes too, so 60 − 50 − 7 cannot give it
    ([3, 7, 50], 60, ["<5", "[c]", "50"], "60"),
    # two small parts: their sum (5) can be worked out, but neither of them
    ([2, 3, 50], 55, ["<5", "<5", "50"], "55"),
    # zeros are not suppressed and never chosen (hiding a 0 would hide nothing)
    ([0, 3, 50], 53, ["0", "<5", "[c]"], "53"),
    # the only other part is zero: the total goes instead
    ([0, 3], 3, ["0", "<5"], "<5"),
    ([0, 0, 0], 0, ["0", "0", "0"], "0"),
]


@pytest.mark.parametrize(("parts", "total", "part_texts", "total_text"), GROUPS)
def test_a_suppressed_part_cannot_be_recovered_from_its_total(
    parts: list[int], total: int, part_texts: list[str], total_text: str
) -> None:
    s = Suppressor()
    for index, value in enumerate(parts):
        s.count(index, value)
    s.count("total", total)
    s.group(list(range(len(parts))), "total")
    s.solve()
    assert [s.cell(i).text for i in range(len(parts))] == part_texts
    assert s.cell("total").text == total_text
    hidden = [v for i, v in enumerate(parts) if s.cell(i).value is None]
    shown_total = s.cell("total").value
    if shown_total is not None and hidden:
        assert len(hidden) >= 2  # never exactly one unknown in a shown sum


# numerator, denominator → numerator text, denominator text, percentage text
PAIRS = [
    (30, 60, "30", "60", "50%"),
    (3, 60, "<5", "60", "[c]"),  # 3 of 60 would be given away by 5%
    (57, 60, "[c]", "60", "[c]"),  # 60 − 57 = 3 would be given away
    (60, 60, "60", "60", "100%"),  # a difference of 0 reveals no small count
    (2, 3, "<5", "<5", "[c]"),
    (0, 3, "0", "<5", "[c]"),
    (0, 0, "0", "0", "–"),  # nothing to measure
    (0, 12, "0", "12", "0%"),
]


@pytest.mark.parametrize(("num", "den", "num_text", "den_text", "pct_text"), PAIRS)
def test_a_percentage_is_shown_only_when_no_small_count_could_be_worked_out(
    num: int, den: int, num_text: str, den_text: str, pct_text: str
) -> None:
    s = Suppressor()
    s.count("num", num)
    s.count("den", den)
    s.pair("num", "den")
    s.solve()
    assert (s.cell("num").text, s.cell("den").text) == (num_text, den_text)
    assert s.percentage("num", "den").text == pct_text


def test_a_mean_over_fewer_than_five_things_is_hidden() -> None:
    s = Suppressor()
    s.count("few", 4)
    s.count("enough", 5)
    s.solve()
    assert s.mean(40.0, "few", " min").text == "[c]"
    assert s.mean(50.0, "enough", " min").text == "10.0 min"


def test_secondary_suppression_spreads_until_nothing_can_be_recovered() -> None:
    """A hidden numerator of a monthly trend point forces another month's numerator to hide;
    that month's percentage goes with it, and the total's percentage stays."""
    months = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    trend = [
        TrendPoint(months[0], {3: Ratio(2, 20), 6: Ratio(0, 0), 12: Ratio(0, 0)}),
        TrendPoint(months[1], {3: Ratio(6, 20), 6: Ratio(0, 0), 12: Ratio(0, 0)}),
        TrendPoint(months[2], {3: Ratio(9, 20), 6: Ratio(0, 0), 12: Ratio(0, 0)}),
    ]
    figures = Figures(
        referrals=60,
        by_month=[MonthCounts(m, 20, 0, 0) for m in months],
        repeats={3: Ratio(17, 60), 6: Ratio(0, 0), 12: Ratio(0, 0)},
        trend=trend,
    )
    d = report.build(figures)
    texts = [(t.windows[3].numerator.text, t.windows[3].percentage.text) for t in d.trend]
    assert texts == [("<5", "[c]"), ("[c]", "[c]"), ("9", "45%")]
    assert (d.better_off[0].numerator.text, d.better_off[0].percentage.text) == ("17", "28%")


def test_report_applies_one_decision_to_headline_months_and_rates() -> None:
    months = [date(2026, 1, 1), date(2026, 2, 1)]
    figures = Figures(
        referrals=23,
        families_discussed=3,
        discussions=3,
        actions_agreed=0,
        by_month=[MonthCounts(months[0], 3, 3, 0), MonthCounts(months[1], 20, 0, 0)],
        within_one_working_day=Ratio(21, 23),
        actions_on_time=Ratio(0, 0),
        referrals_merged=Ratio(5, 23),
        timed_discussions=3,
        seconds_discussed=1800,
        repeats={n: Ratio(0, 0) for n in (3, 6, 12)},
        trend=[TrendPoint(m, {n: Ratio(0, 0) for n in (3, 6, 12)}) for m in months],
    )
    d = report.build(figures)
    assert [h.cell.text for h in d.how_much][:4] == ["23", "<5", "<5", "0"]
    # January's 3 referrals are hidden; February's 20 must go too, or 23 − 20 gives 3
    assert [m.referrals.text for m in d.months] == ["<5", "[c]"]
    assert d.month_totals.referrals.text == "23"
    one_day, on_time, merged, encompass = d.how_well
    assert encompass.percentage.text == "–"  # no notices owed
    assert (one_day.numerator.text, one_day.percentage.text) == ("[c]", "[c]")  # 23 − 21 = 2
    assert on_time.percentage.text == "–"
    assert (merged.numerator.text, merged.percentage.text) == ("5", "22%")
    assert d.minutes_per_family == Cell(None, State.SECONDARY, " min")
