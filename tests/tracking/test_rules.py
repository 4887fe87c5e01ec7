"""Who may see, update and close an action: the rules as a table, then the same table through
the real pages (a plain form a browser fills)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from agenda.tracking.rules import Lead, Viewer, may_close, may_update, may_view
from frontdoor.db import db, transaction
from frontdoor.models import Action, ActionStatus, AgencyKind, Family, Role, User

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import make_action

P, C, M, W, A = Role.PARTNER, Role.COORDINATOR, Role.MANAGER, Role.AGENCY_WORKER, Role.ADMIN
LEAD_AGENCY, OTHER_AGENCY, LEAD_USER, COLLEAGUE = 1, 2, 10, 11

# (case, viewer, lead, may_view, may_update, may_close)
CASES = [
    (
        "the named lead",
        Viewer(LEAD_USER, LEAD_AGENCY, frozenset({P})),
        Lead(LEAD_AGENCY, LEAD_USER),
        True,
        True,
        True,
    ),
    (
        "a colleague of a named lead",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({P})),
        Lead(LEAD_AGENCY, LEAD_USER),
        True,
        True,
        False,
    ),
    (
        "a manager of a named lead",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({M})),
        Lead(LEAD_AGENCY, LEAD_USER),
        True,
        True,
        False,
    ),
    (
        "a partner of the lead agency, nobody named",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({P})),
        Lead(LEAD_AGENCY, None),
        True,
        True,
        True,
    ),
    (
        "a manager of the lead agency, nobody named",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({M})),
        Lead(LEAD_AGENCY, None),
        True,
        True,
        True,
    ),
    (
        "a colleague when the named lead left",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({P})),
        Lead(LEAD_AGENCY, LEAD_USER, user_active=False),
        True,
        True,
        True,
    ),
    (
        "a coordinator of another agency",
        Viewer(COLLEAGUE, OTHER_AGENCY, frozenset({C})),
        Lead(LEAD_AGENCY, None),
        True,
        False,
        False,
    ),
    (
        "a partner of another agency",
        Viewer(COLLEAGUE, OTHER_AGENCY, frozenset({P})),
        Lead(LEAD_AGENCY, None),
        False,
        False,
        False,
    ),
    (
        "a manager of another agency",
        Viewer(COLLEAGUE, OTHER_AGENCY, frozenset({M})),
        Lead(LEAD_AGENCY, None),
        False,
        False,
        False,
    ),
    (
        "an agency worker of the lead agency",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({W})),
        Lead(LEAD_AGENCY, None),
        False,
        False,
        False,
    ),
    (
        "an administrator of the lead agency",
        Viewer(COLLEAGUE, LEAD_AGENCY, frozenset({A})),
        Lead(LEAD_AGENCY, None),
        False,
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("viewer", "lead", "view", "update", "close"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_who_may_see_update_and_close(
    viewer: Viewer, lead: Lead, view: bool, update: bool, close: bool
) -> None:
    assert (may_view(viewer, lead), may_update(viewer, lead), may_close(viewer, lead)) == (
        view,
        update,
        close,
    )


# Through the pages: (who, named lead?, expected status of POST /complete)
PAGE_CASES = [
    ("lead user", True, 302),
    ("lead colleague", True, 403),
    ("lead colleague", False, 302),
    ("lead manager", False, 302),
    ("other coordinator", False, 403),
    ("other coordinator", True, 403),
    ("other partner", False, 404),
    ("other manager", False, 404),
    ("lead agency worker", False, 403),  # the blueprint admits partners, coordinators, managers
]


@pytest.fixture
def people(factory: Factory) -> dict[str, User]:
    lead = factory.agency("housing", AgencyKind.HOUSING)
    other = factory.agency("health", AgencyKind.HEALTH)
    return {
        "lead user": factory.user([P], agency=lead),
        "lead colleague": factory.user([P], agency=lead),
        "lead manager": factory.user([M], agency=lead),
        "lead agency worker": factory.user([W], agency=lead),
        "other coordinator": factory.user([C], agency=other),
        "other partner": factory.user([P], agency=other),
        "other manager": factory.user([M], agency=other),
    }


@pytest.mark.parametrize(("who", "named", "expected"), PAGE_CASES)
def test_only_the_lead_closes_through_the_page(
    app: Flask, people: dict[str, User], who: str, named: bool, expected: int
) -> None:
    with app.app_context(), transaction() as tx:
        family = Family(label="Family")
        tx.add(family)
        tx.flush()
        family_id = family.id
    lead_user = people["lead user"]
    action_id = make_action(
        app,
        family_id,
        lead_user.agency_id,
        lead_user_id=lead_user.id if named else None,
        due_on=date.today() + timedelta(days=3),
    )
    client = app.test_client()
    sign_in(client, people[who])
    token = csrf_token_from(client, "/")
    response = client.post(
        f"/actions/{action_id}/complete", data={"csrf_token": token, "note": "Visited on Monday"}
    )
    assert response.status_code == expected
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None
        closed = action.status == ActionStatus.DONE
    assert closed == (expected == 302)
