"""One agency's view of one person: the truth run through that agency's habits and slips."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import noise
from .agencies import KNOWS_REFUGE_ADDRESS, AgencyProfile
from .model import AgencyRecord, TruePerson
from .names import nicknames_of, spelling_variants, strip_diacritics

_KNOWN_BY_MIDDLE_NAME = frozenset(("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed"))
_SEX_WORDS = {"F": "Female", "M": "Male", "X": "Other"}


@dataclass(slots=True)
class _Fields:
    given: str
    middle: str
    surname: str
    distortions: list[str] = field(default_factory=list)

    def note(self, distortion: str) -> None:
        self.distortions.append(distortion)


def observe(
    rng: random.Random,
    person: TruePerson,
    profile: AgencyProfile,
    *,
    today: date,
    date_styles: tuple[str, ...] = (),
) -> AgencyRecord:
    """The record `profile`'s agency keeps of `person` (record_id and source_ref left empty).

    `date_styles` restricts the date-of-birth formats (the police export allows only two); no
    slip puts a date of birth after `today`, since systems refuse those at entry.
    """
    fields = _Fields(person.given_name, person.middle_name, person.surname)
    sparse = bool(person.phone) and rng.random() < profile.first_name_only
    _observe_names(rng, person, profile, fields, sparse)
    if sparse:
        fields.surname = fields.middle = ""
        fields.note("surname_missing")
    dob = _observe_dob(rng, person, profile, fields, sparse, date_styles, today)
    address, postcode, withheld = _observe_address(rng, person, profile, fields, sparse)
    if profile.upper_case and rng.random() < profile.upper_case:
        fields.surname, address = fields.surname.upper(), address.upper()
    return AgencyRecord(
        record_id="",
        source=profile.code,
        source_ref="",
        person_key=person.key,
        given_name=fields.given,
        middle_name=fields.middle,
        surname=fields.surname,
        date_of_birth=dob,
        sex=_observe_sex(rng, person, profile, fields),
        address=address,
        postcode=postcode,
        nhs_number=_observe_nhs(rng, person, profile, fields),
        pnc_id=_observe_pnc(rng, person, profile, fields),
        phone=_observe_phone(rng, person, profile, fields),
        address_withheld=withheld,
        distortions=tuple(fields.distortions),
        family_key=person.family_key,
    )


def _observe_names(
    rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields, sparse: bool
) -> None:
    _observe_surname_history(rng, person, profile, f)
    if f.middle and f.given in _KNOWN_BY_MIDDLE_NAME and rng.random() < profile.middle_as_given:
        f.given, f.middle = f.middle, ""
        f.note("middle_as_given")
    elif rng.random() < profile.nickname and (nicknames := nicknames_of(f.given)):
        f.given = rng.choice(nicknames)
        f.note("nickname")
    _observe_spelling(rng, person, profile, f)
    if not (f.given + f.middle + f.surname).isascii() and rng.random() < profile.diacritics_dropped:
        f.given, f.middle, f.surname = (strip_diacritics(n) for n in (f.given, f.middle, f.surname))
        f.note("diacritics_dropped")
    if rng.random() < profile.typo and (slipped := noise.typo(rng, f.given)) != f.given:
        f.given = slipped
        f.note("given_typo")
    if rng.random() < profile.typo and (slipped := noise.typo(rng, f.surname)) != f.surname:
        f.surname = slipped
        f.note("surname_typo")
    if f.middle and rng.random() < profile.middle_missing:
        f.middle = ""
        f.note("middle_name_missing")
    if not sparse and f.given != f.surname and rng.random() < profile.names_swapped:
        f.given, f.surname = f.surname, f.given
        f.note("names_swapped")


def _observe_surname_history(
    rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields
) -> None:
    if person.birth_surname != person.surname and rng.random() < profile.maiden_surname:
        f.surname = person.birth_surname
        f.note("maiden_surname")
    if "-" in f.surname:
        if rng.random() < profile.double_barrel_part:
            f.surname = rng.choice(f.surname.split("-"))
            f.note("double_barrel_part")
        elif rng.random() < 0.15:
            f.surname = f.surname.replace("-", " ")
            f.note("surname_hyphen_space")


def _observe_spelling(
    rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields
) -> None:
    if rng.random() >= profile.transliteration:
        return
    given_variants = tuple(v for v in spelling_variants(f.given) if v != person.given_name)
    surname_variants = tuple(v for v in spelling_variants(f.surname) if v != person.surname)
    if given_variants and (not surname_variants or rng.random() < 0.6):
        f.given = rng.choice(given_variants)
        f.note("transliteration")
    elif surname_variants:
        f.surname = rng.choice(surname_variants)
        f.note("transliteration")


def _observe_dob(
    rng: random.Random,
    person: TruePerson,
    profile: AgencyProfile,
    f: _Fields,
    sparse: bool,
    date_styles: tuple[str, ...],
    today: date,
) -> str:
    if sparse or rng.random() < profile.dob_missing:
        f.note("dob_missing")
        return ""
    day = person.date_of_birth
    if rng.random() < profile.dob_day_month_swap:
        swapped = noise.swap_day_month(day)
        if swapped and swapped <= today:
            day = swapped
            f.note("dob_day_month_swap")
    if rng.random() < profile.dob_year_off:
        shifted = noise.shift_year(rng, day)
        if shifted and shifted <= today:
            day = shifted
            f.note("dob_year_off_by_one")
    style = profile.dob_formats.pick(rng)
    if date_styles and style not in date_styles:
        style = rng.choice(date_styles)
    return noise.format_date(day, style)


def _observe_address(
    rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields, sparse: bool
) -> tuple[str, str, bool]:
    line, postcode, town = person.address, person.postcode, person.town
    knows_refuge = profile.code in KNOWS_REFUGE_ADDRESS
    withheld = person.address_withheld and knows_refuge
    still_old = person.address_withheld and not knows_refuge
    if person.previous_address and (still_old or rng.random() < profile.old_address):
        line, postcode = person.previous_address, person.previous_postcode or ""
        town = person.previous_town or town
        withheld = False
        f.note("address_moved")
    if sparse or rng.random() < profile.address_missing:
        f.note("address_missing")
        return "", "", withheld
    if rng.random() < profile.address_abbreviated:
        shorter = noise.abbreviate_address(rng, line)
        if shorter != line:
            line = shorter
            f.note("address_abbreviated")
    if rng.random() < profile.address_with_town:
        line = f"{line}, {town}"
    return line, _observe_postcode(rng, postcode, profile, f), withheld


def _observe_postcode(rng: random.Random, postcode: str, profile: AgencyProfile, f: _Fields) -> str:
    if rng.random() < profile.postcode_missing:
        f.note("postcode_missing")
        return ""
    if rng.random() < profile.postcode_format:
        postcode, distortion = noise.postcode_variant(rng, postcode)
        f.note(distortion)
    return postcode


def _observe_sex(rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields) -> str:
    if rng.random() < profile.sex_unknown:
        f.note("sex_unknown")
        return rng.choice(("U", ""))
    if rng.random() < profile.sex_as_word:
        return _SEX_WORDS[person.sex]
    return person.sex


def _observe_nhs(rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields) -> str:
    if rng.random() >= profile.nhs_number:
        return ""
    number = person.nhs_number
    if rng.random() < profile.nhs_mistyped:
        number = noise.mistype_nhs_number(rng, number)
        f.note("nhs_mistyped")
    return noise.format_nhs_number(rng, number)


def _observe_pnc(rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields) -> str:
    if not person.pnc_id or rng.random() >= profile.pnc_id:
        return ""
    if rng.random() < profile.pnc_long_form:
        f.note("pnc_long_form")
        return noise.long_form_pnc(person.pnc_id)
    return person.pnc_id


def _observe_phone(
    rng: random.Random, person: TruePerson, profile: AgencyProfile, f: _Fields
) -> str:
    if not person.phone or rng.random() >= profile.phone:
        return ""
    if rng.random() < profile.phone_reformatted:
        f.note("phone_reformatted")
        return noise.reformat_phone(rng, person.phone)
    return person.phone
