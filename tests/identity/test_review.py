"""The review queue, merges and splits: every decision reversible, recorded and audited."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db, transaction
from frontdoor.identity import history, review
from frontdoor.identity.history import IdentityError
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import (
    AuditEvent,
    ChangeKind,
    Person,
    PersonChange,
    PersonRecord,
    PersonStatus,
    ResolutionStatus,
    ReviewPair,
    ReviewStatus,
    Role,
    User,
)
from tests.factories import Factory, csrf_token_from, sign_in
from tests.factories.cases import Refer, person

KERRY = dict(
    surname="Oldroyd", date_of_birth="1990-03-04", postcode="WF17 5AB", address="9 Bank Street"
)


@pytest.fixture
def coordinator(factory: Factory) -> User:
    return factory.user([Role.COORDINATOR])


@pytest.fixture
def queued_pair(app: Flask, refer: Refer) -> int:
    """Kerry Oldroyd, then Keri Oldroyd born the same day at the same address: a twin, or her?"""
    refer(person(given_name="Kerry", **KERRY))
    refer(person(given_name="Keri", **KERRY))
    with app.app_context():
        resolve_pending()
        return db.session().scalars(select(ReviewPair.id)).one()


def _state(app: Flask) -> dict[str, object]:
    """Who holds which record, each person's status, each pair's status."""
    with app.app_context():
        session = db.session()
        return {
            "records": {
                r.id: (r.person_id, r.resolution_status)
                for r in session.scalars(select(PersonRecord))
            },
            "people": {p.id: (p.status, p.merged_into_id) for p in session.scalars(select(Person))},
            "pairs": {p.id: p.status for p in session.scalars(select(ReviewPair))},
        }


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id))
        return [action for action in actions if action.startswith(("person.", "identity."))]


def test_confirm_merges_and_undo_puts_the_pair_back(
    app: Flask, queued_pair: int, coordinator: User
) -> None:
    before = _state(app)
    with app.app_context():
        change = review.confirm(queued_pair, coordinator.id)
        assert change is not None and change.kind == ChangeKind.MERGE
        pair = db.session().get(ReviewPair, queued_pair)
        assert pair is not None and pair.status == ReviewStatus.CONFIRMED
        assert pair.person_record.resolution_status == ResolutionStatus.CONFIRMED
        assert pair.person_record.person_id == pair.candidate_person_id
        merged = db.session().get(Person, change.from_person_id)
        assert merged is not None and merged.status == PersonStatus.MERGED
        review.undo_change(change.id, coordinator.id)
    assert _state(app) == before
    assert _actions(app) == [
        "identity.review_confirmed",
        "person.merged",
        "person.merge_undone",
    ] or (_actions(app) == ["person.merged", "identity.review_confirmed", "person.merge_undone"])


def test_reject_keeps_people_apart_and_settles_the_record(
    app: Flask, queued_pair: int, coordinator: User
) -> None:
    with app.app_context():
        review.reject(queued_pair, coordinator.id)
        pair = db.session().get(ReviewPair, queued_pair)
        assert pair is not None and pair.status == ReviewStatus.REJECTED
        assert pair.decided_by_id == coordinator.id
        assert pair.person_record.resolution_status == ResolutionStatus.CONFIRMED
        assert pair.person_record.person_id != pair.candidate_person_id
    assert _actions(app) == ["identity.review_rejected"]


def test_a_decided_pair_cannot_be_decided_again(
    app: Flask, queued_pair: int, coordinator: User
) -> None:
    with app.app_context():
        review.reject(queued_pair, coordinator.id)
        with pytest.raises(IdentityError):
            review.confirm(queued_pair, coordinator.id)


def test_split_and_undo_round_trip(app: Flask, refer: Refer, coordinator: User) -> None:
    refer(
        person(
            given_name="Omar", surname="Farooq", date_of_birth="1970-01-05", nhs_number="9434765919"
        )
    )
    refer(
        person(
            given_name="Omar", surname="Farooq", date_of_birth="1970-01-05", nhs_number="9434765919"
        )
    )
    with app.app_context():
        resolve_pending()
    before = _state(app)
    with app.app_context():
        records = db.session().scalars(select(PersonRecord).order_by(PersonRecord.id)).all()
        assert records[0].person_id == records[1].person_id
        change = review.split(
            records[0].person_id or 0, [records[1].id], "two people", coordinator.id
        )
        assert change.kind == ChangeKind.SPLIT
        moved = db.session().get(PersonRecord, records[1].id)
        assert moved is not None and moved.person_id == change.to_person_id
        review.undo_change(change.id, coordinator.id)
        retired = db.session().get(Person, change.to_person_id)
        assert retired is not None and retired.merged_into_id == change.from_person_id
    after = _state(app)
    assert after["records"] == before["records"]
    assert _actions(app) == ["person.split", "person.split_undone"]


def test_a_split_must_leave_records_on_both_sides(
    app: Flask, refer: Refer, coordinator: User
) -> None:
    refer(person(given_name="Omar", surname="Farooq", date_of_birth="1970-01-05"))
    with app.app_context():
        resolve_pending()
        record = db.session().scalars(select(PersonRecord)).one()
        with pytest.raises(IdentityError):
            review.split(record.person_id or 0, [record.id], "all of them", coordinator.id)


def test_an_undone_change_cannot_be_undone_twice(
    app: Flask, queued_pair: int, coordinator: User
) -> None:
    with app.app_context():
        change = review.confirm(queued_pair, coordinator.id)
        assert change is not None
        review.undo_change(change.id, coordinator.id)
        with pytest.raises(IdentityError), transaction() as session:
            history.undo_change(session, change.id, user_id=coordinator.id)
        assert db.session().scalars(select(PersonChange)).one().undone_by_id == coordinator.id


def test_review_page_shows_the_pair_side_by_side_with_its_evidence(
    client: FlaskClient, queued_pair: int, coordinator: User
) -> None:
    sign_in(client, coordinator)
    queue = client.get("/identity/review").get_data(as_text=True)
    assert f"/identity/review/{queued_pair}" in queue
    assert "Keri / Kerry" in queue and "same date of birth" in queue
    page = client.get(f"/identity/review/{queued_pair}").get_data(as_text=True)
    assert "Kerry" in page and "4 March 1990" in page
    assert "twin" in page  # the rule that fired
    assert "Total match weight" in page and "date_of_birth" in page  # the numbers, behind a toggle
    assert _actions(client.application) == [
        "identity.review_queue_viewed",
        "identity.review_viewed",
    ]


def test_the_evidence_is_in_words_with_the_numbers_behind_a_toggle(
    client: FlaskClient, queued_pair: int, coordinator: User
) -> None:
    sign_in(client, coordinator)
    page = client.get(f"/identity/review/{queued_pair}").get_data(as_text=True)
    before_numbers, numbers = page.split('data-testid="the-numbers"')
    words = before_numbers[before_numbers.index('data-testid="pair-status"') :]
    assert "Needs a person to check" in words and "waiting for a decision" in words
    assert "same date of birth" in words and "same surname" in words
    assert "(Keri / Kerry)" in words
    assert "same address and postcode" in words
    assert "a twin or sibling?" in words  # why it was not merged, in words
    for jargon in ("probability", "bits", "Jaro", "Winkler", "uncertain", "date_of_birth"):
        assert jargon not in words
    assert "<details" in before_numbers[-200:] and "match probability" in numbers


def test_confirming_through_the_page(
    app: Flask, client: FlaskClient, queued_pair: int, coordinator: User
) -> None:
    sign_in(client, coordinator)
    token = csrf_token_from(client, f"/identity/review/{queued_pair}")
    response = client.post(f"/identity/review/{queued_pair}/confirm", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        pair = db.session().get(ReviewPair, queued_pair)
        assert pair is not None and pair.status == ReviewStatus.CONFIRMED


def test_a_withheld_address_is_never_shown_for_review(
    app: Flask, client: FlaskClient, refer: Refer, coordinator: User
) -> None:
    refer(person(given_name="Kerry", **KERRY))
    hidden = dict(KERRY, address="Flat 2 Refuge House, 9 Bank Street")
    refer(person(given_name="Keri", address_withheld=True, **hidden))
    with app.app_context():
        resolve_pending()
        pair_id = db.session().scalars(select(ReviewPair.id)).one()
        person_id = (
            db.session()
            .scalars(select(PersonRecord.person_id).order_by(PersonRecord.id.desc()))
            .first()
        )
    sign_in(client, coordinator)
    for path in (f"/identity/review/{pair_id}", f"/identity/people/{person_id}"):
        page = client.get(path).get_data(as_text=True)
        assert "Refuge House" not in page
        assert "Withheld" in page


@pytest.mark.parametrize("role", [Role.PARTNER, Role.AGENCY_WORKER, Role.MANAGER, Role.ADMIN])
def test_only_coordinators_review(
    client: FlaskClient, factory: Factory, queued_pair: int, role: Role
) -> None:
    sign_in(client, factory.user([role]))
    assert client.get("/identity/review").status_code == 403
    assert client.get(f"/identity/review/{queued_pair}").status_code == 403
