"""Fault tests of the scaled-out topology: two gunicorn processes behind nginx (ip_hash),
PostgreSQL and Redis, all real. Run by `make test-postgres`."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from agenda.live import documents
from frontdoor.db import db, transaction
from frontdoor.models import Attendance, utcnow
from frontdoor.ops.topology import Topology

from ..conftest import REDIS_URL
from ..factories import PASSWORD, Factory
from ..factories.meetings import LiveMeeting, create_meeting
from .clients import MeetingClient, signed_in_session
from .conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CLIENTS = 8


def meeting_with_clients(
    app: Flask, factory: Factory, topology: Topology, count: int = CLIENTS
) -> tuple[LiveMeeting, list[MeetingClient]]:
    meeting = create_meeting(app, factory)
    with app.app_context(), transaction() as tx:
        for row in tx.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting.meeting_id)
        ):
            row.confidentiality_accepted_at = utcnow()
    users = [meeting.police, meeting.health]
    clients = [
        MeetingClient(
            topology.url,
            users[i % 2].email,
            PASSWORD,
            meeting.meeting_id,
            meeting.item_ids[0],
            address=f"10.0.{i + 1}.1",  # a /24 of its own: ip_hash keys on the first 3 octets
            name=f"c{i}",
        ).connect()
        for i in range(count)
    ]
    return meeting, clients


def clients_per_process(topology: Topology) -> dict[int, float]:
    counts = {}
    for port in topology.app_ports:
        try:
            text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        except requests.ConnectionError:
            continue  # stopped, or stopping: it no longer listens
        counts[port] = sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith('frontdoor_socketio_clients{namespace="/docs"}')
        )
    return counts


def edit_round(clients: list[MeetingClient], label: str) -> None:
    for client in clients:
        client.edit(f"{client.name}-{label}")


def stored_notes(app: Flask, item_id: int) -> str:
    """Read in one consistent snapshot (see docs/performance.md, "Open finding")."""
    with app.app_context():
        session = db.session()
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return documents.text_of(session, item_id, "notes")


def test_killing_an_app_process_mid_meeting_loses_no_acknowledged_edit(
    app: Flask, factory: Factory, start_topology: Callable[[str], Topology]
) -> None:
    topology = start_topology(REDIS_URL or "")
    meeting, clients = meeting_with_clients(app, factory, topology)
    spread = clients_per_process(topology)
    assert sum(spread.values()) == CLIENTS
    victim = max(spread, key=lambda port: spread[port])
    survivor = next(port for port in topology.app_ports if port != victim)
    for round_number in range(3):
        edit_round(clients, f"before{round_number}")

    topology.apps[victim].signal(signal.SIGKILL)  # a crash: no graceful shutdown
    for round_number in range(5):  # edits keep coming while clients fail over
        edit_round(clients, f"during{round_number}")
    assert wait_for(lambda: all(c.connected for c in clients), timeout=20)
    for round_number in range(3):
        edit_round(clients, f"after{round_number}")

    assert clients_per_process(topology)[survivor] == CLIENTS
    moved = [c for c in clients if c.reconnections > 0]
    assert len(moved) == spread[victim]
    assert all(c.acked[-1].endswith("after2") for c in clients)
    notes = stored_notes(app, meeting.item_ids[0])
    lost = [t for c in clients for t in c.acked if f"[{t}]" not in notes]
    assert lost == []
    for client in clients:
        client.close()


def test_a_graceful_stop_sends_its_clients_to_the_other_process_at_once(
    app: Flask, factory: Factory, start_topology: Callable[[str], Topology]
) -> None:
    topology = start_topology(REDIS_URL or "")
    meeting, clients = meeting_with_clients(app, factory, topology)
    spread = clients_per_process(topology)
    leaving = max(spread, key=lambda port: spread[port])
    staying = next(port for port in topology.app_ports if port != leaving)
    edit_round(clients, "before")

    started = time.monotonic()
    topology.apps[leaving].signal(signal.SIGTERM)  # what systemctl stop / a deploy sends
    assert wait_for(lambda: clients_per_process(topology).get(staying) == CLIENTS, timeout=10)
    moved_after = time.monotonic() - started

    edit_round(clients, "after")
    assert moved_after < 10  # well inside the 20 s graceful timeout
    assert all(c.acked[-1].endswith("after") for c in clients)
    notes = stored_notes(app, meeting.item_ids[0])
    assert [t for c in clients for t in c.acked if f"[{t}]" not in notes] == []
    topology.apps[leaving].popen.wait(timeout=30)
    for client in clients:
        client.close()


def test_without_redis_http_keeps_working_and_the_meeting_says_live_updates_are_paused(
    app: Flask,
    factory: Factory,
    start_topology: Callable[[str], Topology],
    own_redis: Callable[[bool], str],
) -> None:
    topology = start_topology(own_redis(True))
    meeting, clients = meeting_with_clients(app, factory, topology, count=2)
    statuses: list[bool] = []
    clients[0].sio.on("live:status", lambda m: statuses.append(m["live"]), namespace="/meeting")
    http = signed_in_session(topology.url, meeting.police.email, PASSWORD, "10.0.200.1")

    own_redis(False)
    assert http.get(f"{topology.url}/", timeout=10).status_code == 200
    readiness = requests.get(f"{topology.url}/readyz", timeout=10)
    assert readiness.status_code == 503
    assert readiness.json()["checks"]["redis"] == "unreachable"
    assert wait_for(lambda: False in statuses, timeout=10)
    # committed and acknowledged while Redis is away; only the relay to others waits
    assert all(c.edit(f"{c.name}-no-redis") for c in clients)

    own_redis(True)
    assert wait_for(lambda: statuses[-1] is True, timeout=15)
    assert wait_for(
        lambda: requests.get(f"{topology.url}/readyz", timeout=10).status_code == 200, 20
    )
    relayed = threading.Event()
    clients[1].sio.on("doc:update", lambda m: relayed.set(), namespace="/docs")
    assert wait_for(lambda: clients[0].edit(f"relay-{time.monotonic()}") and relayed.is_set(), 20)
    notes = stored_notes(app, meeting.item_ids[0])
    assert all(f"[{t}]" in notes for c in clients for t in c.acked)
    for client in clients:
        client.close()


def _postgres(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        capture_output=True,
    )


@pytest.mark.alone  # stops the PostgreSQL server every other test uses
def test_a_postgresql_restart_gives_clean_503s_then_recovers(
    app: Flask, factory: Factory, start_topology: Callable[[str], Topology]
) -> None:
    topology = start_topology(REDIS_URL or "")
    user = factory.user()
    http = signed_in_session(topology.url, user.email, PASSWORD, "10.0.201.1")
    assert http.get(f"{topology.url}/", timeout=10).status_code == 200

    _postgres("stop")
    try:
        page = http.get(f"{topology.url}/", timeout=10)
        ready = requests.get(f"{topology.url}/readyz", timeout=10)
    finally:
        _postgres("start")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert "unavailable for a moment" in page.text
    assert ready.status_code == 503 and ready.json()["checks"]["database"] == "unreachable"

    assert wait_for(lambda: http.get(f"{topology.url}/", timeout=10).status_code == 200, 30)
    statuses = set()
    _postgres("restart")
    for _ in range(20):
        statuses.add(http.get(f"{topology.url}/", timeout=10).status_code)
    assert statuses <= {200, 503}
