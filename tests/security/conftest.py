"""Fixtures shared by the security tests."""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def two_factor_for_coordinators(app: Flask) -> Flask:
    """An app where coordinators must use two-factor sign-in."""
    app.config["TOTP_REQUIRED_ROLES"] = ["coordinator"]
    return app
