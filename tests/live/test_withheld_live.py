"""A refuge address of ANOTHER family typed into the live meeting (issue #16, findings 1 and 2).

The victim's family is not on this meeting's agenda; a partner types her refuge address into a
family that is: into the notes (whole, one character at a time, as variants, and as two halves
sent at once from two sockets), the decision field and an action. No other attendee, and no
later sync, receives more than 3 consecutive characters of it.
"""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from pycrdt import Doc, Text

from agenda.live import documents
from frontdoor.access.withheld import Guard, normalise
from frontdoor.db import db, transaction
from frontdoor.models import DocumentUpdate, PersonRecord

from ..factories import Factory, cases
from ..factories.meetings import LiveMeeting
from .conftest import Connect

ADDRESS = "87 Otley Terrace"


@pytest.fixture
def refuge(app: Flask, factory: Factory) -> Guard:
    """A family not on the meeting whose victim's address is withheld; the guard a test uses
    to look for pieces of her details in what was sent."""
    cases.family_case(app, factory.agency("refuge").id, withheld=True)
    with app.app_context(), transaction() as tx:
        record = tx.query(PersonRecord).filter(PersonRecord.address_withheld.is_(True)).one()
        record.address = ADDRESS
    return Guard.of([ADDRESS, cases.REFUGE_POSTCODE, cases.REFUGE_PHONE])


def _join(connect: Connect, user: Any, meeting_id: int) -> dict[str, SocketIOTestClient]:
    meeting = connect(user, meeting_id, "/meeting")
    assert meeting.emit("meeting:accept", {}, callback=True, namespace="/meeting")["ok"]
    http = meeting.flask_test_client
    return {
        "/meeting": meeting,
        "/items": connect(user, meeting_id, "/items", http=http),
        "/docs": connect(user, meeting_id, "/docs", http=http),
    }


def _received(clients: dict[str, SocketIOTestClient]) -> list[Any]:
    return [m for ns, client in clients.items() for m in client.get_received(ns)]


def _yjs_texts(messages: Any) -> list[str]:
    """The raw bytes of each relayed Yjs update (each a message of its own), and the text all
    of them make together."""
    updates: list[bytes] = []
    raw: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "update" and isinstance(inner, str):
                    data = base64.b64decode(inner)
                    raw.append(data.decode("utf-8", "replace"))
                    updates.append(data)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(messages)
    return [*raw, str(documents.doc_of(*updates).get("text", type=Text))]


def _send(docs: SocketIOTestClient, doc: Doc, item_id: int, typed: str, at: int | None) -> Any:
    before = doc.get_state()
    text = doc.get("text", type=Text)
    text.insert(len(str(text)) if at is None else at, typed)
    update = base64.b64encode(doc.get_update(before)).decode()
    message = {"item_id": item_id, "field": "notes", "update": update, "op": "type"}
    return docs.emit("doc:update", message, callback=True, namespace="/docs")


def test_an_address_typed_about_another_family_is_never_relayed(
    app: Flask, live_meeting: LiveMeeting, connect: Connect, refuge: Guard
) -> None:
    m = live_meeting
    typist, reader = _join(connect, m.police, m.meeting_id), _join(connect, m.health, m.meeting_id)
    item_id = m.item_ids[0]
    replies = []
    for variant in (ADDRESS, "87-Otley-Terrace", "87  OTLEY\u200b terrace", "８７ Оtley Terr"):
        doc: Doc = Doc()
        doc["text"] = Text()
        replies.append(_send(typist["/docs"], doc, item_id, f"Now at {variant}.", None))
    field = {"item_id": item_id, "name": "decision", "value": f"She is at {ADDRESS}", "version": 0}
    replies.append(typist["/items"].emit("field:set", field, callback=True, namespace="/items"))
    action = {
        "item_id": item_id,
        "description": f"Visit {ADDRESS}",
        "lead_agency_id": m.police_agency.id,
        "due_on": "2031-01-01",
    }
    replies.append(
        typist["/items"].emit("action:create", action, callback=True, namespace="/items")
    )
    assert [r.get("error") for r in replies[:4]] == ["withheld_detail"] * 4
    sync = {"item_id": item_id, "field": "notes"}
    replies.append(reader["/docs"].emit("doc:sync", sync, callback=True, namespace="/docs"))
    sent = json.dumps([replies, _received(reader), _received(typist)])
    assert "Withheld" in sent  # the field and the action were shown, scrubbed
    assert not refuge.leaks(sent), refuge.spans(sent)
    assert not any(refuge.leaks(text) for text in _yjs_texts(json.loads(sent)))


def test_typing_one_character_at_a_time_stops_at_the_fourth(
    app: Flask, live_meeting: LiveMeeting, connect: Connect, refuge: Guard
) -> None:
    m = live_meeting
    typist, reader = _join(connect, m.police, m.meeting_id), _join(connect, m.health, m.meeting_id)
    doc: Doc = Doc()
    doc["text"] = Text()
    accepted = ""
    for ch in "Call " + cases.REFUGE_PHONE:
        if _send(typist["/docs"], doc, m.item_ids[0], ch, None)["ok"]:
            accepted += ch
        else:  # the typist's editor takes the refused character back out, as the page does
            doc = _synced(typist["/docs"], m.item_ids[0])
    # The 4th digit of the withheld phone was refused; what follows never joins up again.
    assert accepted.startswith("Call 077 9") and not refuge.leaks(accepted)
    assert not any(refuge.leaks(text) for text in _yjs_texts(_received(reader)))
    with app.app_context(), transaction() as tx:
        assert tx.query(DocumentUpdate).count() == len(accepted)


def _synced(docs: SocketIOTestClient, item_id: int) -> Doc:
    doc: Doc = Doc()
    doc["text"] = Text()
    sync = {"item_id": item_id, "field": "notes"}
    reply = docs.emit("doc:sync", sync, callback=True, namespace="/docs")
    doc.apply_update(base64.b64decode(reply["update"]))
    return doc


def _at_once(
    senders: tuple[dict[str, SocketIOTestClient], ...], item_id: int, halves: tuple[str, str]
) -> list[Any]:
    """Each half from its own socket, released together; the Yjs client ids put the halves in
    order when merged."""
    start = threading.Barrier(2)
    results: list[Any] = []

    def send(clients: dict[str, SocketIOTestClient], text: str, client_id: int) -> None:
        doc: Doc = Doc(client_id=client_id)
        doc["text"] = Text()
        start.wait()
        results.append(_send(clients["/docs"], doc, item_id, text, None))

    threads = [
        threading.Thread(target=send, args=(clients, text, n + 1))
        for n, (clients, text) in enumerate(zip(senders, halves, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_halves_sent_at_once_from_two_sockets_never_make_the_address(
    app: Flask, live_meeting: LiveMeeting, connect: Connect, refuge: Guard
) -> None:
    m = live_meeting
    police, health = _join(connect, m.police, m.meeting_id), _join(connect, m.health, m.meeting_id)
    for attempt, item_id in enumerate(m.item_ids):
        halves = ("LS9 ", "7QZ") if attempt % 2 else ("87 O", "tley")
        results = _at_once((police, health), item_id, halves)
        assert sorted(r["ok"] for r in results) == [False, True]  # exactly one half stored
        with app.app_context():
            stored = documents.text_of(db.session(), item_id, "notes")
        assert stored in halves and not refuge.leaks(stored)


def test_the_guard_reads_every_variant_and_every_piece() -> None:
    guard = Guard.of([ADDRESS, "LS16 2LX", "0113 496 0123"])
    for leak in (
        ADDRESS, "87-Otley-Terrace", "87  otley,terrace", "8\u200b7\u202eOtley", "８７ Ｏtley",
        "87 Оtley" , "87 0tley", "ls162lx", "LS16-2LX", "l s 1 6", "0113 496", "4960123",
        "(0113) 4960", "tley Terrac", "Otley Terrace",
    ):  # fmt: skip
        assert guard.leaks(leak), leak
    for ordinary in ("87 O", "Otley", "Terrace", "the race", "colour", "in 2024", "LS1", "011"):
        assert not guard.leaks(ordinary), ordinary
    assert (
        guard.scrub_text("Moved to 87 Otley Terrace, LS16 2LX.") == "Moved to Withheld, Withheld."
    )
    assert normalise("Ｏ\u200bt-l").chars == "otl"


def test_a_stricter_letter_bound_refuses_the_ordinary_words_the_product_allows() -> None:
    """The bound benchmarks/withheld_refusals.py measures against: any 4 characters."""
    strict = Guard.of([ADDRESS], letter_run=4)
    for ordinary in ("Otley", "Terrace", "the race", "a terrible night"):
        assert strict.leaks(ordinary), ordinary
    assert not strict.leaks("the rac")
    assert Guard.of([ADDRESS]).letter_run == 8
