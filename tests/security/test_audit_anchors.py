"""The audit chain is keyed and anchored (issue #16, finding 8): `frontdoor audit verify`
reports rows removed from the end with the tip moved back, a row rewritten and every later row
re-hashed with the app's own function, and TRUNCATE with the tip reset. These tests run on
SQLite, and on PostgreSQL under `make test-postgres`."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask
from sqlalchemy import select, text

from frontdoor.audit import anchors
from frontdoor.audit.chain import GENESIS, row_hash, seal_pending
from frontdoor.audit.keys import current_key
from frontdoor.db import db
from frontdoor.models import AuditEvent

from .test_audit_chain import _append, _tamper


def _anchor(app: Flask) -> None:
    with app.app_context():
        assert anchors.anchor_now(db.session()) is not None


def _verify(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def _tip_to(row: int) -> str:
    return (  # an attacker's statement, built from integers
        f"UPDATE audit_chain_tip SET last_event_id = {row}, "  # noqa: S608
        f"last_hash = (SELECT row_hash FROM audit_events WHERE id = {row})"
    )


def test_rows_removed_from_the_end_with_the_tip_moved_back(app: Flask) -> None:
    _append(app, 30)
    _anchor(app)
    assert _verify(app) == (0, "Audit chain intact (1 anchor(s) checked).\n")
    _tamper(app, "DELETE FROM audit_events WHERE id > 10", _tip_to(10))
    code, output = _verify(app)
    assert code == 1
    assert "row 30: anchored at" in output and "missing: rows were removed" in output
    assert "the tip was rolled back" in output


def _rehash_from(app: Flask, first: int, key: bytes | None) -> list[str]:
    """Statements rewriting row `first` and re-hashing every later row with `row_hash`."""
    with app.app_context():
        seal_pending()
        events = list(db.session().scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    statements, prev = [], events[first - 2].row_hash if first > 1 else GENESIS
    for event in events[first - 1 :]:
        if event.id == first:
            event.action = "test.harmless"
        digest = row_hash(event, prev, key)
        statements.append(  # an attacker's statements; hashes are hex
            f"UPDATE audit_events SET action = '{event.action}', prev_hash = '{prev}', "  # noqa: S608
            f"row_hash = '{digest}' WHERE id = {event.id}"
        )
        prev = digest
    last = events[-1].id
    statements.append(
        f"UPDATE audit_chain_tip SET last_hash = '{prev}' WHERE last_event_id = {last}"  # noqa: S608
    )
    return statements


def test_a_row_rewritten_and_every_later_row_rehashed_with_the_apps_function(
    app: Flask,
) -> None:
    _append(app, 12)
    _tamper(app, *_rehash_from(app, 5, key=None))  # the app's function, without the key
    code, output = _verify(app)
    assert code == 1 and "row 5: content does not match its keyed hash" in output


def test_a_chain_rehashed_even_with_the_key_differs_from_its_anchor(app: Flask) -> None:
    _append(app, 12)
    _anchor(app)
    with app.app_context():
        key = current_key()
    _tamper(app, *_rehash_from(app, 5, key=key))  # an insider holding the key as well
    code, output = _verify(app)
    assert code == 1 and "row 12: differs from its anchor" in output


def test_truncate_with_the_tip_reset(app: Flask) -> None:
    _append(app, 8)
    _anchor(app)
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    emptied = "TRUNCATE audit_events" if postgres else "DELETE FROM audit_events"
    _tamper(app, emptied, "DELETE FROM audit_chain_tip")
    code, output = _verify(app)
    assert code == 1 and "row 8: anchored at" in output and "rows were removed" in output


def test_an_edited_anchor_line_is_reported(app: Flask) -> None:
    _append(app, 3)
    _anchor(app)
    with app.app_context():
        path = anchors.anchor_file()
    line = json.loads(path.read_text())
    line["event_id"] = 2  # pretend the chain was anchored earlier than it was
    path.write_text(json.dumps(line) + "\n")
    code, output = _verify(app)
    assert code == 1 and "anchor file line 1 was altered" in output


def test_anchoring_writes_the_tip_to_the_file_and_the_shipped_log(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    _append(app, 4)
    with caplog.at_level(logging.INFO, logger="frontdoor.audit"):
        _anchor(app)
    logged = [r for r in caplog.records if r.getMessage() == "audit anchor"]
    assert [(r.audit_id, len(r.row_hash)) for r in logged] == [(4, 64)]  # type: ignore[attr-defined]
    with app.app_context():
        assert anchors.anchor_now(db.session()) is None  # nothing new since
        lines = anchors.anchor_file().read_text().splitlines()
        key_file = app.config["AUDIT_KEY_FILE"]
    assert len(lines) == 1 and json.loads(lines[0])["event_id"] == 4
    assert key_file != app.config["AUDIT_ANCHOR_FILE"]
    with app.app_context():
        stored = db.session().execute(text("SELECT COUNT(*) FROM audit_events")).scalar()
    assert stored == 4  # anchoring records nothing in the database itself
