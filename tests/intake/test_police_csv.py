"""Reading the police export: every encoding, dialect and header the format document allows."""

from __future__ import annotations

import codecs

import pytest

from frontdoor.intake.police_csv import FileRejected, read_police_csv

from ..factories.police_file import incident, person_row, police_csv


def test_a_plain_utf8_file_yields_its_rows_in_order() -> None:
    parsed = read_police_csv(police_csv(incident()))
    assert [number for number, _, _ in parsed.rows] == [1, 2, 3]
    assert parsed.rows[1][1]["role"] == "perpetrator"


def test_utf8_with_a_byte_order_mark_reads_the_first_column_name_cleanly() -> None:
    parsed = read_police_csv(codecs.BOM_UTF8 + police_csv([person_row(given_name="Zoë")]))
    assert parsed.columns[0] == "incident_ref"
    assert parsed.rows[0][1]["given_name"] == "Zoë"


def test_windows_1252_is_decoded() -> None:
    data = police_csv([person_row(given_name="Zoë", surname="O’Brien")], encoding="cp1252")
    assert read_police_csv(data).rows[0][1]["surname"] == "O’Brien"


def test_semicolon_delimited_files_are_detected() -> None:
    parsed = read_police_csv(police_csv(incident(), delimiter=";"))
    assert parsed.delimiter == ";"
    assert parsed.rows[0][1]["given_name"] == "Amy"


def test_quoted_fields_keep_commas_doubled_quotes_and_line_breaks() -> None:
    narrative = 'She said "get out, now"\nthen left, crying.'
    parsed = read_police_csv(police_csv([person_row(narrative=narrative)]))
    assert parsed.rows[0][1]["narrative"] == narrative


def test_headers_in_any_order_case_and_spacing_are_recognised() -> None:
    columns = ["  ROLE ", "Surname", "incident_REF", "reported_at", "Dash_Risk"]
    data = (", ".join(columns) + "\nvictim,Smith,WY-1,2026-11-24T23:41,high\n").encode()
    parsed = read_police_csv(data)
    assert parsed.rows[0][1] == {
        "role": "victim", "surname": "Smith", "incident_ref": "WY-1",
        "reported_at": "2026-11-24T23:41", "dash_risk": "high",
    }  # fmt: skip


def test_unknown_columns_are_listed_once() -> None:
    parsed = read_police_csv(
        police_csv([person_row(), person_row()], columns=["custody_no", *person_row()])
    )
    assert parsed.unknown_columns == ["custody_no"]


def test_a_row_with_the_wrong_number_of_values_is_marked_for_quarantine() -> None:
    data = police_csv([person_row()]) + b"WY-2,2026-11-24T23:41,extra\n"
    parsed = read_police_csv(data)
    assert parsed.rows[0][2] is None
    assert "3 values" in (parsed.rows[1][2] or "")


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"", "empty"),
        (b"\n\n  \r\n", "empty"),
        (b"\xff\xfei\x00n\x00", "UTF-16"),
        (codecs.BOM_UTF8 + b"incident_ref\n\x81\xff", "cannot be decoded"),
        (b"\x81\x8d\x8f", "cannot be decoded"),
        (b"%PDF-1.7\x00\x00binary", "binary"),
        (b'{"referrals": []}', "no header row"),
        (b"WY-1,2026-11-24T23:41,high,victim\n", "no header row"),
        (b"incident_ref,reported_at,role,surname\n", "dash_risk"),
        (b"incident_ref,reported_at,dash_risk,role\n", "given_name or surname"),
        (b"incident_ref,reported_at,dash_risk,role,surname,Role\n", "twice: role"),
    ],
)
def test_unreadable_files_are_rejected_with_their_cause(data: bytes, cause: str) -> None:
    with pytest.raises(FileRejected, match=cause):
        read_police_csv(data)
