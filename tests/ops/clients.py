"""A real meeting client for the fault tests and benchmarks/load.py: signs in over HTTP through
the proxy, opens the live meeting's /meeting and /docs namespaces over WebSocket, and types into
the shared notes. Each client claims a client address of its own (X-Forwarded-For, trusted by
the local nginx from loopback only) so ip_hash spreads clients as it would real machines.

Every edit carries the client's changes since its last *acknowledged* edit, so an edit lost
with a dying process is sent again with the next one, as the browser does.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import requests
import socketio
from pycrdt import Doc, Text

from agenda.live import documents

NAMESPACES = ["/meeting", "/docs"]


def csrf_token_in(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def signed_in_session(base_url: str, email: str, password: str, address: str) -> requests.Session:
    http = requests.Session()
    http.headers["X-Forwarded-For"] = address
    page = http.get(f"{base_url}/sign-in", timeout=10)
    response = http.post(
        f"{base_url}/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token_in(page.text)},
        timeout=10,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed with {response.status_code}")
    return http


@dataclass
class MeetingClient:
    base_url: str
    email: str
    password: str
    meeting_id: int
    item_id: int
    address: str
    name: str
    acked: list[str] = field(default_factory=list)
    ack_latencies: list[float] = field(default_factory=list)
    failures: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)
    reconnections: int = 0
    doc: Doc = field(default_factory=Doc)
    _acked_state: bytes = b"\x00"
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def connect(self) -> MeetingClient:
        http = signed_in_session(self.base_url, self.email, self.password, self.address)
        token = csrf_token_in(http.get(f"{self.base_url}/", timeout=10).text)
        cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        self.sio = socketio.Client(
            reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1.0
        )
        self.sio.on("connect", self._on_connect, namespace="/docs")
        self.sio.connect(
            self.base_url,
            headers={"Cookie": cookie, "X-Forwarded-For": self.address},
            transports=["websocket"],
            namespaces=NAMESPACES,
            auth={"meeting_id": self.meeting_id, "csrf_token": token},
            wait_timeout=10,
        )
        return self

    def _on_connect(self) -> None:
        if getattr(self, "_connected_once", False):
            self.reconnections += 1
        self._connected_once = True

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected) and "/docs" in self.sio.namespaces

    def edit(self, token: str, timeout: float = 5.0) -> bool:
        """Type `token` at the start of the notes; True once the server acknowledged it."""
        with self._lock:
            text = self.doc.get(documents.TEXT_KEY, type=Text)
            text.insert(0, f"[{token}]")
            update = self.doc.get_update(self._acked_state)
            state_after = self.doc.get_state()
        started = time.perf_counter()
        try:
            reply = self.sio.call(
                "doc:update",
                {
                    "item_id": self.item_id,
                    "field": "notes",
                    "update": documents.encode(bytes(update)),
                    "op": token,
                },
                namespace="/docs",
                timeout=timeout,
            )
        except socketio.exceptions.TimeoutError:
            return self._failed("no acknowledgement in time")
        except socketio.exceptions.BadNamespaceError:
            return self._failed("not connected")
        if not (isinstance(reply, dict) and reply.get("ok")):
            error = reply.get("error") if isinstance(reply, dict) else None
            return self._failed(f"refused: {error}")
        self.ack_latencies.append(time.perf_counter() - started)
        with self._lock:
            self._acked_state = state_after
        self.acked.append(token)
        return True

    def _failed(self, reason: str) -> bool:
        self.failures += 1
        self.failure_reasons[reason] = self.failure_reasons.get(reason, 0) + 1
        return False

    def close(self) -> None:
        self.sio.disconnect()
