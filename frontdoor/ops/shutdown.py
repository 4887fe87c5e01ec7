"""Graceful shutdown of a gunicorn worker that holds live-meeting connections.

On SIGTERM gunicorn closes the listening socket and waits up to `graceful_timeout` for running
requests; a WebSocket is a request that never ends, so left alone each client would hang on
until the timeout. Disconnecting them at once makes them reconnect straight away, through the
proxy, to another process. Edits they had not had acknowledged are re-sent by the client.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from ..extensions import socketio

log = logging.getLogger("frontdoor.ops")


def disconnect_clients_on_term(worker: Any) -> None:
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, frame: Any) -> None:
        threading.Thread(target=disconnect_all, name="disconnect-on-term", daemon=True).start()
        if callable(previous):
            previous(signum, frame)

    signal.signal(signal.SIGTERM, on_term)


def disconnect_all() -> int:
    """Drop every Engine.IO connection of this process. Without a CLOSE packet the clients
    (browser and Python alike) treat it as a lost connection and reconnect, not as a goodbye."""
    server = getattr(socketio, "server", None)
    if server is None or server.eio is None:
        return 0
    sockets = list(server.eio.sockets.values())
    log.info("disconnecting live clients for shutdown", extra={"count": len(sockets)})
    for socket in sockets:
        try:
            socket.close(wait=False, abort=True)  # no CLOSE packet: clients reconnect
        except Exception:  # noqa: BLE001 - one client's failure must not keep the rest
            log.warning("could not disconnect a client on shutdown", exc_info=True)
    return len(sockets)
