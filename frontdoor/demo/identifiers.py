"""Valid-looking identifiers: NHS numbers (mod 11), PNC IDs (mod 23 check letter), phones, UPNs.

Each allocator maps a person's sequence number through a permutation, so identifiers are unique
within a population without remembering the ones already issued.
"""

from __future__ import annotations

import random
from operator import mul

from stdnum.gb import nhs, upn

from .sampling import DigitPermutation

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"  # I, O and S are never used

_NHS_FIRST_DIGITS = "4567"  # stems 400000000-799999999, the range England issues from
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_NHS_ATTEMPTS = 11  # a stem whose check digit would be 10 is skipped; the next try is used


def nhs_check_digit(stem: str) -> int | None:
    """The mod-11 check digit for a nine-digit stem, or None when no valid number exists."""
    total = sum(map(mul, map(int, stem), _NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(number: str) -> bool:
    return nhs.is_valid(number)


def pnc_check_letter(two_digit_year: int, serial: int) -> str:
    return PNC_CHECK_LETTERS[int(f"{two_digit_year:02d}{serial:07d}") % 23]


def is_valid_pnc_id(pnc_id: str) -> bool:
    """`YY/NNNNNNNL` or `YYYY/NNNNNNNL`, the letter checking the two-digit year and the serial."""
    year, slash, rest = pnc_id.strip().upper().partition("/")
    if not slash or len(year) not in (2, 4) or not year.isdigit():
        return False
    if len(rest) != 8 or not rest[:7].isdigit():
        return False
    return rest[7] == pnc_check_letter(int(year[-2:]), int(rest[:7]))


class IdentifierAllocator:
    """Issues every identifier kind for the people of one generated population."""

    def __init__(self, seed: int) -> None:
        seed_rng = random.Random(f"{seed}:identifiers")
        self._nhs = DigitPermutation(8, seed_rng, multiplier=17_942_467)
        self._pnc = DigitPermutation(7, seed_rng, multiplier=7_654_321)
        self._phone = DigitPermutation(9, seed_rng, multiplier=982_451_653)

    def nhs_number(self, person_index: int) -> str:
        for attempt in range(_NHS_ATTEMPTS):
            block, position = divmod(person_index * _NHS_ATTEMPTS + attempt, 100_000_000)
            stem = _NHS_FIRST_DIGITS[block % 4] + self._nhs.digits_of(position)
            check = nhs_check_digit(stem)
            if check is not None:
                return f"{stem}{check}"
        raise AssertionError("eleven consecutive permuted stems cannot all be invalid")

    def pnc_id(self, person_index: int, arrest_year: int) -> str:
        year = arrest_year % 100
        serial = self._pnc(person_index)
        return f"{year:02d}/{serial:07d}{pnc_check_letter(year, serial)}"

    def phone(self, person_index: int) -> str:
        return "07" + self._phone.digits_of(person_index)


def unique_pupil_number(la_number: int, pupil_index: int, issue_year: int) -> str:
    """A valid UPN; the pupil index picks the (school, serial) pair so numbers never repeat."""
    school, serial = divmod(pupil_index, 1000)
    body = f"{la_number:03d}{2000 + school % 8000:04d}{issue_year % 100:02d}{serial:03d}"
    return upn.calc_check_digit(body) + body
