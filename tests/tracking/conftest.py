"""The live meeting's fixtures (a meeting with a chair and invited partners; Socket.IO
connections), for the chair's review of incomplete actions."""

from __future__ import annotations

from ..live.conftest import connect, live_meeting

__all__ = ["connect", "live_meeting"]
