"""Intake fixtures: a police agency (police files come from tests.factories.police_file)."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.models import Agency, AgencyKind

from ..factories import Factory

TODAY = date(2026, 11, 25)


@pytest.fixture
def police(factory: Factory) -> Agency:
    return factory.agency("wy-police", AgencyKind.POLICE)
