"""Every CSV the app exports shows text; a spreadsheet never runs a cell as a formula."""

from __future__ import annotations

import pytest

from frontdoor.csv_safety import formula_safe


@pytest.mark.parametrize(
    ("cell", "exported"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("Smith", "Smith"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_that_start_like_a_formula_are_neutralised(cell: object, exported: str) -> None:
    assert formula_safe(cell) == exported
