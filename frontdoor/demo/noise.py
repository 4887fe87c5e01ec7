"""The ways agencies get a value wrong or write it differently: each function is one distortion."""

from __future__ import annotations

import random
import re
from datetime import date

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, str]:
    neighbours = {}
    for r, keys in enumerate(_KEYBOARD_ROWS):
        for i, key in enumerate(keys):
            near = [
                row[j]
                for row in _KEYBOARD_ROWS[max(0, r - 1) : r + 2]
                for j in (i - 1, i, i + 1)
                if 0 <= j < len(row) and row[j] != key
            ]
            neighbours[key] = "".join(near)
    return neighbours


_NEIGHBOURS = _keyboard_neighbours()
# Characters a scanner or a tired eye confuses.
_OCR_CONFUSIONS = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"), ("e", "c"), ("a", "o"))

_ADDRESS_ABBREVIATIONS = (
    ("Road", "Rd"),
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Lane", "Ln"),
    ("Drive", "Dr"),
    ("Crescent", "Cres"),
    ("Close", "Cl"),
    ("Terrace", "Terr"),
    ("Grove", "Gr"),
    ("Gardens", "Gdns"),
    ("Place", "Pl"),
    ("Court", "Ct"),
    ("Square", "Sq"),
    ("Mount", "Mt"),
)
_FLAT = re.compile(r"^Flat (\d+), (\d+) ")


def typo(rng: random.Random, text: str) -> str:
    """One keyboard or OCR slip; the result always differs from the input when it can."""
    if len(text) < 3:
        return text
    for _ in range(5):
        changed = _one_slip(rng, text)
        if changed != text and changed.strip():
            return changed
    return text


def _one_slip(rng: random.Random, text: str) -> str:
    kind = rng.random()
    i = rng.randrange(1, len(text))  # the first letter is the one people get right
    if kind < 0.3:
        neighbours = _NEIGHBOURS.get(text[i].lower())
        if not neighbours:
            return text
        return text[:i] + rng.choice(neighbours) + text[i + 1 :]
    if kind < 0.5:
        return text[:i] + text[i + 1 :]
    if kind < 0.65:
        return text[:i] + text[i] + text[i:]
    if kind < 0.85 and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    for wrong, right in rng.sample(_OCR_CONFUSIONS, len(_OCR_CONFUSIONS)):
        if wrong in text[1:]:
            return text[0] + text[1:].replace(wrong, right, 1)
    return text


def swap_day_month(day: date) -> date | None:
    """07/03 read as 03/07; None when the swap would be impossible or change nothing."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


def shift_year(rng: random.Random, day: date) -> date | None:
    try:
        return day.replace(year=day.year + rng.choice((-1, 1)))
    except ValueError:  # 29 February
        return None


DATE_FORMATS = {"iso": "%Y-%m-%d", "uk": "%d/%m/%Y", "compact": "%Y%m%d"}


def format_date(day: date, style: str) -> str:
    return day.strftime(DATE_FORMATS[style])


def abbreviate_address(rng: random.Random, line: str) -> str:
    """Road -> Rd, Flat 2, 14 -> 2/14 or Flat 2 14; returns the line unchanged if nothing fits."""
    result = line
    flat = _FLAT.match(result)
    if flat and rng.random() < 0.7:
        joiner = rng.choice(("{0}/{1} ", "{0}, {1} ", "Flat {0} {1} "))
        result = joiner.format(flat.group(1), flat.group(2)) + result[flat.end() :]
    for full, short in _ADDRESS_ABBREVIATIONS:
        if result.endswith(" " + full):
            result = result[: -len(full)] + short
            break
    return result


def postcode_variant(rng: random.Random, postcode: str) -> tuple[str, str]:
    """One of the ways a postcode is typed; returns (text, distortion name)."""
    kind = rng.choice(("postcode_lowercase", "postcode_no_space", "postcode_extra_spaces"))
    if kind == "postcode_lowercase":
        return postcode.lower(), kind
    if kind == "postcode_no_space":
        return postcode.replace(" ", ""), kind
    outward, inward = postcode.split(" ")
    return rng.choice((f"{outward}  {inward}", f" {postcode} ", f"{outward}   {inward} ")), kind


def mistype_nhs_number(rng: random.Random, number: str) -> str:
    """A slip mod 11 always catches: one digit changed, or two different neighbours swapped."""
    digits = list(number)
    swappable = [i for i in range(9) if digits[i] != digits[i + 1]]
    if swappable and rng.random() < 0.4:
        i = rng.choice(swappable)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
    else:
        i = rng.randrange(10)
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
    return "".join(digits)


def format_nhs_number(rng: random.Random, number: str) -> str:
    style = rng.random()
    if style < 0.6:
        return number
    if style < 0.9:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return f"{number[:3]}-{number[3:6]}-{number[6:]}"


def reformat_phone(rng: random.Random, phone: str) -> str:
    """07123456789 as people write it: spaced, international, bracketed."""
    national = phone[1:]
    return rng.choice(
        (
            f"{phone[:5]} {phone[5:]}",
            f"{phone[:5]} {phone[5:8]} {phone[8:]}",
            f"+44 {national[:4]} {national[4:]}",
            f"+44{national}",
            f"0044 {national}",
            f"({phone[:5]}) {phone[5:]}",
            f"+44 (0){national[:4]} {national[4:]}",
        )
    )


def long_form_pnc(pnc_id: str) -> str:
    """YY/NNNNNNNL written with the four-digit year, as HMPPS systems do."""
    year = int(pnc_id[:2])
    return f"{(1900 if year >= 50 else 2000) + year}{pnc_id[2:]}"
