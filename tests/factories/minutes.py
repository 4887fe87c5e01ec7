"""A live meeting with a full record (notes, what we know, preparations, fields, actions,
attendance, apologies) and a family whose victim is in a refuge, ready to be closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask
from sqlalchemy.orm import Session

from agenda.consent import consent_of, record_decision
from agenda.live.documents import store_update
from agenda.live.fields import write_field
from agenda.minutes.service import add_addendum, close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import (
    Agency,
    AgendaItem,
    Attendance,
    PartnerPreparation,
    PreparationKind,
    Role,
    User,
    utcnow,
)

from . import cases, rows
from .accounts import Factory
from .meetings import LiveMeeting, create_meeting
from .rows import yjs_update

REFUGE = f"{cases.REFUGE_ADDRESS}, {cases.REFUGE_POSTCODE}, phone {cases.REFUGE_PHONE}"
JUSTIFIED = {
    "grounds": ["serious_harm_victim"],
    "justification": "Repeat incidents; risk of serious harm.",
    "victim_told": "yes",
    "told_by": "IDVA",
    "how_safely": "By phone at the safe time in her contact plan.",
}


def justify(tx: Session, item_id: int, chair_id: int) -> None:
    """The meeting records why it shares without consent (the item can then be finished)."""
    item = tx.get(AgendaItem, item_id)
    assert item is not None
    if consent_of(tx, item).needs_decision:
        record_decision(tx, item, JUSTIFIED, chair_id)


@dataclass(frozen=True)
class Recorded:
    live: LiveMeeting
    decided_item_id: int  # a decision, an action led by police
    open_item_id: int  # no decision: unfinished at close
    refuge_item_id: int  # the victim's address is withheld; people typed it anyway
    refuge_family_id: int
    housing: Agency
    police_manager: User
    health_manager: User


def recorded_meeting(app: Flask, factory: Factory) -> Recorded:
    live = create_meeting(app, factory, families=2)
    housing = factory.agency("housing")
    case = cases.family_case(app, housing.id, withheld=True)
    police_manager = factory.user([Role.MANAGER], agency=live.police_agency)
    health_manager = factory.user([Role.MANAGER], agency=live.health_agency)
    decided, open_item = live.item_ids
    with app.app_context(), transaction() as tx:
        refuge = rows.item(tx, live.meeting_id, case.family_id, 3)
        _attend(tx, live)
        _texts(tx, live, decided, refuge.id)
        _preparations(tx, live, decided, refuge.id)
        write_field(tx, decided, "risk", "high", 0, live.chair.id)
        write_field(tx, decided, "decision", "Refer to MARAC; police to visit.", 0, live.chair.id)
        write_field(tx, refuge.id, "decision", f"Keep away from {REFUGE}", 0, live.chair.id)
        justify(tx, decided, live.chair.id)
        justify(tx, refuge.id, live.chair.id)
        _actions(tx, live, decided, refuge.id)
        refuge_item_id = refuge.id
    return Recorded(
        live,
        decided,
        open_item,
        refuge_item_id,
        case.family_id,
        housing,
        police_manager,
        health_manager,
    )


def _attend(tx: Session, live: LiveMeeting) -> None:
    now = utcnow()
    rows.attendance(tx, live.meeting_id, live.chair, joined_at=now, confidentiality_accepted_at=now)
    for row in tx.query(Attendance).filter_by(meeting_id=live.meeting_id):
        if row.user_id == live.police.id:
            row.joined_at = row.confidentiality_accepted_at = now
        if row.user_id == live.health.id:
            row.apologies = f"On leave (cover at {cases.REFUGE_PHONE})"


def _texts(tx: Session, live: LiveMeeting, decided: int, refuge: int) -> None:
    store_update(tx, decided, "notes", yjs_update("Two incidents this month."), live.chair.id)
    store_update(
        tx, decided, f"known:{live.police_agency.id}", yjs_update("Police: bail conditions."), 1
    )
    store_update(tx, refuge, "notes", yjs_update(f"Victim now at {REFUGE}."), live.chair.id)
    store_update(tx, refuge, "safety_plan", yjs_update(f"Post to {REFUGE}"), live.chair.id)
    store_update(tx, refuge, f"known:{live.health_agency.id}", yjs_update(f"GP has {REFUGE}"), 1)


def _preparations(tx: Session, live: LiveMeeting, decided: int, refuge: int) -> None:
    for item, agency, author, kind, text in (
        (decided, live.police_agency, live.police, PreparationKind.FACT, "Police prep fact"),
        (decided, live.health_agency, live.health, PreparationKind.NOT_SHARED, "Health secret"),
        (refuge, live.health_agency, live.health, PreparationKind.FACT, f"Lives at {REFUGE}"),
    ):
        tx.add(
            PartnerPreparation(
                agenda_item_id=item,
                agency_id=agency.id,
                author_id=author.id,
                kind=kind,
                text=text,
                withheld_reason="Consent not given" if kind == PreparationKind.NOT_SHARED else None,
                # shared in the meeting (the minutes hold only these), except health's secret
                shared_at=None if kind == PreparationKind.NOT_SHARED else utcnow(),
            )
        )


def _actions(tx: Session, live: LiveMeeting, decided: int, refuge: int) -> None:
    decided_family = tx.get(AgendaItem, decided).family_id  # type: ignore[union-attr]
    refuge_family = tx.get(AgendaItem, refuge).family_id  # type: ignore[union-attr]
    rows.action(
        tx, decided_family, live.police_agency.id, description="Visit the family",
        due_on=date(2030, 1, 10), agenda_item_id=decided, lead_user_id=live.police.id,
    )  # fmt: skip
    rows.action(
        tx, refuge_family, live.health_agency.id, description=f"Write to {REFUGE}",
        due_on=date(2030, 1, 12), agenda_item_id=refuge,
    )  # fmt: skip


def closed_meeting_with(app: Flask, family_id: int, partner: User, chair: User, say: str) -> int:
    """A closed meeting about one family whose every free text (notes, what we know, safety
    plan, decision, preparation, action, apologies, an addendum) says `say`."""
    with app.app_context(), transaction() as tx:
        meeting = rows.meeting(tx, date(2029, 12, 30), starts_at=utcnow(), chair_id=chair.id)
        item = rows.item(tx, meeting.id, family_id)
        rows.attendance(tx, meeting.id, partner, joined_at=utcnow(), apologies=say[:500])
        _say_everywhere(tx, item, partner, chair, say)
        meeting_id, item_id = meeting.id, item.id
    with app.app_context():
        by = db.session().get(User, chair.id)
        assert by is not None
        close_meeting(by, meeting_id)
        add_addendum(by, meeting_id, say, item_id)
    return meeting_id


def _say_everywhere(tx: Session, item: AgendaItem, partner: User, chair: User, say: str) -> None:
    for field in ("notes", "safety_plan", f"known:{partner.agency_id}"):
        store_update(tx, item.id, field, yjs_update(say), partner.id)
    write_field(tx, item.id, "decision", say[:2000], 0, chair.id)
    justify(tx, item.id, chair.id)
    tx.add(
        PartnerPreparation(
            agenda_item_id=item.id,
            agency_id=partner.agency_id,
            author_id=partner.id,
            kind=PreparationKind.NOT_SHARED,
            text=say,
            withheld_reason=say,
        )
    )
    rows.action(
        tx, item.family_id, partner.agency_id, description=say, due_on=date(2030, 1, 1),
        agenda_item_id=item.id,
    )  # fmt: skip
