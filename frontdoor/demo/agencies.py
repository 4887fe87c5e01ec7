"""Each agency's data quality, and which agencies are likely to know a given person."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date

from .model import AGENCY_CODES, TrueFamily, TruePerson
from .sampling import WeightedPool, pool


@dataclass(frozen=True)
class AgencyProfile:
    """How often an agency's record of a person deviates from the truth, field by field."""

    code: str
    dob_formats: WeightedPool[str]  # "uk" dd/mm/yyyy, "iso" yyyy-mm-dd, "compact" yyyymmdd
    typo: float = 0.02  # per name field
    nickname: float = 0.03
    transliteration: float = 0.06  # when the name has other spellings
    names_swapped: float = 0.01
    maiden_surname: float = 0.15  # when the surname changed on marriage
    double_barrel_part: float = 0.3  # when the surname is double-barrelled
    middle_as_given: float = 0.3  # "Mohammed Adnan Khan" recorded as "Adnan Khan"
    middle_missing: float = 0.3
    first_name_only: float = 0.0  # only the given name and a phone number
    diacritics_dropped: float = 0.8
    dob_missing: float = 0.01
    dob_day_month_swap: float = 0.01
    dob_year_off: float = 0.01
    sex_unknown: float = 0.01
    sex_as_word: float = 0.0  # "Female" rather than "F"
    old_address: float = 0.2  # when the person moved
    address_missing: float = 0.02
    address_abbreviated: float = 0.3
    address_with_town: float = 0.5
    upper_case: float = 0.0  # surname and address in capitals
    postcode_format: float = 0.2
    postcode_missing: float = 0.03
    nhs_number: float = 0.0
    nhs_mistyped: float = 0.02
    pnc_id: float = 0.0  # when the person has one
    pnc_long_form: float = 0.0
    phone: float = 0.6
    phone_reformatted: float = 0.4


PROFILES = {
    profile.code: profile
    for profile in (
        AgencyProfile(
            "police", pool("uk:80 iso:20"), nickname=0.04, upper_case=0.5, nhs_number=0.1,
            pnc_id=0.97, old_address=0.25, postcode_format=0.3,
        ),
        AgencyProfile(
            "health", pool("iso:70 uk:20 compact:10"), typo=0.015, nickname=0.01,
            transliteration=0.08, names_swapped=0.005, maiden_surname=0.3, middle_as_given=0.1,
            middle_missing=0.1, diacritics_dropped=0.5, dob_missing=0.002,
            dob_day_month_swap=0.005, dob_year_off=0.005, sex_unknown=0.005, old_address=0.35,
            address_missing=0.01, postcode_format=0.1, postcode_missing=0.01, nhs_number=0.97,
            nhs_mistyped=0.01, phone=0.85, phone_reformatted=0.3,
        ),
        AgencyProfile(
            "housing", pool("uk:90 iso:10"), typo=0.04, nickname=0.08, transliteration=0.08,
            names_swapped=0.02, maiden_surname=0.1, middle_missing=0.6, diacritics_dropped=0.9,
            dob_missing=0.35, dob_day_month_swap=0.02, dob_year_off=0.02, sex_as_word=0.5,
            old_address=0.05, address_missing=0.0, address_abbreviated=0.5,
            address_with_town=0.9, postcode_missing=0.01, phone=0.8, phone_reformatted=0.5,
        ),
        AgencyProfile(
            "csc", pool("uk:90 iso:10"), typo=0.04, nickname=0.05, transliteration=0.08,
            names_swapped=0.015, maiden_surname=0.2, middle_missing=0.4, dob_missing=0.03,
            dob_day_month_swap=0.03, dob_year_off=0.02, postcode_format=0.3,
            postcode_missing=0.05, nhs_number=0.55, nhs_mistyped=0.03, phone=0.5,
        ),
        AgencyProfile(
            "asc", pool("uk:50 iso:50"), typo=0.03, nickname=0.06, maiden_surname=0.25,
            dob_missing=0.02, dob_day_month_swap=0.02, dob_year_off=0.02, old_address=0.15,
            nhs_number=0.85, phone=0.7,
        ),
        AgencyProfile(
            "dvs", pool("uk:100"), typo=0.05, nickname=0.2, transliteration=0.1,
            names_swapped=0.03, maiden_surname=0.1, double_barrel_part=0.4, middle_missing=0.8,
            first_name_only=0.25, diacritics_dropped=0.9, dob_missing=0.45,
            dob_day_month_swap=0.03, dob_year_off=0.03, sex_unknown=0.05, old_address=0.3,
            address_missing=0.4, postcode_format=0.4, postcode_missing=0.4, nhs_number=0.05,
            phone=0.95, phone_reformatted=0.5,
        ),
        AgencyProfile(
            "probation", pool("uk:50 iso:50"), maiden_surname=0.1, middle_missing=0.2,
            dob_missing=0.005, old_address=0.3, nhs_number=0.05, pnc_id=0.99, pnc_long_form=0.6,
            phone=0.5, upper_case=0.3,
        ),
        AgencyProfile(
            "education", pool("uk:30 iso:30 compact:40"), nickname=0.06, transliteration=0.05,
            maiden_surname=0.0, middle_missing=0.2, dob_missing=0.005, dob_year_off=0.005,
            old_address=0.15, address_abbreviated=0.2, phone=0.0,
        ),
    )
}  # fmt: skip

# Agencies a refuge resident has told her new (withheld) address; the others still hold the old one.
KNOWS_REFUGE_ADDRESS = frozenset(("police", "health", "csc", "asc", "dvs"))


def coverage_weights(person: TruePerson, family: TrueFamily, today: date) -> dict[str, float]:
    """How likely each agency is to hold a record of this person (relative weights)."""
    age = (today - person.date_of_birth).days // 365
    adult = person.family_role == "adult"
    need = 1.0 if family.high_need else 0.0
    parent = adult and person.relationship in ("head", "partner") and len(family.member_keys) > 2
    weights = {
        "police": (1.0 + (3.0 if person.pnc_id else 0.0))
        if adult
        else (0.3 if age >= 10 else 0.15),
        "health": 3.0,
        "housing": (1.2 if person.relationship in ("head", "partner") else 0.5) if adult else 0.4,
        "csc": (1.6 + need) if not adult else ((0.4 + 0.6 * need) if parent else 0.0),
        "asc": (1.5 if age >= 65 else 0.15) if adult else 0.0,
        "dvs": ((0.6 + 1.2 * need) if person.sex == "F" else 0.08) if adult else 0.05,
        "probation": 1.5 if person.pnc_id else 0.0,
        "education": (2.5 if age >= 4 else 0.5 if age >= 2 else 0.0) if not adult else 0.0,
    }
    return {code: weights[code] for code in AGENCY_CODES if weights[code] > 0}


def choose_agencies(
    rng: random.Random, weights: dict[str, float], extra_records_mean: float
) -> list[str]:
    """At least one agency, plus a Poisson number more, drawn by weight without replacement."""
    count = min(len(weights), 1 + _poisson(rng, extra_records_mean))
    remaining = dict(weights)
    chosen = []
    for _ in range(count):
        pick = WeightedPool(list(remaining.items())).pick(rng)
        chosen.append(pick)
        del remaining[pick]
    return chosen


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
