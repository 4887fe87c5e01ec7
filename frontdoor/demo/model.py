"""The ground-truth types of the synthetic population and the agencies' dirty records of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

AGENCY_CODES = ("police", "health", "housing", "csc", "asc", "dvs", "probation", "education")

AGENCY_NAMES = {
    "police": "West Yorkshire Police",
    "health": "NHS West Yorkshire",
    "housing": "Housing Services",
    "csc": "Children's Social Care",
    "asc": "Adult Social Care",
    "dvs": "Domestic Violence Service",
    "probation": "Probation Service",
    "education": "Education and Schools",
}

# Matcher traps, recorded on each TruePerson. "namesake" marks the later-generated person of a
# pair; `look_alike_of` names the person each trap is about.
TRAPS = ("twin", "sibling", "junior", "senior", "namesake", "moved", "refuge")

# Every distortion an agency record can carry, so benchmarks can break results down by cause.
DISTORTIONS = (
    "given_typo",
    "surname_typo",
    "nickname",
    "transliteration",
    "diacritics_dropped",
    "names_swapped",
    "maiden_surname",
    "double_barrel_part",
    "surname_hyphen_space",
    "middle_as_given",
    "middle_name_missing",
    "surname_missing",
    "dob_missing",
    "dob_day_month_swap",
    "dob_year_off_by_one",
    "sex_unknown",
    "address_moved",
    "address_missing",
    "address_abbreviated",
    "postcode_missing",
    "postcode_lowercase",
    "postcode_no_space",
    "postcode_extra_spaces",
    "nhs_mistyped",
    "phone_reformatted",
    "pnc_long_form",
)


@dataclass(frozen=True, slots=True)
class TruePerson:
    """One real (synthetic) person: what every agency record of them is a distorted view of."""

    key: str
    given_name: str
    middle_name: str
    surname: str
    birth_surname: str
    date_of_birth: date
    sex: str
    nhs_number: str
    pnc_id: str | None
    phone: str | None
    address: str
    postcode: str
    town: str
    family_key: str
    family_role: str
    address_withheld: bool
    ethnic_group: str = "british"
    relationship: str = "head"  # head | partner | child | adult_child | grandparent
    partner_key: str | None = None
    previous_address: str | None = None
    previous_postcode: str | None = None
    previous_town: str | None = None
    traps: tuple[str, ...] = ()
    look_alike_of: str | None = None


@dataclass(frozen=True, slots=True)
class TrueFamily:
    key: str
    member_keys: tuple[str, ...]
    town: str
    household: str = "single"  # single | couple | couple_children | lone_parent | ...
    high_need: bool = False  # known to many agencies; police incidents favour these families


@dataclass(frozen=True, slots=True)
class AgencyRecord:
    """One agency's observation of one person, as dirty as that agency's data is."""

    record_id: str
    source: str
    source_ref: str
    person_key: str
    given_name: str
    middle_name: str
    surname: str
    date_of_birth: str
    sex: str
    address: str
    postcode: str
    nhs_number: str
    pnc_id: str
    phone: str
    address_withheld: bool
    distortions: tuple[str, ...]
    family_key: str = ""


@dataclass
class Population:
    people: list[TruePerson]
    families: list[TrueFamily]
    records: list[AgencyRecord]
    _person_by_record: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _people_by_key: dict[str, TruePerson] = field(default_factory=dict, repr=False, compare=False)

    def person_of(self, record_id: str) -> str:
        """The true person key behind a record."""
        if not self._person_by_record:
            self._person_by_record.update((r.record_id, r.person_key) for r in self.records)
        return self._person_by_record[record_id]

    def person(self, person_key: str) -> TruePerson:
        if not self._people_by_key:
            self._people_by_key.update((p.key, p) for p in self.people)
        return self._people_by_key[person_key]

    def family_of_person(self, person_key: str) -> str:
        return self.person(person_key).family_key

    def records_of(self, person_key: str) -> list[AgencyRecord]:
        return [r for r in self.records if r.person_key == person_key]

    def people_with_trap(self, trap: str) -> list[TruePerson]:
        return [p for p in self.people if trap in p.traps]
