"""A police force's nightly export written by a test factory, in the format Front Door must
accept (docs/intake.md; /work/shared/formats/police-da-notifications.md): one incident per
family, one row per person. `demo_scale_night()` is a morning of the demo's size — 79 families,
24 of which share a surname with another (three Smiths, three Khans, nine pairs) — imported
by the real import, resolved by identity resolution and built into an agenda by the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .police_file import police_csv

LOCAL_ZONE = ZoneInfo("Europe/London")  # the export's times are the force's local time

SHARED = [("Smith", 3), ("Khan", 3)] + [
    (name, 2)
    for name in "Jones Brown Patel Taylor Wilson Evans Ahmed Walker Wright".split()  # noqa: SIM905
]
UNIQUE = (  # noqa: SIM905
    "Abbott Bailey Carter Dixon Ellis Fisher Gibson Hughes Irwin Jackson Kelly Lawson Mason "
    "Nash Owens Parker Quinn Reid Shaw Turner Underwood Vaughan Ward Young Zielinski Allen "
    "Barker Cole Doyle Foster Grant Hale Ingram Jarvis Kemp Lloyd Moss Noble Oakley Porter "
    "Rhodes Sutton Tate Upton Vance Webb Yates Begum Chowdhury Kowalski Nowak Osei Mensah "
    "Okafor Novak"
).split()
WOMEN = (  # noqa: SIM905
    "Joanne Aisha Bethany Chloe Danielle Emma Fatima Grace Hannah Imogen Jasmine Katie Laura "
    "Megan Nadia Olivia Priya Rachel Sophie Tanya Uma Victoria Wendy Yasmin Zara"
).split()
MEN = (  # noqa: SIM905
    "Lee Adam Ben Craig Darren Ethan Faisal Gary Harry Imran Jamie Kieran Liam Mark Nathan "
    "Omar Paul Ryan Sean Tom Usman Vikram Wayne Yusuf Zak"
).split()
CHILDREN = "Amy Ben Cara Dev Eli Finn Gia Hugo Isla Jay Kai Lola Max Nia Ola Pip Ray".split()  # noqa: SIM905
RISKS = [("H", "16"), ("M", "9"), ("S", "3")]


@dataclass(frozen=True)
class Person:
    role: str
    given: str
    surname: str
    born: date
    sex: str


@dataclass(frozen=True)
class Incident:
    ref: str
    reported_at: datetime
    risk: str
    score: str
    people: list[Person]
    address: str
    postcode: str
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def victim(self) -> Person:
        return self.people[0]


def years_ago(today: date, years: int, days: int = 0) -> date:
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)


def surnames() -> list[str]:
    """79 surnames: the shared ones first (Smith, Smith, Smith, Khan, …), then unique ones."""
    return [name for name, count in SHARED for _ in range(count)] + UNIQUE


def demo_scale_night(today: date, evening: datetime) -> list[Incident]:
    """79 incidents reported from `evening` on, one family each. The first is the Smith family
    the tests follow: Joanne Smith (34, victim, high risk, strangulation), Lee Smith (37,
    perpetrator), children of 9 and 3."""
    incidents = []
    for n, surname in enumerate(surnames()):
        risk, score = RISKS[n % 3] if n else RISKS[0]
        victim = Person(
            "victim", WOMEN[n % len(WOMEN)], surname, years_ago(today, 22 + n % 30, n), "F"
        )
        partner = Person(
            "perpetrator", MEN[n % len(MEN)], surname, years_ago(today, 25 + n % 30, n), "M"
        )
        kids = [
            Person(
                "child",
                CHILDREN[(2 * n + k) % len(CHILDREN)],
                surname,
                years_ago(today, age, n),
                "U",
            )
            for k, age in enumerate([9, 3][: n % 3] if n else [9, 3])
        ]
        if n == 0:
            victim = Person("victim", "Joanne", "Smith", years_ago(today, 34), "F")
            partner = Person("perpetrator", "Lee", "Smith", years_ago(today, 37), "M")
        flags = {
            "strangulation": "Y" if n % 5 == 0 else "N",
            "children_present": "Y" if kids else "N",
        }
        incidents.append(
            Incident(
                ref=f"WY-{evening:%Y%m%d}-{n + 1:04d}",
                reported_at=evening + timedelta(minutes=4 * n),
                risk=risk,
                score=score,
                people=[victim, partner, *kids],
                address=f"{n + 1} {UNIQUE[n % len(UNIQUE)]} Street, Leeds",
                postcode=f"LS{n % 27 + 1} {n % 9 + 1}{'ABDEFGHJ'[n % 8]}{'LNPQRSTU'[n // 8 % 8]}",
                flags=flags,
            )
        )
    return incidents


def incident_rows(incident: Incident) -> Iterator[dict[str, str]]:
    reported = incident.reported_at.astimezone(LOCAL_ZONE)
    happened = reported - timedelta(minutes=40)
    for person in incident.people:
        yield {
            "incident_ref": incident.ref,
            "reported_at": f"{reported:%Y-%m-%dT%H:%M}",
            "incident_at": f"{happened:%d/%m/%Y %H:%M}",
            "location_postcode": incident.postcode,
            "risk_tool": "DASH-ACPO",
            "dash_risk": incident.risk,
            "dash_score": incident.score,
            "consent_to_share": "Y",
            "officer": "PC 4411",
            "narrative": f"Police called by a neighbour to {incident.victim.given}'s home.",
            "role": person.role,
            "given_name": person.given,
            "surname": person.surname,
            "date_of_birth": person.born.isoformat(),
            "sex": person.sex,
            "address": incident.address,
            "postcode": incident.postcode,
            **incident.flags,
        }


def night_csv(incidents: list[Incident]) -> bytes:
    """The export of the night: every incident's rows, in the police file's format."""
    return police_csv(row for incident in incidents for row in incident_rows(incident))
