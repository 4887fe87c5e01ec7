"""Tell live-meeting clients when Redis, which carries other people's changes between
processes, is away, and when it is back.

Each web process checks Redis every few seconds. While it cannot reach it, the process tells its
own clients `live:status {"live": false}` directly (not through Redis, which is the thing that
is down), and repeats it so clients that connect meanwhile learn it too; when Redis answers
again it says `{"live": true}` once. Edits are still committed and acknowledged while Redis is
away; only their relay to other people waits. Started from gunicorn's post_worker_init.
"""

from __future__ import annotations

import logging
import threading

import redis
from flask import Flask

from ..extensions import socketio

NAMESPACE = "/meeting"
EVENT = "live:status"
log = logging.getLogger("frontdoor.ops")


class RedisWatch:
    def __init__(self, redis_url: str, interval: float = 2.0) -> None:
        self.client = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
        self.interval = interval
        self.live = True
        self._stop = threading.Event()

    def start(self) -> RedisWatch:
        threading.Thread(target=self._run, name="redis-watch", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def check(self) -> bool:
        live = self._reachable()
        if not live:
            self._tell_clients(False)
        elif not self.live:
            self._tell_clients(True)
        if live != self.live:
            log.warning("live updates resumed" if live else "live updates paused: no Redis")
        self.live = live
        return live

    def _reachable(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    def _tell_clients(self, live: bool) -> None:
        server = getattr(socketio, "server", None)
        if server is None:
            return
        try:
            server.emit(EVENT, {"live": live}, namespace=NAMESPACE, ignore_queue=True)
        except Exception:  # noqa: BLE001 - a failed notice must not stop the watch
            log.warning("could not tell clients about live updates", exc_info=True)


def start(app: Flask) -> RedisWatch | None:
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    watch = RedisWatch(url).start()
    app.extensions["frontdoor_redis_watch"] = watch
    return watch
