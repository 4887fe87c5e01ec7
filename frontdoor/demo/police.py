"""Last night's police domestic-abuse notifications, in the nightly export format.

See shared/formats/police-da-notifications.md: one row per person per incident (victim,
perpetrator, each child, other adults of the household), incident columns repeated on each row.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TextIO

from .agencies import PROFILES
from .model import Population, TrueFamily, TruePerson
from .narratives import narrative
from .noise import postcode_variant
from .observe import observe
from .places import TOWNS
from .sampling import chance, pool

POLICE_COLUMNS = (
    "incident_ref",
    "reported_at",
    "incident_at",
    "location_postcode",
    "dash_risk",
    "dash_score",
    "children_present",
    "pregnancy",
    "strangulation",
    "stalking",
    "threats_to_kill",
    "consent_to_share",
    "officer",
    "narrative",
    "role",
    "given_name",
    "middle_name",
    "surname",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "phone",
    "pnc_id",
    "nhs_number",
    "school",
    "address_withheld",
)
ROLES = ("victim", "perpetrator", "child", "other")
RISK_SHARES = {"standard": 0.6, "medium": 0.3, "high": 0.1}

_RISK = pool("standard:60 medium:30 high:10")
_RISK_SPELLINGS = {
    "standard": ("standard", "Standard", "STANDARD", "S", "s"),
    "medium": ("medium", "Medium", "MEDIUM", "M", "m"),
    "high": ("high", "High", "HIGH", "H", "h"),
}
_FLAG_RATES = {  # strangulation, stalking, threats to kill, by risk level
    "standard": (0.02, 0.05, 0.03),
    "medium": (0.10, 0.20, 0.15),
    "high": (0.35, 0.40, 0.40),
}
_CONSENT = pool("Y:70 N:15 U:15")
_WITH_CHILDREN = 0.3  # of incidents drawn from households with children...
_CHILDREN_PRESENT = 0.85  # ...and of those, children present: about a quarter of all incidents
_FROM_HIGH_NEED = 0.7
_HOURS_AFTER_SEVEN = pool("0:2 3:3 6:4 9:6 12:8 15:9 18:8 21:5")  # three-hour bands from 07:00


@dataclass(frozen=True)
class PoliceRow:
    """One row of the export and the ground truth behind it."""

    fields: dict[str, str]
    person_key: str
    family_key: str


@dataclass(frozen=True)
class _Incident:
    victim: TruePerson
    perpetrator: TruePerson
    household: list[TruePerson]  # the victim's household: children and other adults


def police_notifications(
    pop: Population, n_incidents: int, *, seed: int, reported_on: date
) -> list[dict[str, str]]:
    """Rows exactly as the force's nightly CSV holds them (see POLICE_COLUMNS)."""
    return [row.fields for row in police_rows(pop, n_incidents, seed=seed, reported_on=reported_on)]


def police_rows(
    pop: Population, n_incidents: int, *, seed: int, reported_on: date
) -> list[PoliceRow]:
    """The same rows as police_notifications, each with the person and family it is about."""
    rng = random.Random(f"{seed}:police:{reported_on.isoformat()}")
    casting = _Casting(pop)
    first_number = rng.randint(100, 400)
    rows: list[PoliceRow] = []
    for number in range(first_number, first_number + n_incidents):
        incident = casting.incident(rng)
        ref = f"WY-{reported_on:%Y%m%d}-{number:04d}"
        rows.extend(_incident_rows(rng, ref, incident, reported_on))
    return rows


def write_police_csv(rows: Iterable[dict[str, str]], out: TextIO, *, delimiter: str = ",") -> None:
    writer = csv.DictWriter(out, fieldnames=POLICE_COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)


class _Casting:
    """Chooses who is involved in each incident from the population's households."""

    def __init__(self, pop: Population) -> None:
        self._people = {p.key: p for p in pop.people}
        self._couples: dict[tuple[bool, bool], list[TrueFamily]] = {}
        self._lone: dict[tuple[bool, bool], list[TrueFamily]] = {}
        self._single_men: dict[str, list[TruePerson]] = {}
        for family in pop.families:
            members = [self._people[k] for k in family.member_keys]
            with_children = any(m.family_role == "child" for m in members)
            key = (family.high_need, with_children)
            if any(m.partner_key and m.relationship == "partner" for m in members):
                self._couples.setdefault(key, []).append(family)
            elif members[0].family_role == "adult" and members[0].sex == "F":
                self._lone.setdefault(key, []).append(family)
            if family.household == "single" and members[0].sex == "M":
                self._single_men.setdefault(family.town, []).append(members[0])

    def incident(self, rng: random.Random) -> _Incident:
        with_children = chance(rng, _WITH_CHILDREN)
        high_need = chance(rng, _FROM_HIGH_NEED)
        if chance(rng, 0.35) and (lone := self._families(self._lone, high_need, with_children)):
            family = rng.choice(lone)
            members = [self._people[k] for k in family.member_keys]
            victim = members[0]
            ex_partner = self._ex_partner(rng, victim)
            if ex_partner:
                return _Incident(victim, ex_partner, members[1:])
        couples = self._families(self._couples, high_need, with_children)
        if not couples:
            raise ValueError("the population has no couples to draw incidents from")
        return self._within_household(rng, rng.choice(couples))

    def _families(
        self, index: dict[tuple[bool, bool], list[TrueFamily]], high_need: bool, with_children: bool
    ) -> list[TrueFamily]:
        for key in ((high_need, with_children), (not high_need, with_children)):
            if index.get(key):
                return index[key]
        return [family for families in index.values() for family in families]

    def _ex_partner(self, rng: random.Random, victim: TruePerson) -> TruePerson | None:
        candidates = self._single_men.get(victim.town, [])
        close = [m for m in rng.sample(candidates, min(40, len(candidates)))
                 if abs(m.date_of_birth.year - victim.date_of_birth.year) <= 8]  # fmt: skip
        return rng.choice(close) if close else None

    def _within_household(self, rng: random.Random, family: TrueFamily) -> _Incident:
        members = [self._people[k] for k in family.member_keys]
        couple = [m for m in members if m.relationship in ("head", "partner")]
        adult_sons = [m for m in members if m.relationship == "adult_child" and m.sex == "M"]
        if adult_sons and chance(rng, 0.25):  # an adult son against a parent
            victim, perpetrator = rng.choice(couple), adult_sons[0]
        else:
            women = [m for m in couple if m.sex == "F"]
            victim = women[0] if women and chance(rng, 0.85) else couple[-1]
            perpetrator = next(m for m in couple if m is not victim)
        others = [m for m in members if m is not victim and m is not perpetrator]
        return _Incident(victim, perpetrator, others)


def _incident_rows(
    rng: random.Random, ref: str, incident: _Incident, reported_on: date
) -> list[PoliceRow]:
    shared = _incident_fields(rng, ref, incident, reported_on)
    cast = [(incident.victim, "victim"), (incident.perpetrator, "perpetrator")]
    cast += [(p, "child" if p.family_role == "child" else "other") for p in incident.household]
    return [
        PoliceRow({**shared, **_person_fields(rng, person, role, reported_on)}, person.key,
                  person.family_key)
        for person, role in cast
    ]  # fmt: skip


def _incident_fields(
    rng: random.Random, ref: str, incident: _Incident, reported_on: date
) -> dict[str, str]:
    risk = _RISK.pick(rng)
    children = [p for p in incident.household if p.family_role == "child"]
    present = bool(children) and chance(rng, _CHILDREN_PRESENT)
    strangulation, stalking, threats = (chance(rng, rate) for rate in _FLAG_RATES[risk])
    reported_at = _reported_at(rng, reported_on)
    timestamp = rng.choice(("%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"))
    happened = reported_at - timedelta(minutes=rng.choice((5, 20, 45, 90, 240, 1500)))
    victim = incident.victim
    return {
        "incident_ref": ref,
        "reported_at": reported_at.strftime(timestamp),
        "incident_at": happened.strftime(timestamp) if chance(rng, 0.9) else "",
        "location_postcode": _location(rng, victim),
        "dash_risk": rng.choice(_RISK_SPELLINGS[risk]),
        "dash_score": str(_dash_score(rng, risk)) if chance(rng, 0.9) else "",
        "children_present": _yes_no(present),
        "pregnancy": _yes_no(_pregnancy(rng, victim, children, reported_on)),
        "strangulation": _yes_no(strangulation),
        "stalking": _yes_no(stalking),
        "threats_to_kill": _yes_no(threats),
        "consent_to_share": _CONSENT.pick(rng),
        "officer": f"{rng.choice(('PC', 'PC', 'PC', 'DC', 'PS'))} {rng.randint(1000, 9999)}",
        "narrative": narrative(rng, risk, present, strangulation, stalking, threats),
    }


def _person_fields(
    rng: random.Random, person: TruePerson, role: str, reported_on: date
) -> dict[str, str]:
    record = observe(rng, person, PROFILES["police"], today=reported_on, date_styles=("iso", "uk"))
    age = (reported_on - person.date_of_birth).days // 365
    school = ""
    if person.family_role == "child" and age < 17 and chance(rng, 0.6):
        school = _school_name(rng, person.town, age)
    return {
        "role": role,
        "given_name": record.given_name,
        "middle_name": record.middle_name,
        "surname": record.surname,
        "date_of_birth": record.date_of_birth,
        "sex": record.sex if record.sex in ("F", "M", "X", "U") else "U",
        "address": record.address,
        "postcode": record.postcode,
        "phone": record.phone,
        "pnc_id": record.pnc_id,
        "nhs_number": record.nhs_number.replace("-", " "),  # the export allows spaces only
        "school": school,
        "address_withheld": "Y" if record.address_withheld else "",
    }


def _reported_at(rng: random.Random, reported_on: date) -> datetime:
    """Between 07:00 yesterday and 07:00 today, mostly in the evening and the night."""
    start = datetime.combine(reported_on - timedelta(days=1), time(7, 0))
    offset = int(_HOURS_AFTER_SEVEN.pick(rng)) * 60 + rng.randrange(180)
    return start + timedelta(minutes=offset)


def _location(rng: random.Random, victim: TruePerson) -> str:
    if victim.address_withheld or chance(rng, 0.1):
        return ""  # a refuge's postcode must not travel on an incident
    return postcode_variant(rng, victim.postcode)[0] if chance(rng, 0.3) else victim.postcode


def _dash_score(rng: random.Random, risk: str) -> int:
    if risk == "high":
        # 14+ yes answers, or raised on professional judgement with fewer
        return rng.randint(14, 24) if chance(rng, 0.85) else rng.randint(9, 13)
    return rng.randint(10, 13) if risk == "medium" else rng.randint(0, 9)


def _pregnancy(
    rng: random.Random, victim: TruePerson, children: list[TruePerson], on: date
) -> bool:
    baby = any((on - c.date_of_birth).days < 548 for c in children)
    young_woman = victim.sex == "F" and 18 <= (on - victim.date_of_birth).days // 365 <= 42
    return baby or (young_woman and chance(rng, 0.05))


def _yes_no(flag: bool) -> str:
    return "Y" if flag else "N"


def _school_name(rng: random.Random, town: str, age: int) -> str:
    kind = "Primary School" if age < 11 else "High School"
    localities = next(t.districts for t in TOWNS if t.name == town)
    return f"{rng.choice(localities)[1]} {kind}" if age >= 4 else ""
