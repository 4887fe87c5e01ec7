"""The one withheld-detail guard for free text, on every channel (docs/security.md §2.3).

A withheld (refuge) address, postcode or phone number must never reach a reader in any free
text: live notes, fields, actions, tracking notes, preparation, addenda, notifications,
minutes (HTML and PDF), Socket.IO payloads, CSV exports and e-mail. The guard knows every
withheld detail in the database — of every family, not only the one a text is about — and
finds a detail however it is written:

* normalised: Unicode NFKC, accents dropped, case folded, look-alike letters (Cyrillic,
  Greek, full-width…) folded to Latin, 0/O and 1/l/I folded together, and every separator,
  punctuation mark, zero-width and control character dropped ("87-Otley-Terrace",
  "87 otley  terrace", "8\u200b7 Otley Terrace" and "LS162LX" all read as the stored form);
* in pieces: a text "leaks" a detail when it holds any run of MORE THAN 3 consecutive
  significant characters of it that takes in one of its digits (the house number, the
  postcode, the phone number) — so a detail typed one character at a time, from either end or
  from the middle, is stopped at its 4th character — or any run of 8 or more of its characters
  (a street name with no number). Shorter letter-only runs are allowed on purpose: blocking
  every 4-letter piece of a street name would refuse ordinary words ("race", "Otley").

`leaks(text)` answers the question (live texts are refused when their merged state leaks);
`scrub(value)` replaces every leaking span with "Withheld" in a text or in the strings of a
JSON-like payload. `guard_for(session)` is the guard for everything in the database (memoised
per session transaction); e-mail and any other channel call `scrub_text(session, value)`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import PersonRecord
from ..text_safety import escape_controls

WITHHELD = "Withheld"
PROTECTED_FIELDS = ("address", "postcode", "phone")
# More than this many consecutive characters of a detail is a leak (with one of its digits).
MAX_SHOWN = 3
DIGIT_RUN = MAX_SHOWN + 1
LETTER_RUN = 8  # a run of letters only (no digit of the detail) leaks from this length

# Look-alikes folded to the Latin letter they imitate (Unicode confusables of Latin letters
# that NFKC keeps apart), and 0/O, 1/l/I.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g", "ь": "b",
    "п": "n", "г": "r", "з": "3", "ч": "4", "б": "6",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "c", "σ": "o",
    "μ": "u", "ζ": "z",
    # Latin look-alikes
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ß": "ss", "æ": "ae",
    "œ": "oe", "ſ": "s",
    # digits and letters that pass for each other
    "0": "o", "1": "l", "i": "l", "|": "l",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text's significant characters, each with where it came from and whether it was a
    decimal digit as written."""

    chars: str
    origins: tuple[int, ...]
    digits: tuple[bool, ...]


def _fold(ch: str) -> tuple[str, bool]:
    """One character's significant form ("" for a separator or control) and digit-ness."""
    out: list[str] = []
    digit = False
    for part in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch)).casefold():
        if part != "|" and unicodedata.category(part)[0] in "MCZPS":  # marks, controls,
            continue  # format (zero-width, bidi), separators, punctuation, symbols
        if part.isdecimal():
            digit = True
            part = str(unicodedata.decimal(part))
        part = _CONFUSABLES.get(part, part)
        out.extend(c for c in part if c.isalnum())
    return "".join(out), digit


def normalise(text: str) -> Normalised:
    chars: list[str] = []
    origins: list[int] = []
    digits: list[bool] = []
    for index, ch in enumerate(text):
        if ch.isascii():
            if not ch.isalnum() and ch != "|":
                continue
            folded, digit = _CONFUSABLES.get(ch.lower(), ch.lower()), ch.isdigit()
        else:
            folded, digit = _fold(ch)
        for c in folded:
            chars.append(c)
            origins.append(index)
            digits.append(digit)
    return Normalised("".join(chars), tuple(origins), tuple(digits))


def significant(text: str) -> str:
    """The normalised characters of a text (what the guard compares)."""
    return normalise(text).chars


@dataclass(frozen=True)
class Guard:
    """Every piece of every withheld detail that may not be shown, ready to look up."""

    digit_grams: frozenset[str]  # DIGIT_RUN-character pieces that take in one of its digits
    letter_grams: frozenset[str]  # letter_run-character pieces (or a short detail, whole)
    short_details: frozenset[str]  # details shorter than letter_run and with no digit
    letter_run: int = LETTER_RUN

    @classmethod
    def of(cls, details: Iterable[str], letter_run: int = LETTER_RUN) -> Guard:
        """The guard for these details. `letter_run` is LETTER_RUN in the product; the
        benchmark of ordinary words refused (benchmarks/withheld_refusals.py) sets it lower."""
        digit: set[str] = set()
        letter: set[str] = set()
        short: set[str] = set()
        for detail in details:
            norm = normalise(detail or "")
            chars, n = norm.chars, len(norm.chars)
            if n < DIGIT_RUN:
                continue
            for i in range(n - DIGIT_RUN + 1):
                if any(norm.digits[i : i + DIGIT_RUN]):
                    digit.add(chars[i : i + DIGIT_RUN])
            if n < letter_run and not any(norm.digits):
                short.add(chars)
            letter.update(chars[i : i + letter_run] for i in range(n - letter_run + 1))
        return cls(frozenset(digit), frozenset(letter), frozenset(short), letter_run)

    def __bool__(self) -> bool:
        return bool(self.digit_grams or self.letter_grams or self.short_details)

    def _marked(self, norm: Normalised) -> list[tuple[int, int]]:
        """Runs of normalised positions that belong to a withheld detail."""
        chars, n = norm.chars, len(norm.chars)
        marks: list[tuple[int, int]] = []
        if self.digit_grams:
            for i in range(n - DIGIT_RUN + 1):
                # A real digit must be in the piece: "10 Lord St" must not refuse "colour".
                if chars[i : i + DIGIT_RUN] in self.digit_grams and any(
                    norm.digits[i : i + DIGIT_RUN]
                ):
                    marks.append((i, i + DIGIT_RUN))
        if self.letter_grams:
            run = self.letter_run
            for i in range(n - run + 1):
                if chars[i : i + run] in self.letter_grams:
                    marks.append((i, i + run))
        for detail in self.short_details:
            start = chars.find(detail)
            while start >= 0:
                marks.append((start, start + len(detail)))
                start = chars.find(detail, start + 1)
        return marks

    def leaks(self, text: str) -> bool:
        return bool(self) and bool(text) and self.leaks_normalised(normalise(text))

    def leaks_normalised(self, norm: Normalised) -> bool:
        """`leaks` for a text normalised once and checked against many guards."""
        return bool(self) and bool(self._marked(norm))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) spans of the text to hide."""
        if not self or not text:
            return []
        norm = normalise(text)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(self._marked(norm)):
            span = (norm.origins[start], norm.origins[end - 1] + 1)
            if merged and span[0] <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(span[1], merged[-1][1]))
            else:
                merged.append(span)
        return merged

    def scrub_text(self, text: str) -> str:
        for start, end in reversed(self.spans(text)):
            text = text[:start] + WITHHELD + text[end:]
        return text

    def scrub(self, value: Any) -> Any:
        """The text, or a JSON-like payload's strings, with every leaking span replaced and
        invisible controls (bidi, zero-width) shown escaped."""
        if isinstance(value, str):
            return escape_controls(self.scrub_text(value))
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(v) for v in value]
        return value


def withheld_details(session: Session) -> set[str]:
    """Every withheld address, postcode and phone number in the database: a person's details
    are withheld on all their records once any agency withholds them."""
    withheld_people = select(PersonRecord.person_id).where(
        PersonRecord.address_withheld.is_(True), PersonRecord.person_id.is_not(None)
    )
    rows = session.execute(
        select(PersonRecord.address, PersonRecord.postcode, PersonRecord.phone).where(
            (PersonRecord.address_withheld.is_(True)) | PersonRecord.person_id.in_(withheld_people)
        )
    )
    return {value for row in rows for value in row if value and value.strip()}


_CACHE_KEY = "frontdoor.withheld_guard"


def _memoised(session: Session) -> tuple[frozenset[str], Guard]:
    """Every withheld detail and its guard, read once per transaction of this session."""
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE_KEY)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1], cached[2]
    details = frozenset(withheld_details(session))
    guard = Guard.of(details)
    session.info[_CACHE_KEY] = (session.get_transaction(), details, guard)
    return details, guard


def all_withheld(session: Session) -> frozenset[str]:
    return _memoised(session)[0]


def guard_for(session: Session) -> Guard:
    """The guard for every withheld detail in the database."""
    return _memoised(session)[1]


def forget(session: Session) -> None:
    """Drop the memoised guard (after a detail was withheld in this transaction)."""
    session.info.pop(_CACHE_KEY, None)


def scrub_text(session: Session, value: Any) -> Any:
    """For any channel (e-mail included): the value with every withheld detail replaced."""
    return guard_for(session).scrub(value)


def leaks(session: Session, text: str) -> bool:
    return guard_for(session).leaks(text)
