"""The quarantine as CSV, to correct offline; formulas are neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ..csv_safety import formula_safe
from .quarantine import ShownRow
from .validation import KNOWN_COLUMNS


def quarantine_csv(rows: Iterable[ShownRow]) -> Iterator[str]:
    """The rows as shown (withheld details hidden), a line at a time."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row_number", "reasons", *KNOWN_COLUMNS])
    for row in rows:
        cells = [str(row.row_number), row.reasons, *(row.raw.get(c, "") for c in KNOWN_COLUMNS)]
        writer.writerow([formula_safe(cell) for cell in cells])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()
