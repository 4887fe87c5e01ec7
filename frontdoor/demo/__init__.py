"""Synthetic West Yorkshire population with ground truth, for the demo, tests and benchmarks.

    pop = generate_population(20_000, seed=1)      # TruePerson / TrueFamily / AgencyRecord
    write_match_csv(pop.records, out)              # the `frontdoor match-file` input
    write_truth_csv(pop.records, out)              # record_id, person_key, family_key
    rows = police_notifications(pop, 60, seed=1, reported_on=date.today())
    for person in iter_people(1_000_000, seed=1):  # streamed, flat memory

Ground truth: every AgencyRecord names its person_key, family_key and the `distortions` applied
(vocabulary: DISTORTIONS); every TruePerson names its `traps` (TRAPS: twin, sibling, junior,
senior, namesake, moved, refuge) and `look_alike_of`, the person the trap is about. Trap rates
are in TRAP_RATES. NHS numbers pass mod 11 unless the record carries "nhs_mistyped"; PNC IDs are
YY/NNNNNNNL with the mod-23 check letter (is_valid_pnc_id), sometimes written YYYY/NNNNNNNL
("pnc_long_form"). Dates of birth are raw text in dd/mm/yyyy, yyyy-mm-dd or yyyymmdd.

Pure Python (no Flask, no database): only `frontdoor.demo.load` writes to the app.
"""

from .households import TRAP_RATES
from .identifiers import is_valid_nhs_number, is_valid_pnc_id, pnc_check_letter
from .model import (
    AGENCY_CODES,
    AGENCY_NAMES,
    DISTORTIONS,
    TRAPS,
    AgencyRecord,
    Population,
    TrueFamily,
    TruePerson,
)
from .police import (
    POLICE_COLUMNS,
    PoliceRow,
    police_notifications,
    police_rows,
    write_police_csv,
)
from .population import (
    MATCH_COLUMNS,
    REFERENCE_DATE,
    TRUTH_COLUMNS,
    generate_families,
    generate_population,
    iter_households,
    iter_people,
    iter_records,
    write_match_csv,
    write_truth_csv,
)

__all__ = [
    "AGENCY_CODES",
    "AGENCY_NAMES",
    "DISTORTIONS",
    "MATCH_COLUMNS",
    "POLICE_COLUMNS",
    "REFERENCE_DATE",
    "TRAPS",
    "TRAP_RATES",
    "TRUTH_COLUMNS",
    "AgencyRecord",
    "PoliceRow",
    "Population",
    "TrueFamily",
    "TruePerson",
    "generate_families",
    "generate_population",
    "is_valid_nhs_number",
    "is_valid_pnc_id",
    "iter_households",
    "iter_people",
    "iter_records",
    "pnc_check_letter",
    "police_notifications",
    "police_rows",
    "write_match_csv",
    "write_police_csv",
    "write_truth_csv",
]
