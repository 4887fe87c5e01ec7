"""The access model: role × agency × legitimate relationship, else an expiring self-claim."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from frontdoor.access.claims import ClaimError, claim_access, review_claim, review_list
from frontdoor.access.guard import AccessRefused, open_family
from frontdoor.access.policy import Basis, family_access, person_access
from frontdoor.db import db
from frontdoor.models import AuditEvent, ReviewOutcome, Role, SelfClaimedAccess, User

from ..factories import Factory, cases
from ..factories.meetings import make_action

Grant = Callable[[Flask, cases.Case, User], None]

RELATIONSHIPS: dict[str, tuple[Grant, Basis]] = {
    "attends a meeting about the family": (
        lambda app, case, user: cases.meeting_with(app, case.family_id, user) and None,
        Basis.MEETING,
    ),
    "their agency leads an action": (
        lambda app, case, user: make_action(app, case.family_id, user.agency_id),
        Basis.ACTION,
    ),
    "their agency is involved with the family": (
        lambda app, case, user: cases.involvement(app, user.agency_id, family_id=case.family_id),
        Basis.INVOLVEMENT,
    ),
    "their agency is involved with a member": (
        lambda app, case, user: cases.involvement(app, user.agency_id, person_id=case.victim_id),
        Basis.INVOLVEMENT,
    ),
    "their agency referred the family": (
        lambda app, case, user: cases.referral_from(app, case.family_id, user.agency_id),
        Basis.REFERRAL,
    ),
    "they claimed access, unexpired": (
        lambda app, case, user: cases.self_claim(app, user, case.family_id),
        Basis.SELF_CLAIMED,
    ),
}

NOT_RELATIONSHIPS: dict[str, Grant] = {
    "nothing at all": lambda app, case, user: None,
    "an expired self-claim": lambda app, case, user: cases.self_claim(
        app, user, case.family_id, expired=True
    ),
    "another agency's action": lambda app, case, user: make_action(
        app, case.family_id, case.recording_agency_id
    ),
    "a meeting they are not invited to": lambda app, case, user: (
        cases.meeting_with(app, case.family_id) and None
    ),
}


def _decide(app: Flask, user: User, family_id: int) -> Basis | None:
    with app.app_context():
        return family_access(db.session(), db.session().get(User, user.id), family_id).basis


@pytest.mark.parametrize("role", [Role.PARTNER, Role.AGENCY_WORKER, Role.MANAGER])
@pytest.mark.parametrize("relationship", RELATIONSHIPS, ids=list(RELATIONSHIPS))
def test_a_legitimate_relationship_opens_the_family(
    app: Flask, factory: Factory, role: Role, relationship: str
) -> None:
    case = cases.family_case(app, factory.agency().id)
    user = factory.user([role])
    grant, basis = RELATIONSHIPS[relationship]
    assert _decide(app, user, case.family_id) is None
    grant(app, case, user)
    assert _decide(app, user, case.family_id) is basis


@pytest.mark.parametrize("situation", NOT_RELATIONSHIPS, ids=list(NOT_RELATIONSHIPS))
def test_without_a_relationship_the_family_stays_closed(
    app: Flask, factory: Factory, situation: str
) -> None:
    case = cases.family_case(app, factory.agency().id)
    user = factory.user([Role.PARTNER])
    NOT_RELATIONSHIPS[situation](app, case, user)
    assert _decide(app, user, case.family_id) is None


def test_coordinators_open_any_family_and_administrators_none(app: Flask, factory: Factory) -> None:
    case = cases.family_case(app, factory.agency().id)
    coordinator, admin = factory.user([Role.COORDINATOR]), factory.user([Role.ADMIN])
    cases.involvement(app, admin.agency_id, family_id=case.family_id)
    assert _decide(app, coordinator, case.family_id) is Basis.ROLE
    assert _decide(app, admin, case.family_id) is None


def test_a_person_opens_through_their_family_or_their_agency_s_own_record(
    app: Flask, factory: Factory
) -> None:
    recording = factory.agency()
    case = cases.family_case(app, recording.id)
    insider, outsider = factory.user([Role.AGENCY_WORKER], agency=recording), factory.user()
    with app.app_context():
        session = db.session()
        assert person_access(session, session.get(User, insider.id), case.victim_id).basis is (
            Basis.OWN_RECORD
        )
        assert not person_access(session, session.get(User, outsider.id), case.victim_id)
    cases.meeting_with(app, case.family_id, outsider)
    with app.app_context():
        session = db.session()
        assert person_access(session, session.get(User, outsider.id), case.victim_id).basis is (
            Basis.FAMILY
        )


def test_opening_a_family_is_audited_with_its_basis_and_refusals_too(
    app: Flask, factory: Factory
) -> None:
    case = cases.family_case(app, factory.agency().id)
    user = factory.user([Role.PARTNER])
    with app.app_context():
        with pytest.raises(AccessRefused):
            open_family(user, case.family_id, purpose="meeting_preparation")
        make_action(app, case.family_id, user.agency_id)
        open_family(user, case.family_id, purpose="meeting_preparation")
        events = db.session().scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    seen = [(e.action, e.object_id, e.details.get("basis"), e.purpose) for e in events[-2:]]
    assert seen == [
        ("family.view_refused", str(case.family_id), None, "meeting_preparation"),
        ("family.viewed", str(case.family_id), "action", "meeting_preparation"),
    ]


def test_a_self_claim_needs_a_reason_expires_and_waits_for_review(
    app: Flask, factory: Factory
) -> None:
    agency = factory.agency()
    case = cases.family_case(app, agency.id)
    worker = factory.user([Role.AGENCY_WORKER], agency=agency)
    manager = factory.user([Role.MANAGER], agency=agency)
    other_manager = factory.user([Role.MANAGER])
    with app.app_context():
        with pytest.raises(ClaimError):
            claim_access(worker, family_id=case.family_id, reason="because")
        claim_id = claim_access(
            worker, family_id=case.family_id, reason="Duty call from the school this morning"
        ).id
        assert review_list(db.session(), manager) == [db.session().get(SelfClaimedAccess, claim_id)]
        assert review_list(db.session(), other_manager) == []
        with pytest.raises(ClaimError):
            review_claim(other_manager, claim_id, ReviewOutcome.JUSTIFIED)
        audit = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "access.self_claimed"))
            .one()
        )
    assert "Duty call" not in str(audit.details)  # the reason is personal: not in the log
    assert _decide(app, worker, case.family_id) is Basis.SELF_CLAIMED
    with app.app_context():
        review_claim(manager, claim_id, ReviewOutcome.NOT_JUSTIFIED, "Not this worker's case")
        assert review_list(db.session(), manager) == []
    assert _decide(app, worker, case.family_id) is None  # an unjustified claim ends at once


def test_administrators_cannot_claim_access(app: Flask, factory: Factory) -> None:
    case = cases.family_case(app, factory.agency().id)
    admin = factory.user([Role.ADMIN])
    with app.app_context(), pytest.raises(ClaimError):
        claim_access(admin, family_id=case.family_id, reason="Just curious about this one")
