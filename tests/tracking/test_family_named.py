"""Notifications name the family ("Smith family (Amy Smith)"), in the one display form of
names, only to a reader who may see the action; names and labels are shown as the person's
best record spells them, in normal case."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from agenda.family_names import family_name, person_names
from agenda.live.lines import lines_for
from agenda.minutes.snapshot import members_section
from agenda.tracking import notifications
from frontdoor.db import db, transaction
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import (
    Action,
    Agency,
    AgendaItem,
    Channel,
    DashRisk,
    Family,
    FamilyMember,
    Meeting,
    Notification,
    NotificationKind,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    Role,
)
from frontdoor.names import display_name, family_label

from ..factories import Factory, sign_in
from ..factories.meetings import make_action

_refs = itertools.count(1)


def _refer(app: Flask, agency: Agency, *people: tuple[str, str, str]) -> None:
    """A referral written as intake writes it: (role, given name, surname) per person."""
    with app.app_context(), transaction() as tx:
        referral = Referral(
            agency_id=agency.id,
            channel=Channel.API,
            source_ref=f"NAMES-{next(_refs)}",
            received_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
            dash_risk=DashRisk.MEDIUM,
        )
        for role, given, surname in people:
            record = PersonRecord(
                agency_id=agency.id, source="police", given_name=given, surname=surname,
                date_of_birth=datetime(1990, 4, 12).date(), postcode="LS6 1AA",
            )  # fmt: skip
            referral.people.append(ReferralPerson(person_record=record, role=ReferralRole(role)))
        tx.add(referral)


@pytest.fixture
def smith_family(app: Flask, factory: Factory) -> int:
    """Amy Smith, typed in capitals by the police, then in lower case; her partner Dean."""
    police = factory.agency("police-names")
    _refer(app, police, ("victim", "AMY", "SMITH"), ("perpetrator", "DEAN", "SMITH"))
    _refer(app, police, ("victim", "amy", "smith"))
    with app.app_context():
        resolve_pending()
        family_id = db.session().scalars(select(FamilyMember.family_id)).first()
        assert family_id is not None
        return family_id


@pytest.mark.parametrize(
    ("given", "surname", "shown"),
    [
        ("AMY", "SMITH", "Amy Smith"),
        ("amy", "o'brien", "Amy O'Brien"),
        ("JEAN-LUC", "SMITH-JONES", "Jean-Luc Smith-Jones"),
        ("Amy", "McDonald", "Amy McDonald"),  # mixed case: as the record spells it
        ("Amy", "de Souza", "Amy de Souza"),
        (None, "  ", "Name not recorded"),
    ],
)
def test_one_display_form_of_names(given: str | None, surname: str | None, shown: str) -> None:
    assert display_name(given, surname) == shown


def test_a_family_label_is_shown_in_normal_case() -> None:
    assert family_label("SMITH family", 3) == "Smith family"
    assert family_label(None, 3) == "Family 3"


def test_a_family_is_named_by_its_label_and_its_victims_best_name(
    app: Flask, smith_family: int
) -> None:
    with app.app_context():
        named = family_name(db.session(), smith_family)
        assert (named.label, named.victim) == ("Smith family", "Amy Smith")
        assert named.text == "Smith family (Amy Smith)"
        people = person_names(db.session(), db.session().scalars(select(FamilyMember.person_id)))
        assert sorted(people.values()) == ["Amy Smith", "Dean Smith"]


def test_notifications_name_the_family_only_for_a_reader_who_may_see_the_action(
    app: Flask, factory: Factory, smith_family: int
) -> None:
    health = factory.agency("health-names")
    lead = factory.user([Role.PARTNER], agency=health)
    other = factory.user([Role.PARTNER], agency=factory.agency("housing-names"))
    action_id = make_action(app, smith_family, health.id, lead_user_id=lead.id)
    with app.app_context(), transaction() as tx:
        action = tx.get(Action, action_id)
        assert action is not None
        notifications.notify_assignment(tx, action, reassigned=False)
        # a notice from when the other agency led it: it no longer does
        tx.add(Notification(user_id=other.id, kind=NotificationKind.ACTION_ASSIGNED,
                            action_id=action_id, occasion="earlier"))  # fmt: skip
    client = app.test_client()
    sign_in(client, lead)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Smith family (Amy Smith)" in page and "SMITH" not in page
    outsider = app.test_client()
    sign_in(outsider, other)
    page = outsider.get("/notifications/").get_data(as_text=True)
    assert "An action your agency no longer leads." in page
    assert "Smith" not in page


def test_the_family_page_and_action_lists_use_the_same_names(
    app: Flask, factory: Factory, smith_family: int
) -> None:
    with app.app_context():
        label = db.session().get(Family, smith_family)
        assert label is not None and label.label is not None
    health = factory.agency("health-lists")
    lead = factory.user([Role.PARTNER], agency=health)
    make_action(app, smith_family, health.id, lead_user_id=lead.id)
    client = app.test_client()
    sign_in(client, lead)
    ours = client.get("/actions/").get_data(as_text=True)
    assert "Smith family (Amy Smith)" in ours


def _on_agenda(app: Flask, family_id: int) -> int:
    with app.app_context(), transaction() as tx:
        day = date.today()
        meeting = Meeting(meeting_date=day, starts_at=datetime(day.year, day.month, day.day,
                                                               9, tzinfo=UTC))  # fmt: skip
        tx.add(meeting)
        tx.flush()
        item = AgendaItem(meeting_id=meeting.id, family_id=family_id, position=1)
        tx.add(item)
        tx.flush()
        return item.id


def test_the_family_page_live_lines_and_minutes_use_the_one_display_form(
    app: Flask, factory: Factory, smith_family: int
) -> None:
    item_id = _on_agenda(app, smith_family)
    with app.app_context():
        session = db.session()
        item = session.get(AgendaItem, item_id)
        assert item is not None
        assert lines_for(session, [item], date.today())[item_id].victim == "Amy Smith"
        members = sorted(m["name"] for m in members_section(session, smith_family))
        assert members == ["Amy Smith", "Dean Smith"]
    client = app.test_client()
    sign_in(client, factory.user([Role.COORDINATOR]))
    page = client.get(f"/agenda/items/{item_id}").get_data(as_text=True)
    assert "Smith family" in page and "Amy Smith" in page and "Dean Smith" in page
    assert "SMITH family" not in page and "AMY SMITH" not in page
