"""Per child in the meeting, and the Family Group Conference pathway (#18, docs/children.md).

Any member of the live meeting (a partner or the chair) records a child's CSC decision (who
decided and when: the time from the family's first referral to the decision is measured against
one working day), the impact on the child and the child's voice, and proposes an FGC; the chair
agrees it and records the victim's consent and her choice of invitees, and refers to the FGC
service (an action for the agency `FGC_SERVICE_AGENCY`, due in 8 weeks: set-up takes 6-8).
The perpetrator's attendance can be recorded only with both "requested by the victim" and
"acknowledges the abuse" (checked here and by the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from agenda.live.access import Member, member_of
from agenda.live.actions import create_action
from frontdoor.access.withheld import guard_for
from frontdoor.accounts import dao as accounts_dao
from frontdoor.db import transaction
from frontdoor.models import (
    AgendaItem,
    AgendaSource,
    ChildRecord,
    CscDecision,
    FamilyMember,
    FgcOffer,
    FgcStatus,
    MemberRole,
    MembershipStatus,
    Person,
    PersonRecord,
    Referral,
    User,
    utcnow,
)
from frontdoor.outcomes.workdays import next_working_day

from ..schedule import local_date

FGC_SETUP_WEEKS = 8
UNMET_NEEDS = {
    "housing": "Housing",
    "money": "Money and debt",
    "childcare": "Childcare",
    "mental_health": "Mental health support",
    "substance_use": "Drug or alcohol support",
    "parenting": "Parenting support",
    "legal": "Legal advice",
    "children_support": "Support for the children (counselling, play)",
    "education": "Education or school support",
    "isolation": "Someone to talk to / family support",
}
DECISION_TEXT = {
    CscDecision.NFA: "No further action",
    CscDecision.EARLY_HELP: "Early help",
    CscDecision.ASSESSMENT: "Child and family assessment",
    CscDecision.STRATEGY: "Strategy discussion / section 47 enquiry",
}


class ChildrenError(ValueError):
    """A request the meeting cannot carry out; the message says why."""


@dataclass(frozen=True)
class Child:
    person_id: int
    name: str
    date_of_birth: date | None
    record: ChildRecord | None
    within_one_working_day: bool | None  # None until decided


def _member(tx: Session, user: User, item_id: int) -> tuple[Member, AgendaItem]:
    item = tx.get(AgendaItem, item_id)
    member = member_of(tx, user, item.meeting_id) if item is not None else None
    if item is None or member is None:
        raise LookupError(item_id)
    return member, item


def children_of(tx: Session, item: AgendaItem) -> list[Child]:
    """The family's children, with what this item records for each."""
    rows = tx.execute(
        select(Person.id, PersonRecord.given_name, PersonRecord.surname,
               PersonRecord.date_of_birth)
        .join(FamilyMember, FamilyMember.person_id == Person.id)
        .join(PersonRecord, PersonRecord.person_id == Person.id)
        .where(FamilyMember.family_id == item.family_id,
               FamilyMember.member_role == MemberRole.CHILD,
               FamilyMember.status == MembershipStatus.MEMBER)
        .order_by(Person.id, PersonRecord.id)
    )  # fmt: skip
    seen: dict[int, Child] = {}
    arrived = first_referral_at(tx, item)
    for person_id, given, surname, born in rows:
        if person_id in seen:
            continue
        record = tx.scalar(select(ChildRecord).where(
            ChildRecord.agenda_item_id == item.id, ChildRecord.person_id == person_id))  # fmt: skip
        seen[person_id] = Child(
            person_id, " ".join(p for p in (given, surname) if p) or f"Child {person_id}", born,
            record, _in_time(arrived, record.decided_at if record else None),
        )  # fmt: skip
    return list(seen.values())


def first_referral_at(tx: Session, item: AgendaItem) -> datetime | None:
    return tx.scalar(
        select(Referral.received_at)
        .join(AgendaSource, AgendaSource.referral_id == Referral.id)
        .where(AgendaSource.agenda_item_id == item.id)
        .order_by(Referral.received_at)
        .limit(1)
    )


def _in_time(arrived: datetime | None, decided: datetime | None) -> bool | None:
    if decided is None or arrived is None:
        return None
    return local_date(decided) <= next_working_day(local_date(arrived))


def record_child(
    user: User, item_id: int, person_id: int, *, decision: str | None, impact: str, voice: str
) -> ChildRecord:
    with transaction() as tx:
        _, item = _member(tx, user, item_id)
        if person_id not in {c.person_id for c in children_of(tx, item)}:
            raise ChildrenError("That child is not in this family.")
        chosen = CscDecision(decision) if decision else None
        record = tx.scalar(select(ChildRecord).where(
            ChildRecord.agenda_item_id == item.id, ChildRecord.person_id == person_id))  # fmt: skip
        if record is None:
            record = ChildRecord(agenda_item_id=item.id, person_id=person_id)
            tx.add(record)
        guard = guard_for(tx)
        if chosen is not None and chosen != record.decision:
            record.decision, record.decided_by_id, record.decided_at = chosen, user.id, utcnow()
        record.impact = guard.scrub_text(impact.strip()) or None
        record.voice = guard.scrub_text(voice.strip()) or None
        record.updated_by_id = user.id
        return record


def offer_of(tx: Session, item_id: int) -> FgcOffer | None:
    return tx.scalar(select(FgcOffer).where(FgcOffer.agenda_item_id == item_id))


def propose_fgc(user: User, item_id: int) -> FgcOffer:
    """Any member of the meeting may propose an FGC for the family."""
    with transaction() as tx:
        _, item = _member(tx, user, item_id)
        offer = offer_of(tx, item.id)
        if offer is None:
            offer = FgcOffer(agenda_item_id=item.id, family_id=item.family_id,
                             status=FgcStatus.PROPOSED, proposed_by_id=user.id)  # fmt: skip
            tx.add(offer)
        return offer


def _chairs_offer(tx: Session, user: User, item_id: int) -> tuple[FgcOffer, AgendaItem, Member]:
    member, item = _member(tx, user, item_id)
    if not member.is_chair:
        raise ChildrenError("Only the chair records this.")
    offer = offer_of(tx, item.id)
    if offer is None:
        raise ChildrenError("No FGC has been proposed for this family.")
    return offer, item, member


def agree_fgc(user: User, item_id: int) -> FgcOffer:
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id)
        if offer.status is FgcStatus.PROPOSED:
            offer.status, offer.agreed_by_id, offer.agreed_at = FgcStatus.AGREED, user.id, utcnow()
        return offer


def record_consent(user: User, item_id: int, *, consent: bool, invitees: str) -> FgcOffer:
    """The victim's answer and her choice of who is invited (the chair records it)."""
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id)
        if offer.status is FgcStatus.PROPOSED:
            raise ChildrenError("The meeting has to agree to offer the FGC first.")
        offer.status = FgcStatus.ACCEPTED if consent else FgcStatus.DECLINED
        offer.consent_recorded_by_id, offer.consent_recorded_at = user.id, utcnow()
        offer.invitees = guard_for(tx).scrub_text(invitees.strip()) or None
        return offer


def record_perpetrator(
    user: User, item_id: int, *, requested: bool, acknowledges: bool, attends: bool
) -> FgcOffer:
    """The perpetrator attends only at the victim's request and if he acknowledges the abuse."""
    if attends and not (requested and acknowledges):
        raise ChildrenError(
            "The perpetrator can attend only when the victim has asked for it and he "
            "acknowledges the abuse: record both first."
        )
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id)
        if offer.status is not FgcStatus.ACCEPTED and (requested or attends):
            raise ChildrenError("The victim has not consented to the FGC.")
        offer.perpetrator_requested, offer.perpetrator_acknowledges = requested, acknowledges
        offer.perpetrator_attends = attends
        return offer


def refer_fgc(user: User, item_id: int) -> FgcOffer:
    """An action for the configured FGC service, due when set-up should be done (8 weeks)."""
    with transaction() as tx:
        offer, item, _ = _chairs_offer(tx, user, item_id)
        if offer.status is not FgcStatus.ACCEPTED:
            raise ChildrenError("Refer only once the victim has consented.")
        code = current_app.config.get("FGC_SERVICE_AGENCY")
        agency = accounts_dao.agency_by_code(tx, code) if code else None
        if agency is None:
            raise ChildrenError("No FGC service is configured (FGC_SERVICE_AGENCY).")
        if offer.referral_action_id is None:
            due = local_date(utcnow()) + timedelta(weeks=FGC_SETUP_WEEKS)
            payload = {
                "description": "Family Group Conference: referral accepted by the victim; "
                "set up the conference (6-8 weeks) with the invitees she chose",
                "lead_agency_id": agency.id,
                "due_on": due.isoformat(),
            }
            offer.referral_action_id = create_action(tx, item, payload, user.id).id
        return offer


def record_outcome(user: User, item_id: int, *, held_on: date | None, needs: list[str]) -> FgcOffer:
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id)
        unknown = [n for n in needs if n not in UNMET_NEEDS]
        if unknown:
            raise ChildrenError("Unknown need: " + ", ".join(unknown))
        if held_on is not None:
            if offer.status is not FgcStatus.ACCEPTED and offer.status is not FgcStatus.HELD:
                raise ChildrenError("An FGC is held only after the victim consented.")
            offer.status, offer.held_on = FgcStatus.HELD, held_on
        offer.unmet_needs = ",".join(sorted(set(needs))) or None
        return offer
