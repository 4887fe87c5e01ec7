from __future__ import annotations

from datetime import date

import pytest

from frontdoor.demo import Population, generate_population

POPULATION_SIZE = 8_000
SEED = 11
REPORTED_ON = date(2026, 11, 24)


@pytest.fixture(scope="session")
def population() -> Population:
    return generate_population(POPULATION_SIZE, seed=SEED)
