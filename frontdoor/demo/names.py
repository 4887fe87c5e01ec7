"""Choosing realistic names, and the name variants agencies record (nicknames, spellings)."""

from __future__ import annotations

import random
import unicodedata
from functools import cache

from nicknames import NickNamer

from . import name_pools
from .sampling import WeightedPool, between, chance, parse_weighted, pool

GROUPS = ("british", "south_asian", "indian", "polish", "somali", "nigerian", "arabic")

_MIDDLE_NAME_RATE = {
    "british": 0.6,
    "south_asian": 0.35,
    "indian": 0.1,
    "polish": 0.15,
    "somali": 0.5,
    "nigerian": 0.5,
    "arabic": 0.3,
}
_TAIL_WEIGHT = 0.35
_NOT_LATIN = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss"})


class NameBook:
    """Frequency-weighted pools for every community and cohort, built once."""

    def __init__(self) -> None:
        self._british = {
            sex: sorted((year, pool(spec)) for year, spec in by_era.items())
            for sex, by_era in (
                ("M", name_pools.BRITISH_MALE_BY_ERA),
                ("F", name_pools.BRITISH_FEMALE_BY_ERA),
            )
        }
        self._given = {key: pool(spec) for key, spec in name_pools.GIVEN_NAMES.items()}
        tail = [
            (head + end, _TAIL_WEIGHT)
            for head in name_pools.SURNAME_TAIL_HEADS
            for end in name_pools.SURNAME_TAIL_ENDS
        ]
        self._surnames = {
            group: WeightedPool(parse_weighted(spec) + (tail if group == "british" else []))
            for group, spec in name_pools.SURNAMES.items()
        }
        self._womens_surnames = pool(name_pools.SOUTH_ASIAN_WOMENS_SURNAMES)

    def given(self, rng: random.Random, group: str, sex: str, birth_year: int) -> str:
        sex = sex if sex in ("M", "F") else rng.choice(("M", "F"))
        if group == "british":
            for era_end, era_pool in self._british[sex]:
                if birth_year < era_end:
                    return era_pool.pick(rng)
        return self._given[(group, sex)].pick(rng)

    def middle(self, rng: random.Random, group: str, sex: str, birth_year: int) -> str:
        if not chance(rng, _MIDDLE_NAME_RATE[group]):
            return ""
        return self.given(rng, group, sex, birth_year + between(rng, -30, 10))

    def surname(self, rng: random.Random, group: str) -> str:
        return self._surnames[group].pick(rng)

    def womans_own_surname(self, rng: random.Random, group: str) -> str:
        """A South Asian woman's own surname (Begum, Bibi...) or a Sikh woman's Kaur."""
        if group == "indian":
            return "Kaur"
        return self._womens_surnames.pick(rng)


NAME_BOOK = NameBook()


def feminine_surname(surname: str, group: str) -> str:
    """Polish surnames in -ski/-cki/-dzki take -ska/-cka/-dzka for women."""
    if group == "polish" and surname.endswith("ki"):
        return surname[:-1] + "a"
    return surname


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_NOT_LATIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@cache
def nicknames_of(given_name: str) -> tuple[str, ...]:
    """Nicknames from the `nicknames` dataset, title-cased, in a stable order."""
    found = _nicknamer().nicknames_of(given_name.lower())
    return tuple(sorted(name.title() for name in found if len(name) >= 3))


@cache
def _variant_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for spellings in name_pools.TRANSLITERATIONS:
        for spelling in spellings:
            groups[spelling] = spellings
    return groups


def spelling_variants(name: str) -> tuple[str, ...]:
    """Other spellings of the same name, e.g. Muhammad and Mohamed for Mohammed."""
    group = _variant_groups().get(name, ())
    return tuple(spelling for spelling in group if spelling != name)


def similar_twin_names(rng: random.Random, sex: str) -> tuple[str, str]:
    pairs = name_pools.SIMILAR_TWIN_NAMES["F" if sex == "F" else "M"]
    first, second = rng.choice(pairs)
    return (first, second) if chance(rng, 0.5) else (second, first)
