"""Splink baseline for the matching benchmarks. Runs ONLY inside .venv-bench (see Makefile/README).

    .venv-bench/bin/python benchmarks/matching_splink.py INPUT.csv OUT_DIR

Reads the same match-file CSV as `frontdoor match-file`, cleans it the way the Splink
tutorials recommend (lower-case names, parsed dates, compact postcodes), trains a model the
way Splink's own examples do (deterministic-rule prior, u by random sampling, m by EM on two
blocking rules), predicts, and clusters at several thresholds. Writes
OUT_DIR/splink_clusters.csv (record_id, then one cluster column per threshold) and
OUT_DIR/splink_timing.json.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
import time
from pathlib import Path

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)

CLEAN_SQL = """
select
    record_id,
    nullif(lower(trim(given_name)), '') as first_name,
    nullif(lower(trim(surname)), '') as surname,
    nullif(lower(trim(given_name)) || ' ' || lower(trim(surname)), ' ') as first_name_surname,
    coalesce(
        try_strptime(trim(date_of_birth), '%Y-%m-%d'),
        try_strptime(trim(date_of_birth), '%d/%m/%Y'),
        try_strptime(trim(date_of_birth), '%Y%m%d')
    )::date as dob,
    nullif(upper(trim(sex)), '') as sex,
    nullif(lower(trim(address)), '') as address,
    nullif(regexp_replace(upper(postcode), '[^A-Z0-9]', '', 'g'), '') as postcode_compact,
    nullif(regexp_replace(nhs_number, '[^0-9]', '', 'g'), '') as nhs_number,
    nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') as phone,
    nullif(
        regexp_replace(upper(pnc_id), '^[0-9]{2}([0-9]{2}/)|[^0-9A-Z/]', '\\1', 'g'), ''
    ) as pnc_id
from read_csv(?, header = true, all_varchar = true)
"""


UK_POSTCODE_SQL = (
    "create or replace table people as select *, "
    "case when length(postcode_compact) between 5 and 7 then "
    "substr(postcode_compact, 1, length(postcode_compact) - 3) || ' ' || "
    "right(postcode_compact, 3) end as postcode from cleaned"
)
OTHER_POSTCODE_SQL = (
    "create or replace table people as select *, postcode_compact as postcode from cleaned"
)


def _postcode_expression(con: duckdb.DuckDBPyConnection) -> bool:
    """PostcodeComparison wants the canonical UK "OUTWARD INWARD" form. Another country's
    postcodes (FEBRL's 4-digit Australian ones) are kept as they are and compared exactly
    or one edit apart. Returns whether the file's postcodes are UK ones."""
    uk_share = con.execute(
        "select avg(case when regexp_matches(postcode_compact, "
        "'^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$') then 1.0 else 0.0 end) "
        "from cleaned where postcode_compact is not null"
    ).fetchone()
    uk = bool(uk_share and uk_share[0] is not None and uk_share[0] > 0.5)
    con.execute(UK_POSTCODE_SQL if uk else OTHER_POSTCODE_SQL)
    return uk


def settings(uk_postcodes: bool = True) -> SettingsCreator:
    blocking_rules = [
        block_on("first_name", "surname"),
        block_on("first_name", "dob"),
        block_on("surname", "dob"),
        block_on("postcode", "first_name"),
        block_on("postcode", "surname"),
        block_on("dob", "postcode"),
        block_on("nhs_number"),
        block_on("phone"),
        block_on("pnc_id"),
    ]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="first_name_surname"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.PostcodeComparison("postcode")
            if uk_postcodes
            else cl.LevenshteinAtThresholds("postcode", [1]),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("pnc_id"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def train(linker: Linker) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("nhs_number")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, record_sample_proportion=1.0
        )


def main(input_csv: str, out_dir: str) -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("create table cleaned as " + CLEAN_SQL, [input_csv])
    uk_postcodes = _postcode_expression(con)
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("people"), settings(uk_postcodes), log_level=logging.WARNING)
    train(linker)
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=min(THRESHOLDS))
    predicted = time.perf_counter()
    clusters: dict[str, list[str]] = {}
    for threshold in THRESHOLDS:
        table = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        for row in table.as_record_list():
            clusters.setdefault(str(row["record_id"]), []).append(str(row["cluster_id"]))
    finished = time.perf_counter()
    with (out / "splink_clusters.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", *(f"t{t}" for t in THRESHOLDS)])
        writer.writerows([record_id, *labels] for record_id, labels in clusters.items())
    timing = {
        "train_seconds": trained - started,
        "predict_seconds": predicted - trained,
        "cluster_seconds": (finished - predicted) / len(THRESHOLDS),
        "total_seconds_one_threshold": (predicted - started)
        + (finished - predicted) / len(THRESHOLDS),
        "thresholds": list(THRESHOLDS),
    }
    (out / "splink_timing.json").write_text(json.dumps(timing, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
