"""The quarantine as CSV, to correct offline; formulas are neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..csv_safety import formula_safe
from ..models import QuarantinedRow
from .validation import KNOWN_COLUMNS


def quarantine_csv(rows: Iterable[QuarantinedRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row_number", "reasons", *KNOWN_COLUMNS])
    for row in rows:
        reasons = "; ".join(f"{r['field']}: {r['message']}" for r in row.reasons)
        cells = [str(row.row_number), reasons, *(row.raw.get(c, "") for c in KNOWN_COLUMNS)]
        writer.writerow([formula_safe(cell) for cell in cells])
    return out.getvalue()
