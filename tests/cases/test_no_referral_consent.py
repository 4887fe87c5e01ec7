"""A family on the agenda without any referral (added by a coordinator, carried forward): nobody
asked the victim, so consent is U — shown as "No referral: consent was not asked" — and the
meeting must record why it shares without consent before the item can be finished, the same
gate as any N or U (#20). Same on the agenda row, the family page, the live summary and at
the close."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from agenda.consent import ConsentRequired, consent_of, ensure_may_finish, record_decision
from agenda.live.fields import write_field
from agenda.minutes.service import CONSENT_NOT_RECORDED, close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import AgendaItem, AgendaItemStatus, User
from tests.factories import Factory, sign_in
from tests.factories.meetings import LiveMeeting, create_meeting
from tests.live.conftest import Connect

JUSTIFIED = {
    "grounds": ["risk_to_children"],
    "justification": "Children at home; the school raised concerns.",
    "victim_told": "no",
    "how_safely": "He reads her messages; telling her would raise the risk.",
}


@pytest.fixture
def live(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory, families=2)  # neither family has a referral


def _close(app: Flask, live: LiveMeeting) -> list[int]:
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        return close_meeting(chair, live.meeting_id).unfinished


def test_no_referral_is_shown_as_consent_not_asked_on_the_row_and_the_family_page(
    app: Flask, live: LiveMeeting
) -> None:
    client = app.test_client()
    sign_in(client, live.chair)
    day = client.get(f"/agenda/{date.today().isoformat()}").get_data(as_text=True)
    assert day.count("No referral: consent not asked") == 2
    assert day.count("the meeting must record why it shares") == 2
    page = client.get(f"/agenda/items/{live.item_ids[0]}").get_data(as_text=True)
    assert 'data-consent="U" data-no-referral' in page
    assert "No referral: consent was not asked" in page
    assert "must record why it shares without consent" in page


def test_the_live_summary_says_no_referral_and_needs_a_decision(
    app: Flask, live: LiveMeeting, connect: Connect
) -> None:
    meeting = connect(live.chair, live.meeting_id, "/meeting")
    assert meeting.emit("meeting:accept", {}, callback=True, namespace="/meeting")["ok"]
    items = connect(live.chair, live.meeting_id, "/items", http=meeting.flask_test_client)
    details = items.emit(
        "item:details", {"item_id": live.item_ids[0]}, callback=True, namespace="/items"
    )
    consent = details["consent"]
    assert consent["status"] == "U" and consent["no_referral"] is True
    assert consent["needs_decision"] is True and consent["recorded_by"] == ""
    recorded = items.emit(
        "consent:record", {"item_id": live.item_ids[0], **JUSTIFIED}, callback=True,
        namespace="/items",
    )  # fmt: skip
    assert recorded["ok"] and recorded["consent"]["needs_decision"] is False


def test_an_item_without_a_referral_finishes_only_with_a_recorded_justification(
    app: Flask, live: LiveMeeting
) -> None:
    justified, unjustified = live.item_ids
    with app.app_context(), transaction() as tx:
        for item_id in live.item_ids:
            write_field(tx, item_id, "decision", "Refer to MARAC.", 0, live.chair.id)
        item = tx.get(AgendaItem, unjustified)
        assert item is not None and consent_of(tx, item).no_referral
        with pytest.raises(ConsentRequired):
            ensure_may_finish(tx, item)
        other = tx.get(AgendaItem, justified)
        assert other is not None
        record_decision(tx, other, JUSTIFIED, live.chair.id)
        ensure_may_finish(tx, other)
    assert _close(app, live) == [unjustified]
    with app.app_context():
        done = db.session().get(AgendaItem, justified)
        held = db.session().get(AgendaItem, unjustified)
        assert done is not None and done.status == AgendaItemStatus.DISCUSSED
        assert held is not None and held.status == AgendaItemStatus.DEFERRED
        assert held.status_reason == CONSENT_NOT_RECORDED
