"""Sessions end everywhere at once: the live connections (Socket.IO) of an ended session.

Whatever ends a server-side session — signing out, a password change, disabling the user or
their agency, a change of roles, ending sessions from the account page or the administrator's,
rotation after re-authentication — calls `end_after_commit` in the same transaction. Once
that transaction commits, every registered "ender" (the live meeting registers one, see
agenda.live.guard) tells the matching connections and disconnects them in whichever process
holds them. Time-outs end sessions without any request: `sweep_connections` (a scheduled job)
cuts off connections whose session has expired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..db import after_commit


@dataclass(frozen=True)
class Ending:
    """Connections to end: the user's, of one session only (`session_id`), or all of the
    user's but one session's (`keep`)."""

    user_id: int
    reason: str
    session_id: str | None = None
    keep: str | None = None

    def covers(self, user_id: int, session_id: str | None) -> bool:
        if user_id != self.user_id:
            return False
        if self.session_id is not None and session_id != self.session_id:
            return False
        return self.keep is None or session_id != self.keep


Ender = Callable[[Ending], None]
Sweeper = Callable[[], int]
_enders: list[Ender] = []
_sweepers: list[Sweeper] = []


def register(ender: Ender, sweeper: Sweeper | None = None) -> None:
    if ender not in _enders:
        _enders.append(ender)
    if sweeper is not None and sweeper not in _sweepers:
        _sweepers.append(sweeper)


def end_after_commit(tx: Session, ending: Ending) -> None:
    """End the matching live connections once `tx` commits."""
    after_commit(tx, lambda: end_now(ending))


def end_now(ending: Ending) -> None:
    for ender in list(_enders):
        ender(ending)


def sweep_connections() -> int:
    """Cut off every connection whose session has ended or expired; returns how many."""
    return sum(sweeper() for sweeper in list(_sweepers))
