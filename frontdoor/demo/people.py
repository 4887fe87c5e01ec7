"""Building one person at a time: names, dates of birth, surnames through marriage and birth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .names import NAME_BOOK, feminine_surname
from .sampling import between, chance, pool

_ADULT_AGE_BANDS = pool("18-29:24 30-44:28 45-64:28 65-90:20")
_MARRIED_RATE = {"british": 0.55, "polish": 0.75, "nigerian": 0.75}
_TAKES_HUSBANDS_NAME = 0.85
_DOUBLE_BARREL_ON_MARRIAGE = 0.05
_BORN_DOUBLE_BARRELLED = 0.02
_CHILD_SURNAME_WHEN_COHABITING = pool("father:70 mother:20 double:10")
_SINGLE_WOMAN_ONCE_MARRIED = 0.35
_WOMEN_ONLY_SURNAMES = frozenset(("Begum", "Bibi", "Kauser", "Parveen"))


@dataclass(slots=True)
class Draft:
    """A person being built; frozen into a TruePerson once the household is complete."""

    index: int
    key: str
    given: str
    middle: str
    surname: str
    birth_surname: str
    dob: date
    sex: str
    group: str
    role: str  # adult | child
    relationship: str
    partner_key: str | None = None
    traps: list[str] = field(default_factory=list)
    look_alike_of: str | None = None

    def age_on(self, day: date) -> int:
        years = day.year - self.dob.year
        return years - ((day.month, day.day) < (self.dob.month, self.dob.day))


def adult_age(rng: random.Random) -> int:
    low, high = _ADULT_AGE_BANDS.pick(rng).split("-")
    return between(rng, int(low), int(high))


def birth_date(rng: random.Random, reference: date, age: int) -> date:
    """A date of birth giving exactly `age` on the reference date."""
    latest = _years_before(reference, age).toordinal()
    earliest = _years_before(reference, age + 1).toordinal() + 1
    return date.fromordinal(earliest + int(rng.random() * (latest - earliest + 1)))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def adult_sex(rng: random.Random, age: int) -> str:
    if chance(rng, 0.002):
        return "X"
    return "F" if chance(rng, 0.58 if age >= 70 else 0.5) else "M"


def born_surname(rng: random.Random, group: str, sex: str) -> str:
    surname = NAME_BOOK.surname(rng, group)
    if group == "british" and chance(rng, _BORN_DOUBLE_BARRELLED):
        other = NAME_BOOK.surname(rng, group)
        if other != surname:
            surname = f"{surname}-{other}"
    if group == "indian" and surname == "Singh" and sex == "F":
        return "Kaur"
    return feminine_surname(surname, group) if sex == "F" else surname


def single_womans_surname(rng: random.Random, birth_surname: str, group: str) -> str:
    """Many single women over 30 still carry a former husband's name."""
    if group in _MARRIED_RATE and chance(rng, _SINGLE_WOMAN_ONCE_MARRIED):
        return feminine_surname(NAME_BOOK.surname(rng, group), group)
    return birth_surname


def wifes_surname(rng: random.Random, own: str, husbands: str, group: str) -> str:
    """The surname a woman carries after marrying: custom differs between communities."""
    if group in ("somali", "arabic"):
        return own
    if group == "south_asian":
        return husbands if chance(rng, 0.3) else own
    if group == "indian":
        return "Kaur" if "Kaur" in (own, husbands) or husbands == "Singh" else husbands
    if not chance(rng, _MARRIED_RATE.get(group, 0.5)):
        return own  # cohabiting, not married
    roll = rng.random()
    if roll < _DOUBLE_BARREL_ON_MARRIAGE and "-" not in own + husbands:
        return f"{own}-{feminine_surname(husbands, group)}"
    if roll < _TAKES_HUSBANDS_NAME:
        return feminine_surname(husbands, group)
    return own


def womans_birth_surname(rng: random.Random, group: str) -> str:
    if group in ("south_asian", "indian") and chance(rng, 0.5):
        return NAME_BOOK.womans_own_surname(rng, group)
    return born_surname(rng, group, "F")


def childs_surname(
    rng: random.Random, child_sex: str, father: Draft | None, mother: Draft | None, group: str
) -> str:
    if group == "somali":
        fathers_given = father.given if father else NAME_BOOK.given(rng, "somali", "M", 1980)
        return fathers_given
    if father is None:
        assert mother is not None
        if chance(rng, 0.65) and mother.surname not in _WOMEN_ONLY_SURNAMES:
            return surname_for_sex(mother.surname, child_sex, group)
        return born_surname(rng, group, child_sex)
    if mother is None or group not in ("british", "polish", "nigerian"):
        return surname_for_sex(father.surname, child_sex, group)
    if mother.surname == feminine_surname(father.surname, group):
        return surname_for_sex(father.surname, child_sex, group)
    chosen = _CHILD_SURNAME_WHEN_COHABITING.pick(rng)
    if chosen == "double" and "-" not in mother.birth_surname + father.surname:
        return f"{mother.birth_surname}-{father.surname}"
    source = mother.surname if chosen == "mother" else father.surname
    return surname_for_sex(source, child_sex, group)


def surname_for_sex(surname: str, sex: str, group: str) -> str:
    """The form of a family surname a son or a daughter carries (Kowalski/Kowalska, Singh/Kaur)."""
    if surname in ("Singh", "Kaur"):
        return "Kaur" if sex == "F" else "Singh"
    if "-" in surname:
        return "-".join(surname_for_sex(part, sex, group) for part in surname.split("-"))
    if group == "polish" and sex != "F" and surname.endswith(("ska", "cka")):
        return surname[:-1] + "i"
    return feminine_surname(surname, group) if sex == "F" else surname
