"""Consent that changes what happens (#20).

Each agenda item shows the victim's consent to share (Y / N / U) and who recorded it. Where it
is N (refused) or U (not asked, not known), the meeting must record — before the item can be
finished — why sharing without consent is justified (one or more grounds from a list, plus free
text) and whether, by whom and how safely the victim will be told. The record is in the
minutes and the audit. Sharing without consent can be lawful; it must be recorded (DfE
information-sharing advice 2024; SafeLives).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.access.withheld import scrub_text
from frontdoor.audit.service import record
from frontdoor.models import (
    AgendaItem,
    AgendaSource,
    Consent,
    ConsentDecision,
    Referral,
    User,
    VictimTold,
    utcnow,
)

GROUNDS = {
    "serious_harm_victim": "Risk of serious harm to the victim",
    "risk_to_children": "Risk to children",
    "crime": "Prevention or detection of crime",
}
STATUS_WORDS = {
    "Y": "Consent given",
    "N": "Consent refused",
    "U": "Consent not known (not asked, or not safe to ask)",
}
NO_REFERRAL_WORDS = "No referral: consent was not asked"
MAX_TEXT = 2000


class ConsentError(ValueError):
    """The consent decision is incomplete."""


class ConsentRequired(Exception):
    """The item cannot be finished: consent is N or U and no decision is recorded."""


@dataclass(frozen=True)
class ConsentView:
    status: str  # Y, N or U
    words: str
    recorded_by: str  # which agency (and officer) recorded the victim's answer
    needs_decision: bool
    decision: dict[str, Any] | None
    no_referral: bool = False  # the family is here without any referral: nobody asked her

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "no_referral": self.no_referral,
            "words": self.words,
            "recorded_by": self.recorded_by,
            "needs_decision": self.needs_decision,
            "decision": self.decision,
        }


def _referrals(session: Session, item: AgendaItem) -> list[Referral]:
    """The item's own referrals; a family here without a new incident: its latest referral."""
    own = list(
        session.scalars(
            select(Referral)
            .join(AgendaSource, AgendaSource.referral_id == Referral.id)
            .where(AgendaSource.agenda_item_id == item.id)
            .order_by(Referral.received_at)
        )
    )
    if own:
        return own
    latest = session.scalars(
        select(Referral)
        .where(Referral.family_id == item.family_id)
        .order_by(Referral.received_at.desc())
        .limit(1)
    ).first()
    return [latest] if latest else []


def _who(referral: Referral) -> str:
    officer = f" ({referral.officer})" if referral.officer else ""
    return f"{referral.agency.name}{officer}, referral {referral.source_ref}"


def status_of(referrals: list[Referral]) -> tuple[str, Referral | None]:
    """N if any referral records a refusal; Y only if every referral records consent; else U."""
    refused = [r for r in referrals if r.consent_to_share == Consent.NO]
    if refused:
        return "N", refused[-1]
    if referrals and all(r.consent_to_share == Consent.YES for r in referrals):
        return "Y", referrals[-1]
    unknown = [r for r in referrals if r.consent_to_share != Consent.YES]
    return "U", (unknown[-1] if unknown else None)


def consent_of(session: Session, item: AgendaItem) -> ConsentView:
    """The item's consent. A family with no referral at all (on the agenda by a coordinator,
    or carried forward: nobody asked the victim anything) is U — "no referral: consent was not
    asked" — and needs the same recorded justification as any U before it can be finished: the
    meeting still shares what the agencies know about her without her consent."""
    referrals = _referrals(session, item)
    status, source = status_of(referrals)
    decision = session.get(ConsentDecision, item.id)
    return ConsentView(
        status=status,
        words=STATUS_WORDS[status] if referrals else NO_REFERRAL_WORDS,
        recorded_by=_who(source) if source else "",
        needs_decision=status != "Y" and decision is None,
        decision=decision_dict(session, decision) if decision else None,
        no_referral=not referrals,
    )


def decision_dict(session: Session, decision: ConsentDecision) -> dict[str, Any]:
    by = session.get(User, decision.recorded_by_id)
    return {
        "consent": decision.consent,
        "grounds": [GROUNDS.get(code, code) for code in decision.grounds],
        "justification": decision.justification,
        "victim_told": decision.victim_told.value,
        "told_by": decision.told_by or "",
        "how_safely": decision.how_safely,
        "recorded_by": by.display_name if by else "",
        "recorded_at": decision.recorded_at.isoformat(),
    }


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip()[:MAX_TEXT] if isinstance(value, str) else ""


def _checked(data: Mapping[str, Any]) -> tuple[list[str], str, VictimTold, str, str]:
    grounds = data.get("grounds")
    if not isinstance(grounds, list) or not grounds or not set(grounds) <= set(GROUNDS):
        raise ConsentError("Choose why sharing without consent is justified.")
    justification = _text(data, "justification")
    if not justification:
        raise ConsentError("Explain why sharing without consent is necessary and proportionate.")
    told = data.get("victim_told")
    if told not in ("yes", "no"):
        raise ConsentError("Say whether the victim will be told.")
    told_by, how = _text(data, "told_by")[:200], _text(data, "how_safely")
    if told == "yes" and not (told_by and how):
        raise ConsentError("Say who will tell the victim and how it will be done safely.")
    if told == "no" and not how:
        raise ConsentError("Say why telling the victim would not be safe.")
    return sorted(set(grounds)), justification, VictimTold(told), told_by, how


def record_decision(
    tx: Session, item: AgendaItem, data: Mapping[str, Any], user_id: int
) -> ConsentDecision:
    """Record (or correct) the meeting's decision to share without consent."""
    status, _source = status_of(_referrals(tx, item))
    if status == "Y":
        raise ConsentError("The victim consented: no justification is needed.")
    grounds, justification, told, told_by, how = _checked(data)
    # Free text: a withheld (refuge) detail typed here is never stored (the one guard).
    justification, told_by, how = (scrub_text(tx, t) for t in (justification, told_by, how))
    decision = tx.get(ConsentDecision, item.id) or ConsentDecision(agenda_item_id=item.id)
    decision.consent, decision.grounds, decision.justification = status, grounds, justification
    decision.victim_told, decision.told_by, decision.how_safely = told, told_by or None, how
    decision.recorded_by_id, decision.recorded_at = user_id, utcnow()
    tx.add(decision)
    tx.flush()
    record(
        tx, "meeting.consent_decision", object_type="family", object_id=item.family_id,
        purpose="meeting", agenda_item_id=item.id, consent=status, grounds=grounds,
        victim_told=told.value,
    )  # fmt: skip
    return decision


def ensure_may_finish(session: Session, item: AgendaItem) -> None:
    """Raise ConsentRequired when the item's consent is N or U and no decision is recorded."""
    if consent_of(session, item).needs_decision:
        raise ConsentRequired(
            "Record why information is shared without the victim's consent, and whether she "
            "will be told, before finishing this family."
        )
