"""`frontdoor match-file`: every input record exactly once, review pairs, dirty input tolerated."""

from __future__ import annotations

import csv
import subprocess
import sys

from click.testing import CliRunner

from frontdoor.commands.match_file import match_file_command

HEADER = (
    "Record_ID ,source,given_name,middle_name,surname,date_of_birth,sex,address,postcode,"
    "nhs_number,phone,extra_column\n"
)
ROWS = [
    "p1,police,Bill,,Whitaker,12/06/1984,M,14 Oakfield Rd,ls6 2qt,,07700 900123,x",
    "h1,health,William,Paul,Whitaker,1984-06-12,Male,14 Oakfield Road,LS6 2QT,4010232137,,y",
    "s1,school,Jonah,,Whitaker,20120612,M,14 Oakfield Road,LS6 2QT,,07700 900123,",
    "h2,health,Jonah,,Whitaker,31/02/2012,,,,not-a-number,,",
    'd1,dvs,"Sadia ""Sid""",,Begum,1972-01-30,F,"1 Low Lane, Bradford",BD3 9QQ,,,',
]


def run(tmp_path, rows, *extra):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    out, review = tmp_path / "out.csv", tmp_path / "review.csv"
    result = CliRunner().invoke(
        match_file_command, [str(source), "--out", str(out), "--review", str(review), *extra]
    )
    return result, out, review


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_every_record_appears_once_and_the_same_person_shares_an_id(tmp_path):
    result, out, review = run(tmp_path, ROWS)
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert rows[0] == ["record_id", "person_id"]
    person = dict(rows[1:])
    assert sorted(person) == ["d1", "h1", "h2", "p1", "s1"]
    assert len(rows) == 6
    assert person["p1"] == person["h1"]
    assert person["s1"] != person["p1"] and person["d1"] not in (person["p1"], person["s1"])
    assert read(review)[0] == ["record_id_a", "record_id_b", "score"]


def test_semicolon_files_and_windows_1252_are_read(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(
        "record_id;given_name;surname\nr1;José;Núñez\nr2;Jose;Nunez\n".encode("cp1252")
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(match_file_command, [str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [row[0] for row in read(out)[1:]] == ["r1", "r2"]


def test_a_missing_record_id_column_or_value_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,given_name\n1,Ann\n", encoding="utf-8")
    result = CliRunner().invoke(match_file_command, [str(source), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code != 0 and "record_id" in result.output
    result, _, _ = run(tmp_path, [",police,Ann,,Lee,,,,,,,"])
    assert result.exit_code != 0 and "no record_id" in result.output


def test_repeated_record_ids_are_refused(tmp_path):
    result, _, _ = run(tmp_path, [ROWS[0], ROWS[0]])
    assert result.exit_code != 0 and "p1" in result.output


def test_no_progress_bar_when_not_on_a_terminal(tmp_path):
    result, _, _ = run(tmp_path, ROWS)
    assert "[" not in result.output and "pairs to review" in result.output


def test_the_matching_library_is_pure():
    code = (
        "import sys, matching; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
