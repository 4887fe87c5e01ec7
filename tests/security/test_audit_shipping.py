"""Every committed audit event is copied to the JSON log, which the platform ships to the
SIEM (ASVS 16.4.3), once the chainer has sealed it: identifiers only, and nothing for a
transaction that rolled back."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from frontdoor.audit.chain import seal_pending
from frontdoor.audit.service import record
from frontdoor.db import db, transaction
from frontdoor.models import AuditEvent
from frontdoor.ops.logs import AllowListFilter, JsonFormatter


@pytest.fixture
def shipped() -> Iterator[io.StringIO]:
    """What the JSON log handler writes for the audit logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(AllowListFilter())
    logger = logging.getLogger("frontdoor.audit")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(previous)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_committed_event_is_logged_with_its_id_and_hash_and_nothing_personal(
    app: Flask, shipped: io.StringIO
) -> None:
    with app.app_context():
        with transaction() as tx:
            record(
                tx,
                "family.viewed",
                object_type="family",
                object_id=42,
                purpose="Checking on Alice Example at 1 Road",
                note="Alice Example",
            )
        assert _lines(shipped) == []  # recorded, not sealed yet
        assert seal_pending() == 1
        row = db.session().scalars(select(AuditEvent)).one()
    [line] = _lines(shipped)
    assert line["logger"] == "frontdoor.audit"
    assert (line["audit_id"], line["audit_action"], line["row_hash"]) == (
        row.seq,
        "family.viewed",
        row.row_hash,
    )
    assert (line["object_type"], line["object_id"]) == ("family", "42")
    assert line["prev_hash"] == row.prev_hash  # the copy is a hash chain of its own
    assert "Alice" not in shipped.getvalue() and "Road" not in shipped.getvalue()


def test_an_event_whose_transaction_rolled_back_is_not_logged(
    app: Flask, shipped: io.StringIO
) -> None:
    with app.app_context():  # one session: the rolled-back event must not ride the next commit
        with pytest.raises(RuntimeError), transaction() as tx:
            record(tx, "family.viewed", object_type="family", object_id=1)
            raise RuntimeError("the change failed")
        with transaction() as tx:
            record(tx, "family.viewed", object_type="family", object_id=2)
        seal_pending()
    assert [line["object_id"] for line in _lines(shipped)] == ["2"]
