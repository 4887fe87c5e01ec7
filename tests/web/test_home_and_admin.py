"""Each role's home page, and the administrator's agency and user pages."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.models import AgencyKind, Role, RoleGrantRequest, User

from ..factories import PASSWORD, Factory, csrf_token_from, sign_in

PANEL_HEADINGS = {
    Role.COORDINATOR: "Duty coordinator",
    Role.PARTNER: "Partner representative",
    Role.AGENCY_WORKER: "Agency worker",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Administrator",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_panel_and_no_other(
    client: FlaskClient, factory: Factory, role: Role
) -> None:
    sign_in(client, factory.user([role]))
    page = client.get("/").get_data(as_text=True)
    assert f'data-testid="panel-{role.value}"' in page
    for other in set(Role) - {role}:
        assert f'data-testid="panel-{other.value}"' not in page


def test_the_header_shows_the_user_their_agency_and_the_marking(
    client: FlaskClient, factory: Factory
) -> None:
    agency = factory.agency("leeds-health", AgencyKind.HEALTH)
    user = factory.user([Role.PARTNER], agency=agency)
    sign_in(client, user)
    page = client.get("/").get_data(as_text=True)
    assert user.display_name in page
    assert "Agency leeds-health" in page
    assert page.count("OFFICIAL-SENSITIVE") >= 2


def test_an_admin_adds_an_agency_and_a_user_who_can_then_sign_in(
    client: FlaskClient, factory: Factory
) -> None:
    sign_in(client, factory.user([Role.ADMIN]))
    token = csrf_token_from(client, "/admin/agencies")
    response = client.post(
        "/admin/agencies",
        data={"name": "Leeds Housing", "code": "housing", "kind": "housing", "csrf_token": token},
    )
    assert response.status_code == 302
    assert "Leeds Housing" in client.get("/admin/agencies").get_data(as_text=True)

    with client.application.app_context():
        housing_id = _agency_id("housing")
    user_form = {
        "display_name": "Harriet Housing", "email": "harriet@example.org",
        "agency_id": housing_id, "roles": ["partner", "agency_worker"], "password": PASSWORD,
        "csrf_token": token,
    }  # fmt: skip
    refused = client.post("/admin/users", data=user_form)  # not on the register yet
    assert "has not signed the information-sharing agreement" in refused.get_data(as_text=True)
    signed = {"signatory": "yes", "lawful_basis": "art6_1_e", "special_condition": "sch1_18",
              "agreement_date": "2025-04-01", "csrf_token": token}  # fmt: skip
    assert client.post(f"/admin/sharing/{housing_id}", data=signed).status_code == 302
    response = client.post(
        "/admin/users",
        data={
            "display_name": "Harriet Housing",
            "email": "harriet@example.org",
            "agency_id": housing_id,
            "roles": ["partner", "agency_worker"],
            "password": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    with client.application.app_context():
        user = db.session().scalar(select(User).where(User.email == "harriet@example.org"))
        assert user is not None and user.roles == set()  # case-data roles wait (issue #16)
        waiting = list(db.session().scalars(select(RoleGrantRequest.id)))
    second = client.application.test_client()
    sign_in(second, factory.user([Role.ADMIN]))
    second_token = csrf_token_from(second, "/admin/role-grants")
    for request_id in waiting:
        approve = f"/admin/role-grants/{request_id}/approve"
        assert second.post(approve, data={"csrf_token": second_token}).status_code == 302
    newcomer = client.application.test_client()
    with client.application.app_context():
        user = db.session().scalar(select(User).where(User.email == "harriet@example.org"))
        assert user is not None and user.roles == {Role.PARTNER, Role.AGENCY_WORKER}
    sign_in(newcomer, user)
    assert "Harriet Housing" in newcomer.get("/").get_data(as_text=True)


def test_the_user_form_explains_what_is_wrong(client: FlaskClient, factory: Factory) -> None:
    sign_in(client, factory.user([Role.ADMIN]))
    token = csrf_token_from(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "display_name": "",
            "email": "not-an-email",
            "password": "short",
            "csrf_token": token,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the user&#39;s name" in page
    assert "Enter a valid e-mail address" in page
    assert "Choose at least one role" in page


def test_an_admin_disables_a_user(client: FlaskClient, factory: Factory) -> None:
    sign_in(client, factory.user([Role.ADMIN]))
    target = factory.user([Role.PARTNER])
    token = csrf_token_from(client, "/admin/users")
    response = client.post(f"/admin/users/{target.id}/active/0", data={"csrf_token": token})
    assert response.status_code == 302
    with client.application.app_context():
        refreshed = db.session().get(User, target.id)
        assert refreshed is not None and refreshed.active is False


def _agency_id(code: str) -> int:
    from frontdoor.accounts import dao

    agency = dao.agency_by_code(db.session(), code)
    assert agency is not None
    return agency.id


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_link_a_role_is_shown_opens_for_that_role(
    client: FlaskClient, factory: Factory, role: Role
) -> None:
    sign_in(client, factory.user([role]))
    page = client.get("/").get_data(as_text=True)
    menu = page[page.index('aria-label="Menu"') : page.index("</nav>")]
    links = re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', menu)
    assert "/" in links
    for link in links:
        assert client.get(link, follow_redirects=True).status_code == 200, (role, link)
