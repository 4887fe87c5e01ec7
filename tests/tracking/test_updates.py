"""The agency's actions page, an action's page, status updates (append-only history) and
completion: audited, CSRF-protected, a plain form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from agenda.tracking import service
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    ActionUpdateKind,
    AgencyKind,
    AuditEvent,
    Role,
    User,
    utcnow,
)

from ..factories import Factory, csrf_token_from, rows, sign_in
from ..factories.meetings import make_action


@pytest.fixture
def housing(factory: Factory) -> dict[str, User]:
    agency = factory.agency("housing", AgencyKind.HOUSING)
    other = factory.agency("health", AgencyKind.HEALTH)
    return {
        "lead": factory.user([Role.PARTNER], agency=agency),
        "colleague": factory.user([Role.PARTNER], agency=agency),
        "outsider": factory.user([Role.PARTNER], agency=other),
        "chair": factory.user([Role.COORDINATOR], agency=other),
    }


def new_family(app: Flask, label: str = "Family") -> int:
    with app.app_context(), transaction() as tx:
        return rows.family(tx, label).id


def audit_actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(AuditEvent.action)
                .where(AuditEvent.action.in_(["action.updated", "action.completed"]))
                .order_by(AuditEvent.id)
            )
        )


def test_our_actions_groups_overdue_due_soon_open_and_done(
    app: Flask, housing: dict[str, User]
) -> None:
    lead = housing["lead"]
    fam = new_family(app)
    today = date.today()
    ids = {
        "overdue": make_action(app, fam, lead.agency_id, due_on=today - timedelta(days=2)),
        "soon": make_action(app, fam, lead.agency_id, due_on=today + timedelta(days=3)),
        "later": make_action(app, fam, lead.agency_id, due_on=today + timedelta(days=30)),
        "done": make_action(app, fam, lead.agency_id, due_on=today),
    }
    make_action(app, fam, housing["outsider"].agency_id, description="Health's own action")
    with app.app_context(), transaction() as tx:
        done = tx.get(Action, ids["done"])
        assert done is not None
        done.status, done.completed_at = ActionStatus.DONE, utcnow()
    with app.app_context():
        user = db.session().get(User, lead.id)
        assert user is not None
        groups = service.our_actions(user, today)
    assert [r.id for r in groups.overdue] == [ids["overdue"]]
    assert [r.id for r in groups.due_soon] == [ids["soon"]]
    assert [r.id for r in groups.open] == [ids["later"]]
    assert [r.id for r in groups.done_recently] == [ids["done"]]
    client = app.test_client()
    sign_in(client, lead)
    page = client.get("/actions/").get_data(as_text=True)
    assert "Health&#39;s own action" not in page and "Health's own action" not in page
    assert f'href="/actions/{ids["overdue"]}"' in page


def test_due_soon_is_configurable(app: Flask, housing: dict[str, User]) -> None:
    lead = housing["lead"]
    action_id = make_action(
        app, new_family(app), lead.agency_id, due_on=date.today() + timedelta(days=10)
    )
    app.config["ACTIONS_DUE_SOON_DAYS"] = 14
    with app.app_context():
        user = db.session().get(User, lead.id)
        assert user is not None
        assert [r.id for r in service.our_actions(user).due_soon] == [action_id]


def test_status_updates_build_a_history_then_completion_closes_it(
    app: Flask, housing: dict[str, User]
) -> None:
    lead, colleague = housing["lead"], housing["colleague"]
    action_id = make_action(app, new_family(app), lead.agency_id, lead_user_id=lead.id)
    client = app.test_client()
    sign_in(client, colleague)
    token = csrf_token_from(client, f"/actions/{action_id}")
    for note in ("Letter sent", "Visit booked for Friday"):
        response = client.post(
            f"/actions/{action_id}/update", data={"csrf_token": token, "note": note}
        )
        assert response.status_code == 302
    lead_client = app.test_client()
    sign_in(lead_client, lead)
    page = lead_client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert page.index("Letter sent") < page.index("Visit booked for Friday")
    assert 'data-testid="complete-form"' in page
    token = csrf_token_from(lead_client, f"/actions/{action_id}")
    response = lead_client.post(
        f"/actions/{action_id}/complete", data={"csrf_token": token, "note": "Visited; plan agreed"}
    )
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        action = session.get(Action, action_id)
        assert action is not None
        assert action.status == ActionStatus.DONE and action.completed_at is not None
        history = session.scalars(
            select(ActionUpdate)
            .where(ActionUpdate.action_id == action_id)
            .order_by(ActionUpdate.id)
        ).all()
    assert [(h.kind, h.note, h.author_id) for h in history] == [
        (ActionUpdateKind.PROGRESS, "Letter sent", colleague.id),
        (ActionUpdateKind.PROGRESS, "Visit booked for Friday", colleague.id),
        (ActionUpdateKind.COMPLETED, "Visited; plan agreed", lead.id),
    ]
    assert audit_actions(app) == ["action.updated", "action.updated", "action.completed"]
    closed = lead_client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert 'data-testid="complete-form"' not in closed and 'data-testid="update-form"' not in closed


def test_completing_needs_a_note_and_a_csrf_token(app: Flask, housing: dict[str, User]) -> None:
    lead = housing["lead"]
    action_id = make_action(app, new_family(app), lead.agency_id, lead_user_id=lead.id)
    client = app.test_client()
    sign_in(client, lead)
    token = csrf_token_from(client, f"/actions/{action_id}")
    blank = client.post(f"/actions/{action_id}/complete", data={"csrf_token": token, "note": " "})
    assert blank.status_code == 200 and "Say what was done" in blank.get_data(as_text=True)
    forged = client.post(f"/actions/{action_id}/complete", data={"note": "Done"})
    assert forged.status_code == 400
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None and action.status == ActionStatus.OPEN
    assert audit_actions(app) == []


def test_another_agency_cannot_see_or_update_and_the_chair_sees_but_cannot_update(
    app: Flask, housing: dict[str, User]
) -> None:
    action_id = make_action(app, new_family(app), housing["lead"].agency_id)
    outsider = app.test_client()
    sign_in(outsider, housing["outsider"])
    token = csrf_token_from(outsider, "/")
    assert outsider.get(f"/actions/{action_id}").status_code == 404
    assert (
        outsider.post(
            f"/actions/{action_id}/update", data={"csrf_token": token, "note": "x"}
        ).status_code
        == 404
    )
    chair = app.test_client()
    sign_in(chair, housing["chair"])
    token = csrf_token_from(chair, "/")
    page = chair.get(f"/actions/{action_id}")
    assert page.status_code == 200 and 'data-testid="update-form"' not in page.get_data(True)
    response = chair.post(f"/actions/{action_id}/update", data={"csrf_token": token, "note": "x"})
    assert response.status_code == 403
    assert chair.get("/actions/999999").status_code == 404


def test_the_chair_sees_every_agencys_overdue_actions(app: Flask, housing: dict[str, User]) -> None:
    fam = new_family(app)
    late = date.today() - timedelta(days=1)
    housing_late = make_action(app, fam, housing["lead"].agency_id, due_on=late)
    health_late = make_action(app, fam, housing["outsider"].agency_id, due_on=late)
    make_action(app, fam, housing["outsider"].agency_id, due_on=date.today())  # not overdue
    chair = app.test_client()
    sign_in(chair, housing["chair"])
    page = chair.get("/actions/overdue").get_data(as_text=True)
    assert page.count('data-testid="action-row"') == 2
    assert f'data-action-id="{housing_late}"' in page and f'data-action-id="{health_late}"' in page
    partner = app.test_client()
    sign_in(partner, housing["lead"])
    assert partner.get("/actions/overdue").status_code == 403
