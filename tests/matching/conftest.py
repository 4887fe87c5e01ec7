"""Hand-made records for the matching tests (tests.factories.records)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from matching.records import PreparedRecord
from tests.factories.records import make


@pytest.fixture
def record() -> Callable[..., PreparedRecord]:
    return make
