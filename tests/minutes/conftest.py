"""Fixtures for the minutes: a meeting with a full record, and closing it."""

from __future__ import annotations

import pytest
from flask import Flask

from agenda.minutes import service
from frontdoor.db import db
from frontdoor.models import User

from ..factories import Factory
from ..factories.minutes import Recorded, recorded_meeting
from ..live.conftest import connect  # noqa: F401 (a fixture)


@pytest.fixture
def recorded(app: Flask, factory: Factory) -> Recorded:
    return recorded_meeting(app, factory)


def close(app: Flask, user: User, meeting_id: int) -> service.Closed:
    with app.app_context():
        closer = db.session().get(User, user.id)
        assert closer is not None
        return service.close_meeting(closer, meeting_id)


@pytest.fixture
def closed(app: Flask, recorded: Recorded) -> Recorded:
    close(app, recorded.live.chair, recorded.live.meeting_id)
    return recorded
