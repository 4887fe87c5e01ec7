"""West Yorkshire households, with the matcher traps planted in known proportions."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from .identifiers import IdentifierAllocator
from .model import TrueFamily, TruePerson
from .names import NAME_BOOK, similar_twin_names
from .people import (
    Draft,
    adult_age,
    adult_sex,
    birth_date,
    born_surname,
    childs_surname,
    single_womans_surname,
    surname_for_sex,
    wifes_surname,
    womans_birth_surname,
)
from .places import Address, AddressBook
from .sampling import between, chance, pool

# Every trap's rate, so tests and benchmarks can check that each is present in known proportion.
TRAP_RATES = {
    "twins": 0.06,  # of households with children, one pair of twins
    "twins_similar_names": 0.4,  # of same-sex twin pairs: Aiden/Aidan, Lily/Lilly
    "junior_adult_son": 0.5,  # of adult sons living at home: named after their father
    "junior_child": 0.03,  # of couples with a son: the boy carries his father's name
    "namesake": 0.04,  # of household heads: the same name as an unrelated adult in the town
    "namesake_same_birth_year": 0.3,  # of namesakes
    "moved": 0.10,  # of households: moved in the last few years
    "refuge": 0.05,  # of lone mothers: in a refuge, address withheld
}
HIGH_NEED_RATE = 0.2

_HOUSEHOLDS = pool(
    "single:30 couple:24 couple_children:22 lone_parent:12 couple_adult_child:7 "
    "multigenerational:5",
    underscore_is_space=False,
)
_EXTENDED_FAMILY_HOUSEHOLDS = pool(
    "single:14 couple:16 couple_children:30 lone_parent:8 couple_adult_child:14 "
    "multigenerational:18",
    underscore_is_space=False,
)
_CHILD_COUNT = pool("1:40 2:35 3:17 4:6 5:2")
_MIXED_COUPLE_RATE = 0.08
_SAME_SEX_COUPLE_RATE = 0.04
_NAMESAKE_POOL_SIZE = 200


class HouseholdFactory:
    """Generates households one after another; memory stays flat whatever the population size."""

    def __init__(self, seed: int, n_people: int, reference_date: date) -> None:
        self.rng = random.Random(f"{seed}:people")
        self.reference = reference_date
        self.addresses = AddressBook(seed, expected_households=n_people // 2 + 1)
        self.ids = IdentifierAllocator(seed)
        self._people = 0
        self._families = 0
        self._namesake_pool: dict[tuple[str, str, str], list[Draft]] = {}

    def households(
        self, n_people: int, max_families: int | None = None
    ) -> Iterator[tuple[TrueFamily, list[TruePerson]]]:
        remaining = n_people
        while remaining > 0 and (max_families is None or self._families < max_families):
            family, people = self._household(remaining)
            remaining -= len(people)
            yield family, people

    def _household(self, room: int) -> tuple[TrueFamily, list[TruePerson]]:
        town = self.addresses.town_pool.pick(self.rng)
        group = self.addresses.community_pools[town].pick(self.rng)
        extended = group in ("south_asian", "indian")
        kind = (_EXTENDED_FAMILY_HOUSEHOLDS if extended else _HOUSEHOLDS).pick(self.rng)
        builder = {
            "single": self._single,
            "couple": self._couple_only,
            "couple_children": self._couple_with_children,
            "lone_parent": self._lone_parent,
            "couple_adult_child": self._couple_with_adult_child,
            "multigenerational": self._multigenerational,
        }[kind]
        drafts = builder(town, group)[:room]
        return self._finish(kind, town, drafts)

    # -- people -------------------------------------------------------------------------------

    def _draft(self, group: str, sex: str, age: int, role: str, relationship: str) -> Draft:
        self._people += 1
        dob = birth_date(self.rng, self.reference, age)
        given = NAME_BOOK.given(self.rng, group, sex, dob.year)
        middle = NAME_BOOK.middle(self.rng, group, sex, dob.year)
        if middle == given:
            middle = ""
        birth = womans_birth_surname(self.rng, group) if sex == "F" else None
        surname = birth or born_surname(self.rng, group, sex)
        return Draft(
            index=self._people,
            key=f"P{self._people:07d}",
            given=given,
            middle=middle,
            surname=surname,
            birth_surname=surname,
            dob=dob,
            sex=sex,
            group=group,
            role=role,
            relationship=relationship,
        )

    def _head(self, town: str, group: str, sex: str, age: int) -> Draft:
        head = self._draft(group, sex, age, "adult", "head")
        if sex == "F" and age >= 30:
            head.surname = single_womans_surname(self.rng, head.birth_surname, group)
        self._maybe_namesake(head, town)
        return head

    def _maybe_namesake(self, head: Draft, town: str) -> None:
        """Plant an unrelated adult with the same name in the same town (or remember this one)."""
        bucket = self._namesake_pool.setdefault((town, head.sex, head.group), [])
        if bucket and chance(self.rng, TRAP_RATES["namesake"]):
            other = self.rng.choice(bucket)
            if chance(self.rng, TRAP_RATES["namesake_same_birth_year"]):
                # a namesake of about the same age, so the household's other ages stay plausible
                other = min(bucket, key=lambda o: abs(o.dob.year - head.dob.year))
                head.dob = _same_year_other_day(self.rng, other.dob)
            head.given, head.surname = other.given, other.surname
            head.birth_surname = other.surname if head.sex != "F" else head.birth_surname
            head.traps.append("namesake")
            head.look_alike_of = other.key
        elif len(bucket) < _NAMESAKE_POOL_SIZE:
            bucket.append(head)
        elif chance(self.rng, 0.05):
            bucket[self.rng.randrange(_NAMESAKE_POOL_SIZE)] = head

    def _couple(self, town: str, group: str, head_age: int) -> list[Draft]:
        same_sex = chance(self.rng, _SAME_SEX_COUPLE_RATE)
        head_sex = "MF"[between(self.rng, 0, 1)] if same_sex else "M"
        head = self._head(town, group, head_sex, head_age)
        partner_group = group
        if chance(self.rng, _MIXED_COUPLE_RATE):
            partner_group = self.addresses.community_pools[town].pick(self.rng)
        partner_age = min(95, max(18, head_age + round(self.rng.gauss(-2, 4))))
        partner_sex = head_sex if same_sex else "F"
        partner = self._draft(partner_group, partner_sex, partner_age, "adult", "partner")
        if not same_sex:
            partner.surname = wifes_surname(
                self.rng, partner.birth_surname, head.surname, partner_group
            )
        head.partner_key, partner.partner_key = partner.key, head.key
        return [head, partner]

    def _children(
        self,
        ages: list[int],
        parents: list[Draft],
        group: str,
        *,
        sex: str = "",
        twins: bool = True,
    ) -> list[Draft]:
        father = next((p for p in parents if p.sex == "M"), None)
        mother = next((p for p in parents if p.sex == "F"), None)
        family_surname = childs_surname(self.rng, "M", father, mother, group)
        children: list[Draft] = []
        for age in ages:
            child = self._draft(group, sex or "MF"[between(self.rng, 0, 1)], age, "child", "child")
            while any(child.given == sibling.given for sibling in children):
                child.given = NAME_BOOK.given(self.rng, group, child.sex, child.dob.year)
            child.surname = child.birth_surname = surname_for_sex(family_surname, child.sex, group)
            children.append(child)
        if twins and children and chance(self.rng, TRAP_RATES["twins"]):
            children.append(self._twin_of(self.rng.choice(children)))
        return children

    def _twin_of(self, child: Draft) -> Draft:
        same_sex = chance(self.rng, 0.65)
        sex = child.sex if same_sex else ("F" if child.sex == "M" else "M")
        twin = self._draft(child.group, sex, child.age_on(self.reference), "child", "child")
        twin.dob, twin.surname, twin.birth_surname = child.dob, child.surname, child.birth_surname
        if same_sex and chance(self.rng, TRAP_RATES["twins_similar_names"]):
            child.given, twin.given = similar_twin_names(self.rng, sex)
        while twin.given == child.given:
            twin.given = NAME_BOOK.given(self.rng, twin.group, sex, twin.dob.year)
        _link_look_alikes(child, twin, "twin", "twin")
        return twin

    def _child_ages(self, oldest_limit: int = 17) -> list[int]:
        ages = [between(self.rng, 0, oldest_limit)]
        for _ in range(int(_CHILD_COUNT.pick(self.rng)) - 1):
            younger = ages[-1] - between(self.rng, 1, 5)
            if younger < 0:
                break
            ages.append(younger)
        return ages

    # -- households ---------------------------------------------------------------------------

    def _single(self, town: str, group: str) -> list[Draft]:
        age = adult_age(self.rng)
        return [self._head(town, group, adult_sex(self.rng, age), age)]

    def _couple_only(self, town: str, group: str) -> list[Draft]:
        return self._couple(town, group, max(20, adult_age(self.rng)))

    def _couple_with_children(self, town: str, group: str) -> list[Draft]:
        ages = self._child_ages()
        parents = self._couple(town, group, ages[0] + between(self.rng, 20, 40))
        children = self._children(ages, parents, group)
        father = next((p for p in parents if p.sex == "M"), None)
        sons = [c for c in children if c.sex == "M" and not c.traps]
        if father and not father.traps and sons and chance(self.rng, TRAP_RATES["junior_child"]):
            _make_junior(self.rng, sons[0], father)
        return parents + children

    def _lone_parent(self, town: str, group: str) -> list[Draft]:
        ages = self._child_ages()
        sex = "F" if chance(self.rng, 0.9) else "M"
        parent = self._head(town, group, sex, ages[0] + between(self.rng, 18, 40))
        return [parent, *self._children(ages, [parent], group)]

    def _couple_with_adult_child(self, town: str, group: str) -> list[Draft]:
        child_age = between(self.rng, 18, 32)
        parents = self._couple(town, group, child_age + between(self.rng, 22, 38))
        father = next((p for p in parents if p.sex == "M"), None)
        sex = "M" if chance(self.rng, 0.6) else "F"
        adult_child = self._children([child_age], parents, group, sex=sex, twins=False)[0]
        adult_child.role, adult_child.relationship = "adult", "adult_child"
        younger = []
        if chance(self.rng, 0.3):
            younger = self._children(self._child_ages(oldest_limit=17), parents, group)
        if (
            father
            and not father.traps  # one look-alike per person keeps the truth unambiguous
            and sex == "M"
            and chance(self.rng, TRAP_RATES["junior_adult_son"])
        ):
            _make_junior(self.rng, adult_child, father)
        return parents + [adult_child] + younger

    def _multigenerational(self, town: str, group: str) -> list[Draft]:
        core = (
            self._couple_with_children(town, group)
            if chance(self.rng, 0.7)
            else self._lone_parent(town, group)
        )
        head = core[0]
        elder_age = min(95, head.age_on(self.reference) + between(self.rng, 20, 35))
        grandparents = []
        for sex in ("M", "F") if chance(self.rng, 0.5) else ("MF"[between(self.rng, 0, 1)],):
            elder = self._draft(group, sex, elder_age, "adult", "grandparent")
            if sex == "M":
                elder.surname = elder.birth_surname = surname_for_sex(
                    head.birth_surname, "M", group
                )
            grandparents.append(elder)
        if len(grandparents) == 2:
            grandfather, grandmother = grandparents
            grandmother.surname = wifes_surname(
                self.rng, grandmother.birth_surname, grandfather.surname, group
            )
            grandfather.partner_key, grandmother.partner_key = grandmother.key, grandfather.key
        return core + grandparents

    # -- freezing -----------------------------------------------------------------------------

    def _finish(
        self, kind: str, town: str, drafts: list[Draft]
    ) -> tuple[TrueFamily, list[TruePerson]]:
        self._families += 1
        family_key = f"F{self._families:07d}"
        home = self.addresses.new_address(self.rng, town)
        previous: Address | None = None
        refuge = (
            kind == "lone_parent"
            and drafts[0].sex == "F"
            and chance(self.rng, TRAP_RATES["refuge"])
        )
        if refuge or chance(self.rng, TRAP_RATES["moved"]):
            previous = self._previous_address(town)
        high_need = chance(self.rng, 0.45 if refuge or kind == "lone_parent" else HIGH_NEED_RATE)
        _mark_siblings(drafts)
        people = [self._person(d, family_key, home, previous, refuge, high_need) for d in drafts]
        _drop_dangling_links(people)
        family = TrueFamily(family_key, tuple(p.key for p in people), town, kind, high_need)
        return family, people

    def _previous_address(self, town: str) -> Address:
        if chance(self.rng, 0.15):
            town = self.addresses.town_pool.pick(self.rng)
        return self.addresses.new_address(self.rng, town)

    def _person(
        self,
        draft: Draft,
        family_key: str,
        home: Address,
        previous: Address | None,
        refuge: bool,
        high_need: bool,
    ) -> TruePerson:
        traps = list(draft.traps)
        if previous:
            traps.append("moved")
        if refuge:
            traps.append("refuge")
        age = draft.age_on(self.reference)
        return TruePerson(
            key=draft.key,
            given_name=draft.given,
            middle_name=draft.middle,
            surname=draft.surname,
            birth_surname=draft.birth_surname,
            date_of_birth=draft.dob,
            sex=draft.sex,
            nhs_number=self.ids.nhs_number(draft.index),
            pnc_id=self._pnc_id(draft, age, high_need),
            phone=self._phone(draft, age),
            address=home.line,
            postcode=home.postcode,
            town=home.town,
            family_key=family_key,
            family_role=draft.role,
            address_withheld=refuge,
            ethnic_group=draft.group,
            relationship=draft.relationship,
            partner_key=draft.partner_key,
            previous_address=previous.line if previous else None,
            previous_postcode=previous.postcode if previous else None,
            previous_town=previous.town if previous else None,
            traps=tuple(traps),
            look_alike_of=draft.look_alike_of,
        )

    def _pnc_id(self, draft: Draft, age: int, high_need: bool) -> str | None:
        if draft.role != "adult":
            return None
        rate = 0.1 if draft.sex == "F" else 0.24
        rate *= (1.8 if high_need else 0.8) * (0.3 if age >= 65 else 1.0)
        if not chance(self.rng, rate):
            return None
        first_year = max(draft.dob.year + 16, 1995)
        return self.ids.pnc_id(draft.index, between(self.rng, first_year, self.reference.year))

    def _phone(self, draft: Draft, age: int) -> str | None:
        rate = 0.9 if draft.role == "adult" else (0.6 if age >= 11 else 0.0)
        return self.ids.phone(draft.index) if chance(self.rng, rate) else None


def _make_junior(rng: random.Random, son: Draft, father: Draft) -> None:
    son.given, son.surname, son.birth_surname = father.given, father.surname, father.surname
    if father.middle and chance(rng, 0.6):
        son.middle = father.middle
    _link_look_alikes(son, father, "junior", "senior")


def _link_look_alikes(first: Draft, second: Draft, first_trap: str, second_trap: str) -> None:
    first.traps.append(first_trap)
    second.traps.append(second_trap)
    first.look_alike_of, second.look_alike_of = second.key, first.key


def _mark_siblings(drafts: list[Draft]) -> None:
    offspring = [d for d in drafts if d.relationship in ("child", "adult_child")]
    if len(offspring) >= 2:
        for draft in offspring:
            draft.traps.append("sibling")


def _drop_dangling_links(people: list[TruePerson]) -> None:
    """The last household may be cut short; links to people who were cut must not dangle."""
    keys = {p.key for p in people}
    for i, person in enumerate(people):
        if (
            person.look_alike_of
            and person.look_alike_of not in keys
            and "namesake" not in person.traps
        ):
            traps = tuple(t for t in person.traps if t not in ("twin", "junior", "senior"))
            person = replace(person, look_alike_of=None, traps=traps)
        if person.partner_key and person.partner_key not in keys:
            person = replace(person, partner_key=None)
        people[i] = person


def _same_year_other_day(rng: random.Random, other: date) -> date:
    while True:
        candidate = date(other.year, rng.randint(1, 12), rng.randint(1, 28))
        if candidate != other:
            return candidate
