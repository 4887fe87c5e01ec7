"""UK postcodes and one-line addresses: formats, abbreviations and flat numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import fold

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5"})
_LETTER_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "5": "S"})

ABBREVIATIONS = {
    "st": "street",
    "str": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "cres": "crescent",
    "cresc": "crescent",
    "dr": "drive",
    "ct": "court",
    "crt": "court",
    "gdns": "gardens",
    "gdn": "gardens",
    "pl": "place",
    "ter": "terrace",
    "terr": "terrace",
    "tce": "terrace",
    "sq": "square",
    "grn": "green",
    "gr": "grove",
    "gro": "grove",
    "pk": "park",
    "wy": "way",
    "hse": "house",
    "mws": "mews",
    "mt": "mount",
    "bldgs": "buildings",
    "est": "estate",
    "apt": "flat",
    "apartment": "flat",
    "fl": "flat",
    "no": "",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
}
_FLAT_WORDS = frozenset({"flat", "unit", "room"})
STREET_TYPES = frozenset(
    [
        "street",
        "road",
        "avenue",
        "lane",
        "close",
        "crescent",
        "drive",
        "court",
        "gardens",
        "place",
        "terrace",
        "square",
        "green",
        "grove",
        "park",
        "way",
        "mews",
        "mount",
        "walk",
        "row",
        "hill",
        "rise",
        "view",
        "parade",
        "vale",
        "wharf",
        "yard",
    ]
)
_NUMBER = re.compile(r"^(\d+)([a-z]?)$")


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode: `text` is the formatted postcode when valid, the raw upper-case text if not."""

    text: str
    valid: bool
    outward: str = ""
    sector: str = ""


def _repair(outward: str, inward: str) -> str:
    """Fix O/0, I/1, S/5 confusions in the positions where only a digit or a letter fits."""
    inward = inward[0].translate(_DIGIT_LOOKALIKES) + inward[1:].translate(_LETTER_LOOKALIKES)
    area_len = 2 if len(outward) > 1 and outward[1].isalpha() else 1
    if len(outward) >= 3 and not outward[1].isdigit() and outward[1] in "0O":
        area_len = 1
    area = outward[:area_len].translate(_LETTER_LOOKALIKES)
    district = outward[area_len:]
    if district:
        district = district[0].translate(_DIGIT_LOOKALIKES) + district[1:]
    return area + district + inward


def normalise_postcode(text: str | None) -> Postcode | None:
    """`ls61aa`, ` LS6  1AA ` and `LS6 1AA` all become `LS6 1AA`; invalid text is kept raw."""
    if not text or not text.strip():
        return None
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if 5 <= len(compact) <= 7:
        repaired = _repair(compact[:-3], compact[-3:])
        if match := _POSTCODE.match(repaired):
            outward, inward = match.groups()
            return Postcode(f"{outward} {inward}", True, outward, f"{outward} {inward[0]}")
    return Postcode(re.sub(r"\s+", " ", text.strip().upper()), False)


@dataclass(frozen=True, slots=True)
class Address:
    """A one-line address as comparable parts."""

    text: str
    flat: str
    number: str
    street: str


def _expand(tokens: list[str]) -> list[str]:
    expanded = []
    for token in tokens:
        word = ABBREVIATIONS.get(token, token)
        if word:
            expanded.append(word)
    return expanded


def _split_house_numbers(raw: str) -> str:
    # "3/12 High St" and "3-12 High St" are flat 3 at number 12.
    return re.sub(r"\b(\d+[a-z]?)\s*[/\-]\s*(\d+[a-z]?)\b", r"flat \1 \2", raw)


def normalise_address(text: str | None) -> Address | None:
    """Expand abbreviations and pull out the flat and house numbers.

    `Flat 3, 12 High St` / `3/12 High Street` / `Apt 3 12 high street` / `3, 12 High St`
    all give flat "3", number "12", street "high street".
    """
    if not text or not text.strip():
        return None
    lowered = _split_house_numbers(text.lower())
    tokens = _expand(fold(lowered, keep_digits=True).split())
    flat = number = ""
    street_tokens: list[str] = []
    expect_flat = False
    for token in tokens:
        if token in _FLAT_WORDS:
            expect_flat = True
            continue
        if _NUMBER.match(token) or (expect_flat and len(token) <= 3):
            if expect_flat and not flat:
                flat = token
            elif not number:
                number = token
            elif not flat and not street_tokens:
                # "6, 3 Selby Crescent": two numbers before the street are flat, then house.
                flat, number = number, token
            expect_flat = False
            continue
        expect_flat = False
        street_tokens.append(token)
    street = " ".join(_street_part(street_tokens))
    return Address(" ".join(tokens), flat, number, street)


def _street_part(tokens: list[str]) -> list[str]:
    """The street name: words up to the first street type ("mill lane"), else the first two."""
    for position, token in enumerate(tokens):
        if token in STREET_TYPES and position > 0:
            return tokens[: position + 1]
    return tokens[:2]
