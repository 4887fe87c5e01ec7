"""CSV out of the app: every cell that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..models import QuarantinedRow
from .validation import KNOWN_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A leading apostrophe makes Excel, LibreOffice and Sheets show the text, not run it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def quarantine_csv(rows: Iterable[QuarantinedRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row_number", "reasons", *KNOWN_COLUMNS])
    for row in rows:
        reasons = "; ".join(f"{r['field']}: {r['message']}" for r in row.reasons)
        cells = [str(row.row_number), reasons, *(row.raw.get(c, "") for c in KNOWN_COLUMNS)]
        writer.writerow([neutralise(cell) for cell in cells])
    return out.getvalue()
