"""The CSV files the matching benchmarks and `frontdoor match-file` read."""

from __future__ import annotations

import csv
import io
import re

from frontdoor.demo import Population, write_match_csv, write_truth_csv

MATCH_HEADER = (
    "record_id,source,given_name,middle_name,surname,date_of_birth,sex,address,postcode,"
    "nhs_number,phone,pnc_id"
)


def test_match_csv_has_the_match_file_header_and_one_row_per_record(
    population: Population,
) -> None:
    out = io.StringIO()
    write_match_csv(population.records, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == MATCH_HEADER
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(population.records)
    first = population.records[0]
    assert rows[0]["record_id"] == first.record_id
    assert rows[0]["surname"] == first.surname
    assert rows[0]["nhs_number"] == first.nhs_number


def test_match_csv_carries_no_ground_truth(population: Population) -> None:
    out = io.StringIO()
    write_match_csv(population.records[:50], out)
    assert not re.search(r"\b[PF]\d{7}\b", out.getvalue())


def test_truth_csv_maps_each_record_to_its_person_and_family(population: Population) -> None:
    out = io.StringIO()
    write_truth_csv(population.records, out)
    out.seek(0)
    reader = csv.DictReader(out)
    assert reader.fieldnames == ["record_id", "person_key", "family_key"]
    for row in reader:
        assert population.person_of(row["record_id"]) == row["person_key"]
        assert population.family_of_person(row["person_key"]) == row["family_key"]
