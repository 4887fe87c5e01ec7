"""A small, hand-computed world for the outcomes dashboard (see test_figures.py for the sums).

Winter dates, so UK local time is UTC. Two agencies (police P, health H), five discussed
families F1–F5 and one removed family F6, five closed meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.db import transaction
from frontdoor.models import (
    ActionStatus,
    Agency,
    AgencyKind,
    AgendaItemStatus,
    AgendaSource,
    Channel,
    ItemClock,
    Meeting,
    MeetingStatus,
)

from . import rows
from .accounts import Factory

D = date
AS_OF = date(2026, 12, 2)
PERIOD = (date(2025, 11, 1), date(2026, 1, 31))
FAMILY_LABELS = ["Outcomeshire", "Zebedee-Quill", "Marchbanks", "Featherstonhaugh", "Oddlington"]


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    police: Agency
    health: Agency


# name: (agency, family number or None, received, incident or None)
REFERRALS = {
    "R0": ("P", 1, utc(2025, 10, 15), None),  # before the period
    "R1": ("P", 1, utc(2025, 11, 28, 14), None),  # Friday after the cut-off
    "R2": ("H", 1, utc(2025, 11, 29, 10), None),  # Saturday, same family: merged with R1
    "R3": ("P", 2, utc(2025, 12, 1, 7), None),  # Monday before the cut-off; item deferred
    "R4": ("P", 3, utc(2025, 12, 24), None),  # Christmas Eve: next working day is 29 Dec
    "R5": ("H", 4, utc(2025, 12, 2, 10), None),  # after Tuesday's meeting, discussed 19 Dec
    "R6": ("P", None, utc(2025, 12, 18), None),  # never resolved: provisional source
    "R8": ("P", 1, utc(2026, 1, 20), utc(2026, 1, 19, 22)),  # F1 repeat within 3 months
    "R9": ("H", 2, utc(2026, 4, 10), utc(2026, 4, 9)),  # F2 repeat within 6, not 3
    "R10": ("P", 3, utc(2026, 11, 30), utc(2026, 11, 29)),  # F3, only in an open 12-m window
    "R11": ("P", 4, utc(2026, 2, 10), None),  # F4 repeat within 3 (received date stands in)
    "R12": ("H", 4, utc(2026, 1, 5, 7), utc(2025, 12, 10)),  # late report of an old incident
    "R13": ("P", 6, utc(2025, 12, 18, 9), None),  # family removed from the agenda
}

# meeting date → [(family, status, seconds or None, source referrals)]
MEETINGS = {
    D(2025, 12, 1): [(1, "discussed", 600, ["R1", "R2"]), (2, "deferred", None, ["R3"])],
    D(2025, 12, 2): [(2, "discussed", 300, [])],  # carried forward from the deferral
    D(2025, 12, 19): [(4, "discussed", 900, ["R5"]), (6, "removed", None, ["R13"])],
    D(2025, 12, 29): [(3, "discussed", 480, ["R4"])],
    D(2026, 1, 5): [(4, "discussed", 720, ["R12"]), (5, "discussed", None, [])],
}
PROVISIONAL = {D(2025, 12, 19): ["R6"]}  # taken by a meeting, no family, no item

# name: (lead agency, (meeting date, family) or None, due, status, completed)
ACTIONS = {
    "A1": ("P", (D(2025, 12, 1), 1), D(2025, 12, 5), "done", utc(2025, 12, 4, 15)),
    "A2": ("H", (D(2025, 12, 1), 1), D(2025, 12, 5), "done", utc(2025, 12, 8)),
    "A3": ("P", (D(2025, 12, 19), 4), D(2026, 1, 9), "not_done", None),
    "A4": ("H", (D(2026, 1, 5), 4), D(2026, 1, 16), "done", utc(2026, 1, 16, 23, 30)),
    "A5": ("P", (D(2026, 1, 5), 4), D(2026, 2, 13), "open", None),
    "A6": ("P", None, D(2025, 11, 10), "done", utc(2025, 11, 7)),  # recorded 20 Oct
    "A7": ("H", (D(2025, 12, 29), 3), D(2026, 1, 30), "open", None),
}


def build(app: Flask, factory: Factory) -> World:
    police = factory.agency("police", AgencyKind.POLICE)
    health = factory.agency("health", AgencyKind.HEALTH)
    agencies = {"P": police.id, "H": health.id}
    with app.app_context(), transaction() as tx:
        families = {}
        for number in range(1, 7):
            label = f"Family {FAMILY_LABELS[(number - 1) % 5]}"
            families[number] = rows.family(tx, label).id
        referrals = _referrals(tx, agencies, families)
        items = _meetings(tx, families, referrals)
        _actions(tx, agencies, families, items)
    with app.app_context(), transaction() as tx:
        for meeting in tx.scalars(select(Meeting)):
            meeting.status = MeetingStatus.CLOSED
    return World(police, health)


def _meetings(
    tx: Session, families: dict[int, int], referrals: dict[str, int]
) -> dict[tuple[date, int], int]:
    items = {}
    for day, on_agenda in MEETINGS.items():
        meeting = rows.meeting(
            tx, day, starts_at=rows.at(day, 9, 30), cutoff_at=rows.at(day, 8, 30),
            status=MeetingStatus.LIVE,  # closed at the end: a closed meeting is frozen
        )  # fmt: skip
        for position, (fam, status, seconds, sources) in enumerate(on_agenda, start=1):
            item = rows.item(
                tx, meeting.id, families[fam], position, status=AgendaItemStatus(status)
            )
            items[(day, fam)] = item.id
            if seconds is not None:
                tx.add(ItemClock(agenda_item_id=item.id, seconds=seconds))
            for name in sources:
                tx.add(
                    AgendaSource(
                        meeting_id=meeting.id, referral_id=referrals[name], agenda_item_id=item.id
                    )
                )
        for name in PROVISIONAL.get(day, []):
            tx.add(AgendaSource(meeting_id=meeting.id, referral_id=referrals[name]))
    return items


def _referrals(tx: Session, agencies: dict[str, int], families: dict[int, int]) -> dict[str, int]:
    referrals = {}
    for name, (agency, fam, received, incident) in REFERRALS.items():
        referral = rows.referral(
            tx, agencies[agency], channel=Channel.DEMO, source_ref=f"OUT-{name}",
            received_at=received, incident_at=incident, family_id=families[fam] if fam else None,
        )  # fmt: skip
        referrals[name] = referral.id
    return referrals


def _actions(
    tx: Session,
    agencies: dict[str, int],
    families: dict[int, int],
    items: dict[tuple[date, int], int],
) -> None:
    for name, (agency, item, due, status, completed) in ACTIONS.items():
        rows.action(
            tx, families[item[1]] if item else families[1], agencies[agency],
            description=f"Action {name}", due_on=due, agenda_item_id=items[item] if item else None,
            status=ActionStatus(status), completed_at=completed,
            created_at=utc(2025, 10, 20) if item is None else utc(2025, 12, 1),
        )  # fmt: skip
