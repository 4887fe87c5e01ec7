"""What other features may call of the live meeting (import-linter keeps them to this module)."""

from __future__ import annotations

from . import documents


def compact_text(item_id: int, field: str) -> bool:
    """Merge a text's stored edits into its snapshot (False if another process did it first)."""
    return documents.compact(item_id, field)
