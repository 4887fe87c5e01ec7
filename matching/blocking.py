"""Blocking keys: which records are worth comparing at all.

Every key combines two of four fields — given name (G), surname (S), date of birth (D) and
postcode (P) — so a typo, change or gap in any ONE field still leaves the keys made of the
other three (G+S, G+D, G+P, S+D, S+P, D+P); two broken fields still leave one. Names enter as
phonetic codes (Metaphone) of their canonical forms, so Bill/William, Mohammed/Muhammad and
Smith/Smyth share keys; G+S is order-free so swapped given name and surname share it; D has
day and month sorted so a day/month swap shares it. A valid NHS number, PNC ID or phone
number is a key on its own.

Keys are plain strings: the app stores them per person (key -> person id) and looks
candidates up by key.
"""

from __future__ import annotations

from itertools import product

from .names import phonetic
from .records import PreparedRecord


def given_codes(record: PreparedRecord) -> set[str]:
    return {phonetic(name) for name in record.given_canonicals if name}


def surname_codes(record: PreparedRecord) -> set[str]:
    codes = {phonetic(record.surname_group)} if record.surname else set()
    if len(record.surname_tokens) > 1:
        codes.update(phonetic(token) for token in record.surname_tokens)
    return codes


def dob_code(record: PreparedRecord) -> str:
    if record.dob is None:
        return ""
    low, high = sorted((record.dob.day, record.dob.month))
    return f"{record.dob.year:04d}{low:02d}{high:02d}"


def postcode_code(record: PreparedRecord) -> str:
    """A UK postcode as formatted; another country's (2119, 75008, D02 X285) as its letters
    and digits, when it has a digit and 3 to 8 of them."""
    postcode = record.postcode
    if postcode is None:
        return ""
    if postcode.valid:
        return postcode.text
    compact = "".join(c for c in postcode.text if c.isalnum())
    has_digit = any(c.isdigit() for c in compact)
    return compact if has_digit and 3 <= len(compact) <= 8 and compact.isascii() else ""


def blocking_keys(record: PreparedRecord) -> set[str]:
    """All blocking keys of a prepared record."""
    givens, surnames = given_codes(record), surname_codes(record)
    dob, postcode = dob_code(record), postcode_code(record)
    keys = {f"gs:{'|'.join(sorted(pair))}" for pair in product(givens, surnames)}
    for code, tag in ((dob, "d"), (postcode, "p")):
        if code:
            keys.update(f"g{tag}:{g}|{code}" for g in givens)
            keys.update(f"s{tag}:{s}|{code}" for s in surnames)
    if dob and postcode:
        keys.add(f"dp:{dob}|{postcode}")
    for tag, value in (("nhs", record.nhs_number), ("pnc", record.pnc_id), ("tel", record.phone)):
        if value:
            keys.add(f"{tag}:{value}")
    return keys
