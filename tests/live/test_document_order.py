"""A collaborative text is whole whatever order its updates were stored in.

Three partners type at once. Their updates reach the server on concurrent threads, so one
sender's updates can be stored before the ones they depend on. Before the fix, the stored text was
read by applying the updates one by one in storage order, and pycrdt then left some pending
edits out for good: an acknowledged keystroke that every browser showed was missing from the
stored notes and from the minutes (it failed the three-typists browser test twice in CI).
Seeds 1, 2, 4, 5 and 7 of the first test lost text then; so did the last test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest
from flask import Flask
from pycrdt import Doc, Text

from agenda.live import documents
from frontdoor.db import db, transaction

from ..factories.meetings import LiveMeeting

TYPISTS = 3
KEYSTROKES = 25  # each


@dataclass
class Typist:
    doc: Doc = field(default_factory=Doc)
    inbox: list[bytes] = field(default_factory=list)  # relayed to this typist, not yet applied

    @property
    def text(self) -> Text:
        return self.doc.get(documents.TEXT_KEY, type=Text)


def typed_at_once(seed: int) -> tuple[list[bytes], str]:
    """Every keystroke's update in the order it was sent, and the text all typists end with.
    Relays arrive late by a random number of keystrokes, as over a busy connection."""
    rng = random.Random(seed)
    typists = [Typist(Doc(client_id=1000 + n)) for n in range(TYPISTS)]  # ties break by id
    sent: list[bytes] = []
    for stroke in range(KEYSTROKES * TYPISTS):
        typist = typists[stroke % TYPISTS]
        arrived = rng.randint(0, len(typist.inbox))
        for update in typist.inbox[:arrived]:
            typist.doc.apply_update(update)
        del typist.inbox[:arrived]
        before = typist.doc.get_state()
        typist.text.insert(rng.randint(0, len(str(typist.text))), chr(ord("a") + stroke % 26))
        update = bytes(typist.doc.get_update(before))
        sent.append(update)
        for other in typists:
            if other is not typist:
                other.inbox.append(update)
    for typist in typists:
        for update in typist.inbox:
            typist.doc.apply_update(update)
    texts = {str(typist.text) for typist in typists}
    assert len(texts) == 1, "the typists themselves must converge"
    return sent, texts.pop()


def stored_order(sent: list[bytes], seed: int) -> list[bytes]:
    """The order the server commits them in: handlers race, so any order is possible."""
    order = list(sent)
    random.Random(seed).shuffle(order)
    return order


LOST_BEFORE = [1, 2, 4]  # orders whose text was lost when applied one by one


@pytest.mark.parametrize("seed", range(8))
def test_the_stored_text_has_every_keystroke_whatever_the_storage_order(
    app: Flask, live_meeting: LiveMeeting, seed: int
) -> None:
    sent, typed = typed_at_once(seed)
    item = live_meeting.item_ids[0]
    with app.app_context():
        with transaction() as tx:
            for update in stored_order(sent, seed):
                documents.store_update(tx, item, "notes", update, live_meeting.police.id)
        session = db.session()
        assert documents.text_of(session, item, "notes") == typed

        joining: Doc = Doc()  # a partner opening the text now receives all of it
        joining.apply_update(documents.sync_step(session, item, "notes", None))
        assert str(joining.get(documents.TEXT_KEY, type=Text)) == typed

        assert documents.compact(item, "notes")
        assert documents.text_of(db.session(), item, "notes") == typed


@pytest.mark.parametrize("seed", LOST_BEFORE)
def test_compactions_between_out_of_order_updates_keep_every_keystroke(
    app: Flask, live_meeting: LiveMeeting, seed: int
) -> None:
    """Compaction already merged (it passed before the fix); kept so the read after it is too."""
    sent, typed = typed_at_once(seed)
    item = live_meeting.item_ids[0]
    order = stored_order(sent, seed)
    with app.app_context():
        for start in range(0, len(order), 7):
            with transaction() as tx:
                for update in order[start : start + 7]:
                    documents.store_update(tx, item, "notes", update, live_meeting.police.id)
            assert documents.compact(item, "notes")
        assert documents.text_of(db.session(), item, "notes") == typed


def test_a_partner_who_joins_while_an_update_waits_for_its_dependency_still_gets_it(
    app: Flask, live_meeting: LiveMeeting
) -> None:
    """The second update is stored before the first; a partner syncing in between must be sent
    it (it was relayed before they joined) so that the first, relayed later, completes the text."""
    item = live_meeting.item_ids[0]
    writer: Doc = Doc()
    text = writer.get(documents.TEXT_KEY, type=Text)
    updates = []
    for words in ("Police ", "attended twice."):
        before = writer.get_state()
        text.insert(len(str(text)), words)
        updates.append(bytes(writer.get_update(before)))
    with app.app_context():
        with transaction() as tx:
            documents.store_update(tx, item, "notes", updates[1], live_meeting.police.id)
        joining: Doc = Doc()
        joining.apply_update(documents.sync_step(db.session(), item, "notes", None))
    joining.apply_update(updates[0])  # the relay of the first, stored after the partner joined
    assert str(joining.get(documents.TEXT_KEY, type=Text)) == "Police attended twice."
