"""Research stays with its agency (#20): preparation nobody marked as shared is kept, seen only
by its own agency and never in the minutes, until the retention purge deletes it after
RETENTION_UNSHARED_PREPARATION_DAYS. A closed meeting's triggers allow exactly that delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from agenda.minutes.service import close_meeting
from agenda.preparation import PreparationError, mark_shared
from frontdoor.config import retention_days
from frontdoor.db import db, transaction
from frontdoor.models import Meeting, Minutes, PartnerPreparation, PreparationKind, User, utcnow
from frontdoor.retention import purge_expired
from frontdoor.settings import Settings
from tests.factories import Factory, sign_in
from tests.factories.meetings import LiveMeeting, create_meeting


@pytest.fixture
def live(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory, families=1)


def _prepare(app: Flask, live: LiveMeeting, text: str, shared: bool) -> int:
    with app.app_context(), transaction() as tx:
        entry = PartnerPreparation(
            agenda_item_id=live.item_ids[0], agency_id=live.health.agency_id,
            author_id=live.health.id, kind=PreparationKind.FACT, text=text,
            shared_at=utcnow() if shared else None,
        )  # fmt: skip
        tx.add(entry)
        tx.flush()
        return entry.id


def _close(app: Flask, live: LiveMeeting) -> None:
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        close_meeting(chair, live.meeting_id)


def _page(app: Flask, user: User, item_id: int) -> str:
    client = app.test_client()
    sign_in(client, user)
    return client.get(f"/agenda/items/{item_id}").get_data(as_text=True)


def test_the_period_is_a_setting_with_a_default() -> None:
    assert Settings().RETENTION_UNSHARED_PREPARATION_DAYS == 7
    configured = Settings(RETENTION_UNSHARED_PREPARATION_DAYS=3)  # type: ignore[call-arg]
    assert retention_days(configured)["unshared_preparation"] == 3


def test_unshared_preparation_outlives_the_close_for_its_agency_only_then_is_purged(
    app: Flask, live: LiveMeeting
) -> None:
    shared = _prepare(app, live, "Seen at A&E with a wrist injury", shared=True)
    unshared = _prepare(app, live, "GP thinks she may be pregnant", shared=False)
    _close(app, live)
    item_id = live.item_ids[0]
    assert "pregnant" in _page(app, live.health, item_id)  # still its own agency's research
    for reader in (live.chair, live.police):
        assert "pregnant" not in _page(app, reader, item_id)
    with app.app_context():
        with pytest.raises(PreparationError, match="closed"):  # too late to say it was shared
            mark_shared(item_id, unshared, live.health, True)
        minutes = db.session().scalars(select(Minutes)).one()
        assert "wrist injury" in minutes.snapshot and "pregnant" not in minutes.snapshot
        frozen_hash = minutes.content_hash
        started = db.session().get(Meeting, live.meeting_id).starts_at  # type: ignore[union-attr]
        days = app.config["RETENTION_DAYS"]["unshared_preparation"]
        inside = purge_expired(now=started + timedelta(days=days) - timedelta(minutes=1))
        assert inside["unshared_preparation"] == 0
        assert db.session().get(PartnerPreparation, unshared) is not None
        outside = purge_expired(now=started + timedelta(days=days, minutes=1))
        db.session().expire_all()
        assert outside["unshared_preparation"] == 1
        assert db.session().get(PartnerPreparation, unshared) is None
        assert db.session().get(PartnerPreparation, shared) is not None  # in the minutes: kept
        assert db.session().scalars(select(Minutes)).one().content_hash == frozen_hash


def test_the_triggers_allow_deleting_only_unshared_preparation_of_a_closed_meeting(
    app: Flask, live: LiveMeeting
) -> None:
    shared = _prepare(app, live, "Shared in the meeting", shared=True)
    unshared = _prepare(app, live, "Kept back", shared=False)
    _close(app, live)
    with app.app_context():
        for statement in (
            delete(PartnerPreparation).where(PartnerPreparation.id == shared),
            update(PartnerPreparation)
            .where(PartnerPreparation.id == unshared)
            .values(shared_at=utcnow()),
        ):
            with pytest.raises(DBAPIError, match="closed meeting"), transaction() as tx:
                tx.execute(statement)
        with transaction() as tx:
            tx.execute(delete(PartnerPreparation).where(PartnerPreparation.id == unshared))
        left = db.session().scalars(select(PartnerPreparation.id)).all()
        assert left == [shared]
