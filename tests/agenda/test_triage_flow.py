"""Triage before and in the meeting: accepting the split, changing one item, the meeting
confirming the lists in one step; an item carried forward once, then put to the chair; urgent
alerts after the cut-off joining today's (live) meeting; escalation from police incidents."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from agenda import alerts, triage_service
from agenda.build import build_agenda
from agenda.curation import CurationError
from agenda.panels import unreached_twice
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    Agency,
    AgencyKind,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSource,
    BuildTrigger,
    DashRisk,
    ItemField,
    Meeting,
    MeetingStatus,
    MemberRole,
    Role,
    Screening,
    UrgentAlert,
    User,
)

from ..factories import Factory
from ..factories.cases import Member, at, family, referral

TUESDAY = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
THURSDAY = date(2026, 11, 26)
COMMAND = BuildTrigger.COMMAND


@pytest.fixture
def agencies(factory: Factory) -> dict[str, Agency]:
    return {
        "police": factory.agency("police", AgencyKind.POLICE),
        "csc": factory.agency("csc", AgencyKind.CHILDRENS_SOCIAL_CARE),
    }


def _state(item_id: int) -> AgendaItemState:
    state = db.session.get(AgendaItemState, item_id)
    assert state is not None
    return state


def _items(day: date) -> dict[int, AgendaItem]:
    rows = db.session.scalars(
        select(AgendaItem).join(Meeting).where(Meeting.meeting_date == day)
    ).all()
    return {item.family_id: item for item in rows}


def _morning(police: Agency) -> dict[str, int]:
    kid = Member("Kit", "Cole", date(2020, 5, 5), MemberRole.CHILD)
    families = {
        "urgent": family(police, "Urgent", Member("U", "Urgent", date(1980, 1, 1))),
        "discuss": family(police, "Discuss", Member("D", "Discuss", date(1981, 1, 1))),
        "single": family(police, "Single", Member("S", "Cole", date(1982, 1, 1)), kid),
        "info": family(police, "Info", Member("I", "Info", date(1983, 1, 1))),
    }
    night = at(date(2026, 11, 23), 22)
    referral(police, families["urgent"], night, dash=DashRisk.HIGH, threats_to_kill=True)
    referral(police, families["discuss"], night, stalking=True)
    referral(police, families["single"], night)
    referral(police, families["info"], night)
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    return families


def test_the_rules_propose_a_split_the_coordinator_accepts_and_adjusts(
    app_context: Flask, agencies: dict[str, Agency]
) -> None:
    families = _morning(agencies["police"])
    items = _items(TUESDAY)
    proposed = {name: _state(items[f].id).screening for name, f in families.items()}
    assert proposed == {
        "urgent": Screening.URGENT, "discuss": Screening.DISCUSS,
        "single": Screening.SINGLE_AGENCY, "info": Screening.INFORMATION,
    }  # fmt: skip
    order = sorted(items.values(), key=lambda i: i.position)
    assert [i.family_id for i in order] == [
        families[n] for n in ("urgent", "discuss", "single", "info")
    ]

    assert triage_service.accept_split(TUESDAY) == 4
    assert all(_state(i.id).screening_by_coordinator for i in items.values())
    info_item = items[families["info"]].id
    triage_service.set_screening(info_item, Screening.DISCUSS, None)
    assert _state(info_item).screening == Screening.DISCUSS
    with pytest.raises(CurationError, match="Choose the agency"):
        triage_service.set_screening(info_item, Screening.SINGLE_AGENCY, None)
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 45))  # a rebuild keeps the choice
    assert _state(info_item).screening == Screening.DISCUSS


def test_the_meeting_confirms_the_lists_in_one_step(
    app_context: Flask, agencies: dict[str, Agency], factory: Factory
) -> None:
    families = _morning(agencies["police"])
    items = _items(TUESDAY)
    single = items[families["single"]].id
    triage_service.set_screening(single, Screening.SINGLE_AGENCY, agencies["csc"].id)
    chair = factory.user([Role.COORDINATOR], agency=agencies["police"])
    with transaction() as tx:
        meeting = tx.get(Meeting, items[families["info"]].meeting_id)
        assert meeting is not None
        meeting.status, meeting.chair_id = MeetingStatus.LIVE, chair.id
    user = db.session.get(User, chair.id)
    assert user is not None
    assert triage_service.confirm_lists(user, items[families["info"]].meeting_id) == 2
    db.session.expire_all()
    statuses = {name: _items(TUESDAY)[f].status for name, f in families.items()}
    assert statuses["single"] == statuses["info"] == AgendaItemStatus.DISCUSSED
    assert statuses["urgent"] == statuses["discuss"] == AgendaItemStatus.PENDING
    (action,) = db.session.scalars(select(Action)).all()
    assert (action.lead_agency_id, action.family_id) == (agencies["csc"].id, families["single"])
    decision = db.session.get(ItemField, (single, "decision"))
    assert decision is not None and decision.value == "Single agency: routed to Agency csc."


def test_an_item_not_reached_is_carried_forward_once_then_put_to_the_chair(
    app_context: Flask, agencies: dict[str, Agency]
) -> None:
    police = agencies["police"]
    rees = family(police, "Rees", Member("Ann", "Rees", date(1980, 1, 1)))
    referral(police, rees, at(date(2026, 11, 23), 22), stalking=True)
    for day in (TUESDAY, WEDNESDAY):
        build_agenda(day, COMMAND, now=at(day, 8, 30))
        with transaction() as tx:
            item = _items(day)[rees]
            tx.get(AgendaItem, item.id).status = AgendaItemStatus.DEFERRED  # type: ignore[union-attr]
            tx.get(Meeting, item.meeting_id).status = MeetingStatus.CLOSED  # type: ignore[union-attr]
    assert rees in _items(WEDNESDAY)  # carried forward once
    build_agenda(THURSDAY, COMMAND, now=at(THURSDAY, 8, 30))
    assert rees not in _items(THURSDAY)  # not a second time
    thursday = db.session.scalar(select(Meeting).where(Meeting.meeting_date == THURSDAY))
    assert thursday is not None
    assert [i.family_id for i in unreached_twice(db.session(), thursday)] == [rees]


def test_three_police_incidents_in_12_months_meet_the_escalation_criterion(
    app_context: Flask, agencies: dict[str, Agency], factory: Factory
) -> None:
    police, health = agencies["police"], factory.agency("health", AgencyKind.HEALTH)
    twice = family(police, "Twice", Member("T", "Twice", date(1980, 1, 1)))
    thrice = family(police, "Thrice", Member("R", "Thrice", date(1980, 1, 1)))
    for family_id in (twice, thrice):
        referral(police, family_id, at(date(2026, 6, 1), 10))
        referral(health, family_id, at(date(2026, 8, 1), 10))  # not a police call-out
        referral(police, family_id, at(date(2026, 11, 23), 22))
    referral(police, thrice, at(date(2026, 3, 1), 10))
    build_agenda(TUESDAY, COMMAND, now=at(TUESDAY, 8, 30))
    items = _items(TUESDAY)
    assert _state(items[twice].id).criteria is None
    assert _state(items[thrice].id).criteria == (
        "Potential escalation: 3 police incidents in 12 months (3 or more)"
    )


def test_an_urgent_referral_after_the_cut_off_alerts_and_joins_the_live_meeting(
    app: Flask, app_context: Flask, agencies: dict[str, Agency], factory: Factory
) -> None:
    police = agencies["police"]
    families = _morning(police)
    late = family(police, "Late", Member("L", "Late", date(1990, 1, 1)))
    quiet = family(police, "Quiet", Member("Q", "Quiet", date(1990, 1, 1)))
    urgent_ref = referral(police, late, at(TUESDAY, 11), dash=DashRisk.HIGH, strangulation=True)
    quiet_ref = referral(police, quiet, at(TUESDAY, 11))
    assert alerts.raise_alerts([urgent_ref, quiet_ref], now=at(TUESDAY, 8, 0)) == []  # before it
    (alert,) = alerts.raise_alerts([urgent_ref, quiet_ref], now=at(TUESDAY, 11, 5))
    assert alert.reasons.splitlines() == [
        "Visible high risk: a new incident graded high risk",
        "Professional judgement: strangulation",
    ]
    assert alerts.raise_alerts([urgent_ref], now=at(TUESDAY, 11, 6)) == []  # once only
    assert [a.alert.referral_id for a in alerts.open_alerts()] == [urgent_ref]

    meeting_id = _items(TUESDAY)[families["urgent"]].meeting_id
    with transaction() as tx:
        tx.get(Meeting, meeting_id).status = MeetingStatus.LIVE  # type: ignore[union-attr]
    coordinator = factory.user([Role.COORDINATOR], agency=police)
    user = db.session.get(User, coordinator.id)
    assert user is not None
    assert alerts.add_to_today(user, alert.id, now=at(TUESDAY, 11, 10)) == meeting_id
    joined = _items(TUESDAY)[late]
    assert joined.status == AgendaItemStatus.PENDING
    source = db.session.scalar(select(AgendaSource).where(AgendaSource.referral_id == urgent_ref))
    assert source is not None and source.agenda_item_id == joined.id and source.after_cutoff
    assert alerts.open_alerts() == []
    stored = db.session.get(UrgentAlert, alert.id)
    assert stored is not None and stored.meeting_id == meeting_id
    with pytest.raises(alerts.AlertError):
        alerts.add_to_today(user, alert.id, now=at(TUESDAY, 11, 11))
