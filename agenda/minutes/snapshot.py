"""The frozen minutes: one canonical JSON document built from the meeting's stored record.

Canonical JSON (sorted keys, no spaces, UTF-8) makes the content hash reproducible by anyone
holding the stored text. Withheld addresses and safe-contact details never enter the snapshot:
people are listed by name, role and date of birth only, and every string is scrubbed of every
withheld detail of every family on the agenda before freezing.

Extension point: `actions_section(session, item)` returns an item's actions section; action
tracking adds the reviews of earlier actions recorded at this meeting there (and renders them
in `frontdoor/templates/minutes/_actions.html`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from agenda import dao as agenda_dao
from agenda import family_dao as agenda_family_dao
from agenda.children.minutes import children_section
from agenda.consent import consent_of
from agenda.live.documents import text_of
from agenda.live.fields import read_fields
from agenda.tracking.reviews import minutes_section
from frontdoor.access.redaction import Audience, present_person_records, scrub, withheld_values
from frontdoor.models import (
    Action,
    Agency,
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    ItemClock,
    Meeting,
    User,
)
from frontdoor.names import best_name, family_label

from . import dao

FORMAT = 2  # 2: only preparation shared in the meeting; consent; action acceptance
SHARED_TEXTS = ("notes", "safety_plan")


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(
    session: Session,
    meeting: Meeting,
    *,
    closed_at: datetime,
    closed_by: User,
    unfinished: set[int],
) -> dict[str, Any]:
    """The minutes of `meeting` as its record stands now (call inside the closing transaction)."""
    # Families the coordinator deferred before the meeting were not discussed: not in the
    # minutes. Those deferred by the close itself (not reached) are, marked unfinished.
    items = [
        i
        for i in dao.items_on_agenda(session, meeting.id)
        if i.status != AgendaItemStatus.DEFERRED or i.id in unfinished
    ]
    present, apologies = _attendance(dao.attendance(session, meeting.id))
    snapshot = {
        "format": FORMAT,
        "meeting": {
            "id": meeting.id,
            "date": meeting.meeting_date.isoformat(),
            "starts_at": meeting.starts_at.isoformat(),
            "chair": _person(meeting.chair) if meeting.chair else None,
            "closed_at": closed_at.isoformat(),
            "closed_by": _person(closed_by),
        },
        "attendance": present,
        "apologies": apologies,
        "items": [_item(session, item, item.id in unfinished) for item in items],
    }
    withheld: set[str] = set()
    for item in items:
        withheld |= withheld_values(session, item.family_id)
    return dict(scrub(snapshot, withheld))


def _person(user: User) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "name": user.display_name,
        "agency_id": user.agency_id,
        "agency": user.agency.name,
    }


def _attendance(rows: list[Attendance]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Attendees grouped by agency (everyone invited or who joined), and the apologies."""
    agencies: dict[int, dict[str, Any]] = {}
    apologies = []
    for row in rows:
        if row.apologies:
            apologies.append({**_person(row.user), "text": row.apologies})
        if not row.invited and row.joined_at is None:
            continue
        entry = agencies.setdefault(
            row.agency_id,
            {"agency_id": row.agency_id, "agency": row.user.agency.name, "people": []},
        )
        entry["people"].append(
            {
                "user_id": row.user_id,
                "name": row.user.display_name,
                "present": row.joined_at is not None,
                "removed": not row.invited,
                "joined_at": row.joined_at.isoformat() if row.joined_at else None,
                "left_at": row.left_at.isoformat() if row.left_at else None,
                "confidentiality_accepted_at": _iso(row.confidentiality_accepted_at),
            }
        )
    ordered = sorted(agencies.values(), key=lambda a: (a["agency"], a["agency_id"]))
    for entry in ordered:
        entry["people"].sort(key=lambda p: (p["name"], p["user_id"]))
    return ordered, sorted(apologies, key=lambda a: (a["agency"], a["name"]))


def _item(session: Session, item: AgendaItem, unfinished: bool) -> dict[str, Any]:
    fields = read_fields(session, item.id)
    clock = session.get(ItemClock, item.id)
    return {
        "item_id": item.id,
        "position": item.position,
        "family_id": item.family_id,
        "family": family_label(item.family.label, item.family_id),
        "status": item.status.value,
        "status_reason": item.status_reason or "",
        "unfinished": unfinished,
        "seconds": clock.seconds if clock else 0,
        "members": members_section(session, item.family_id),
        **{name: text_of(session, item.id, name) for name in SHARED_TEXTS},
        "contributions": contributions_section(session, item),
        **{name: str(fields[name]["value"]) for name in ("risk", "decision", "marac")},
        "contact_plan": str(fields["contact_plan"]["value"]),
        "actions": actions_section(session, item),
        "consent": consent_of(session, item).as_dict(),
        "children": children_section(session, item),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def members_section(session: Session, family_id: int) -> list[dict[str, Any]]:
    """Who is in the family: name, role, date of birth. Never an address, postcode or phone."""
    people = []
    for member, records in dao.family_people(session, family_id):
        views = present_person_records(session, records, None, Audience.MINUTES)
        named = any(v.surname or v.given_name for v in views)
        dated = next((v for v in views if v.date_of_birth), None)
        name = best_name(views) if named else ""  # the one display form (new snapshots)
        people.append(
            {
                "person_id": member.person_id,
                "name": name or f"Person {member.person_id}",
                "role": member.member_role.value,
                "date_of_birth": dated.date_of_birth.isoformat()
                if dated and dated.date_of_birth
                else None,
            }
        )
    return people


def contributions_section(session: Session, item: AgendaItem) -> list[dict[str, Any]]:
    """Per agency: its "what we know" text and its partner preparations."""
    by_agency: dict[int, dict[str, Any]] = {}

    def entry(agency_id: int) -> dict[str, Any]:
        if agency_id not in by_agency:
            agency = session.get(Agency, agency_id)
            by_agency[agency_id] = {
                "agency_id": agency_id,
                "agency": agency.name if agency else f"Agency {agency_id}",
                "known": "",
                "preparations": [],
            }
        return by_agency[agency_id]

    for field in dao.known_fields(session, item.id):
        agency_id = int(field.split(":", 1)[1])
        entry(agency_id)["known"] = text_of(session, item.id, field)
    # Research stays with its agency: only what it marked as shared in the meeting (#20).
    for prep in agenda_dao.preparations_for(session, [item.id], shared_only=True):
        entry(prep.agency_id)["preparations"].append(
            {
                "id": prep.id,
                "kind": prep.kind.value,
                "text": prep.text,
                "withheld_reason": prep.withheld_reason or "",
                "author": prep.author.display_name,
            }
        )
    return sorted(by_agency.values(), key=lambda a: (a["agency"], a["agency_id"]))


def actions_section(session: Session, item: AgendaItem) -> dict[str, Any]:
    """The item's actions section. `agreed`: the actions agreed for this family at this meeting.

    Extension point for action tracking: add further keys here (e.g. `reviews`, the chair's
    outcomes for earlier actions recorded at this meeting) and render them in
    `minutes/_actions.html`; the snapshot's hash covers whatever this returns.
    """
    return {
        "agreed": [_action(session, a) for a in dao.actions_of_item(session, item.id)],
        # the chair's outcomes for earlier actions (agenda.tracking.reviews)
        "reviews": minutes_section(session, item),
    }


def _action(session: Session, action: Action) -> dict[str, Any]:
    return {
        "child": agenda_family_dao.person_name(session, action.child_person_id),
        "id": action.id,
        "description": action.description,
        "lead_agency_id": action.lead_agency_id,
        "lead_agency": action.lead_agency.name,
        "lead_user_id": action.lead_user_id,
        "lead_user": action.lead_user.display_name if action.lead_user else None,
        "due_on": action.due_on.isoformat(),
        "status": action.status.value,
        "acceptance": action.acceptance.value,
        "accepted_by": action.accepted_by.display_name if action.accepted_by else None,
        "accepted_by_chair": action.accepted_by_chair,
    }
