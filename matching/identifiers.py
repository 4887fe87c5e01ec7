"""Strong identifiers (NHS number, PNC ID) and the simple fields: phone and sex."""

from __future__ import annotations

import re

import phonenumbers
from stdnum.gb import nhs

_PNC = re.compile(r"^(\d{2}|\d{4})/?(\d{1,7})([A-Z])$")
# Modulus-23 check character: remainder 0 is Z, 1 is A, ... skipping I, O and S.
_PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_NOT_DIGITS = re.compile(r"\D+")


def normalise_nhs_number(text: str | None) -> str | None:
    """The 10-digit NHS number if it passes python-stdnum's mod-11 check, else None.

    Numbers made of one repeated digit pass the checksum but are placeholders, not identities.
    """
    if not text:
        return None
    candidate = re.sub(r"[\s\-]", "", text)
    if not nhs.is_valid(candidate):
        return None
    number = nhs.compact(candidate)
    if len(set(number)) == 1:
        return None
    return number


def pnc_check_letter(year: str, serial: str) -> str:
    """The check letter of a PNC ID from its two-digit year and serial number."""
    value = int(year[-2:] + serial.zfill(7))
    return _PNC_CHECK_LETTERS[value % 23]


def normalise_pnc_id(text: str | None) -> str | None:
    """The PNC ID as `YY/NNNNNNNL` (serial zero-padded) if its check letter is right, else None.

    Accepts a four-digit year (2009/0123456X) and missing slash or leading zeros.
    """
    if not text:
        return None
    match = _PNC.match(re.sub(r"\s+", "", text).upper())
    if not match:
        return None
    year, serial, letter = match.groups()
    if pnc_check_letter(year, serial) != letter:
        return None
    return f"{year[-2:]}/{serial.zfill(7)}{letter}"


def normalise_phone(text: str | None) -> str | None:
    """A phone number as comparable digits: UK numbers in national form (07700900123),
    others as 00, country code and number (0012125550100); extensions dropped.

    Google's `phonenumbers` parses the forms people write (+44, 0044, 44, +44 (0), spaces,
    brackets, "ext. 12", "x12"), UK by default. Text it cannot read as a possible number but
    with seven digits or more is kept as its digits (a partial or local number still agrees
    with itself).
    """
    if not text:
        return None
    national = _PUNCTUATION.sub("", text)
    if _UK_NATIONAL.match(national):
        return national  # already a UK national number: nothing for the parser to do
    number = _parsed_phone(text)
    if number is not None:
        national = ("0" if number.italian_leading_zero else "") + str(number.national_number)
        if number.country_code == _UK_CODE:
            return "0" + national
        return f"00{number.country_code}{national}"
    digits = _NOT_DIGITS.sub("", text)
    return digits if len(digits) >= 7 else None


_UK_CODE = 44
_PUNCTUATION = re.compile(r"[\s()\-.]+")
_UK_NATIONAL = re.compile(r"^0[1-9]\d{9}$")


def _parsed_phone(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    possible = phonenumbers.is_possible_number(number) and (number.national_number or 0) >= 10**6
    return number if possible else None


_SEX = {
    "m": "M",
    "male": "M",
    "man": "M",
    "boy": "M",
    "f": "F",
    "female": "F",
    "woman": "F",
    "girl": "F",
    "x": "X",
    "other": "X",
    "non binary": "X",
    "nonbinary": "X",
    "non-binary": "X",
}


def normalise_sex(text: str | None) -> str | None:
    """M, F or X; unknown and unrecognised values are missing."""
    if not text:
        return None
    return _SEX.get(text.strip().lower())
