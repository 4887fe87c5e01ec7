"""Identity fixtures: referrals written the way intake writes them (people UNRESOLVED)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask

from frontdoor.db import db, transaction
from frontdoor.models import (
    Agency,
    Channel,
    DashRisk,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
)
from tests.factories import Factory

_refs = itertools.count(1)
Refer = Callable[..., Referral]


def person(**fields: Any) -> dict[str, Any]:
    """One person on a referral: role plus PersonRecord fields (dates as ISO text)."""
    return fields


@pytest.fixture
def agency(factory: Factory) -> Agency:
    return factory.agency("police-test")


@pytest.fixture
def refer(app: Flask, agency: Agency) -> Refer:
    """Write a referral and its people as intake does, in one transaction."""

    def write(*people: dict[str, Any], agency_id: int | None = None) -> Referral:
        with app.app_context(), transaction() as session:
            referral = Referral(
                agency_id=agency_id or agency.id,
                channel=Channel.API,
                source_ref=f"REF-{next(_refs)}",
                received_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
                dash_risk=DashRisk.MEDIUM,
            )
            for fields in people:
                values = dict(fields)
                role = ReferralRole(values.pop("role", "victim"))
                dob = values.pop("date_of_birth", None)
                record = PersonRecord(
                    agency_id=agency_id or agency.id,
                    source="police",
                    date_of_birth=date.fromisoformat(dob) if dob else None,
                    **values,
                )
                referral.people.append(ReferralPerson(person_record=record, role=role))
            session.add(referral)
        return referral

    return write


def record_status(app: Flask, record_id: int) -> PersonRecord:
    with app.app_context():
        found = db.session().get(PersonRecord, record_id)
        assert found is not None
        return found
