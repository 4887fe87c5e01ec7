"""The live-meeting fixtures, shared with tests/live."""

from ..live.conftest import connect, live_meeting

__all__ = ["connect", "live_meeting"]
