"""The live meeting: Socket.IO namespaces, their services and the meeting page."""

from __future__ import annotations

from flask import Flask
from flask_socketio import SocketIO

from frontdoor.auth import connections

from . import (
    baseline,
    children_events,
    document_events,
    guard,
    item_events,
    meeting_events,
    summary,
)
from .registry import registry

_registered = False


def init_live(app: Flask, socketio: SocketIO) -> None:
    """Register the handlers once (before socketio.init_app) and configure the registry."""
    global _registered
    app.config.setdefault("LIVE_BENCHMARK", False)
    registry.configure(app.config.get("REDIS_URL"))
    summary.install_listeners()
    connections.register(guard.end_connections, guard.sweep_expired)
    if _registered:
        return
    for module in (meeting_events, document_events, item_events, children_events, baseline):
        module.register(socketio)
    _registered = True
