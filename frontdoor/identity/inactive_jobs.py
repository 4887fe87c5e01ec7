"""The daily job ending inactive involvements after a notice (identity.inactive)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..scheduler import scheduled_job
from .inactive import InactiveRun, end_inactive


def _daily(_app: Flask) -> dict[str, Any]:
    return {"hours": 24}


@scheduled_job("involvements.end_inactive", "interval", _daily)
def end_inactive_involvements() -> InactiveRun:
    return end_inactive()
