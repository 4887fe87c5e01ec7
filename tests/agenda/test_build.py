"""Building the agenda: one item per family across agencies, flagged provisional referrals,
the cut-off window, and rebuilds that add what is new and keep the coordinator's curation."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from agenda import curation
from agenda.build import build_agenda, build_scheduled
from agenda.schedule import ScheduleError
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    AgencyKind,
    AgendaBuild,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSource,
    AuditEvent,
    BuildTrigger,
    DashRisk,
    MaracReferral,
    Meeting,
    MemberRole,
)

from ..factories import Factory
from ..factories.cases import Member, at, family, referral, resolve

TUESDAY = date(2026, 11, 24)
MONDAY = date(2026, 11, 30)
COMMAND = BuildTrigger.COMMAND


@pytest.fixture
def agencies(factory: Factory) -> dict[str, object]:
    return {
        "police": factory.agency("police", AgencyKind.POLICE),
        "health": factory.agency("health", AgencyKind.HEALTH),
        "school": factory.agency("school", AgencyKind.EDUCATION),
    }


def items(day: date) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .join(AgendaItem.meeting)
            .where(AgendaItem.meeting.has(meeting_date=day))
            .order_by(AgendaItem.position)
        )
    )


def pending_families(day: date) -> list[int]:
    return [i.family_id for i in items(day) if i.status == AgendaItemStatus.PENDING]


def sources(item: AgendaItem) -> list[int]:
    return list(
        db.session.scalars(
            select(AgendaSource.referral_id).where(AgendaSource.agenda_item_id == item.id)
        )
    )


def test_a_family_referred_by_three_agencies_is_one_item_listing_each_source(
    app_context: Flask, agencies: dict
) -> None:
    smiths = family(agencies["police"], "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
    jones = family(agencies["police"], "Jones", Member("Al", "Jones", date(1985, 5, 5)))
    refs = [
        referral(agencies[name], smiths, at(date(2026, 11, 23), 20 + n))
        for n, name in enumerate(["police", "health", "school"])
    ]
    other = referral(agencies["police"], jones, at(date(2026, 11, 24), 2))

    result = build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))

    assert (result.referrals_added, result.items_added, result.provisional) == (4, 2, 0)
    by_family = {i.family_id: i for i in items(TUESDAY)}
    assert sorted(sources(by_family[smiths])) == sorted(refs)
    assert sources(by_family[jones]) == [other]


def test_referrals_awaiting_identity_resolution_are_flagged_not_dropped(
    app_context: Flask, agencies: dict
) -> None:
    unresolved = referral(agencies["police"], None, at(date(2026, 11, 23), 22))
    result = build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    assert result.provisional == 1
    source = db.session.scalar(select(AgendaSource).where(AgendaSource.referral_id == unresolved))
    assert source is not None and source.agenda_item_id is None

    smiths = family(agencies["police"], "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
    resolve(unresolved, smiths)
    rebuilt = build_agenda(TUESDAY, BuildTrigger.REBUILD, now=at(TUESDAY, 8, 40))

    assert (rebuilt.provisional, rebuilt.items_added) == (0, 1)
    (item,) = items(TUESDAY)
    assert sources(item) == [unresolved]


@pytest.mark.parametrize(
    ("meeting", "received", "on_agenda"),
    [
        (TUESDAY, at(date(2026, 11, 23), 8, 31), True),  # just after Monday's cut-off
        (TUESDAY, at(date(2026, 11, 23), 8, 29), False),  # Monday's meeting took it
        (TUESDAY, at(TUESDAY, 8, 30), True),  # exactly at the cut-off
        (TUESDAY, at(TUESDAY, 8, 31), False),  # after the cut-off: tomorrow's
        (MONDAY, at(date(2026, 11, 28), 23), True),  # Saturday night: Monday covers the weekend
        (MONDAY, at(date(2026, 11, 27), 9), True),  # Friday after Friday's cut-off
        (MONDAY, at(date(2026, 11, 27), 8), False),
    ],
)
def test_the_scheduled_build_takes_what_arrived_since_the_previous_cutoff(
    app_context: Flask, agencies: dict, meeting: date, received: object, on_agenda: bool
) -> None:
    fam = family(agencies["police"], "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
    referral(agencies["police"], fam, received)  # type: ignore[arg-type]
    built = build_scheduled(now=at(meeting, 8, 30))
    assert built is not None
    assert pending_families(meeting) == ([fam] if on_agenda else [])


def test_a_rebuild_after_the_cutoff_adds_late_arrivals_flagged(
    app_context: Flask, agencies: dict
) -> None:
    fam = family(agencies["police"], "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
    late = referral(agencies["police"], fam, at(TUESDAY, 8, 50))
    build_agenda(TUESDAY, BuildTrigger.REBUILD, now=at(TUESDAY, 9, 0))
    source = db.session.scalar(select(AgendaSource).where(AgendaSource.referral_id == late))
    assert source is not None and source.after_cutoff
    # Wednesday's agenda does not take it a second time.
    build_agenda(date(2026, 11, 25), COMMAND, now=at(date(2026, 11, 25), 8, 30))
    assert pending_families(date(2026, 11, 25)) == []


def test_no_agenda_is_built_for_a_non_meeting_date(app_context: Flask) -> None:
    with pytest.raises(ScheduleError, match="not a meeting date"):
        build_agenda(date(2026, 11, 28), COMMAND)
    assert build_scheduled(now=at(date(2026, 11, 28), 8, 30)) is None


def test_the_scheduled_build_runs_once_per_meeting(app_context: Flask, agencies: dict) -> None:
    fam = family(agencies["police"], "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
    referral(agencies["police"], fam, at(date(2026, 11, 23), 22))
    assert build_scheduled(now=at(TUESDAY, 8, 25)) is None  # before the build time
    assert build_scheduled(now=at(TUESDAY, 8, 30)) is not None
    assert build_scheduled(now=at(TUESDAY, 8, 31)) is None
    assert db.session.scalar(select(func.count(AgendaBuild.id))) == 1
    built = select(func.count(AuditEvent.id)).where(AuditEvent.action == "agenda.built")
    assert db.session.scalar(built) == 1


def test_marac_criteria_come_first_then_children_youngest_first_each_explained(
    app_context: Flask, agencies: dict
) -> None:
    adults = family(agencies["police"], "Adults", Member("Jo", "Adult", date(1990, 1, 1)))
    kids = family(
        agencies["police"],
        "Kids",
        Member("Sam", "Kid", date(1988, 2, 2)),
        Member("Baby", "Kid", date(2026, 3, 1), MemberRole.CHILD),
    )
    referral(agencies["police"], kids, at(date(2026, 11, 23), 21))
    referral(agencies["police"], adults, at(date(2026, 11, 23), 22), dash=DashRisk.HIGH)
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    first, second = items(TUESDAY)
    assert (first.family_id, second.family_id) == (adults, kids)
    assert first.order_reason == (
        "Triage: Discuss. Urgent and MARAC criteria (section 1 of 5). "
        "Risk: high DASH risk; 1 MARAC criterion met."
    )
    assert second.order_reason is not None
    assert second.order_reason.startswith(
        "Triage: Discuss. Families with children (section 2 of 5)."
    )
    assert "youngest aged 8 months" in second.order_reason


def test_the_safelives_order_stays_available_as_a_setting(
    app: Flask, app_context: Flask, agencies: dict
) -> None:
    app.config["AGENDA_ORDER"] = "safelives"
    adults = family(agencies["police"], "Adults", Member("Jo", "Adult", date(1990, 1, 1)))
    kids = family(
        agencies["police"],
        "Kids",
        Member("Sam", "Kid", date(1988, 2, 2)),
        Member("Baby", "Kid", date(2026, 3, 1), MemberRole.CHILD),
    )
    referral(agencies["police"], adults, at(date(2026, 11, 23), 21), dash=DashRisk.HIGH)
    referral(agencies["police"], kids, at(date(2026, 11, 23), 22))
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    first, second = items(TUESDAY)
    assert (first.family_id, second.family_id) == (kids, adults)
    assert first.order_reason is not None
    assert first.order_reason.startswith("Families with children (section 2 of 4).")
    assert second.order_reason == "Adults only (section 3 of 4). Risk: high DASH risk."


def test_rebuilding_adds_what_is_new_and_keeps_the_coordinators_curation(
    app_context: Flask, agencies: dict
) -> None:
    police = agencies["police"]
    names = ["A", "B", "C", "D"]
    fams = {n: family(police, n, Member(n, "Family", date(1990, 1, 1))) for n in names}
    for hour, name in enumerate(names):
        referral(police, fams[name], at(date(2026, 11, 23), 12 + hour))
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    by_family = {i.family_id: i.id for i in items(TUESDAY)}
    assert pending_families(TUESDAY) == [fams[n] for n in names]

    curation.move(by_family[fams["C"]], -1)
    curation.move(by_family[fams["C"]], -1)
    curation.set_status(by_family[fams["B"]], AgendaItemStatus.DEFERRED)
    curation.set_status(by_family[fams["D"]], AgendaItemStatus.REMOVED, "Closed case, no DA")
    curation.set_marac_flag(by_family[fams["A"]], True)

    newcomer = family(police, "E", Member("E", "Family", date(1990, 1, 1)))
    referral(police, newcomer, at(TUESDAY, 7), strangulation=True)
    referral(police, fams["D"], at(TUESDAY, 7, 30))
    result = build_agenda(TUESDAY, BuildTrigger.REBUILD, now=at(TUESDAY, 8, 30))

    assert result.items_added == 1
    assert pending_families(TUESDAY) == [newcomer, fams["C"], fams["A"]]
    statuses = {i.family_id: (i.status, i.status_reason) for i in items(TUESDAY)}
    assert statuses[fams["B"]] == (AgendaItemStatus.DEFERRED, None)
    assert statuses[fams["D"]] == (AgendaItemStatus.REMOVED, "Closed case, no DA")
    removed_state = db.session.get(AgendaItemState, by_family[fams["D"]])
    assert removed_state is not None and removed_state.new_since_removal
    marac_state = db.session.get(AgendaItemState, by_family[fams["A"]])
    assert marac_state is not None and marac_state.marac_flagged
    moved = db.session.get(AgendaItem, by_family[fams["C"]])
    assert moved is not None and moved.order_reason is not None
    assert moved.order_reason.startswith("Number 2 in the coordinator's order")


def test_a_deferred_family_is_carried_to_the_next_meeting(
    app_context: Flask, agencies: dict
) -> None:
    fam = family(agencies["police"], "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
    referral(agencies["police"], fam, at(date(2026, 11, 23), 22), threats_to_kill=True)
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    (item,) = items(TUESDAY)
    curation.set_status(item.id, AgendaItemStatus.DEFERRED, "Police research not back")

    build_agenda(date(2026, 11, 25), COMMAND, now=at(date(2026, 11, 25), 8, 30))

    (carried,) = items(date(2026, 11, 25))
    assert carried.family_id == fam
    assert carried.order_reason is not None and "threats to kill" in carried.order_reason


def test_every_curation_change_is_audited(app_context: Flask, agencies: dict) -> None:
    fams = [family(agencies["police"], n, Member(n, "F", None)) for n in "XY"]
    for fam in fams:
        referral(agencies["police"], fam, at(date(2026, 11, 23), 22))
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    first, second = items(TUESDAY)
    curation.move(second.id, -1)
    curation.set_status(first.id, AgendaItemStatus.DEFERRED)
    curation.set_status(first.id, AgendaItemStatus.PENDING)
    curation.set_status(second.id, AgendaItemStatus.REMOVED, "Duplicate")
    curation.set_marac_flag(first.id, True)
    curation.add_family(TUESDAY, second.family_id)
    actions = list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("agenda.item_%"))
            .order_by(AuditEvent.id)
        )
    )
    assert actions == [
        "agenda.item_moved",
        "agenda.item_deferred",
        "agenda.item_restored",
        "agenda.item_removed",
        "agenda.item_marac_flagged",
        "agenda.item_added",
    ]


def test_removing_needs_a_reason(app_context: Flask, agencies: dict) -> None:
    fam = family(agencies["police"], "Smith", Member("Jo", "Smith", None))
    referral(agencies["police"], fam, at(date(2026, 11, 23), 22))
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    (item,) = items(TUESDAY)
    with pytest.raises(curation.CurationError, match="Say why"):
        curation.set_status(item.id, AgendaItemStatus.REMOVED, "  ")


def test_criteria_first_then_the_chairs_actions_list_then_reviews_of_marac_families_only(
    app_context: Flask, agencies: dict
) -> None:
    police = agencies["police"]
    actions = family(police, "Actions", Member("A", "Actions", None))
    review = family(police, "Review", Member("R", "Review", None))
    not_marac = family(police, "NoMarac", Member("N", "NoMarac", None))
    urgent = family(police, "Urgent", Member("U", "Urgent", None))
    with transaction() as tx:
        tx.add(
            Action(
                family_id=actions,
                description="Refer to IDVA",
                lead_agency_id=police.id,
                due_on=date(2026, 11, 20),
            )
        )
        year_ago = Meeting(meeting_date=date(2025, 11, 24), starts_at=at(date(2025, 11, 24), 9, 30))
        tx.add(year_ago)
        tx.flush()
        for position, family_id in enumerate((review, not_marac), start=1):
            tx.add(
                AgendaItem(
                    meeting_id=year_ago.id,
                    family_id=family_id,
                    position=position,
                    status=AgendaItemStatus.DISCUSSED,
                )
            )
        tx.add(MaracReferral(family_id=review, referred_on=date(2025, 11, 24)))
    referral(police, urgent, at(date(2026, 11, 23), 22), dash=DashRisk.HIGH)

    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))

    assert pending_families(TUESDAY) == [urgent, actions, review]
    reasons = [i.order_reason or "" for i in items(TUESDAY)]
    assert reasons[0].startswith("Triage: Discuss. Urgent and MARAC criteria (section 1 of 5).")
    assert reasons[1].startswith("Incomplete actions (section 4 of 5).")
    assert reasons[2].startswith("12-month reviews (section 5 of 5).")


def test_repeat_incidents_count_earlier_days_not_agencies(
    app_context: Flask, agencies: dict
) -> None:
    repeat = family(agencies["police"], "Repeat", Member("R", "Repeat", None))
    for agency in ("police", "health"):  # one incident in June, reported twice
        referral(agencies[agency], repeat, at(date(2026, 6, 1), 10))
    referral(agencies["police"], repeat, at(date(2026, 9, 1), 10))
    referral(agencies["police"], repeat, at(date(2025, 9, 1), 10))  # over 12 months ago
    referral(agencies["police"], repeat, at(date(2026, 11, 23), 22))
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    (item,) = items(TUESDAY)
    assert item.order_reason is not None
    assert "2 earlier incidents in 12 months" in item.order_reason
