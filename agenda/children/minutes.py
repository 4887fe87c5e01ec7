"""The children's part of an item's frozen minutes: per child the CSC decision (who, when,
within one working day or not), the impact and the child's voice; and the FGC pathway."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from frontdoor.models import AgendaItem, User

from .service import DECISION_TEXT, UNMET_NEEDS, children_of, offer_of


def children_section(session: Session, item: AgendaItem) -> dict[str, Any]:
    children = []
    for child in children_of(session, item):
        record = child.record
        if record is None:
            continue
        decider = session.get(User, record.decided_by_id) if record.decided_by_id else None
        children.append({
            "person_id": child.person_id,
            "name": child.name,
            "decision": DECISION_TEXT[record.decision] if record.decision else "",
            "decided_by": f"{decider.display_name} ({decider.agency.name})" if decider else "",
            "decided_at": record.decided_at.isoformat() if record.decided_at else None,
            "within_one_working_day": child.within_one_working_day,
            "impact": record.impact or "",
            "voice": record.voice or "",
        })  # fmt: skip
    return {"children": children, "fgc": _fgc(session, item)}


def _fgc(session: Session, item: AgendaItem) -> dict[str, Any] | None:
    offer = offer_of(session, item.id)
    if offer is None:
        return None
    proposer = session.get(User, offer.proposed_by_id)
    return {
        "status": offer.status.value,
        "proposed_by": f"{proposer.display_name} ({proposer.agency.name})" if proposer else "",
        "consent_recorded_at": offer.consent_recorded_at.isoformat()
        if offer.consent_recorded_at else None,
        "invitees": offer.invitees or "",
        "perpetrator_attends": offer.perpetrator_attends,
        "referral_action_id": offer.referral_action_id,
        "held_on": offer.held_on.isoformat() if offer.held_on else None,
        "unmet_needs": [UNMET_NEEDS[c] for c in (offer.unmet_needs or "").split(",") if c],
    }  # fmt: skip
