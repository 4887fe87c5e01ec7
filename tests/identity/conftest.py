"""Identity fixtures: referrals written the way intake writes them (people UNRESOLVED)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from frontdoor.db import db
from frontdoor.models import (
    Agency,
    PersonRecord,
    Referral,
)
from tests.factories import Factory
from tests.factories.cases import Refer, write_referral


@pytest.fixture
def agency(factory: Factory) -> Agency:
    return factory.agency("police-test")


@pytest.fixture
def refer(app: Flask, agency: Agency) -> Refer:
    """Write a referral and its people as intake does (by default from `agency`)."""

    def write(*people: dict[str, Any], agency_id: int | None = None) -> Referral:
        with app.app_context():
            return write_referral(agency_id or agency.id, *people)

    return write


def record_status(app: Flask, record_id: int) -> PersonRecord:
    with app.app_context():
        found = db.session().get(PersonRecord, record_id)
        assert found is not None
        return found
