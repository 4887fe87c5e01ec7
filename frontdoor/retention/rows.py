"""What every retention policy reports: how many rows a statement deleted or blanked."""

from __future__ import annotations


def rowcount(result: object) -> int:
    """The rows a DELETE or UPDATE touched (0 when the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)
