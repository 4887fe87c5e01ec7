"""Every family correction, through the coordinator's page, and its exact undo (#20)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db, transaction
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import (
    AgendaItem,
    AuditEvent,
    Family,
    FamilyChange,
    FamilyMember,
    Meeting,
    MembershipStatus,
    Person,
    Referral,
    Role,
    utcnow,
)
from tests.factories import Factory, csrf_token_from, sign_in
from tests.factories.cases import Refer, person

HOME = dict(address="4 Park Road", postcode="LS9 8AB")
VICTIM = dict(
    role="victim", given_name="Leanne", surname="Walsh", date_of_birth="1991-02-14", **HOME
)
PERP = dict(role="perpetrator", given_name="Darren", surname="Walsh", date_of_birth="1988-07-30")
GRAN = dict(
    role="victim", given_name="Maureen", surname="Pickles", date_of_birth="1950-05-05", **HOME
)
OTHER_VICTIM = dict(
    role="victim", given_name="Sandra", surname="Okafor", date_of_birth="1979-03-03"
)


def _state(family_id: int) -> list[tuple[object, ...]]:
    """Everything a correction can change, as plain values: compared before and after undo."""
    session = db.session()
    family = session.get(Family, family_id)
    assert family is not None
    members = session.scalars(select(FamilyMember).order_by(FamilyMember.id))
    return [
        (family.label, family.merged_into_id),
        *[
            (
                m.id,
                m.family_id,
                m.person_id,
                m.status.value,
                m.relationship_label,
                m.started_on,
                m.ended_on,
            )
            for m in members
        ],
        *session.execute(select(Referral.id, Referral.family_id).order_by(Referral.id)).all(),
        *session.execute(select(AgendaItem.id, AgendaItem.family_id).order_by(AgendaItem.id)).all(),
        # live families (an undone split retires its new family, as a person split's undo does)
        *session.scalars(
            select(Family.id).where(Family.merged_into_id.is_(None)).order_by(Family.id)
        ).all(),
    ]


@pytest.fixture
def coordinator(app: Flask, factory: Factory) -> FlaskClient:
    client = app.test_client()
    sign_in(client, factory.user([Role.COORDINATOR]))
    return client


def _families(app: Flask, refer: Refer) -> tuple[int, int]:
    first = refer(person(**GRAN))
    refer(person(**VICTIM), person(**PERP))
    second = refer(person(**OTHER_VICTIM))
    with app.app_context():
        resolve_pending()
        later = (
            db.session().scalars(select(Referral).order_by(Referral.id.desc()).offset(1)).first()
        )
        other = db.session().get(Referral, second.id)
        assert later and other and later.family_id and other.family_id and first.id
        return later.family_id, other.family_id


def _post(client: FlaskClient, family_id: int, **form: object) -> str:
    token = csrf_token_from(client, f"/identity/families/{family_id}")
    response = client.post(
        f"/identity/families/{family_id}/change",
        data={"csrf_token": token, "reason": "Checked with the referrer", **form},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _undo_last(client: FlaskClient, family_id: int) -> str:
    with client.application.app_context():
        change = db.session().scalars(select(FamilyChange).order_by(FamilyChange.id.desc())).first()
        assert change is not None and change.undone_at is None
        change_id = change.id
    token = csrf_token_from(client, f"/identity/families/{family_id}")
    response = client.post(
        f"/identity/family-changes/{change_id}/undo",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _member(family_id: int, given: str) -> FamilyMember:
    from frontdoor.identity.members import records_for_family

    rows = db.session().scalars(select(FamilyMember).where(FamilyMember.family_id == family_id))
    for row in rows:
        records = records_for_family(db.session(), family_id, [row.person_id]).get(
            row.person_id, []
        )
        if any(r.given_name == given for r in records):
            return row
    raise AssertionError(given)


def _person_of(given: str) -> int:
    from frontdoor.models import PersonRecord

    found = (
        db.session()
        .scalars(select(PersonRecord.person_id).where(PersonRecord.given_name == given))
        .first()
    )
    assert found is not None
    return found


def _corrections(family_id: int, other_id: int) -> list[dict[str, object]]:
    gran = _member(family_id, "Maureen")
    darren = _member(family_id, "Darren")
    return [
        {"change": "confirm", "member_id": gran.id, "started_on": "2026-01-01"},
        {"change": "dismiss", "member_id": gran.id},
        {"change": "edit", "member_id": darren.id, "label": "ex-partner", "ended_on": "2026-11-01"},
        {"change": "add", "person_id": _person_of("Sandra"), "named_as": "other", "label": "aunt"},
        {"change": "remove", "member_id": darren.id},
        {"change": "move", "member_id": darren.id, "other_family_id": other_id},
        {"change": "relabel", "label": "Leanne's family"},
        {"change": "merge", "other_family_id": other_id},
        {"change": "split", "member": [darren.id], "label": "Darren"},
    ]


CORRECTIONS = ["confirm", "dismiss", "edit", "add", "remove", "move", "relabel", "merge", "split"]


@pytest.mark.parametrize("kind", CORRECTIONS)
def test_each_correction_is_made_audited_and_undone_exactly(
    app: Flask, refer: Refer, coordinator: FlaskClient, kind: str
) -> None:
    family_id, other_id = _families(app, refer)
    with app.app_context():
        form = next(c for c in _corrections(family_id, other_id) if c["change"] == kind)
        before = _state(family_id)
    page = _post(coordinator, family_id, **form)
    assert "You can undo it below" in page, page
    with app.app_context():
        assert _state(family_id) != before
        change = db.session().scalars(select(FamilyChange)).one()
        events = db.session().scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("family.%"))
        )
        assert change.kind.value in {e.removeprefix("family.") for e in events}
    assert "The change was undone" in _undo_last(coordinator, family_id)
    with app.app_context():
        assert _state(family_id) == before
        undone = db.session().scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("%_undone"))
        )
        assert list(undone) == [f"family.{change.kind.value}_undone"]


def test_a_confirmed_household_member_counts_and_a_dismissed_one_does_not(
    app: Flask, refer: Refer, coordinator: FlaskClient
) -> None:
    family_id, _other = _families(app, refer)
    with app.app_context():
        gran = _member(family_id, "Maureen")
        assert gran.status == MembershipStatus.PROPOSED and gran.recorded_there_on is not None
    page = coordinator.get(f"/identity/families/{family_id}").get_data(as_text=True)
    assert "Maureen Pickles" in page and "recorded at the address on" in page
    _post(coordinator, family_id, change="confirm", member_id=gran.id, started_on="2026-01-01")
    with app.app_context():
        row = db.session().get(FamilyMember, gran.id)
        assert row and row.status == MembershipStatus.MEMBER and row.started_on == date(2026, 1, 1)


def test_a_merge_moves_the_unfrozen_agenda_and_undo_puts_it_back(
    app: Flask, refer: Refer, coordinator: FlaskClient
) -> None:
    family_id, other_id = _families(app, refer)
    with app.app_context(), transaction() as tx:
        meeting = Meeting(meeting_date=date(2026, 12, 7), starts_at=utcnow())
        tx.add(meeting)
        tx.flush()
        tx.add(AgendaItem(meeting_id=meeting.id, family_id=other_id, position=1))
    _post(coordinator, family_id, change="merge", other_family_id=other_id)
    with app.app_context():
        assert db.session().scalars(select(AgendaItem.family_id)).one() == family_id
        merged = db.session().get(Family, other_id)
        assert merged and merged.merged_into_id == family_id
    _undo_last(coordinator, family_id)
    with app.app_context():
        assert db.session().scalars(select(AgendaItem.family_id)).one() == other_id


def test_an_undo_is_refused_once_the_rows_changed_again(
    app: Flask, refer: Refer, coordinator: FlaskClient
) -> None:
    family_id, other_id = _families(app, refer)
    with app.app_context():
        darren = _member(family_id, "Darren").id
    _post(coordinator, family_id, change="move", member_id=darren, other_family_id=other_id)
    _post(coordinator, other_id, change="move", member_id=darren, other_family_id=family_id)
    with app.app_context():
        first = db.session().scalars(select(FamilyChange).order_by(FamilyChange.id)).first()
        assert first is not None
        first_id = first.id
    token = csrf_token_from(coordinator, f"/identity/families/{family_id}")
    page = coordinator.post(
        f"/identity/family-changes/{first_id}/undo",
        data={"csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "undo the later change first" in page
    with app.app_context():
        assert db.session().get(Person, 1) is not None
