"""Live meeting fan-out: N clients in one meeting, E edits per second in total.

Starts the real server (gunicorn, threading Socket.IO, persistence on: every edit is committed
before it is acknowledged or relayed), connects N real Socket.IO clients (WebSocket), and
measures, for every edit, the time from send to arrival at each other client. In the same run,
on the same server, the same clients send the same-sized payloads through /bench-raw, a bare
rebroadcast with no checks and no storage: the baseline. At the end it checks that every
acknowledged edit reached every other client and that every client's text equals the stored one.

    .venv/bin/python benchmarks/live_meeting.py                 # 40 clients, 20 edits/s, 15 s
    .venv/bin/python benchmarks/live_meeting.py --clients 200   # the stress figure
"""

from __future__ import annotations

import argparse
import base64
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests
import socketio
from pycrdt import Doc, Text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import with_smoke  # noqa: E402
from frontdoor import create_app, migrate  # noqa: E402
from frontdoor.accounts import service as accounts  # noqa: E402
from frontdoor.db import db, transaction  # noqa: E402
from frontdoor.models import (  # noqa: E402
    AgencyKind,
    AgendaItem,
    Attendance,
    Family,
    Meeting,
    MeetingStatus,
    Role,
    utcnow,
)

PASSWORD = "Quiet-Heron-Lantern-5821"  # noqa: S105 (throwaway benchmark users)
TEXT_KEY = "text"


@dataclass
class Client:
    index: int
    sio: socketio.Client
    doc: Doc = field(default_factory=Doc)
    lock: threading.Lock = field(default_factory=threading.Lock)
    received: set[str] = field(default_factory=set)
    sent: set[str] = field(default_factory=set)


@dataclass
class Run:
    sent_at: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    acked: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    dropped_sends: int = 0

    def arrived(self, op: str) -> None:
        now = time.perf_counter()
        with self.lock:
            self.latencies.append((now - self.sent_at[op]) * 1000)


def seed(database_url: str, instance: str, clients: int) -> tuple[int, int, list[str]]:
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": instance,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8192,
            "REDIS_URL": None,
        }
    )
    with app.app_context():
        agency = accounts.create_agency("bench", "Benchmark agency", AgencyKind.POLICE)
        emails, user_ids = [], []
        for n in range(clients):
            email = f"partner{n}@bench.example"
            user = accounts.create_user(email, f"Partner {n}", agency.id, [Role.PARTNER], PASSWORD)
            emails.append(email)
            user_ids.append(user.id)
        with transaction() as tx:
            meeting = Meeting(
                meeting_date=date.today(), starts_at=utcnow(), status=MeetingStatus.LIVE
            )
            family = Family(label="Benchmark family")
            tx.add_all([meeting, family])
            tx.flush()
            item = AgendaItem(meeting_id=meeting.id, family_id=family.id, position=1)
            tx.add(item)
            for user_id in user_ids:
                tx.add(
                    Attendance(
                        meeting_id=meeting.id,
                        user_id=user_id,
                        agency_id=agency.id,
                        confidentiality_accepted_at=utcnow(),
                    )
                )
            tx.flush()
            ids = (meeting.id, item.id)
        db.session.remove()
    return ids[0], ids[1], emails


def start_server(env: dict[str, str], port: int, threads: int) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers=1",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "wsgi:app",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("BENCH_DEBUG") else subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return process
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def signed_in(url: str, email: str) -> tuple[str, str]:
    """A session cookie and the CSRF token a signed-in page carries."""
    http = requests.Session()
    token = _token(http.get(f"{url}/sign-in").text)
    http.post(f"{url}/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    token = _token(http.get(f"{url}/").text)
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    return cookie, token


def _token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def connect_clients(url: str, emails: list[str], meeting_id: int) -> list[Client]:
    clients = []
    for index, email in enumerate(emails):
        cookie, token = signed_in(url, email)
        sio = socketio.Client(
            reconnection=False, engineio_logger=bool(os.environ.get("BENCH_DEBUG"))
        )
        clients.append(Client(index, sio))
        sio.connect(
            url,
            headers={"Cookie": cookie},
            transports=["websocket"],
            namespaces=["/docs", "/bench-raw"],
            auth={"meeting_id": meeting_id, "csrf_token": token},
            wait_timeout=20,
        )
    return clients


def listen(clients: list[Client], live: Run, raw: Run) -> None:
    for client in clients:

        def on_doc(message: dict, client: Client = client) -> None:
            with client.lock:
                client.doc.apply_update(base64.b64decode(message["update"]))
                client.received.add(message["op"])
            live.arrived(message["op"])

        def on_echo(message: dict, client: Client = client) -> None:
            client.received.add(message["op"])
            raw.arrived(message["op"])

        client.sio.on("doc:update", on_doc, namespace="/docs")
        client.sio.on("echo", on_echo, namespace="/bench-raw")


def type_one(client: Client) -> str:
    with client.lock:
        text = client.doc.get(TEXT_KEY, type=Text)
        before = client.doc.get_state()
        text.insert(random.randint(0, len(str(text))), random.choice("abcdefghij "))
        return base64.b64encode(client.doc.get_update(before)).decode()


def drive(
    clients: list[Client], run: Run, item_id: int, rate: float, seconds: float, namespace: str
) -> None:
    """Send `rate` edits a second in total, round-robin over the clients, for `seconds`."""
    ops = itertools.count()
    interval, start = 1.0 / rate, time.perf_counter()
    for n in range(int(rate * seconds)):
        time.sleep(max(0.0, start + n * interval - time.perf_counter()))
        client = clients[n % len(clients)]
        op = f"{namespace}-{next(ops)}"
        client.sent.add(op)
        update = (
            type_one(client) if namespace == "/docs" else base64.b64encode(os.urandom(40)).decode()
        )

        def acked(reply: dict, op: str = op) -> None:
            if reply.get("ok"):
                with run.lock:
                    run.acked.add(op)

        with run.lock:
            run.sent_at[op] = time.perf_counter()
        try:
            if namespace == "/docs":
                payload = {"item_id": item_id, "field": "notes", "update": update, "op": op}
                client.sio.emit("doc:update", payload, namespace="/docs", callback=acked)
            else:
                payload = {"update": update, "op": op}
                client.sio.emit("echo", payload, namespace=namespace, callback=acked)
        except socketio.exceptions.BadNamespaceError:  # the client was dropped (overload)
            with run.lock:
                del run.sent_at[op]
                run.dropped_sends += 1


def settle(clients: list[Client], run: Run, timeout: float) -> None:
    """Wait until every sent op is acknowledged and has reached every other client, or the
    timeout (a client dropped under overload never receives the rest)."""
    deadline = time.perf_counter() + timeout
    while True:
        with run.lock:
            all_acked = len(run.acked) == len(run.sent_at)
            expected = len(run.acked) * (len(clients) - 1)
            delivered = len(run.latencies)
        if (all_acked and delivered >= expected) or time.perf_counter() > deadline:
            return
        time.sleep(0.1)


def missing_at_connected(clients: list[Client], run: Run, prefix: str) -> int:
    """Acknowledged edits of others that a client still connected never received."""
    acked = {op for op in run.acked if op.startswith(prefix)}
    return sum(len(acked - c.sent - c.received) for c in clients if c.sio.connected)


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms   p99 {cuts[98]:6.1f} ms"


def diverged(clients: list[Client], database_url: str, instance: str, item_id: int) -> int:
    from agenda.live.documents import text_of

    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": instance, "REDIS_URL": None})
    with app.app_context():
        stored = text_of(db.session(), item_id, "notes")
    return sum(1 for c in clients if str(c.doc.get(TEXT_KEY, type=Text)) != stored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--rate", type=float, default=20.0, help="edits per second, in total")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--settle", type=float, default=120.0, help="max seconds to drain")
    parser.add_argument("--threads", type=int, default=0, help="gunicorn threads (default N+60)")
    with_smoke(parser, clients=3, seconds=2.0, settle=30.0)
    args = parser.parse_args()
    threads = args.threads or args.clients + 60
    work = tempfile.mkdtemp(prefix="frontdoor-bench-")
    database_url = f"sqlite:///{work}/bench.db"
    migrate.upgrade(database_url)
    meeting_id, item_id, emails = seed(database_url, work, args.clients)
    port = 5600 + random.randint(0, 300)
    env = {
        "DATABASE_URL": database_url,
        "FRONTDOOR_INSTANCE": work,
        "SECRET_KEY": "bench",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8192",
        "FRONTDOOR_LIVE_BENCHMARK": "1",
        "SIGN_IN_RATE_LIMIT": "100000 per minute",
        "REDIS_URL": "",
    }
    server = start_server(env, port, threads)
    url = f"http://127.0.0.1:{port}"
    try:
        clients = connect_clients(url, emails, meeting_id)
        live, raw = Run(), Run()
        listen(clients, live, raw)
        print(
            f"{args.clients} clients, {args.rate:g} edits/s in total for {args.seconds:g} s, "
            f"gunicorn 1 worker x {threads} threads, SQLite, persistence on"
        )
        drive(clients, raw, item_id, args.rate, args.seconds, "/bench-raw")
        settle(clients, raw, args.settle)
        raw_missing = missing_at_connected(clients, raw, "/bench-raw")
        drive(clients, live, item_id, args.rate, args.seconds, "/docs")
        settle(clients, live, args.settle)
        live_missing = missing_at_connected(clients, live, "/docs")
        report(
            args,
            clients,
            live,
            raw,
            live_missing,
            raw_missing,
            diverged([c for c in clients if c.sio.connected], database_url, work, item_id),
        )
        for client in clients:
            client.sio.disconnect()
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def report(
    args: argparse.Namespace,
    clients: list[Client],
    live: Run,
    raw: Run,
    live_missing: int,
    raw_missing: int,
    diverged_count: int,
) -> None:
    for name, run, missing in (
        ("baseline /bench-raw", raw, raw_missing),
        ("live /docs", live, live_missing),
    ):
        print(
            f"{name:20} {percentiles(run.latencies)}   ({len(run.sent_at)} sent, "
            f"{len(run.acked)} acknowledged, {len(run.latencies)} deliveries, "
            f"{missing} missing at connected clients)"
        )
    live_p99 = statistics.quantiles(live.latencies, n=100, method="inclusive")[98]
    raw_p99 = statistics.quantiles(raw.latencies, n=100, method="inclusive")[98]
    ratio = live_p99 / raw_p99
    print(f"p99 ratio live/baseline: {ratio:.2f}  (targets: <= 2.0, and live p99 <= 50 ms)")
    connected = sum(1 for c in clients if c.sio.connected)
    print(
        f"clients still connected at the end: {connected} of {len(clients)}; edits not sent "
        f"because their client had been dropped: baseline {raw.dropped_sends}, "
        f"live {live.dropped_sends}"
    )
    print(
        f"lost edits (acknowledged, never reached a client still connected): {live_missing}; "
        f"unacknowledged at the end: {len(live.sent_at) - len(live.acked)}; "
        f"connected clients whose text differs from the stored text: {diverged_count}"
    )


if __name__ == "__main__":
    main()
