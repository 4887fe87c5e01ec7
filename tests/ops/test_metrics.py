"""/metrics: requests, Socket.IO and queues for Prometheus; nothing personal; not public."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from frontdoor.extensions import socketio
from frontdoor.ops.metrics import INTAKE_REFERRALS, MATCH_DECISIONS


def _metrics(client: FlaskClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _sample(text: str, prefix: str) -> float:
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_requests_are_counted_by_endpoint_and_status(client: FlaskClient) -> None:
    label = 'frontdoor_http_requests_total{endpoint="health.healthz",method="GET",status="200"}'
    before = _sample(_metrics(client), label)
    client.get("/healthz")
    client.get("/healthz")
    text = _metrics(client)
    assert _sample(text, label) == before + 2
    assert 'frontdoor_http_request_duration_seconds_bucket{endpoint="health.healthz"' in text


def test_paths_and_query_strings_never_become_labels(client: FlaskClient) -> None:
    client.get("/people/Jane-Doe?name=Jane+Doe&nhs=9434765919")
    text = _metrics(client)
    assert "Jane" not in text and "9434765919" not in text
    assert 'endpoint="unmatched"' in text


def test_counters_other_features_increment_are_exposed(client: FlaskClient) -> None:
    INTAKE_REFERRALS.labels(source="police_csv", outcome="accepted").inc(3)
    MATCH_DECISIONS.labels(decision="review").inc()
    text = _metrics(client)
    assert 'frontdoor_intake_referrals_total{outcome="accepted",source="police_csv"}' in text
    assert 'frontdoor_match_decisions_total{decision="review"}' in text


def test_queue_sizes_are_read_from_the_database(client: FlaskClient) -> None:
    text = _metrics(client)
    assert 'frontdoor_queue_size{queue="identity_review"} 0.0' in text
    assert 'frontdoor_queue_size{queue="intake_quarantine"} 0.0' in text


def test_socketio_clients_and_events_are_counted(app: Flask, client: FlaskClient) -> None:
    app.config["LIVE_BENCHMARK"] = True  # the bare /bench-raw namespace
    label = 'frontdoor_socketio_events_total{event="echo",namespace="/bench-raw"}'
    before = _sample(_metrics(client), label)
    sio = socketio.test_client(app, namespace="/bench-raw")
    assert sio.is_connected("/bench-raw")
    sio.emit("echo", {"n": 1}, namespace="/bench-raw", callback=True)
    text = _metrics(client)
    assert _sample(text, label) == before + 1
    assert _sample(text, 'frontdoor_socketio_clients{namespace="/bench-raw"}') >= 1
    sio.disconnect(namespace="/bench-raw")


@pytest.mark.parametrize(
    "environ, headers",
    [
        ({"REMOTE_ADDR": "10.1.2.3"}, {}),  # another machine
        ({}, {"X-Forwarded-For": "203.0.113.9"}),  # through the proxy
        ({"REMOTE_ADDR": "10.1.2.3"}, {"Authorization": "Bearer wrong-token"}),
    ],
)
def test_metrics_are_hidden_from_anyone_else(
    app: Flask, client: FlaskClient, environ: dict[str, str], headers: dict[str, str]
) -> None:
    app.config["METRICS_TOKEN"] = "the-scrape-token"
    response = client.get("/metrics", environ_base=environ, headers=headers)
    assert response.status_code == 404


def test_a_scraper_with_the_token_may_read_from_anywhere(app: Flask, client: FlaskClient) -> None:
    app.config["METRICS_TOKEN"] = "the-scrape-token"
    response = client.get(
        "/metrics",
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
        headers={"Authorization": "Bearer the-scrape-token"},
    )
    assert response.status_code == 200
