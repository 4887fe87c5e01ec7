"""/metrics: requests, Socket.IO and queues for Prometheus; nothing personal; not public."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from frontdoor.extensions import socketio
from frontdoor.identity.resolution import resolve_pending
from frontdoor.intake.service import import_police_file

from ..factories import Factory
from ..factories.police_file import incident, police_csv


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


def test_imports_and_identity_decisions_are_counted(
    app_context: Flask, client: FlaskClient, factory: Factory
) -> None:
    imported = 'frontdoor_intake_referrals_total{outcome="imported",source="police_export"}'
    duplicates = 'frontdoor_intake_referrals_total{outcome="duplicates",source="police_export"}'
    new_people = 'frontdoor_match_decisions_total{decision="new"}'
    before = _metrics(client)
    police = factory.agency("WYP")
    data = police_csv(incident())
    import_police_file(data, agency_id=police.id, filename="night.csv", today=date(2026, 11, 25))
    import_police_file(data, agency_id=police.id, filename="again.csv", today=date(2026, 11, 25))
    resolve_pending()
    after = _metrics(client)
    assert _sample(after, imported) == _sample(before, imported) + 3  # a row per person
    assert _sample(after, duplicates) == _sample(before, duplicates) + 3
    assert _sample(after, new_people) == _sample(before, new_people) + 3  # three strangers


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
