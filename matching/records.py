"""Input records as agencies send them, and the prepared (normalised) form the matcher compares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from .addresses import Address, Postcode, normalise_address, normalise_postcode
from .dates import date_digits, parse_date_of_birth
from .identifiers import normalise_nhs_number, normalise_phone, normalise_pnc_id, normalise_sex
from .names import (
    canonical_given,
    consonant_skeleton,
    name_aliases,
    normalise_name,
    phonetic,
    transliteration_group,
    typo_aliases,
    written_without_vowels,
)


@dataclass(frozen=True, slots=True)
class Record:
    """One agency's record of a person, raw text exactly as received (any field may be empty)."""

    record_id: str
    source: str = ""
    given_name: str = ""
    middle_name: str = ""
    surname: str = ""
    date_of_birth: str = ""
    sex: str = ""
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""
    phone: str = ""
    pnc_id: str = ""

    @classmethod
    def coerce(cls, item: Record | Mapping[str, Any] | Any) -> Record:
        """Build a Record from a Record, a mapping (a CSV row) or any object with these attributes.

        Unknown keys are ignored; None becomes the empty string; dates become ISO text.
        """
        if isinstance(item, Record):
            return item
        getter = item.get if isinstance(item, Mapping) else lambda name: getattr(item, name, None)
        values = {f.name: _as_text(getter(f.name)) for f in fields(cls)}
        return cls(**values)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@dataclass(slots=True)
class PreparedRecord:
    """A record normalised once, with everything the comparisons and blocking keys need."""

    record_id: str
    source: str
    given: str
    middle: tuple[str, ...]
    surname: str
    surname_tokens: tuple[str, ...]
    generation: str
    given_aliases: frozenset[str]
    # Aliases of the known names one slip from an unknown spelling (names.typo_aliases).
    given_typo_aliases: frozenset[str]
    given_canonicals: frozenset[str]
    surname_group: str
    given_phonetic: str
    surname_phonetic: str
    # Consonant skeletons of names written in Arabic, Urdu, Hebrew... script, else "".
    given_skeleton: str
    surname_skeleton: str
    dob: date | None
    dob_text: str
    # The digits of the date as written (yyyymmdd), also when it is impossible (19399222).
    dob_digits: str
    sex: str | None
    postcode: Postcode | None
    address: Address | None
    nhs_number: str | None
    pnc_id: str | None
    phone: str | None


def prepare(item: Record | Mapping[str, Any] | Any) -> PreparedRecord:
    """Normalise every field of a record once, before blocking and comparison."""
    record = Record.coerce(item)
    name = normalise_name(record.given_name, record.middle_name, record.surname)
    dob = parse_date_of_birth(record.date_of_birth)
    return PreparedRecord(
        record_id=record.record_id,
        source=record.source,
        given=name.given,
        middle=name.middle,
        surname=name.surname,
        surname_tokens=name.surname_tokens,
        generation=name.generation,
        given_aliases=name_aliases(name.given),
        given_typo_aliases=typo_aliases(name.given),
        given_canonicals=canonical_given(name.given),
        surname_group=transliteration_group(name.surname),
        given_phonetic=phonetic(name.given),
        surname_phonetic=phonetic(name.surname),
        given_skeleton=_skeleton_if_abjad(record.given_name, name.given),
        surname_skeleton=_skeleton_if_abjad(record.surname, name.surname),
        dob=dob,
        dob_text=dob.strftime("%Y%m%d") if dob else "",
        dob_digits=date_digits(record.date_of_birth),
        sex=normalise_sex(record.sex),
        postcode=normalise_postcode(record.postcode),
        address=normalise_address(record.address),
        nhs_number=normalise_nhs_number(record.nhs_number),
        pnc_id=normalise_pnc_id(record.pnc_id),
        phone=normalise_phone(record.phone),
    )


def _skeleton_if_abjad(raw: str, folded: str) -> str:
    return consonant_skeleton(folded) if folded and written_without_vowels(raw) else ""
