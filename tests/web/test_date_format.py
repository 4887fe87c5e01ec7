"""One date format everywhere a person reads: "4 December 2026", "4 December 2026 09:30" in
Europe/London time, made by one helper (`frontdoor.names`) that every template, page title,
e-mail, notification, minutes HTML/PDF and payload text calls."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from frontdoor.names import iso, long_date, long_datetime, month_year, short_time

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "frontdoor" / "templates"
HELPER = ROOT / "frontdoor" / "names.py"

# Date formatting in a template: strftime, isoformat, slicing an ISO text ([:16], [11:16]).
TEMPLATE_FORMATTING = re.compile(r"strftime|isoformat|\[\s*\d*\s*:\s*1[0-9]\s*\]|%[-]?[dbBaAHYm]")
# A strftime pattern for people (month or day names, day-first dates) in Python code.
HUMAN_PATTERN = re.compile(r"%-?[bBaA]|%-d|%d/%m|%d %[bB]")


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def _python_files() -> list[Path]:
    files = [*(ROOT / "frontdoor").rglob("*.py"), *(ROOT / "agenda").rglob("*.py")]
    return sorted(p for p in files if p != HELPER and "demo" not in p.parts)


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_format_dates_only_through_the_one_filter(path: Path) -> None:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        assert not TEMPLATE_FORMATTING.search(line), f"{path.name}:{number}: {line.strip()}"
        # The machine format (|iso) is for URLs, form values and data- attributes only.
        if re.search(r"\|\s*iso\b", line):
            assert re.search(r'url_for\(|value="|data-[a-z-]+="', line), f"{path.name}:{number}"


def test_python_never_formats_a_date_for_people_outside_the_helper() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _python_files()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HUMAN_PATTERN.search(line) and ("strftime" in line or re.search(r"\{[^}]*:%", line))
    ]
    assert found == []


def test_the_sweep_would_catch_what_it_looks_for() -> None:
    for line in ("{{ d.strftime('%d %b %Y') }}", "{{ m.closed_at[:16] }}", "{{ d.isoformat() }}"):
        assert TEMPLATE_FORMATTING.search(line)
    assert HUMAN_PATTERN.search("x.strftime('%-d %B %Y')")
    assert not HUMAN_PATTERN.search('x.strftime("%Y%m%dT%H%M%S%f")')


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 12, 4), "4 December 2026"),
        ("2026-12-04", "4 December 2026"),
        (datetime(2026, 7, 1, 23, 30, tzinfo=UTC), "2 July 2026"),  # summer time: next day
        ("1990-03-04T00:00:00+00:00", "4 March 1990"),
        (None, ""),
        ("about 1990", "about 1990"),  # free text is left as typed
    ],
)
def test_long_date(value: object, expected: str) -> None:
    assert long_date(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 12, 4, 9, 30, tzinfo=UTC), "4 December 2026 09:30"),
        (datetime(2026, 6, 4, 9, 30, tzinfo=UTC), "4 June 2026 10:30"),  # British Summer Time
        ("2026-06-04T09:30:00+00:00", "4 June 2026 10:30"),  # frozen minutes hold ISO text
        (datetime(2026, 6, 4, 9, 30), "4 June 2026 10:30"),  # stored moments are UTC
        (date(2026, 12, 4), "4 December 2026"),
        (None, ""),
    ],
)
def test_long_datetime(value: object, expected: str) -> None:
    assert long_datetime(value) == expected  # type: ignore[arg-type]


def test_weekday_month_time_and_machine_forms() -> None:
    assert long_date(date(2026, 12, 4), weekday=True) == "Friday 4 December 2026"
    assert month_year(date(2026, 3, 1)) == "March 2026"
    assert month_year(date(2026, 3, 1), short=True) == "Mar 2026"
    assert short_time("2026-06-04T09:30:00+00:00") == "10:30"
    assert iso(date(2026, 12, 4)) == "2026-12-04" and iso(date(2026, 12, 4), "month") == "2026-12"
