"""Every figure of the dashboard against the world in tests/factories/outcomes.py, computed by hand.

Period 1 Nov 2025 – 31 Jan 2026, figures as of 2 Dec 2026.

Referrals received in the period (UK date of receipt): R1 R2 (Nov), R3 R4 R5 R6 R13 (Dec),
R8 R12 (Jan) = 9. Not R0 (Oct), R9 R10 R11 (after the period).

Family discussions (items DISCUSSED at a meeting in the period): 1 Dec F1; 2 Dec F2; 19 Dec
F4; 29 Dec F3; 5 Jan F4, F5 = 6 (Dec 4, Jan 2); distinct families F1–F5 = 5. The deferred F2
item and the removed F6 item are not discussions.

Actions agreed (meeting date, else date recorded): A1 A2 A3 A7 (Dec), A4 A5 (Jan) = 6;
A6 was recorded in October.

Within one working day — deadline = the first working day after receipt (weekends and
England & Wales bank holidays skipped); on time if the family was discussed at a meeting
starting after receipt, on or before the deadline:
  R1 Fri 28 Nov → Mon 1 Dec, F1 discussed 1 Dec: yes
  R2 Sat 29 Nov → Mon 1 Dec: yes
  R3 Mon 1 Dec 07:00 → Tue 2 Dec; deferred 1 Dec, discussed 2 Dec: yes
  R4 Wed 24 Dec → Mon 29 Dec (25, 26 Dec bank holidays), discussed 29 Dec: yes
  R5 Tue 2 Dec 10:00 (after that day's meeting) → Wed 3 Dec; first discussed 19 Dec: no
  R6 no family: no;  R13 family removed, never discussed: no
  R8 Tue 20 Jan → Wed 21 Jan; F1 not discussed after 20 Jan: no
  R12 Mon 5 Jan 07:00 → Tue 6 Jan; F4 discussed 5 Jan 09:30: yes
  = 5 of 9.

Actions on time — due in the period and before 2 Dec 2026: A1 (done 4 Dec ≤ 5 Dec: yes),
A2 (done 8 Dec > 5 Dec: no), A3 (not done: no), A4 (done 16 Jan 23:30 = due day: yes),
A6 (due 10 Nov, done 7 Nov: yes), A7 (still open: no); A5 is due in February = 3 of 6.

Duplicates merged — items with sources at meetings in the period: F1 1 Dec (R1 R2), F2 1 Dec
(R3), F4 19 Dec (R5), F6 19 Dec (R13), F3 29 Dec (R4), F4 5 Jan (R12) = 6 items, 7 referrals:
7 − 6 = 1 merged, of 7. R6 (no family, no item) is not counted.

Minutes per family: timed discussions 600 + 300 + 900 + 480 + 720 s = 3000 s over 5 = 10.0
minutes (F5's discussion was never timed).

Repeat incidents — first discussion in the period: F1 1 Dec, F2 2 Dec, F4 19 Dec, F3 29 Dec,
F5 5 Jan. New incidents (incident date, else receipt date) after it:
  F1: R8 19 Jan 2026 | F2: R9 9 Apr 2026 | F3: R10 29 Nov 2026 | F4: R11 10 Feb 2026 (R12's
  incident, 10 Dec 2025, is before F4's discussion) | F5: none.
  3 months: all five windows have passed; F1, F4 = 2 of 5.
  6 months: all five have passed; F1, F2, F4 = 3 of 5.
  12 months: only F1's window (to 1 Dec 2026) has passed (F2's ends 2 Dec 2026 = as of) = 1 of 1.
Trend by month of first discussion: Dec (F1 F2 F4 F3): 2/4, 3/4, 1/1; Jan (F5): 0/1, 0/1, 0/0.
"""

from __future__ import annotations

from datetime import date

from flask import Flask

from frontdoor.db import db
from frontdoor.outcomes import dao
from frontdoor.outcomes.figures import Figures, MonthCounts, Ratio, compute
from frontdoor.outcomes.rows import Filters

from ..factories import Factory
from ..factories import outcomes as world

NOV, DEC, JAN = date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)


def _figures(app: Flask, filters: Filters) -> Figures:
    with app.app_context():
        return compute(dao.rows(db.session(), filters, world.AS_OF), filters, world.AS_OF)


def test_every_figure_for_all_agencies_matches_the_hand_computation(
    app: Flask, factory: Factory
) -> None:
    world.build(app, factory)
    f = _figures(app, Filters(*world.PERIOD))

    assert (f.referrals, f.families_discussed, f.discussions, f.actions_agreed) == (9, 5, 6, 6)
    assert f.by_month == [
        MonthCounts(NOV, 2, 0, 0),
        MonthCounts(DEC, 5, 4, 4),
        MonthCounts(JAN, 2, 2, 2),
    ]
    assert f.within_one_working_day == Ratio(5, 9)
    assert f.actions_on_time == Ratio(3, 6)
    assert f.referrals_merged == Ratio(1, 7)
    assert (f.timed_discussions, f.seconds_discussed, f.minutes_per_family) == (5, 3000, 10.0)
    assert f.repeats == {3: Ratio(2, 5), 6: Ratio(3, 5), 12: Ratio(1, 1)}
    assert [(p.month, p.repeats) for p in f.trend] == [
        (NOV, {3: Ratio(0, 0), 6: Ratio(0, 0), 12: Ratio(0, 0)}),
        (DEC, {3: Ratio(2, 4), 6: Ratio(3, 4), 12: Ratio(1, 1)}),
        (JAN, {3: Ratio(0, 1), 6: Ratio(0, 1), 12: Ratio(0, 0)}),
    ]


def test_the_agency_filter_follows_referrer_lead_agency_and_items_with_its_referrals(
    app: Flask, factory: Factory
) -> None:
    """Police only. Referrals from police: R1 R3 R4 R6 R8 R13 = 6 (Nov 1, Dec 4, Jan 1).
    Items with a police referral: F1 1 Dec (R1, R2), F2 1 Dec (deferred), F6 (removed),
    F3 29 Dec; discussed: F1, F3 = 2 discussions, 2 families; merged 1 of 5 referrals on
    4 items. Minutes (600 + 480) / 2 = 9.0. Actions led by police: A1 A3 A5 agreed (A6 in
    October); due: A1 yes, A3 no, A6 yes = 2 of 3. One working day: R1 R3 R4 yes, R6 R8 R13
    no = 3 of 6 (R3's family was discussed on an item without a police referral: it still
    counts). Repeats: F1 (1 Dec, R8), F3 (29 Dec, none): 1/2, 1/2, and 12 months 1/1."""
    built = world.build(app, factory)
    f = _figures(app, Filters(*world.PERIOD, agency_id=built.police.id))

    assert (f.referrals, f.families_discussed, f.discussions, f.actions_agreed) == (6, 2, 2, 3)
    assert [(m.referrals, m.discussions, m.actions) for m in f.by_month] == [
        (1, 0, 0),
        (4, 2, 2),
        (1, 0, 1),
    ]
    assert f.within_one_working_day == Ratio(3, 6)
    assert f.actions_on_time == Ratio(2, 3)
    assert f.referrals_merged == Ratio(1, 5)
    assert f.minutes_per_family == 9.0
    assert f.repeats == {3: Ratio(1, 2), 6: Ratio(1, 2), 12: Ratio(1, 1)}


def test_the_date_filter_takes_only_december(app: Flask, factory: Factory) -> None:
    """1–31 Dec 2025: referrals R3 R4 R5 R6 R13 = 5; discussions 1, 2, 19, 29 Dec = 4
    (families F1 F2 F4 F3); actions agreed A1 A2 A3 A7 = 4; due in December A1 (yes), A2
    (no) = 1 of 2; one working day R3 R4 yes, R5 R6 R13 no = 2 of 5."""
    world.build(app, factory)
    f = _figures(app, Filters(date(2025, 12, 1), date(2025, 12, 31)))

    assert (f.referrals, f.families_discussed, f.discussions, f.actions_agreed) == (5, 4, 4, 4)
    assert f.actions_on_time == Ratio(1, 2)
    assert f.within_one_working_day == Ratio(2, 5)
    assert [p.month for p in f.trend] == [DEC]


def test_referrals_and_actions_not_yet_due_are_left_out_until_they_are(
    app: Flask, factory: Factory
) -> None:
    """As of 2 Dec 2025: R1 R2 (deadline 1 Dec) and R3 (deadline 2 Dec, which is not yet
    over) → only R1, R2 count, both on time; A1 A2 are due 5 Dec, not yet due, so only A6
    (due 10 Nov, done 7 Nov) counts: 1 of 1; and no family's 3-month window has passed."""
    world.build(app, factory)
    filters = Filters(date(2025, 11, 1), date(2025, 12, 2))
    as_of = date(2025, 12, 2)
    with app.app_context():
        f = compute(dao.rows(db.session(), filters, as_of), filters, as_of)
    assert f.within_one_working_day == Ratio(2, 2)
    assert f.actions_on_time == Ratio(1, 1)
    assert f.repeats[3] == Ratio(0, 0)
