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
    session_id: str | None = None  # the server-side session the connection was opened in

    def encode(self) -> str:
        return f"{self.namespace}|{self.meeting_id}|{self.user_id}|{self.session_id or ''}"

    @classmethod
    def decode(cls, text: str) -> Connection:
        namespace, meeting_id, user_id, session_id = text.split("|", 3)
        return cls(int(meeting_id), int(user_id), namespace, session_id or None)


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
            self._redis.hset(ALL_KEY, sid, connection.encode())

    def get(self, sid: str) -> Connection | None:
        with self._lock:
            return self._local.get(sid)

    def remove(self, sid: str) -> Connection | None:
        with self._lock:
            connection = self._local.pop(sid, None)
        if connection is not None and self._redis is not None:
            key = _key(connection.meeting_id, connection.user_id)
            self._redis.srem(key, f"{connection.namespace}|{sid}")
            self._redis.hdel(ALL_KEY, sid)
        return connection

    def forget(self, sid: str) -> None:
        """Drop a connection another process held and can no longer remove (it was cut off,
        or its process died)."""
        self.remove(sid)
        if self._redis is not None:
            self._redis.hdel(ALL_KEY, sid)

    def everyone(self) -> list[tuple[str, Connection]]:
        """(sid, connection) of every live connection, in every process."""
        if self._redis is not None:
            rows = self._redis.hgetall(ALL_KEY)
            return [(sid.decode(), Connection.decode(text.decode())) for sid, text in rows.items()]
        with self._lock:
            return list(self._local.items())

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


ALL_KEY = "frontdoor:live:sids"


def _key(meeting_id: int, user_id: int) -> str:
    return f"frontdoor:live:connections:{meeting_id}:{user_id}"


registry = Registry()
