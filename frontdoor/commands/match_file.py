"""`frontdoor match-file INPUT.csv --out OUTPUT.csv [--review REVIEW.csv]`: bulk deduplication.

A thin shell around `matching.match_records`: read the CSV, match in memory (the app's
database is never touched), write one `record_id,person_id` row per input record and the
pairs a person should look at.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from matching import FILE_COLUMNS, MatchSettings, match_records


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows keyed by lower-cased header; unknown columns dropped, missing ones empty."""
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    if "record_id" not in header:
        raise click.ClickException(f"{path}: the header has no record_id column")
    rows = []
    for line_number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(header, values, strict=False))
        record = {column: (row.get(column) or "").strip() for column in FILE_COLUMNS}
        if not record["record_id"]:
            raise click.ClickException(f"{path}: line {line_number} has no record_id")
        rows.append(record)
    return rows


def _check_unique(rows: list[dict[str, str]]) -> None:
    counts = Counter(r["record_id"] for r in rows)
    duplicates = sorted(record_id for record_id, count in counts.items() if count > 1)
    if duplicates:
        shown = ", ".join(duplicates[:5])
        raise click.ClickException(f"record_id must be unique; repeated: {shown}")


def _terminal_progress() -> Callable[[str, int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{stage:<10} [{bar}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


@click.command("match-file", help="Deduplicate the people in a CSV file (in memory).")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_csv", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--review", "review_csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--settings",
    "settings_json",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Model settings JSON (default: the shipped, trained settings).",
)
@click.option("--estimate", is_flag=True, help="Re-estimate m/u from this file by EM first.")
def match_file_command(
    input_csv: Path,
    out_csv: Path,
    review_csv: Path | None,
    settings_json: Path | None,
    estimate: bool,
) -> None:
    rows = read_rows(input_csv)
    _check_unique(rows)
    settings = MatchSettings.load(settings_json) if settings_json else None
    result = match_records(rows, settings, estimate=estimate, progress=_terminal_progress())
    with out_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id"])
        writer.writerows((row["record_id"], result.assignments[row["record_id"]]) for row in rows)
    if review_csv is not None:
        with review_csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id_a", "record_id_b", "score"])
            writer.writerows(result.review_pairs)
    people = len(set(result.assignments.values()))
    click.echo(
        f"{len(rows)} records, {people} people, {len(result.review_pairs)} pairs to review",
        err=True,
    )
