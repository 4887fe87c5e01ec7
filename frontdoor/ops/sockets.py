"""Socket.IO metrics without touching the live meeting's code: connections are read from the
Socket.IO server's own bookkeeping at scrape time, and every registered handler is wrapped to
count its events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from flask_socketio import SocketIO
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from .metrics import REGISTRY, SOCKETIO_EVENTS

_WRAPPED = "_frontdoor_counted"


class ConnectedClients(Collector):
    """Connections to this process, by namespace (the manager's room `None` holds them all)."""

    def __init__(self, socketio: SocketIO) -> None:
        self.socketio = socketio

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "frontdoor_socketio_clients",
            "Socket.IO connections to this process, by namespace.",
            labels=["namespace"],
        )
        for namespace, count in self._counts().items():
            family.add_metric([namespace], count)
        yield family

    def _counts(self) -> dict[str, int]:
        server = getattr(self.socketio, "server", None)
        if server is None:
            return {}
        rooms = dict(server.manager.rooms)  # a copy: handlers change it on other threads
        return {namespace: len(by_room.get(None, ())) for namespace, by_room in rooms.items()}


_collector: ConnectedClients | None = None


def instrument(socketio: SocketIO) -> None:
    global _collector
    if _collector is None:
        _collector = ConnectedClients(socketio)
        REGISTRY.register(_collector)
    server = getattr(socketio, "server", None)
    if server is None:
        return
    for namespace, handlers in server.handlers.items():
        for event, handler in list(handlers.items()):
            if not getattr(handler, _WRAPPED, False):
                handlers[event] = _counted(namespace, event, handler)


def _counted(namespace: str, event: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    counter = SOCKETIO_EVENTS.labels(namespace, event)

    @wraps(handler)
    def counted(*args: Any) -> Any:
        result = handler(*args)
        counter.inc()
        return result

    setattr(counted, _WRAPPED, True)
    return counted
