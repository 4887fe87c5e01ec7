"""Closing is deliberate: the chair first sees which families are unfinished and where they
go; families deferred before the meeting are not in its minutes."""

from __future__ import annotations

import json
import re

from flask import Flask
from sqlalchemy import select

from agenda.settings import current_schedule
from frontdoor.db import db, transaction
from frontdoor.models import AgendaItem, AgendaItemStatus, Family, Minutes
from frontdoor.names import long_date

from ..factories import sign_in
from ..factories.minutes import Recorded
from .conftest import close


def test_the_chair_sees_the_unfinished_families_and_their_next_meeting_before_closing(
    app: Flask, recorded: Recorded
) -> None:
    live = recorded.live
    chair = app.test_client()
    sign_in(chair, live.chair)
    page = chair.get(f"/meetings/{live.meeting_id}/close")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    with app.app_context():
        session = db.session()
        unfinished = session.get(AgendaItem, recorded.open_item_id)
        decided = session.get(AgendaItem, recorded.decided_item_id)
        assert unfinished is not None and decided is not None
        meeting_day = unfinished.meeting.meeting_date
        next_meeting = current_schedule(session).next_meeting_date(meeting_day)
        open_label = unfinished.family.label
        decided_label = decided.family.label
    unfinished_block = html[html.index('data-testid="unfinished"') :]
    unfinished_block = unfinished_block[: unfinished_block.index("</dl>")]
    assert str(open_label) in unfinished_block and str(decided_label) not in unfinished_block
    assert f"Deferred to {long_date(next_meeting)}" in unfinished_block
    assert re.search(r"famil(y has|ies have) no decision", html)
    assert "Close the meeting and freeze the minutes" in html
    partner = app.test_client()
    sign_in(partner, live.police)
    assert partner.get(f"/meetings/{live.meeting_id}/close").status_code == 403


def test_a_family_deferred_before_the_meeting_is_not_in_its_minutes(
    app: Flask, recorded: Recorded
) -> None:
    live = recorded.live
    with app.app_context(), transaction() as tx:
        family = Family(label="Deferred family")
        tx.add(family)
        tx.flush()
        deferred = AgendaItem(
            meeting_id=live.meeting_id,
            family_id=family.id,
            position=99,
            status=AgendaItemStatus.DEFERRED,
            status_reason="Awaiting police checks",
        )
        tx.add(deferred)
        tx.flush()
        deferred_id = deferred.id
    close(app, live.chair, live.meeting_id)
    with app.app_context():
        minutes = db.session().scalar(select(Minutes).where(Minutes.meeting_id == live.meeting_id))
        assert minutes is not None
        items = json.loads(minutes.snapshot)["items"]
    ids = [i["item_id"] for i in items]
    assert deferred_id not in ids
    assert recorded.open_item_id in ids  # not reached: deferred by the close, kept as unfinished
    assert [i["unfinished"] for i in items if i["item_id"] == recorded.open_item_id] == [True]
