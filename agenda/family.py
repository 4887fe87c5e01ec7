"""The family on one screen: who they are, what is new, their history and who is involved.

Withheld addresses: if ANY member's address is withheld (a refuge), no address or incident
postcode of the family is put in the summary at all, because the children and other records
of the household may carry the same new address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from frontdoor.access.redaction import scrub, withheld_values
from frontdoor.identity.linked_cases import linked_cases
from frontdoor.models import (
    AgendaItem,
    AgendaItemState,
    DashRisk,
    FamilyMember,
    Involvement,
    MemberRole,
    PersonRecord,
    Referral,
)
from frontdoor.names import best_name, family_label, long_date

from . import dao, family_dao, marac_dao
from .consent import ConsentView, consent_of
from .facts import months_between
from .live.fields import read_fields
from .marac_status import status_text
from .ordering import describe_age
from .risk import assessment_text, level_word

TWELVE_MONTHS = timedelta(days=365)
WITHHELD = "Withheld"


@dataclass(frozen=True)
class MemberView:
    name: str
    role: str
    age: str
    born: date | None
    address: str
    is_child: bool
    incident_roles: str = ""  # "Victim", "Perpetrator", "Child", "Other" as the referrals say


@dataclass(frozen=True)
class IncidentView:
    referral_id: int
    agency: str
    reference: str
    received_at: datetime
    risk: str
    score: int | None
    flags: list[str]
    assessment: str
    after_cutoff: bool
    postcode: str
    narrative: str | None
    consent: str = ""


@dataclass(frozen=True)
class EarlierMeeting:
    meeting_date: date
    status: str
    reason: str | None
    risk: str = ""
    decision: str = ""
    marac: str = ""


@dataclass(frozen=True)
class ActionView:
    description: str
    lead: str
    due_on: date
    overdue: bool
    id: int | None = None
    lead_agency_id: int | None = None  # the action's page opens for its agency (and the chair)


@dataclass(frozen=True)
class AgencyView:
    name: str
    is_lead: bool
    worker: str | None
    since: date


@dataclass(frozen=True)
class FamilySummary:
    item_id: int
    family_id: int
    label: str
    members: list[MemberView]
    new_incidents: list[IncidentView]
    earlier_incidents: list[IncidentView]
    earlier_meetings: list[EarlierMeeting]
    outstanding_actions: list[ActionView]
    marac_status: str
    criteria: list[str]  # the MARAC criteria met, one printed line each
    agencies: list[AgencyView]
    lead: AgencyView | None
    address_withheld: bool
    order_reason: str | None
    linked_cases: list[str] = field(default_factory=list)  # counts and meeting dates only
    consent_view: ConsentView | None = None  # status, who recorded it, the decision (#20)

    @property
    def consent(self) -> str:
        """The most recent new incident's answer on consent to share."""
        return next((i.consent for i in reversed(self.new_incidents) if i.consent), "")


FLAG_WORDS = {
    "children_present": "children present",
    "separation": "separation",
    "pregnancy": "pregnancy",
    "strangulation": "strangulation",
    "stalking": "stalking",
    "threats_to_kill": "threats to kill",
}


def family_summary(session: Session, item: AgendaItem) -> FamilySummary:
    day = item.meeting.meeting_date
    members = family_dao.members_with_records(session, item.family_id)
    new_referrals, late = _item_referrals(session, item)
    withheld = any(r.address_withheld for _, records in members for r in records) or any(
        r.address_withheld
        for r in family_dao.records_of_referrals(session, [x.id for x in new_referrals])
    )
    earlier = _earlier_incidents(session, item, {r.id for r in new_referrals})
    hidden = withheld_values(session, item.family_id)
    involved = [
        _agency(i)
        for i in family_dao.involvements(session, item.family_id, [m.person_id for m, _ in members])
    ]
    return FamilySummary(
        item_id=item.id,
        family_id=item.family_id,
        label=family_label(item.family.label, item.family_id),
        members=_members(
            members,
            day,
            withheld,
            family_dao.referral_roles(session, item.family_id, [m for m, _ in members]),
        ),
        new_incidents=[_incident(r, withheld, hidden, r.id in late) for r in new_referrals],
        earlier_incidents=[_incident(r, withheld, hidden, False) for r in earlier],
        earlier_meetings=[
            _earlier_meeting(session, i, hidden)
            for i in family_dao.earlier_items(session, item.family_id, day)
        ],
        outstanding_actions=_outstanding(session, item.family_id, day, hidden),
        marac_status=_marac_status(session, item, new_referrals),
        criteria=_criteria(session, item),
        agencies=involved,
        lead=next((a for a in involved if a.is_lead), None),
        address_withheld=withheld,
        order_reason=item.order_reason,
        linked_cases=_linked(session, item.family_id, members, day),
        consent_view=consent_of(session, item),
    )


def _linked(
    session: Session,
    family_id: int,
    members: list[tuple[FamilyMember, list[PersonRecord]]],
    day: date,
) -> list[str]:
    names = {member.person_id: best_name(records) for member, records in members}
    return [
        f"{names.get(link.person_id, 'The perpetrator')}: {link.describe(day)}"
        for link in linked_cases(session, family_id)
    ]


def _outstanding(
    session: Session, family_id: int, day: date, hidden: frozenset[str]
) -> list[ActionView]:
    """Open actions. A description is free text: a withheld detail typed into it is scrubbed."""
    return [
        ActionView(
            scrub(a.description, hidden),
            a.lead_agency.name,
            a.due_on,
            a.due_on < day,
            a.id,
            a.lead_agency_id,
        )
        for a in family_dao.open_actions(session, family_id)
    ]


def _earlier_incidents(session: Session, item: AgendaItem, on_agenda: set[int]) -> list[Referral]:
    cutoff = item.meeting.cutoff_at or item.meeting.starts_at
    since = cutoff - TWELVE_MONTHS
    incidents = dao.family_incidents_between(session, [item.family_id], since, cutoff)
    return [r for r in incidents if r.id not in on_agenda]


def _item_referrals(session: Session, item: AgendaItem) -> tuple[list[Referral], set[int]]:
    state = session.get(AgendaItemState, item.id)
    carried = {state.carried_from_item_id: item.id} if state and state.carried_from_item_id else {}
    ids = [item.id, *dao.carried_chain(session, carried)]  # every earlier deferral of the family
    sources = dao.sources_of_items(session, ids)
    return [s.referral for s in sources], {s.referral_id for s in sources if s.after_cutoff}


def _earlier_meeting(session: Session, item: AgendaItem, hidden: frozenset[str]) -> EarlierMeeting:
    """An earlier discussion with what it agreed (the decision is free text: scrubbed)."""
    agreed = read_fields(session, item.id)
    return EarlierMeeting(
        item.meeting.meeting_date,
        item.status.value,
        item.status_reason,
        risk=str(agreed["risk"]["value"]),
        decision=scrub(str(agreed["decision"]["value"]), hidden) or "",
        marac=MARAC_WORDS.get(str(agreed["marac"]["value"]), ""),
    )


MARAC_WORDS = {
    "yes": "Referred",
    "no": "Not referred",
    "considered": "Considered, criteria not met",
}
ROLE_ORDER = ["victim", "perpetrator", "child", "other"]


@dataclass(frozen=True)
class Household:
    members: list[MemberView]
    records: list[PersonRecord]
    address_withheld: bool


def household(session: Session, family_id: int, day: date) -> Household:
    """The family's members as the family page shows them (roles in the family's incidents,
    ages on `day`, children youngest first, no address at all if any is withheld)."""
    members = family_dao.members_with_records(session, family_id)
    withheld = any(r.address_withheld for _, records in members for r in records)
    roles = family_dao.referral_roles(session, family_id, [m for m, _ in members])
    views = _members(members, day, withheld, roles)
    return Household(views, [r for _, records in members for r in records], withheld)


def _members(
    members: list[tuple[FamilyMember, list[PersonRecord]]],
    day: date,
    withheld: bool,
    roles: dict[int, set[str]],
) -> list[MemberView]:
    views = []
    for member, records in members:
        born = max((r.date_of_birth for r in records if r.date_of_birth), default=None)
        role, label = member.member_role, member.relationship_label
        in_incidents = roles.get(member.person_id, set())
        views.append(
            MemberView(
                name=best_name(records),
                role=label or role.value,
                age=describe_age(months_between(born, day)) if born else "Age not known",
                born=born,
                address=WITHHELD if withheld else _address(records),
                is_child=role == MemberRole.CHILD,
                incident_roles=", ".join(r.capitalize() for r in ROLE_ORDER if r in in_incidents),
            )
        )
    adults = [v for v in views if not v.is_child]
    children = sorted(
        (v for v in views if v.is_child), key=lambda v: v.born or date.min, reverse=True
    )
    return adults + children


def _address(records: list[PersonRecord]) -> str:
    latest = next((r for r in reversed(records) if r.address or r.postcode), None)
    if latest is None:
        return "Not recorded"
    return ", ".join(p for p in (latest.address, latest.postcode) if p)


def _incident(
    referral: Referral, withheld: bool, hidden: frozenset[str], late: bool
) -> IncidentView:
    """A narrative is free text from the referrer: a withheld detail in it is scrubbed."""
    flags = [words for attr, words in FLAG_WORDS.items() if getattr(referral, attr)]
    return IncidentView(
        referral_id=referral.id,
        agency=referral.agency.name,
        reference=referral.source_ref,
        received_at=referral.received_at,
        risk=level_word(referral.dash_risk),
        score=referral.dash_score,
        flags=flags,
        assessment=assessment_text(
            referral.risk_tool, referral.dash_risk, referral.dash_score, referral.risk_reason
        ),
        after_cutoff=late,
        postcode=WITHHELD if withheld else (referral.location_postcode or ""),
        narrative=scrub(referral.narrative, hidden),
        consent=CONSENT_WORDS.get(str(referral.consent_to_share or ""), ""),
    )


CONSENT_WORDS = {
    "Y": "Consent to share given",
    "N": "No consent to share",
    "U": "Consent not known",
}


def _agency(involvement: Involvement) -> AgencyView:
    return AgencyView(
        involvement.agency.name, involvement.is_lead, involvement.lead_worker, involvement.since
    )


def _criteria(session: Session, item: AgendaItem) -> list[str]:
    state = session.get(AgendaItemState, item.id)
    return state.criteria.splitlines() if state is not None and state.criteria else []


def _marac_status(session: Session, item: AgendaItem, referrals: list[Referral]) -> str:
    referred = status_text(marac_dao.referrals_of_family(session, item.family_id))
    if referred:
        return referred
    flagged = family_dao.marac_flags(session, item.family_id)
    if flagged:
        return f"Flagged for MARAC at the meeting of {long_date(flagged[0])}."
    if any(r.dash_risk == DashRisk.HIGH for r in referrals):
        return "Not yet referred to MARAC; a new incident is graded high risk."
    return "Not referred to MARAC."
