"""Every field a user or a referral can fill carries an XSS payload; every page and export
that shows them must render it inert."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from frontdoor.access.claims import claim_access
from frontdoor.audit.service import record
from frontdoor.db import transaction
from frontdoor.models import (
    Action,
    ActionUpdate,
    ActionUpdateKind,
    AgendaItem,
    Family,
    Notification,
    NotificationKind,
    PersonRecord,
    Referral,
    Role,
    User,
)

from ..factories import Factory, cases, sign_in
from ..factories.minutes import closed_meeting_with
from .xss import CORPUS, injected, payload

PERSON_FIELDS = (
    "given_name",
    "middle_name",
    "surname",
    "address",
    "postcode",
    "phone",
    "nhs_number",
    "pnc_id",
    "school",
    "source_ref",
    "date_of_birth_text",
)
REFERRAL_FIELDS = ("narrative", "officer", "source_ref", "location_postcode")
LIMITS = {"postcode": 16, "location_postcode": 16, "nhs_number": 20, "pnc_id": 20}


@pytest.fixture
def poisoned(app: Flask, factory: Factory) -> dict[str, object]:
    """A family where every free-text field a referral or a user fills holds a payload."""
    counter = itertools.count()
    agency = factory.agency("poison")
    coordinator = factory.user([Role.COORDINATOR], agency=agency)
    admin = factory.user([Role.ADMIN, Role.MANAGER], agency=agency)
    partner = factory.user([Role.PARTNER], agency=agency)
    case = cases.family_case(app, agency.id)
    cases.referral_from(app, case.family_id, agency.id)
    meeting_id = cases.meeting_with(app, case.family_id, partner)
    with app.app_context(), transaction() as tx:
        for row in tx.scalars(select(PersonRecord)):
            for name in PERSON_FIELDS:
                setattr(row, name, payload(next(counter))[: LIMITS.get(name, 200)])
        for referral in tx.scalars(select(Referral)):
            for name in REFERRAL_FIELDS:
                setattr(referral, name, payload(next(counter))[: LIMITS.get(name, 120)])
        family = tx.get(Family, case.family_id)
        assert family is not None
        family.label = payload(next(counter))
        for user in tx.scalars(select(User)):
            user.display_name = payload(next(counter))
        record(tx, "test.poison", object_type="family", object_id="=1+1", agency_id=agency.id)
        item_id = tx.scalar(select(AgendaItem.id).where(AgendaItem.family_id == case.family_id))
    with app.app_context():
        claim_access(partner, family_id=case.family_id, reason=CORPUS[0] + CORPUS[1])
    action_id = _poisoned_action(app, case.family_id, item_id, partner, next(counter))
    minutes_meeting_id = closed_meeting_with(
        app, case.family_id, partner, coordinator, "".join(CORPUS)
    )
    return {
        "action_id": action_id,
        "minutes_meeting_id": minutes_meeting_id,
        "case": case,
        "coordinator": coordinator,
        "admin": admin,
        "partner": partner,
        "item_id": item_id,
        "meeting_id": meeting_id,
    }


def _poisoned_action(app: Flask, family_id: int, item_id: int, partner: User, n: int) -> int:
    """An overdue action the partner leads, with a poisoned description and status update,
    and a notification about it."""
    with app.app_context(), transaction() as tx:
        action = Action(
            agenda_item_id=item_id,
            family_id=family_id,
            description=payload(n),
            lead_agency_id=partner.agency_id,
            lead_user_id=partner.id,
            due_on=date.today() - timedelta(days=1),
        )
        tx.add(action)
        tx.flush()
        tx.add(
            ActionUpdate(
                action_id=action.id,
                author_id=partner.id,
                agency_id=partner.agency_id,
                kind=ActionUpdateKind.PROGRESS,
                note=payload(n + 1),
            )
        )
        tx.add(
            Notification(
                user_id=partner.id,
                kind=NotificationKind.ACTION_OVERDUE,
                action_id=action.id,
                occasion="xss",
            )
        )
        return action.id


# (who, path) for every page that shows what the poisoned fields hold. Add a row per new page.
PAGES = {
    "home": ("partner", "/"),
    "agenda family, coordinator": ("coordinator", "/agenda/items/{item_id}"),
    "agenda family, partner": ("partner", "/agenda/items/{item_id}"),
    "identity person": ("coordinator", "/identity/people/{victim_id}"),
    "identity review queue": ("coordinator", "/identity/review"),
    "live meeting page": ("partner", "/meetings/{meeting_id}/live"),
    "admin users": ("admin", "/admin/users"),
    "governance claims": ("admin", "/governance/claims"),
    "outcomes dashboard": ("admin", "/outcomes"),
    "claim page": ("partner", "/access/claim/family/{family_id}"),
    "minutes": ("partner", "/meetings/{minutes_meeting_id}/minutes"),
    "minutes, coordinator": ("coordinator", "/meetings/{minutes_meeting_id}/minutes"),
    "minutes list": ("partner", "/minutes"),
    "our actions": ("partner", "/actions/"),
    "action page": ("partner", "/actions/{action_id}"),
    "overdue actions, chair": ("coordinator", "/actions/overdue"),
    "notifications": ("partner", "/notifications/"),
    "your sessions": ("partner", "/account/sessions"),
    "your password": ("partner", "/account/password"),
}


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_pages_render_the_corpus_inert(app: Flask, poisoned: dict[str, object], page: str) -> None:
    who, template = PAGES[page]
    case = poisoned["case"]
    path = template.format(
        item_id=poisoned["item_id"],
        meeting_id=poisoned["meeting_id"],
        victim_id=case.victim_id,  # type: ignore[attr-defined]
        family_id=case.family_id,  # type: ignore[attr-defined]
        action_id=poisoned["action_id"],
        minutes_meeting_id=poisoned["minutes_meeting_id"],
    )
    client = app.test_client()
    sign_in(client, poisoned[who])  # type: ignore[arg-type]
    response = client.get(path)
    assert response.status_code == 200, path
    assert injected(response.get_data(as_text=True)) == []


def test_the_audit_export_is_formula_safe(app: Flask, poisoned: dict[str, object]) -> None:
    client = app.test_client()
    sign_in(client, poisoned["admin"])  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(client.get("/governance/audit.csv").get_data(as_text=True))))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=1+1" in cells  # shown as text, never run
