"""The schools register loaded from a small GIAS-style file, with the council's key adults."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from frontdoor.children import schools, service
from frontdoor.db import transaction

from ..mail.conftest import smtp_server

DATA = Path(__file__).parent / "data"

__all__ = ["smtp_server", "register"]


@pytest.fixture
def register(app: Flask) -> None:
    with app.app_context():
        with transaction() as tx:
            schools.import_gias(tx, (DATA / "gias-sample.csv").read_bytes())
        service.import_key_adults((DATA / "key-adults.csv").read_bytes(), None)
