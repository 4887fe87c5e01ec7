"""Logs are JSON lines built from an allow-list: no personal data can reach them."""

from __future__ import annotations

import io
import json
import logging

from flask.testing import FlaskClient


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line]


def test_each_request_logs_one_line_with_its_id_and_no_path(
    client: FlaskClient, json_log: io.StringIO
) -> None:
    response = client.get("/healthz?name=Jane+Doe", headers={"X-Request-ID": "abc123def456"})
    assert response.headers["X-Request-ID"] == "abc123def456"
    access = [line for line in _lines(json_log) if line["logger"] == "frontdoor.access"]
    assert len(access) == 1
    assert access[0]["request_id"] == "abc123def456"
    assert access[0]["endpoint"] == "health.healthz"
    assert access[0]["status"] == 200
    assert "Jane" not in json_log.getvalue()


def test_a_request_without_a_usable_id_gets_a_fresh_one(client: FlaskClient) -> None:
    first = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    second = client.get("/healthz")
    assert first.headers["X-Request-ID"] != "<script>"
    assert len({first.headers["X-Request-ID"], second.headers["X-Request-ID"]}) == 2


def test_arguments_and_unlisted_fields_are_dropped(json_log: io.StringIO) -> None:
    logging.getLogger("frontdoor.intake").info(
        "matched %s born %s",
        "Jane Doe",
        "1990-01-02",
        extra={"referral_id": 42, "surname": "Doe", "count": 3},
    )
    (line,) = _lines(json_log)
    assert line["message"] == "matched %s born %s"
    assert line["referral_id"] == 42 and line["count"] == 3
    assert "surname" not in line
    assert "Doe" not in json_log.getvalue()


def test_exceptions_keep_their_type_and_frames_but_not_their_message(
    json_log: io.StringIO,
) -> None:
    try:
        raise ValueError("NHS number 9434765919 belongs to Jane Doe")
    except ValueError:
        logging.getLogger("frontdoor.identity").exception("resolution failed")
    (line,) = _lines(json_log)
    assert line["exception"] == "ValueError"
    assert line["frames"]
    assert "9434765919" not in json_log.getvalue()


def test_process_loggers_keep_their_arguments(json_log: io.StringIO) -> None:
    logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 4242)
    (line,) = _lines(json_log)
    assert line["message"] == "Booting worker with pid: 4242"
