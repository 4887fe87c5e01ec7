"""The live-meeting benchmark's clients: N Socket.IO clients in ONE asyncio process
(`socketio.AsyncClient`), so that the figures measure the server and not a harness of N threads
fighting over the interpreter lock. Each client keeps its own Yjs document (pycrdt)."""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import random
import time
from dataclasses import dataclass, field

import requests
import socketio
from pycrdt import Doc, Text

PASSWORD = "Quiet-Heron-Lantern-5821"  # noqa: S105 (throwaway benchmark users)
TEXT_KEY = "text"
CONNECT_AT_ONCE = 20


@dataclass
class Client:
    index: int
    sio: socketio.AsyncClient
    doc: Doc = field(default_factory=Doc)
    # Every update this client made or received: its text is checked from these merged, as the
    # server reads a stored text (pycrdt loses some out-of-order updates applied one by one).
    updates: list[bytes] = field(default_factory=list)
    received: set[str] = field(default_factory=set)
    sent: set[str] = field(default_factory=set)


@dataclass
class Run:
    """One series of edits; everything runs on the event loop, so nothing needs a lock."""

    sent_at: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    acked: set[str] = field(default_factory=set)
    dropped_sends: int = 0

    def arrived(self, op: str) -> None:
        self.latencies.append((time.perf_counter() - self.sent_at[op]) * 1000)


def client_address(index: int) -> str:
    """Each client's own address, sent as X-Forwarded-For: behind nginx (ip_hash keys on the
    first three octets) the clients then spread over the app processes as real machines do."""
    return f"10.{index // 250 + 1}.{index % 250 + 1}.1"


def signed_in(url: str, email: str, address: str) -> tuple[str, str]:
    """A session cookie and the CSRF token a signed-in page carries."""
    http = requests.Session()
    http.headers["X-Forwarded-For"] = address
    token = _token(http.get(f"{url}/sign-in").text)
    http.post(f"{url}/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    token = _token(http.get(f"{url}/").text)
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    return cookie, token


def _token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


async def connect_clients(url: str, emails: list[str], meeting_id: int) -> list[Client]:
    addresses = [client_address(i) for i in range(len(emails))]
    sessions = [signed_in(url, email, addresses[i]) for i, email in enumerate(emails)]
    clients = [Client(i, socketio.AsyncClient(reconnection=False)) for i in range(len(emails))]

    async def connect(client: Client, cookie: str, token: str) -> None:
        client.sio.on("connect_error", _refused, namespace="/docs")
        await client.sio.connect(
            url,
            headers={"Cookie": cookie, "Origin": url, "X-Forwarded-For": addresses[client.index]},
            transports=["websocket"],
            namespaces=["/docs", "/bench-raw"],
            auth={"meeting_id": meeting_id, "csrf_token": token},
            wait_timeout=30,
        )

    for start in range(0, len(clients), CONNECT_AT_ONCE):
        batch = range(start, min(start + CONNECT_AT_ONCE, len(clients)))
        await asyncio.gather(*(connect(clients[i], *sessions[i]) for i in batch))
    return clients


def _refused(data: object) -> None:
    print(f"the server refused the connection: {data}")


def listen(clients: list[Client], live: Run, raw: Run) -> None:
    for client in clients:

        def on_doc(message: dict, client: Client = client) -> None:
            update = base64.b64decode(message["update"])
            client.updates.append(update)
            client.doc.apply_update(update)
            client.received.add(message["op"])
            live.arrived(message["op"])

        def on_echo(message: dict, client: Client = client) -> None:
            client.received.add(message["op"])
            raw.arrived(message["op"])

        client.sio.on("doc:update", on_doc, namespace="/docs")
        client.sio.on("echo", on_echo, namespace="/bench-raw")


def type_one(client: Client) -> str:
    text = client.doc.get(TEXT_KEY, type=Text)
    before = client.doc.get_state()
    text.insert(random.randint(0, len(str(text))), random.choice("abcdefghij "))
    update = bytes(client.doc.get_update(before))
    client.updates.append(update)
    return base64.b64encode(update).decode()


async def drive(
    clients: list[Client], run: Run, item_id: int, rate: float, seconds: float, namespace: str
) -> None:
    """Send `rate` edits a second in total, round-robin over the clients, for `seconds`."""
    ops = itertools.count()
    interval, start = 1.0 / rate, time.perf_counter()
    for n in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + n * interval - time.perf_counter()))
        client = clients[n % len(clients)]
        op = f"{namespace}-{next(ops)}"
        await _send(client, run, item_id, namespace, op)


async def _send(client: Client, run: Run, item_id: int, namespace: str, op: str) -> None:
    def acked(reply: dict) -> None:
        if reply.get("ok"):
            run.acked.add(op)

    client.sent.add(op)
    if namespace == "/docs":
        event = "doc:update"
        payload = {"item_id": item_id, "field": "notes", "update": type_one(client), "op": op}
    else:
        event, payload = "echo", {"update": base64.b64encode(os.urandom(40)).decode(), "op": op}
    run.sent_at[op] = time.perf_counter()
    try:
        await client.sio.emit(event, payload, namespace=namespace, callback=acked)
    except socketio.exceptions.BadNamespaceError:  # the client was dropped (overload)
        del run.sent_at[op]
        run.dropped_sends += 1


async def settle(clients: list[Client], run: Run, timeout: float) -> None:
    """Wait until every sent op is acknowledged and has reached every other client, or the
    timeout (a client dropped under overload never receives the rest)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        expected = len(run.acked) * (len(clients) - 1)
        if len(run.acked) == len(run.sent_at) and len(run.latencies) >= expected:
            return
        await asyncio.sleep(0.1)


def missing_at_connected(clients: list[Client], run: Run, prefix: str) -> int:
    """Acknowledged edits of others that a client still connected never received."""
    acked = {op for op in run.acked if op.startswith(prefix)}
    return sum(len(acked - c.sent - c.received) for c in clients if c.sio.connected)


async def disconnect(clients: list[Client]) -> None:
    await asyncio.gather(*(c.sio.disconnect() for c in clients if c.sio.connected))
