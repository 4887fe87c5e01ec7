"""Co-editing, versioned fields and actions over the protocol, and what is stored."""

from __future__ import annotations

import pytest
from flask import Flask
from pycrdt import Doc, Text
from sqlalchemy import func, select

from agenda.live import documents
from agenda.schedule import local_date
from frontdoor.db import db, transaction
from frontdoor.models import AuditEvent, DocumentSnapshot, DocumentUpdate, utcnow
from frontdoor.names import long_date

from ..factories.meetings import LiveMeeting
from .conftest import Connect
from .test_protocol import join_all


def typed(doc: Doc, text: str) -> str:
    """The Yjs update (base64, as on the wire) for appending `text` to the document's text."""
    before = doc.get_state()
    doc.get(documents.TEXT_KEY, type=Text).insert(
        len(str(doc.get(documents.TEXT_KEY, type=Text))), text
    )
    return documents.encode(bytes(doc.get_update(before)))


def test_an_edit_is_stored_before_it_is_acknowledged_and_relayed(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    update = typed(Doc(), "Two previous call-outs.")
    reply = police["/docs"].emit(
        "doc:update",
        {"item_id": item, "field": "notes", "update": update, "op": "p-1"},
        callback=True,
        namespace="/docs",
    )
    assert reply == {"ok": True, "op": "p-1"}
    with app.app_context():
        assert documents.text_of(db.session(), item, "notes") == "Two previous call-outs."
    relayed = [m for m in health["/docs"].get_received("/docs") if m["name"] == "doc:update"]
    assert relayed[0]["args"][0]["update"] == update
    assert [m for m in police["/docs"].get_received("/docs") if m["name"] == "doc:update"] == []


def test_two_writers_in_the_same_text_converge_with_both_texts(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    police_doc: Doc = Doc()
    health_doc: Doc = Doc()
    for client, doc, words in ((police, police_doc, "police "), (health, health_doc, "health ")):
        reply = client["/docs"].emit(
            "doc:update",
            {"item_id": item, "field": "notes", "update": typed(doc, words)},
            callback=True,
            namespace="/docs",
        )
        assert reply["ok"]
    synced = health["/docs"].emit(
        "doc:sync",
        {
            "item_id": item,
            "field": "notes",
            "state_vector": documents.encode(health_doc.get_state()),
        },
        callback=True,
        namespace="/docs",
    )
    health_doc.apply_update(documents.decode(synced["update"]))
    text = str(health_doc.get(documents.TEXT_KEY, type=Text))
    assert sorted(text.split()) == ["health", "police"]
    with app.app_context():
        assert documents.text_of(db.session(), item, "notes") == text


def test_only_the_agency_writes_its_own_what_we_know_but_everyone_reads_it(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    field = f"known:{live_meeting.police_agency.id}"
    item = live_meeting.item_ids[0]
    mine = police["/docs"].emit(
        "doc:update",
        {"item_id": item, "field": field, "update": typed(Doc(), "PNC: 3 previous")},
        callback=True,
        namespace="/docs",
    )
    theirs = health["/docs"].emit(
        "doc:update",
        {"item_id": item, "field": field, "update": typed(Doc(), "overwritten")},
        callback=True,
        namespace="/docs",
    )
    read = health["/docs"].emit(
        "doc:sync", {"item_id": item, "field": field}, callback=True, namespace="/docs"
    )
    assert mine["ok"] and theirs == {"ok": False, "error": "not_your_agency", "op": None}
    doc: Doc = Doc()
    doc.apply_update(documents.decode(read["update"]))
    assert str(doc.get(documents.TEXT_KEY, type=Text)) == "PNC: 3 previous"


def test_garbage_and_items_of_other_meetings_are_refused(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    garbage = police["/docs"].emit(
        "doc:update",
        {
            "item_id": live_meeting.item_ids[0],
            "field": "notes",
            "update": documents.encode(b"\x07garbage"),
        },
        callback=True,
        namespace="/docs",
    )
    elsewhere = police["/docs"].emit(
        "doc:update",
        {"item_id": 999999, "field": "notes", "update": typed(Doc(), "x")},
        callback=True,
        namespace="/docs",
    )
    assert garbage["error"] == "bad_update" and elsewhere["error"] == "not_on_agenda"


def test_compaction_keeps_the_text_and_drops_the_merged_updates(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    doc: Doc = Doc()
    for n in range(30):
        police["/docs"].emit(
            "doc:update",
            {"item_id": item, "field": "notes", "update": typed(doc, f"{n} ")},
            callback=True,
            namespace="/docs",
        )
    with app.app_context():
        assert documents.compact(item, "notes")
        police["/docs"].emit(
            "doc:update",
            {"item_id": item, "field": "notes", "update": typed(doc, "after")},
            callback=True,
            namespace="/docs",
        )
        session = db.session()
        left = session.scalar(select(func.count(DocumentUpdate.id)))
        snapshot = session.get(DocumentSnapshot, (item, "notes"))
        assert left == 1 and snapshot is not None
        expected = "".join(f"{n} " for n in range(30))
        assert snapshot.text == expected
        assert documents.text_of(session, item, "notes") == expected + "after"


def test_compaction_never_drops_an_edit_whose_dependency_arrives_later(
    app: Flask, live_meeting: LiveMeeting
) -> None:
    """Updates can be stored out of dependency order (concurrent writers, late commits).
    A compaction that runs in between must keep the not-yet-integrable edits."""
    item = live_meeting.item_ids[0]
    writer: Doc = Doc()
    first, second, third = (
        documents.decode(typed(writer, words)) for words in ("one ", "two ", "three")
    )
    with app.app_context():
        with transaction() as tx:
            documents.store_update(tx, item, "notes", second, live_meeting.police.id)
            documents.store_update(tx, item, "notes", third, live_meeting.police.id)
        assert documents.compact(item, "notes")
        with transaction() as tx:
            documents.store_update(tx, item, "notes", first, live_meeting.police.id)
        assert documents.compact(item, "notes")
        assert documents.text_of(db.session(), item, "notes") == "one two three"


def test_a_stale_field_write_is_refused_and_shows_the_current_value(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    first = police["/items"].emit(
        "field:set",
        {"item_id": item, "name": "risk", "value": "high", "version": 0},
        callback=True,
        namespace="/items",
    )
    stale = health["/items"].emit(
        "field:set",
        {"item_id": item, "name": "risk", "value": "medium", "version": 0},
        callback=True,
        namespace="/items",
    )
    assert first["ok"] and first["version"] == 1
    assert stale["error"] == "stale"
    assert stale["current"]["value"] == "high" and stale["current"]["version"] == 1
    changed = [m for m in health["/items"].get_received("/items") if m["name"] == "field:changed"]
    assert changed[0]["args"][0]["value"] == "high"
    newer = health["/items"].emit(
        "field:set",
        {"item_id": item, "name": "risk", "value": "medium", "version": 1},
        callback=True,
        namespace="/items",
    )
    assert newer["ok"] and newer["version"] == 2


def test_an_action_needs_one_lead_agency_and_a_named_lead_inside_it(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    base = {"item_id": item, "description": "Safety visit", "due_on": "2030-01-02"}
    no_lead = police["/items"].emit("action:create", base, callback=True, namespace="/items")
    wrong_person = police["/items"].emit(
        "action:create",
        {
            **base,
            "lead_agency_id": live_meeting.health_agency.id,
            "lead_user_id": live_meeting.police.id,
        },
        callback=True,
        namespace="/items",
    )
    made = police["/items"].emit(
        "action:create",
        {
            **base,
            "lead_agency_id": live_meeting.police_agency.id,
            "lead_user_id": live_meeting.police.id,
        },
        callback=True,
        namespace="/items",
    )
    assert no_lead["error"] == "invalid" and wrong_person["error"] == "invalid"
    assert made["ok"] and made["action"]["lead_user_id"] == live_meeting.police.id


@pytest.mark.parametrize(
    ("due_on", "words"),
    [
        ("2020-01-02", "The due date must be today or in the future."),
        ("2026-02-30", "Enter the date the action is due."),
        ("", "Enter the date the action is due."),
    ],
)
def test_an_action_is_never_due_in_the_past_and_the_error_names_its_field(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, due_on: str, words: str
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    reply = police["/items"].emit(
        "action:create",
        {
            "item_id": live_meeting.item_ids[0],
            "description": "Safety visit",
            "due_on": due_on,
            "lead_agency_id": live_meeting.police_agency.id,
        },
        callback=True,
        namespace="/items",
    )
    assert reply == {"ok": False, "error": "invalid", "message": words, "field": "due_on"}
    today = police["/items"].emit(
        "action:create",
        {
            "item_id": live_meeting.item_ids[0],
            "description": "Safety visit",
            "due_on": local_date(utcnow()).isoformat(),  # today where the service is
            "lead_agency_id": live_meeting.police_agency.id,
        },
        callback=True,
        namespace="/items",
    )
    assert today["ok"] and today["action"]["due_on_text"] == long_date(local_date(utcnow()))


def test_reassigning_an_action_is_audited_and_shown_live(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    made = police["/items"].emit(
        "action:create",
        {
            "item_id": live_meeting.item_ids[0],
            "description": "Refer to IDVA",
            "due_on": "2030-01-02",
            "lead_agency_id": live_meeting.police_agency.id,
        },
        callback=True,
        namespace="/items",
    )
    health["/items"].get_received("/items")
    moved = police["/items"].emit(
        "action:reassign",
        {
            "action_id": made["action"]["id"],
            "lead_agency_id": live_meeting.health_agency.id,
            "lead_user_id": live_meeting.health.id,
        },
        callback=True,
        namespace="/items",
    )
    assert moved["ok"] and moved["action"]["lead_agency_id"] == live_meeting.health_agency.id
    shown = [
        m["args"][0]
        for m in health["/items"].get_received("/items")
        if m["name"] == "action:changed"
    ]
    assert shown[0]["change"] == "reassigned" and shown[0]["lead_user_id"] == live_meeting.health.id
    with app.app_context():
        audit = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "action.reassigned"))
            .one()
        )
        assert audit.details["from_agency_id"] == live_meeting.police_agency.id
        assert audit.details["to_user_id"] == live_meeting.health.id
