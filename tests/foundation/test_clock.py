"""`clock_at`: the demo's history runs the real services as on a past day."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.models import utcnow
from frontdoor.models.base import clock_at

PAST = datetime(2026, 9, 1, 8, 30, tzinfo=UTC)


def test_the_clock_is_real_unless_set() -> None:
    before = datetime.now(UTC)
    assert before <= utcnow() <= datetime.now(UTC)


def test_within_clock_at_now_is_the_moment_given_and_then_real_again() -> None:
    with clock_at(PAST):
        assert utcnow() == PAST
        with clock_at(PAST + timedelta(minutes=5)):
            assert utcnow() == PAST + timedelta(minutes=5)
        assert utcnow() == PAST
    assert utcnow() - datetime.now(UTC) < timedelta(seconds=5)


def test_the_clock_is_set_for_this_thread_only() -> None:
    seen: list[datetime] = []
    with clock_at(PAST):
        other = threading.Thread(target=lambda: seen.append(utcnow()))
        other.start()
        other.join()
    assert seen and seen[0] > PAST + timedelta(days=1)


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"), clock_at(datetime(2026, 9, 1)):  # noqa: DTZ001
        pass
