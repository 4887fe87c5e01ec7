"""The audit log is append-only and hash-chained: any change, removal or reordering shows.
Events are recorded unsealed, with no lock; the chainer seals what is committed, in order,
gap-free (`seal`, run by the scheduler and by `verify`)."""

from __future__ import annotations

import copy
import threading

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from frontdoor import scheduler
from frontdoor.audit import immutability
from frontdoor.audit.chain import (
    GENESIS,
    ChainBreak,
    check_chain,
    row_hash,
    seal,
    seal_pending,
    verify,
)
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


def _seal(app: Flask) -> int:
    with app.app_context():
        return seal_pending()


def test_each_event_links_to_the_one_before(app: Flask) -> None:
    _append(app, 3)
    with app.app_context():
        unsealed = db.session().scalars(select(AuditEvent)).all()
        assert [(e.seq, e.prev_hash, e.row_hash) for e in unsealed] == [(None, None, None)] * 3
        assert seal_pending() == 3
        events = list(db.session().scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        tip = db.session().get(AuditChainTip, 1)
        key = current_key()
    assert key is not None  # the app's chain is keyed
    assert [(e.id, e.seq) for e in events] == [(1, 1), (2, 2), (3, 3)]
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.row_hash for e in events[:-1]]
    assert all(e.row_hash == row_hash(e, e.prev_hash, key) for e in events)
    assert all(e.row_hash != row_hash(e, e.prev_hash) for e in events)  # not plain SHA-256
    assert tip is not None and (tip.last_event_id, tip.last_hash) == (3, events[-1].row_hash)
    assert _breaks(app) == []


REFUSED = {
    "a changed action": "UPDATE audit_events SET action = 'test.other' WHERE id = 2",
    "a removed row": "DELETE FROM audit_events WHERE id = 2",
    "a second sealing": "UPDATE audit_events SET seq = 7, prev_hash = 'a', row_hash = 'b' "
    "WHERE id = 2",
    "a changed position": "UPDATE audit_events SET seq = 7 WHERE id = 2",
}


@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_the_database_refuses_to_change_or_remove_audit_rows(app: Flask, statement: str) -> None:
    _append(app, 2)
    _seal(app)
    with (
        app.app_context(),
        db.engine.connect() as conn,
        pytest.raises(DatabaseError, match="append-only"),
    ):
        conn.execute(text(statement))
    assert _breaks(app) == []


STAGED_REFUSED = {
    "a changed action": "UPDATE audit_events SET action = 'test.other' WHERE id = 2",
    "changed details": "UPDATE audit_events SET details = '{}' WHERE id = 2",
    "a removed row": "DELETE FROM audit_events WHERE id = 2",
    "a position without a hash": "UPDATE audit_events SET seq = 9 WHERE id = 2",
    "sealed with other content": "UPDATE audit_events SET seq = 9, prev_hash = 'a', "
    "row_hash = 'b', object_id = '99' WHERE id = 2",
}


@pytest.mark.parametrize("statement", STAGED_REFUSED.values(), ids=STAGED_REFUSED.keys())
def test_an_unsealed_row_cannot_be_changed_or_removed_before_it_is_sealed(
    app: Flask, statement: str
) -> None:
    _append(app, 2)
    with (
        app.app_context(),
        db.engine.connect() as conn,
        pytest.raises(DatabaseError, match="append-only"),
    ):
        conn.execute(text(statement))
    assert _breaks(app) == []
    with app.app_context():
        sealed = db.session().scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [(e.seq, e.details["step"]) for e in sealed] == [(1, 0), (2, 1)]


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


def test_the_scheduler_seals_what_was_recorded_every_few_seconds(app: Flask) -> None:
    scheduler.build_scheduler(app)  # imports the job modules, as the scheduler process does
    job = next(job for job in scheduler.JOBS if job.id == "audit.seal")
    assert job.trigger == "interval" and job.trigger_args(app) == {"seconds": 5}
    _append(app, 3)
    with app.app_context():
        assert job.func() == 3
        assert job.func() == 0
    assert _positions(app) == [1, 2, 3]


def test_the_cli_exits_non_zero_when_the_chain_is_broken(app: Flask) -> None:
    _append(app, 3)
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["audit", "verify"])
    assert intact.exit_code == 0 and "intact" in intact.output
    _tamper(app, "DELETE FROM audit_events WHERE id = 2")
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert "row 3" in broken.output


def _append_concurrently(app: Flask, threads: int, each: int, *, sealing: bool) -> int:
    """Append from several threads at once (and seal meanwhile); returns how many appended."""
    outcomes: list[bool] = []
    done = threading.Event()

    def append_many() -> None:
        for _ in range(each):
            _append(app, 1)
            outcomes.append(True)

    def keep_sealing() -> None:
        with app.app_context():
            while not done.is_set():
                seal_pending()

    workers = [threading.Thread(target=append_many) for _ in range(threads)]
    chainer = threading.Thread(target=keep_sealing)
    if sealing:
        chainer.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done.set()
    if sealing:
        chainer.join()
    return len(outcomes)


def _positions(app: Flask) -> list[int | None]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))


def test_concurrent_appends_are_never_refused_and_seal_into_one_gap_free_chain(
    app: Flask,
) -> None:
    appended = _append_concurrently(app, threads=4, each=10, sealing=True)
    assert appended == 40
    assert _breaks(app) == []  # seals the rest
    assert _positions(app) == list(range(1, 41))


@pytest.mark.postgres
def test_on_postgresql_concurrent_appends_never_wait_for_the_chain(app: Flask) -> None:
    appended = _append_concurrently(app, threads=8, each=10, sealing=True)
    assert appended == 80
    assert _breaks(app) == []
    assert _positions(app) == list(range(1, 81))


@pytest.mark.postgres
def test_a_row_committed_after_a_later_id_is_sealed_after_it(app: Flask) -> None:
    """Ids from a sequence can commit out of order: the chainer seals what is committed, so
    the later-committed row takes the later position, and the chain stays gap-free."""
    with app.app_context(), db.engine.connect() as slow:
        slow.begin()
        slow.execute(text(_RAW_INSERT), {"step": "slow"})  # takes id 1, not committed yet
        _append(app, 1)  # id 2, committed
        assert seal_pending() == 1
        slow.commit()
        assert seal_pending() == 1
        rows = db.session().execute(select(AuditEvent.id, AuditEvent.seq).order_by(AuditEvent.seq))
        assert [tuple(row) for row in rows] == [(2, 1), (1, 2)]
    assert _breaks(app) == []


_RAW_INSERT = (
    "INSERT INTO audit_events (occurred_at, action, details) "
    "VALUES (now(), 'test.event', json_build_object('step', CAST(:step AS text)))"
)


def test_sealing_follows_the_tip_and_the_hash_covers_the_row_id(app: Flask) -> None:
    _append(app, 2)
    with app.app_context(), transaction() as tx:
        sealed = seal(tx, limit=1)
    assert [e.seq for e in sealed] == [1]
    _append(app, 1)
    assert _seal(app) == 2
    _tamper(app, "UPDATE audit_events SET id = 50 WHERE id = 3")  # its position stays 3
    assert [b.event_id for b in _breaks(app)] == [3]


# --- The property: any single edit, removal or reordering of an in-memory chain is detected.

FIELDS = ("action", "object_type", "object_id", "purpose", "user_id", "agency_id")


def _chain(length: int) -> tuple[list[AuditEvent], tuple[int, str]]:
    events, prev = [], GENESIS
    for n in range(1, length + 1):
        event = AuditEvent(
            id=n,
            seq=n,
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
    events[i].seq, events[j].seq = events[j].seq, events[i].seq
