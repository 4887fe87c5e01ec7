"""The quorum panel: for each core agency kind, is it present, did it send apologies, or did it
send information only? The core kinds are configurable (QUORUM_AGENCY_KINDS)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.models import Agency, AgencyKind, Attendance

KIND_LABELS = {
    AgencyKind.POLICE: "Police",
    AgencyKind.DV_SERVICE: "DV service / IDVA",
    AgencyKind.CHILDRENS_SOCIAL_CARE: "Children's social care",
    AgencyKind.HEALTH: "Health",
    AgencyKind.HOUSING: "Housing",
    AgencyKind.PROBATION: "Probation",
    AgencyKind.ADULT_SOCIAL_CARE: "Adult social care",
    AgencyKind.EDUCATION: "Education",
    AgencyKind.OTHER: "Other",
}
STATE_WORDS = {
    "present": "present",
    "apologies": "sent apologies",
    "information_only": "sent information only",
    "absent": "not represented",
}


def quorum(session: Session, meeting_id: int, kinds: Iterable[str]) -> dict[str, object]:
    """{"kinds": [{kind, label, state, words, agencies}], "quorate": all core kinds present}."""
    rows = session.execute(
        select(Attendance, Agency)
        .join(Agency, Agency.id == Attendance.agency_id)
        .where(Attendance.meeting_id == meeting_id)
    ).all()
    panel = []
    for value in kinds:
        try:
            kind = AgencyKind(value)
        except ValueError:
            continue
        mine = [(a, agency) for a, agency in rows if agency.kind is kind]
        state = _state([a for a, _ in mine])
        panel.append({
            "kind": kind.value, "label": KIND_LABELS[kind], "state": state,
            "words": STATE_WORDS[state], "agencies": sorted({ag.name for _, ag in mine}),
        })  # fmt: skip
    return {"kinds": panel, "quorate": all(k["state"] == "present" for k in panel)}


def _state(rows: list[Attendance]) -> str:
    if any(r.invited and r.joined_at is not None and r.left_at is None for r in rows):
        return "present"
    if any(r.information_only for r in rows):
        return "information_only"
    if any(r.apologies for r in rows):
        return "apologies"
    return "absent"
