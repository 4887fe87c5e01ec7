"""A correction to closed minutes is an addendum: append-only, hash-chained, shown after them."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from agenda.minutes import chain, service
from frontdoor.db import db
from frontdoor.models import AuditEvent, Minutes, MinutesAddendum, User

from ..factories import csrf_token_from, sign_in
from ..factories.minutes import REFUGE, Recorded
from ..security.test_withheld_address import _leaks


def _add(app: Flask, user: User, r: Recorded, words: str, item: int | None = None) -> int:
    with app.app_context():
        author = db.session().get(User, user.id)
        assert author is not None
        return service.add_addendum(author, r.live.meeting_id, words, item).id


def _chain(app: Flask) -> tuple[Minutes, list[MinutesAddendum]]:
    with app.app_context():
        session = db.session()
        minutes = session.scalars(select(Minutes)).one()
        addenda = list(session.scalars(select(MinutesAddendum).order_by(MinutesAddendum.id)))
        return minutes, addenda


def test_addenda_chain_from_the_minutes_hash(app: Flask, closed: Recorded) -> None:
    _add(app, closed.live.chair, closed, "The risk was agreed as medium, not high.")
    _add(app, closed.live.chair, closed, "Correction about item 1.", closed.decided_item_id)
    minutes, addenda = _chain(app)
    assert [a.prev_hash for a in addenda] == [minutes.content_hash, addenda[0].content_hash]
    assert all(chain.addendum_hash(a.prev_hash, a) == a.content_hash for a in addenda)
    assert chain.verify(minutes, addenda) == []
    addenda[0].text = "Something else"  # an edit (in memory) breaks the chain
    assert chain.verify(minutes, addenda) != []
    assert chain.verify(minutes, addenda[1:]) != []  # and so does a removal


APPEND_ONLY = ["UPDATE minutes_addenda SET text = 'x'", "DELETE FROM minutes_addenda"]


@pytest.mark.parametrize("sql", APPEND_ONLY)
def test_addenda_are_append_only_in_the_database(app: Flask, closed: Recorded, sql: str) -> None:
    _add(app, closed.live.chair, closed, "A correction.")
    refused = pytest.raises(DBAPIError, match="minutes are frozen")
    with app.app_context(), refused, db.engine.begin() as conn:
        conn.execute(text(sql))


def test_only_the_chair_or_a_coordinator_may_add_and_only_to_closed_minutes(
    app: Flask, recorded: Recorded
) -> None:
    with pytest.raises(service.NoSuchMinutes):
        _add(app, recorded.live.chair, recorded, "Too early: the meeting is open.")
    from .conftest import close

    close(app, recorded.live.chair, recorded.live.meeting_id)
    with pytest.raises(service.NotAllowed):
        _add(app, recorded.live.police, recorded, "A partner's correction.")
    with pytest.raises(service.MinutesError):
        _add(app, recorded.live.chair, recorded, "   ")


def test_an_addendum_is_audited_scrubbed_and_shown_after_the_minutes(
    app: Flask, closed: Recorded
) -> None:
    addendum_id = _add(app, closed.live.chair, closed, f"She moved to {REFUGE}.")
    _minutes, addenda = _chain(app)
    assert _leaks(addenda[0].text) == []
    with app.app_context():
        event = db.session().scalar(
            select(AuditEvent).where(AuditEvent.action == "minutes.addendum_added")
        )
        assert event is not None and event.details["addendum_id"] == addendum_id
    client = app.test_client()
    sign_in(client, closed.live.police)
    page = client.get(f"/meetings/{closed.live.meeting_id}/minutes").get_data(as_text=True)
    assert page.index("Addendum 1") > page.index("Actions agreed")


def test_the_addendum_form_posts_with_csrf(app: Flask, closed: Recorded) -> None:
    client = app.test_client()
    sign_in(client, closed.live.chair)
    path = f"/meetings/{closed.live.meeting_id}/minutes"
    token = csrf_token_from(client, path)
    response = client.post(
        f"{path}/addenda",
        data={"csrf_token": token, "text": "Lead is health.", "item_id": closed.decided_item_id},
    )
    assert response.status_code == 302
    _minutes, addenda = _chain(app)
    assert [(a.text, a.agenda_item_id) for a in addenda] == [
        ("Lead is health.", closed.decided_item_id)
    ]
    partner = app.test_client()
    sign_in(partner, closed.live.police)
    token = csrf_token_from(partner, path)
    response = partner.post(f"{path}/addenda", data={"csrf_token": token, "text": "x"})
    assert response.status_code == 403
