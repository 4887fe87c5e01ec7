"""Reading the police nightly export: encoding, delimiter, header, rows.

A file that cannot be read at all raises `FileRejected` with a message naming the cause; a
readable file yields its data rows as column -> raw text, for validation row by row.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

from .validation import KNOWN_COLUMNS

REQUIRED_COLUMNS = ("incident_ref", "reported_at", "dash_risk", "role")
NAME_COLUMNS = ("given_name", "surname")  # at least one of them


class FileRejected(Exception):
    """The whole file is unusable; the message says why, for the person who must fix it."""


@dataclass
class PoliceFile:
    columns: list[str]
    unknown_columns: list[str]
    delimiter: str
    # (data row number from 1, column -> raw text, why the row's shape is wrong or None)
    rows: list[tuple[int, dict[str, str], str | None]] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte-order mark, else Windows-1252; anything else is rejected."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRejected("The file is UTF-16 encoded; export it as UTF-8 or Windows-1252.")
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileRejected(
                f"The file cannot be decoded: it starts with a UTF-8 byte-order mark but byte "
                f"{exc.start + 3} is not UTF-8."
            ) from exc
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise FileRejected(
                    f"The file cannot be decoded as UTF-8 or Windows-1252 (byte {exc.start})."
                ) from exc
    if "\x00" in text:
        raise FileRejected("The file is not CSV: it holds binary data (NUL bytes).")
    return text


def sniff_delimiter(header_line: str) -> str:
    """Comma, unless the header line has more semicolons than commas."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_police_csv(data: bytes) -> PoliceFile:
    text = decode(data)
    if not text.strip():
        raise FileRejected("The file is empty.")
    delimiter = sniff_delimiter(text.lstrip("\r\n").split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(row for row in reader if row)
        parsed = _read_header(header, delimiter)
        for row in reader:
            if row:
                _add_row(parsed, row)
    except csv.Error as exc:
        raise FileRejected(f"The file is not valid CSV (line {reader.line_num}): {exc}.") from exc
    return parsed


def _read_header(header: list[str], delimiter: str) -> PoliceFile:
    columns = [name.strip().lower() for name in header]
    if not any(name in KNOWN_COLUMNS for name in columns):
        raise FileRejected(
            "The file has no header row: its first row names none of the expected columns "
            "(incident_ref, reported_at, dash_risk, role, ...)."
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise FileRejected(f"The header names a column twice: {', '.join(repeated)}.")
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not any(name in columns for name in NAME_COLUMNS):
        missing.append("given_name or surname")
    if missing:
        raise FileRejected(f"The file lacks the required column(s): {', '.join(missing)}.")
    unknown = [name for name in columns if name not in KNOWN_COLUMNS]
    return PoliceFile(columns, unknown, delimiter)


def _add_row(parsed: PoliceFile, row: list[str]) -> None:
    number = len(parsed.rows) + 1
    columns = parsed.columns
    values = dict(zip(columns, row, strict=False))
    reason = None
    if len(row) != len(columns):
        if len(row) > len(columns):
            values["(extra values)"] = parsed.delimiter.join(row[len(columns) :])
        reason = f"The row has {len(row)} values but the header names {len(columns)} columns"
    parsed.rows.append((number, values, reason))
