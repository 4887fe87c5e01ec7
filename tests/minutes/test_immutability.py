"""Nothing in a closed meeting can change: the services refuse (MeetingClosed, saying to add an
addendum), and the database refuses raw SQL too. Action tracking columns stay updatable."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from agenda import preparation
from agenda.minutes import immutability, service
from agenda.minutes.freeze import MeetingClosed
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    ItemField,
    Meeting,
    MeetingStatus,
    Minutes,
    PartnerPreparation,
    PreparationKind,
    User,
)

from ..factories.minutes import Recorded
from .conftest import close


def test_every_trigger_is_in_place(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        assert immutability.installed(conn) == immutability.expected(conn.dialect.name)


ORM_CHANGES = {
    "reopen the meeting": lambda tx, r: setattr(
        tx.get(Meeting, r.live.meeting_id), "status", MeetingStatus.LIVE
    ),
    "reorder an item": lambda tx, r: setattr(tx.get(AgendaItem, r.decided_item_id), "position", 9),
    "add an item": lambda tx, r: tx.add(
        AgendaItem(meeting_id=r.live.meeting_id, family_id=r.refuge_family_id + 0, position=8)
    ),
    "change the decision": lambda tx, r: setattr(
        tx.get(ItemField, (r.decided_item_id, "decision")), "value", "Changed"
    ),
    "edit apologies": lambda tx, r: setattr(
        tx.scalars(select(Attendance).filter_by(meeting_id=r.live.meeting_id)).first(),
        "apologies",
        "Changed",
    ),
    "edit an action's agreed text": lambda tx, r: setattr(
        tx.scalars(select(Action).filter_by(agenda_item_id=r.decided_item_id)).one(),
        "description",
        "Changed",
    ),
    "delete a preparation": lambda tx, r: tx.delete(
        tx.scalars(select(PartnerPreparation).filter_by(agenda_item_id=r.decided_item_id)).first()
    ),
}


@pytest.mark.parametrize("change", ORM_CHANGES, ids=list(ORM_CHANGES))
def test_the_service_layer_refuses_changes_after_close(
    app: Flask, closed: Recorded, change: str
) -> None:
    refused = pytest.raises(MeetingClosed, match="add an addendum")
    with app.app_context(), refused, transaction() as tx:
        ORM_CHANGES[change](tx, closed)


def test_services_refuse_a_closed_meeting_with_a_message(app: Flask, closed: Recorded) -> None:
    with app.app_context():
        police = db.session().get(User, closed.live.police.id)
        assert police is not None
        with pytest.raises(preparation.PreparationError, match="closed"):
            preparation.record(closed.decided_item_id, police, PreparationKind.FACT, "Late news")
        chair = db.session().get(User, closed.live.chair.id)
        assert chair is not None
        with pytest.raises(MeetingClosed, match="add an addendum"):
            service.close_meeting(chair, closed.live.meeting_id)


def test_an_actions_tracking_columns_stay_updatable(app: Flask, closed: Recorded) -> None:
    with app.app_context(), transaction() as tx:
        action = tx.scalars(select(Action).filter_by(agenda_item_id=closed.decided_item_id)).one()
        action.status = ActionStatus.DONE
        action.completed_at = datetime.now(UTC)
        action.due_on = date(2031, 1, 1)
        action.lead_agency_id = closed.live.health_agency.id
        action.lead_user_id = closed.live.health.id
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE actions SET status = 'open', completed_at = NULL"))


# Raw SQL, bound to the closed meeting (:m), its decided item (:item) and a family (:family).
RAW_SQL = {
    "update minutes": "UPDATE meeting_minutes SET snapshot = '{}'",
    "delete minutes": "DELETE FROM meeting_minutes",
    "reopen meeting": "UPDATE meetings SET status = 'live' WHERE id = :m",
    "delete meeting": "DELETE FROM meetings WHERE id = :m",
    "update item": "UPDATE agenda_items SET position = 9 WHERE id = :item",
    "delete item": "DELETE FROM agenda_items WHERE id = :item",
    "insert item": "INSERT INTO agenda_items (meeting_id, family_id, position, status, created_at) "
    "VALUES (:m, :family, 7, 'pending', '2030-01-01 00:00:00')",
    "update field": "UPDATE live_item_fields SET value = 'x' WHERE agenda_item_id = :item",
    # closing merged the texts' updates into their snapshots (so no update rows are left)
    "update text snapshot": "UPDATE live_document_snapshots SET text = 'x' "
    "WHERE agenda_item_id = :item",
    "delete text snapshots": "DELETE FROM live_document_snapshots WHERE agenda_item_id = :item",
    "insert doc update": "INSERT INTO live_document_updates (agenda_item_id, field, payload, "
    "created_at) VALUES (:item, 'notes', :payload, '2030-01-01 00:00:00')",
    "update attendance": "UPDATE attendance SET apologies = 'x' WHERE meeting_id = :m",
    "update preparation": "UPDATE partner_preparations SET text = 'x' WHERE agenda_item_id = :item",
    "update action text": "UPDATE actions SET description = 'x' WHERE agenda_item_id = :item",
    "move action": "UPDATE actions SET agenda_item_id = NULL WHERE agenda_item_id = :item",
    "delete action": "DELETE FROM actions WHERE agenda_item_id = :item",
}


@pytest.mark.parametrize("statement", RAW_SQL, ids=list(RAW_SQL))
def test_the_database_refuses_raw_sql_changes_after_close(
    app: Flask, closed: Recorded, statement: str
) -> None:
    sql = text(RAW_SQL[statement])
    bound = {
        "m": closed.live.meeting_id,
        "item": closed.decided_item_id,
        "family": closed.refuge_family_id,
        "payload": b"\x00",
    }
    params = {k: v for k, v in bound.items() if f":{k}" in RAW_SQL[statement]}
    with app.app_context():
        with pytest.raises(DBAPIError, match="minutes are frozen"), db.engine.begin() as conn:
            conn.execute(sql, params)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM meeting_minutes")).scalar() == 1


def test_expired_minutes_and_their_meeting_may_be_purged(
    app: Flask, recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retention deletes minutes once `retain_until` has passed, and the meeting with them."""
    long_ago = datetime.now(UTC) - timedelta(days=365 * 8)
    monkeypatch.setattr(service, "utcnow", lambda: long_ago)
    close(app, recorded.live.chair, recorded.live.meeting_id)
    with app.app_context():
        minutes = db.session().scalar(select(Minutes))
        assert minutes is not None and minutes.retain_until is not None
        assert minutes.retain_until < datetime.now(UTC)
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM actions"))  # actions are not cascaded
            conn.execute(
                text("DELETE FROM meetings WHERE id = :m"), {"m": recorded.live.meeting_id}
            )
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM meeting_minutes")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM agenda_items")).scalar() == 0


@pytest.mark.postgres
def test_on_postgresql_the_triggers_refuse_every_raw_change(app: Flask, closed: Recorded) -> None:
    """The PostgreSQL functions and triggers, statement by statement, in one database."""
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        for statement in RAW_SQL:
            test_the_database_refuses_raw_sql_changes_after_close(app, closed, statement)
        with db.engine.begin() as conn:  # tracking columns of an agreed action stay open
            changed = conn.execute(
                text("UPDATE actions SET status = 'done', due_on = '2031-01-01'")
            ).rowcount
        assert changed == 2
