"""Which Socket.IO connections belong to whom, so a removal can cut them all off at once.

One process: a dictionary. Several processes (REDIS_URL): a Redis set per meeting member, so
any process can find (and, through the message queue, disconnect) the member's connections
wherever they are. Only connection ids are kept, never anything personal.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

KEY_TTL_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Connection:
    meeting_id: int
    user_id: int
    namespace: str


class Registry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local: dict[str, Connection] = {}
        self._redis: Any = None
        self._redis_url: str | None = None

    def configure(self, redis_url: str | None) -> None:
        if redis_url == self._redis_url:
            return
        self._redis_url = redis_url
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url)

    def add(self, sid: str, connection: Connection) -> None:
        with self._lock:
            self._local[sid] = connection
        if self._redis is not None:
            key = _key(connection.meeting_id, connection.user_id)
            self._redis.sadd(key, f"{connection.namespace}|{sid}")
            self._redis.expire(key, KEY_TTL_SECONDS)

    def get(self, sid: str) -> Connection | None:
        with self._lock:
            return self._local.get(sid)

    def remove(self, sid: str) -> Connection | None:
        with self._lock:
            connection = self._local.pop(sid, None)
        if connection is not None and self._redis is not None:
            key = _key(connection.meeting_id, connection.user_id)
            self._redis.srem(key, f"{connection.namespace}|{sid}")
        return connection

    def connections_of(self, meeting_id: int, user_id: int) -> list[tuple[str, str]]:
        """(namespace, sid) of every connection the member has, in any process."""
        if self._redis is not None:
            members = self._redis.smembers(_key(meeting_id, user_id))
            pairs = [m.decode().split("|", 1) for m in members]
            return [(namespace, sid) for namespace, sid in pairs]
        with self._lock:
            return [
                (c.namespace, sid)
                for sid, c in self._local.items()
                if c.meeting_id == meeting_id and c.user_id == user_id
            ]


def _key(meeting_id: int, user_id: int) -> str:
    return f"frontdoor:live:connections:{meeting_id}:{user_id}"


registry = Registry()
