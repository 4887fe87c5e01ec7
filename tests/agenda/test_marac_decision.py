"""The MARAC decision has consequences: a meeting's "MARAC referral: yes" becomes the family's
MARAC status as the meeting closes; the next meeting sees it (status and the repeat criterion);
the MARAC list shows it to the coordinator and to partners invited to that meeting."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from agenda.build import build_agenda
from agenda.family import family_summary
from agenda.live.fields import write_field
from agenda.marac import next_marac_date
from agenda.minutes.service import close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import (
    Agency,
    AgencyKind,
    AgendaItem,
    AgendaItemState,
    Attendance,
    BuildTrigger,
    MaracReferral,
    Meeting,
    MeetingStatus,
    Role,
    User,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.cases import Member, at, family, referral

TUESDAY = date(2026, 11, 24)
MONDAY = date(2026, 11, 30)
NEXT_MARAC = date(2026, 11, 26)


@pytest.fixture
def police(factory: Factory) -> Agency:
    return factory.agency("police", AgencyKind.POLICE)


def _item(day: date, family_id: int) -> AgendaItem:
    item = db.session.scalar(
        select(AgendaItem)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.meeting_date == day, AgendaItem.family_id == family_id)
    )
    assert item is not None
    return item


def _decide_and_close(item: AgendaItem, chair: User, marac: str, invite: User | None) -> None:
    with transaction() as tx:
        meeting = tx.get(Meeting, item.meeting_id)
        assert meeting is not None
        meeting.status, meeting.chair_id = MeetingStatus.LIVE, chair.id
        if invite is not None:
            tx.add(Attendance(meeting_id=meeting.id, user_id=invite.id, agency_id=invite.agency_id))
        write_field(tx, item.id, "marac", marac, 0, chair.id)
        write_field(tx, item.id, "decision", "Discussed.", 0, chair.id)
    closer = db.session.get(User, chair.id)
    assert closer is not None
    close_meeting(closer, item.meeting_id)


def _first_meeting(
    app: Flask, factory: Factory, police: Agency, marac: str, invite: User | None = None
) -> tuple[int, User]:
    app.config["MARAC_FIRST_DATE"] = NEXT_MARAC.isoformat()
    chair = factory.user([Role.COORDINATOR], agency=police)
    rees = family(police, "Rees", Member("Ann", "Rees", date(1980, 1, 1)))
    referral(police, rees, at(date(2026, 11, 23), 22))
    build_agenda(TUESDAY, BuildTrigger.COMMAND, now=at(TUESDAY, 8, 30))
    _decide_and_close(_item(TUESDAY, rees), chair, marac, invite)
    return rees, chair


def test_a_meetings_yes_refers_the_family_and_the_next_meeting_sees_it(
    app: Flask, app_context: Flask, factory: Factory, police: Agency
) -> None:
    rees, _ = _first_meeting(app, factory, police, "yes")
    (made,) = db.session.scalars(select(MaracReferral)).all()
    assert (made.family_id, made.referred_on, made.marac_date) == (rees, TUESDAY, NEXT_MARAC)

    referral(police, rees, at(date(2026, 11, 28), 22))  # a new, standard-risk incident
    build_agenda(MONDAY, BuildTrigger.COMMAND, now=at(MONDAY, 8, 30))
    item = _item(MONDAY, rees)
    state = db.session.get(AgendaItemState, item.id)
    assert state is not None and state.criteria == (
        "Repeat MARAC: new incident on 28 November 2026, within 12 months of the MARAC "
        "referral of 24 November 2026"
    )
    assert state.screening == "discuss"
    summary = family_summary(db.session(), item)
    assert summary.marac_status == (
        "Referred to MARAC on 24 November 2026 for the MARAC of 26 November 2026."
    )
    assert summary.criteria == [state.criteria]


def test_a_meetings_no_leaves_the_family_unreferred(
    app: Flask, app_context: Flask, factory: Factory, police: Agency
) -> None:
    rees, _ = _first_meeting(app, factory, police, "no")
    assert db.session.scalars(select(MaracReferral)).all() == []
    referral(police, rees, at(date(2026, 11, 28), 22))
    build_agenda(MONDAY, BuildTrigger.COMMAND, now=at(MONDAY, 8, 30))
    item = _item(MONDAY, rees)
    state = db.session.get(AgendaItemState, item.id)
    assert state is not None and state.criteria is None
    assert family_summary(db.session(), item).marac_status == "Not referred to MARAC."


def test_the_marac_list_shows_referrals_to_the_coordinator_and_invited_partners_only(
    app: Flask, client: FlaskClient, factory: Factory, police: Agency
) -> None:
    invited = factory.user([Role.PARTNER], agency=police)
    stranger = factory.user([Role.PARTNER], agency=factory.agency("health", AgencyKind.HEALTH))
    with app.app_context():
        _, chair = _first_meeting(app, factory, police, "yes", invite=invited)

    sign_in(client, chair)
    html = client.get("/marac").get_data(as_text=True)
    assert "Rees" in html and "26 November 2026" in html
    assert "Next MARAC:" in html
    token = csrf_token_from(client, "/marac")
    referral_id = _only_referral_id(app)
    response = client.post(
        f"/marac/{referral_id}/outcome",
        data={"csrf_token": token, "outcome": "IDVA allocated; police marker.", "marac_date": ""},
        follow_redirects=True,
    )
    assert "IDVA allocated; police marker." in response.get_data(as_text=True)

    client.post("/sign-out", data={"csrf_token": csrf_token_from(client, "/marac")})
    sign_in(client, invited)
    assert "Rees" in client.get("/marac").get_data(as_text=True)
    assert client.post(f"/marac/{referral_id}/outcome", data={}).status_code in (400, 403)
    client.post("/sign-out", data={"csrf_token": csrf_token_from(client, "/marac")})
    sign_in(client, stranger)
    assert "Rees" not in client.get("/marac").get_data(as_text=True)


def _only_referral_id(app: Flask) -> int:
    with app.app_context():
        (referral_id,) = db.session.scalars(select(MaracReferral.id)).all()
        return referral_id


@pytest.mark.parametrize(
    ("config", "after", "expected"),
    [
        ({}, date(2026, 11, 24), None),
        ({"MARAC_DATES": "2026-12-03, 2026-11-26"}, date(2026, 11, 27), date(2026, 12, 3)),
        ({"MARAC_FIRST_DATE": "2026-11-05"}, date(2026, 11, 20), date(2026, 12, 3)),
        ({"MARAC_FIRST_DATE": "2026-11-05"}, date(2026, 11, 19), date(2026, 11, 19)),
        ({"MARAC_FIRST_DATE": "2026-11-05", "MARAC_INTERVAL_DAYS": "28"},
         date(2026, 11, 6), date(2026, 12, 3)),
    ],
)  # fmt: skip
def test_the_next_marac_date_follows_the_settings(
    config: dict[str, str], after: date, expected: date | None
) -> None:
    assert next_marac_date(after, config) == expected
