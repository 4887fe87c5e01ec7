"""The audit log is append-only and hash-chained: any change, removal or reordering shows."""

from __future__ import annotations

import copy
import threading

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from frontdoor.audit import immutability
from frontdoor.audit.chain import GENESIS, ChainBreak, check_chain, row_hash, verify
from frontdoor.audit.keys import current_key
from frontdoor.audit.service import record
from frontdoor.db import db, transaction
from frontdoor.models import AuditChainTip, AuditEvent, utcnow


def _append(app: Flask, count: int) -> None:
    with app.app_context():
        for n in range(count):
            with transaction() as tx:
                record(tx, "test.event", object_type="thing", object_id=n, step=n)


def _breaks(app: Flask) -> list[ChainBreak]:
    with app.app_context():
        return verify(db.session())


def _tamper(app: Flask, *statements: str) -> None:
    """Change the table behind the application's back, as an attacker with the database would."""
    with app.app_context(), db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            with immutability.suspended(conn):
                for statement in statements:
                    conn.execute(text(statement))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            for statement in statements:
                conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))


def test_each_event_links_to_the_one_before(app: Flask) -> None:
    _append(app, 3)
    with app.app_context():
        events = list(db.session().scalars(select(AuditEvent).order_by(AuditEvent.id)))
        tip = db.session().get(AuditChainTip, 1)
        key = current_key()
    assert key is not None  # the app's chain is keyed
    assert [e.id for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.row_hash for e in events[:-1]]
    assert all(e.row_hash == row_hash(e, e.prev_hash, key) for e in events)
    assert all(e.row_hash != row_hash(e, e.prev_hash) for e in events)  # not plain SHA-256
    assert tip is not None and (tip.last_event_id, tip.last_hash) == (3, events[-1].row_hash)
    assert _breaks(app) == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET action = 'test.other' WHERE id = 2",
        "DELETE FROM audit_events WHERE id = 2",
    ],
)
def test_the_database_refuses_to_change_or_remove_audit_rows(app: Flask, statement: str) -> None:
    _append(app, 2)
    with (
        app.app_context(),
        db.engine.connect() as conn,
        pytest.raises(DatabaseError, match="append-only"),
    ):
        conn.execute(text(statement))
    assert _breaks(app) == []


TAMPERING = {
    "a changed action": ["UPDATE audit_events SET action = 'test.harmless' WHERE id = 3"],
    "a changed user": ["UPDATE audit_events SET object_id = '99' WHERE id = 2"],
    "changed details": ["UPDATE audit_events SET details = '{\"step\": 7}' WHERE id = 4"],
    "a removed row": ["DELETE FROM audit_events WHERE id = 3"],
    "the first row removed": ["DELETE FROM audit_events WHERE id = 1"],
    "the last row removed": ["DELETE FROM audit_events WHERE id = 5"],
    "two rows swapped": [
        "UPDATE audit_events SET id = 100 WHERE id = 2",
        "UPDATE audit_events SET id = 2 WHERE id = 3",
        "UPDATE audit_events SET id = 3 WHERE id = 100",
    ],
    "a row rehashed alone": [
        "UPDATE audit_events SET action = 'x', row_hash = 'f' || substr(row_hash, 2) WHERE id = 2"
    ],
}


@pytest.mark.parametrize("statements", TAMPERING.values(), ids=TAMPERING.keys())
def test_verify_detects_tampering(app: Flask, statements: list[str]) -> None:
    _append(app, 5)
    assert _breaks(app) == []
    _tamper(app, *statements)
    assert _breaks(app) != []


def test_the_cli_exits_non_zero_when_the_chain_is_broken(app: Flask) -> None:
    _append(app, 3)
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["audit", "verify"])
    assert intact.exit_code == 0 and "intact" in intact.output
    _tamper(app, "DELETE FROM audit_events WHERE id = 2")
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert "row 3" in broken.output


def _append_concurrently(app: Flask, threads: int, each: int) -> tuple[int, int]:
    """Append from several threads at once; returns (appended, refused)."""
    outcomes: list[bool] = []

    def append_many() -> None:
        for _ in range(each):
            try:
                _append(app, 1)
                outcomes.append(True)
            except DatabaseError:
                outcomes.append(False)

    workers = [threading.Thread(target=append_many) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes.count(True), outcomes.count(False)


def test_concurrent_appends_never_fork_the_chain(app: Flask) -> None:
    appended, _refused = _append_concurrently(app, threads=4, each=10)
    with app.app_context():
        stored = len(db.session().scalars(select(AuditEvent.id)).all())
    # SQLite may refuse a writer whose snapshot went stale; it never lets two fork the chain.
    assert stored == appended > 0
    assert _breaks(app) == []


@pytest.mark.postgres
def test_on_postgresql_concurrent_appends_wait_for_the_chain_tip(app: Flask) -> None:
    appended, refused = _append_concurrently(app, threads=8, each=10)
    assert (appended, refused) == (80, 0)
    assert _breaks(app) == []


# --- The property: any single edit, removal or reordering of an in-memory chain is detected.

FIELDS = ("action", "object_type", "object_id", "purpose", "user_id", "agency_id")


def _chain(length: int) -> tuple[list[AuditEvent], tuple[int, str]]:
    events, prev = [], GENESIS
    for n in range(1, length + 1):
        event = AuditEvent(
            id=n,
            occurred_at=utcnow(),
            user_id=n % 3,
            agency_id=1,
            action=f"test.{n}",
            object_type="family",
            object_id=str(n),
            purpose=None,
            details={"n": n},
        )
        event.prev_hash, event.row_hash = prev, row_hash(event, prev)
        prev = event.row_hash
        events.append(event)
    return events, (length, prev)


@settings(max_examples=150, deadline=None)
@given(
    length=st.integers(min_value=1, max_value=12),
    data=st.data(),
    tampering=st.sampled_from(["edit", "remove", "swap"]),
)
def test_property_any_single_tampering_is_detected(
    length: int, data: st.DataObject, tampering: str
) -> None:
    events, tip = _chain(length)
    assert check_chain(events, tip) == []
    victim = data.draw(st.integers(min_value=0, max_value=length - 1))
    tampered = [copy.copy(e) for e in events]
    if tampering == "edit":
        field = data.draw(st.sampled_from([*FIELDS, "details", "occurred_at"]))
        _edit(tampered[victim], field, data.draw(st.text(min_size=1, max_size=8)))
    elif tampering == "remove":
        del tampered[victim]
    else:
        other = data.draw(st.integers(min_value=0, max_value=length - 1))
        if other == victim:
            del tampered[victim]  # a chain of one cannot be reordered: remove instead
        else:
            _swap_positions(tampered, victim, other)
    assert check_chain(tampered, tip) != []


def _edit(event: AuditEvent, field: str, value: str) -> None:
    if field == "details":
        event.details = {**event.details, "edited": value}
    elif field == "occurred_at":
        event.occurred_at = event.occurred_at.replace(year=2000)
    elif field in {"user_id", "agency_id"}:
        setattr(event, field, (getattr(event, field) or 0) + 1 + len(value))
    else:
        setattr(event, field, f"{getattr(event, field)}{value}")


def _swap_positions(events: list[AuditEvent], i: int, j: int) -> None:
    """Move two rows' content into each other's places (ids stay in order, as a renumber would)."""
    events[i], events[j] = events[j], events[i]
    events[i].id, events[j].id = events[j].id, events[i].id
