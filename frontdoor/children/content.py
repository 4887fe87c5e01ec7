"""What an Encompass or health notice says: the statutory minimum and nothing else — the
person's name and date of birth, that a domestic-abuse incident occurred, its date and time,
whether the child was present, and the police reference. Never the narrative, an address, a
postcode, a phone number or any other field of the police file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..mail.outbox import Content
from ..models import ChildNotice, NoticeKind, PersonRecord, Referral
from ..names import long_date, long_datetime

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Statutory:
    """The fields a school (or health service) is told; the page and the e-mail show these."""

    kind: NoticeKind
    name: str
    date_of_birth: date | None
    occurred_at: datetime | None
    present: bool | None
    police_reference: str
    why: str  # for health notices: "child under 5" or "pregnancy or a baby under 18 months"

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("Name", self.name),
            ("Date of birth", long_date(self.date_of_birth) if self.date_of_birth
             else "Not known"),
            ("What happened", "A domestic abuse incident was reported to the police"),
            ("Date and time of the incident", _when(self.occurred_at)),
            ("Child present at the incident", _yes_no(self.present)),
            ("Police reference", self.police_reference),
        ] + ([("Why you are told", self.why)] if self.why else [])  # fmt: skip


def statutory(notice: ChildNotice, record: PersonRecord, referral: Referral) -> Statutory:
    name = " ".join(p for p in (record.given_name, record.surname) if p)
    return Statutory(
        kind=notice.kind,
        name=name,
        date_of_birth=record.date_of_birth,
        occurred_at=referral.incident_at or referral.reported_at,
        present=referral.children_present,
        police_reference=referral.source_ref,
        why=_health_reason(notice, record) if notice.kind is NoticeKind.HEALTH else "",
    )


def _health_reason(notice: ChildNotice, record: PersonRecord) -> str:
    if notice.about == "pregnancy":
        return "Pregnancy or a baby under 18 months in the household"
    return "A child under 5 (health visitor or school nurse)"


def message(fields: Statutory, link: str, school_name: str | None) -> Content:
    if fields.kind is NoticeKind.ENCOMPASS:
        subject = "Operation Encompass notification"
        heading = f"Operation Encompass notification for {school_name or 'your school'}"
        footer = (
            "You are the school's designated key adult for Operation Encompass. This notice "
            "gives only what the school needs to support the child today. Do not forward it.",
            "Please open the link to acknowledge it; the link works once.",
        )
    else:
        subject = "Domestic abuse notification for the health visiting / school nursing team"
        heading = "A domestic abuse notification for the health visitor, school nurse or midwife"
        footer = (
            "This notice gives only what the health service needs. Do not forward it.",
            "Please open the link to acknowledge it; the link works once.",
        )
    return Content(
        subject=subject,
        heading=heading,
        lines=fields.lines(),
        link=link,
        link_text="Acknowledge this notice",
        footer=footer,
    )


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "Not known"
    return long_datetime(moment)


def _yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")
