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
from sqlalchemy import select, update
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


class StaleFgc(ChildrenError):
    """Someone changed the FGC since the writer last saw it; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("Someone changed the Family Group Conference since you saw it.")


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


def member_item(tx: Session, user: User, meeting_id: int, item_id: object) -> AgendaItem:
    """An item of this meeting, for one of its members (LookupError otherwise)."""
    item = tx.get(AgendaItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.meeting_id != meeting_id:
        raise LookupError(item_id)
    _member(tx, user, item.id)
    return item


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
            record.decision_version = (record.decision_version or 0) + 1
        for name, text in (("impact", impact), ("voice", voice)):
            value = guard.scrub_text(text.strip()) or None
            if value != getattr(record, name):  # a change the live page's versions must see
                setattr(record, name, value)
                setattr(record, f"{name}_by_id", user.id)
                setattr(record, f"{name}_version", (getattr(record, f"{name}_version") or 0) + 1)
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
            offer = FgcOffer(agenda_item_id=item.id, family_id=item.family_id, version=1,
                             status=FgcStatus.PROPOSED, proposed_by_id=user.id,
                             updated_by_id=user.id)  # fmt: skip
            tx.add(offer)
            tx.flush()  # a concurrent proposal fails here on the unique item
        return offer


def _chairs_offer(
    tx: Session, user: User, item_id: int, version: int | None
) -> tuple[FgcOffer, AgendaItem, Member]:
    """The item's offer, for the chair, claimed for a change: its version goes up by one
    only if it is still `version` (None: the no-script page, which shows no version)."""
    member, item = _member(tx, user, item_id)
    if not member.is_chair:
        raise ChildrenError("Only the chair records this.")
    offer = offer_of(tx, item.id)
    if offer is None:
        raise ChildrenError("No FGC has been proposed for this family.")
    base = offer.version if version is None else version
    claimed = tx.execute(
        update(FgcOffer)
        .where(FgcOffer.id == offer.id, FgcOffer.version == base)
        .values(version=base + 1, updated_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        raise StaleFgc()
    offer.version, offer.updated_by_id = base + 1, user.id
    return offer, item, member


def agree_fgc(user: User, item_id: int, version: int | None = None) -> FgcOffer:
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id, version)
        if offer.status is FgcStatus.PROPOSED:
            offer.status, offer.agreed_by_id, offer.agreed_at = FgcStatus.AGREED, user.id, utcnow()
        return offer


def record_consent(
    user: User, item_id: int, *, consent: bool, invitees: str, version: int | None = None
) -> FgcOffer:
    """The victim's answer and her choice of who is invited (the chair records it)."""
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id, version)
        if offer.status is FgcStatus.PROPOSED:
            raise ChildrenError("The meeting has to agree to offer the FGC first.")
        offer.status = FgcStatus.ACCEPTED if consent else FgcStatus.DECLINED
        offer.consent_recorded_by_id, offer.consent_recorded_at = user.id, utcnow()
        offer.invitees = guard_for(tx).scrub_text(invitees.strip()) or None
        return offer


def record_perpetrator(
    user: User,
    item_id: int,
    *,
    requested: bool,
    acknowledges: bool,
    attends: bool,
    version: int | None = None,
) -> FgcOffer:
    """The perpetrator attends only at the victim's request and if he acknowledges the abuse."""
    if attends and not (requested and acknowledges):
        raise ChildrenError(
            "The perpetrator can attend only when the victim has asked for it and he "
            "acknowledges the abuse: record both first."
        )
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id, version)
        if offer.status is not FgcStatus.ACCEPTED and (requested or attends):
            raise ChildrenError("The victim has not consented to the FGC.")
        offer.perpetrator_requested, offer.perpetrator_acknowledges = requested, acknowledges
        offer.perpetrator_attends = attends
        return offer


def refer_fgc(user: User, item_id: int, version: int | None = None) -> FgcOffer:
    """An action for the configured FGC service, due when set-up should be done (8 weeks)."""
    with transaction() as tx:
        offer, item, _ = _chairs_offer(tx, user, item_id, version)
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


def record_outcome(
    user: User,
    item_id: int,
    *,
    held_on: date | None,
    needs: list[str],
    version: int | None = None,
) -> FgcOffer:
    with transaction() as tx:
        offer, _, _ = _chairs_offer(tx, user, item_id, version)
        unknown = [n for n in needs if n not in UNMET_NEEDS]
        if unknown:
            raise ChildrenError("Unknown need: " + ", ".join(unknown))
        if held_on is not None:
            if offer.status is not FgcStatus.ACCEPTED and offer.status is not FgcStatus.HELD:
                raise ChildrenError("An FGC is held only after the victim consented.")
            offer.status, offer.held_on = FgcStatus.HELD, held_on
        offer.unmet_needs = ",".join(sorted(set(needs))) or None
        return offer
