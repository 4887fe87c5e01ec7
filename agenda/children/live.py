"""The children's part of the live meeting (#18, docs/realtime.md "/items"): each child's CSC
decision, impact and voice as versioned fields, and the FGC pathway, co-edited by everyone in
the meeting. A field write names the version it was based on; if someone saved since, nothing
changes (`StaleChild`). Free text passes the withheld-detail guard before it is stored.

The no-script page (agenda/children/views.py) writes through `service` with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from frontdoor.access.withheld import guard_for
from frontdoor.db import transaction
from frontdoor.models import AgendaItem, ChildRecord, CscDecision, FgcOffer, User, utcnow
from frontdoor.names import long_date, long_datetime

from . import service

CHILD_FIELDS = ("decision", "impact", "voice")
MAX_TEXT = 4000


@dataclass
class StaleChild(Exception):
    """Someone saved the child's field since the writer last saw it; nothing was changed."""

    current: dict[str, Any]


def _name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user else None


def child_dict(session: Session, child: service.Child) -> dict[str, Any]:
    """One child as the live page shows it: each field with its value, version and author."""
    record = child.record
    decision = record.decision.value if record and record.decision else ""
    return {
        "person_id": child.person_id,
        "name": child.name,
        "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
        "date_of_birth_text": long_date(child.date_of_birth) if child.date_of_birth else "",
        "fields": {
            "decision": {"value": decision, "version": record.decision_version if record else 0,
                         "by": _name(session, record.decided_by_id) if record else None},
            "impact": {"value": (record.impact or "") if record else "",
                       "version": record.impact_version if record else 0,
                       "by": _name(session, record.impact_by_id) if record else None},
            "voice": {"value": (record.voice or "") if record else "",
                      "version": record.voice_version if record else 0,
                      "by": _name(session, record.voice_by_id) if record else None},
        },
        "decided_at": record.decided_at.isoformat() if record and record.decided_at else None,
        "decided_at_text": long_datetime(record.decided_at) if record and record.decided_at else "",
        "within_one_working_day": child.within_one_working_day,
    }  # fmt: skip


def fgc_dict(session: Session, offer: FgcOffer | None) -> dict[str, Any] | None:
    if offer is None:
        return None
    return {
        "status": offer.status.value,
        "version": offer.version,
        "proposed_by": _name(session, offer.proposed_by_id),
        "by": _name(session, offer.updated_by_id),
        "invitees": offer.invitees or "",
        "perpetrator_requested": offer.perpetrator_requested,
        "perpetrator_acknowledges": offer.perpetrator_acknowledges,
        "perpetrator_attends": offer.perpetrator_attends,
        "referral_action_id": offer.referral_action_id,
        "held_on": offer.held_on.isoformat() if offer.held_on else None,
        "held_on_text": long_date(offer.held_on) if offer.held_on else "",
        "unmet_needs": [c for c in (offer.unmet_needs or "").split(",") if c],
    }


def children_state(session: Session, item: AgendaItem) -> dict[str, Any]:
    """What `item:details` carries about the children (and what the live panel needs)."""
    return {
        "children": [child_dict(session, c) for c in service.children_of(session, item)],
        "fgc": fgc_dict(session, service.offer_of(session, item.id)),
        "decisions": [{"value": d.value, "text": service.DECISION_TEXT[d]} for d in CscDecision],
        "needs": [{"value": code, "text": text} for code, text in service.UNMET_NEEDS.items()],
    }


def _child(tx: Session, item: AgendaItem, person_id: object) -> service.Child:
    for child in service.children_of(tx, item):
        if child.person_id == person_id:
            return child
    raise service.ChildrenError("That child is not in this family.")


def _checked(name: object, value: object) -> tuple[str, str]:
    if name not in CHILD_FIELDS or not isinstance(name, str):
        raise service.ChildrenError("Unknown field.")
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise service.ChildrenError("The value must be text of at most 4,000 characters.")
    if name == "decision" and value not in {"", *(d.value for d in CscDecision)}:
        raise service.ChildrenError("Choose one of the decisions.")
    return name, value


def _values(tx: Session, record: ChildRecord, name: str, value: str, by: int) -> dict[str, Any]:
    if name == "decision":
        chosen = CscDecision(value) if value else None
        values: dict[str, Any] = {"decision": chosen}
        if chosen is not None and chosen != record.decision:
            values.update(decided_by_id=by, decided_at=utcnow())
        elif chosen is None:
            values.update(decided_by_id=None, decided_at=None)
        return values
    return {name: guard_for(tx).scrub_text(value.strip()) or None, f"{name}_by_id": by}


def set_child_field(
    user: User, meeting_id: int, item_id: object, person_id: object, name: object,
    value: object, version: object,
) -> dict[str, Any]:  # fmt: skip
    """Save one field of one child if `version` is still its version; else StaleChild."""
    field, text = _checked(name, value)
    if not isinstance(version, int):
        raise service.ChildrenError("version missing")
    with transaction() as tx:
        item = service.member_item(tx, user, meeting_id, item_id)
        child = _child(tx, item, person_id)
        record = child.record
        if record is None and version == 0:
            record = ChildRecord(agenda_item_id=item.id, person_id=child.person_id)
            tx.add(record)
            tx.flush()  # a concurrent first write fails here on the unique (item, child)
        if record is None or getattr(record, f"{field}_version") != version:
            raise StaleChild(child_dict(tx, child))
        values = _values(tx, record, field, text, user.id)
        values.update({f"{field}_version": version + 1, "updated_by_id": user.id})
        claimed = tx.execute(
            update(ChildRecord)
            .where(ChildRecord.id == record.id,
                   getattr(ChildRecord, f"{field}_version") == version)
            .values(**values)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        if not getattr(claimed, "rowcount", 0):
            raise StaleChild(child_dict(tx, child))
        tx.refresh(record)
        return child_dict(tx, _child(tx, item, child.person_id))
