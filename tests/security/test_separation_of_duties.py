"""Separation of duties (issue #16, finding 9): no one edits their own roles, and every role
that opens case data is granted only when a second administrator approves it."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.models import AuditEvent, Role, RoleGrantRequest, User

from ..factories import Factory, csrf_token_from, sign_in


def _admin(app: Flask, factory: Factory) -> tuple[User, FlaskClient]:
    user = factory.user([Role.ADMIN])
    client = app.test_client()
    sign_in(client, user)
    return user, client


def _edit(client: FlaskClient, user: User, roles: list[Role]) -> str:
    page = f"/admin/users/{user.id}"
    data = {
        "csrf_token": csrf_token_from(client, page),
        "display_name": user.display_name,
        "agency_id": str(user.agency_id),
        "roles": [r.value for r in roles],
    }
    return client.post(page, data=data, follow_redirects=True).get_data(as_text=True)


def _roles(app: Flask, user_id: int) -> set[Role]:
    with app.app_context():
        user = db.session().get(User, user_id)
        assert user is not None
        return set(user.roles)


def _requests(app: Flask) -> list[tuple[int, Role, bool | None]]:
    with app.app_context():
        rows = db.session().scalars(select(RoleGrantRequest).order_by(RoleGrantRequest.id))
        return [(r.user_id, r.role, r.approved) for r in rows]


def _decide(client: FlaskClient, request_id: int, decision: str) -> str:
    token = csrf_token_from(client, "/admin/users")
    response = client.post(
        f"/admin/role-grants/{request_id}/{decision}",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _audited(app: Flask, prefix: str) -> list[str]:
    with app.app_context():
        query = select(AuditEvent.action).where(AuditEvent.action.startswith(prefix))
        return list(db.session().scalars(query.order_by(AuditEvent.id)))


def test_an_administrator_cannot_give_themselves_the_coordinator_role(
    app: Flask, factory: Factory
) -> None:
    admin, client = _admin(app, factory)
    page = _edit(client, admin, [Role.ADMIN, Role.COORDINATOR])
    assert "No one changes their own roles" in page
    assert _roles(app, admin.id) == {Role.ADMIN}
    assert _requests(app) == []
    assert client.get("/identity/review").status_code == 403  # still no case data


def test_the_coordinator_role_waits_for_a_second_administrator(
    app: Flask, factory: Factory
) -> None:
    first, first_client = _admin(app, factory)
    second, second_client = _admin(app, factory)
    target = factory.user([Role.PARTNER])
    page = _edit(first_client, target, [Role.PARTNER, Role.COORDINATOR])
    assert "waits for a second administrator" in page
    assert _roles(app, target.id) == {Role.PARTNER}  # not yet
    assert _requests(app) == [(target.id, Role.COORDINATOR, None)]
    request_id = 1
    refused = _decide(first_client, request_id, "approve")  # the one who asked
    assert "A different administrator must decide" in refused
    assert _roles(app, target.id) == {Role.PARTNER}
    assert "Approve" in second_client.get("/admin/role-grants").get_data(as_text=True)
    _decide(second_client, request_id, "approve")
    assert _roles(app, target.id) == {Role.PARTNER, Role.COORDINATOR}
    assert _requests(app) == [(target.id, Role.COORDINATOR, True)]
    assert _audited(app, "user.role_grant") == [
        "user.role_grant_requested",
        "user.role_grant_approved",
    ]


def test_an_administrator_cannot_approve_a_grant_to_themselves(
    app: Flask, factory: Factory
) -> None:
    first, first_client = _admin(app, factory)
    second, second_client = _admin(app, factory)
    _edit(first_client, second, [Role.ADMIN, Role.COORDINATOR])
    sign_in(second_client, second)  # the change ended their sessions
    assert "A different administrator" in _decide(second_client, 1, "approve")
    assert _roles(app, second.id) == {Role.ADMIN}
    _, third_client = _admin(app, factory)
    _decide(third_client, 1, "refuse")
    assert _roles(app, second.id) == {Role.ADMIN}
    assert _requests(app) == [(second.id, Role.COORDINATOR, False)]


def test_a_user_created_as_coordinator_waits_for_the_second_administrator(
    app: Flask, factory: Factory
) -> None:
    _, client = _admin(app, factory)
    agency = factory.agency("hub")
    data = {
        "csrf_token": csrf_token_from(client, "/admin/users"),
        "display_name": "New Coordinator",
        "email": "new.coordinator@example.org",
        "agency_id": str(agency.id),
        "roles": [Role.PARTNER.value, Role.COORDINATOR.value],
    }
    page = client.post("/admin/users", data=data, follow_redirects=True).get_data(as_text=True)
    assert "waits for a second administrator" in page
    with app.app_context():
        created = db.session().scalar(select(User).where(User.email == data["email"]))
        assert created is not None and created.roles == set()
        created_id = created.id
    assert _requests(app) == [
        (created_id, Role.COORDINATOR, None),
        (created_id, Role.PARTNER, None),
    ]


def test_removals_need_no_approval(app: Flask, factory: Factory) -> None:
    _, client = _admin(app, factory)
    target = factory.user([Role.COORDINATOR, Role.PARTNER, Role.MANAGER])
    _edit(client, target, [Role.PARTNER])
    assert _roles(app, target.id) == {Role.PARTNER}
    assert _requests(app) == []


# Every role, and whether it opens case data (a family, a person, a claim, a list of them).
OPENS_CASE_DATA = {
    Role.COORDINATOR: True,  # every family
    Role.PARTNER: True,  # families of their meetings, actions, involvements; self-claims
    Role.AGENCY_WORKER: True,  # families their agency is involved with; self-claims; look-up
    Role.MANAGER: True,  # their agency's families; the self-claims of their agency
    Role.ADMIN: False,  # accounts only: never a case record
}


def test_the_table_names_every_role() -> None:
    assert set(OPENS_CASE_DATA) == set(Role)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_a_role_that_opens_case_data_waits_for_a_second_administrator(
    app: Flask, factory: Factory, role: Role
) -> None:
    first, first_client = _admin(app, factory)
    _, second_client = _admin(app, factory)
    base = Role.ADMIN if role != Role.ADMIN else Role.PARTNER
    target = factory.user([base])
    _edit(first_client, target, [base, role])
    if not OPENS_CASE_DATA[role]:
        assert _roles(app, target.id) == {base, role}  # granted at once
        assert _requests(app) == []
        return
    assert _roles(app, target.id) == {base}  # not yet
    assert _requests(app) == [(target.id, role, None)]
    assert "A different administrator" in _decide(first_client, 1, "approve")
    assert _roles(app, target.id) == {base}
    _decide(second_client, 1, "approve")
    assert _roles(app, target.id) == {base, role}


@pytest.mark.parametrize("role", [r for r in Role if OPENS_CASE_DATA[r]], ids=lambda r: r.value)
def test_a_user_created_with_a_case_data_role_has_it_only_once_approved(
    app: Flask, factory: Factory, role: Role
) -> None:
    _, client = _admin(app, factory)
    agency = factory.agency("hub")
    email = f"new.{role.value}@example.org"
    data = {
        "csrf_token": csrf_token_from(client, "/admin/users"),
        "display_name": "New Colleague",
        "email": email,
        "agency_id": str(agency.id),
        "roles": [role.value],
    }
    page = client.post("/admin/users", data=data, follow_redirects=True).get_data(as_text=True)
    assert "waits for a second administrator" in page
    with app.app_context():
        created = db.session().scalar(select(User).where(User.email == email))
        assert created is not None and created.roles == set()
        assert _requests(app) == [(created.id, role, None)]
