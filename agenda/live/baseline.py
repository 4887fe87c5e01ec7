"""/bench-raw: a bare rebroadcast, the baseline benchmarks/live_meeting.py measures against.

Only reachable when LIVE_BENCHMARK is set (never in production): it checks nothing and
stores nothing, so it shows what Socket.IO alone costs on the same server.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

NAMESPACE = "/bench-raw"


def on_connect(auth: Any = None) -> None:
    if not current_app.config.get("LIVE_BENCHMARK"):
        raise ConnectionRefusedError({"reason": "disabled"})
    join_room("bench")


def on_echo(data: Any = None) -> dict[str, Any]:
    emit("echo", data, to="bench", skip_sid=request.sid)  # type: ignore[attr-defined]
    return {"ok": True}


def register(socketio: SocketIO) -> None:
    socketio.on_event("connect", on_connect, namespace=NAMESPACE)
    socketio.on_event("echo", on_echo, namespace=NAMESPACE)
