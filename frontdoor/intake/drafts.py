"""Web-form drafts: one referral being written by one user, kept server-side until sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..audit.service import record
from ..db import db, transaction
from ..models import Channel, ReferralDraft, utcnow
from .people_limit import too_many
from .service import IntakeError, ReferralOutcome, submit_referral
from .validation import FieldError, parse_incident, parse_person


def create_draft(user_id: int, agency_id: int) -> ReferralDraft:
    with transaction() as session:
        draft = ReferralDraft(
            user_id=user_id, agency_id=agency_id, data={"incident": {}, "people": []}
        )
        session.add(draft)
        session.flush()
        return draft


def draft_of(user_id: int, draft_id: int) -> ReferralDraft:
    """The user's own unsent draft; anyone else's is as if it did not exist."""
    draft = db.session().get(ReferralDraft, draft_id)
    if draft is None or draft.user_id != user_id or draft.referral_id is not None:
        raise IntakeError("No such draft referral.")
    return draft


def save_incident(user_id: int, draft_id: int, answers: dict[str, str]) -> list[FieldError]:
    errors: list[FieldError] = []
    parse_incident(answers, errors)
    _update(user_id, draft_id, lambda data: data.update(incident=answers))
    return errors


def save_person(
    user_id: int, draft_id: int, index: int | None, answers: dict[str, str], today: date
) -> list[FieldError]:
    """Check a person's answers; store them (as person `index`, or a new one) when valid."""
    errors: list[FieldError] = []
    parse_person(answers, today, errors, strict=True)
    if errors:
        return errors

    if index is None and (crowded := too_many(len(draft_of(user_id, draft_id).data["people"]) + 1)):
        return [crowded]

    def change(data: dict[str, Any]) -> None:
        people = list(data.get("people", []))
        if index is None:
            people.append(answers)
        elif 0 <= index < len(people):
            people[index] = answers
        data["people"] = people

    _update(user_id, draft_id, change)
    return []


def remove_person(user_id: int, draft_id: int, index: int) -> None:
    def change(data: dict[str, Any]) -> None:
        data["people"] = [p for i, p in enumerate(data.get("people", [])) if i != index]

    _update(user_id, draft_id, change)


def send(user_id: int, draft_id: int, today: date) -> ReferralOutcome:
    draft = draft_of(user_id, draft_id)
    incident = dict(draft.data.get("incident", {}))
    reference = incident.pop("reference", "").strip() or f"web-{draft.id}"
    outcome = submit_referral(
        reference,
        incident,
        draft.data.get("people", []),
        agency_id=draft.agency_id,
        channel=Channel.WEB_FORM,
        user_id=user_id,
        today=today,
    )
    if outcome.referral_id is not None:
        with transaction() as session:
            stored = session.get(ReferralDraft, draft_id)
            assert stored is not None
            stored.referral_id = outcome.referral_id
            record(session, "intake.web_form.send", object_type="referral",
                   object_id=outcome.referral_id, user_id=user_id)  # fmt: skip
    return outcome


def _update(user_id: int, draft_id: int, change: Any) -> None:
    with transaction():
        draft = draft_of(user_id, draft_id)
        data = {"incident": {}, "people": [], **draft.data}
        change(data)
        draft.data = data
        draft.updated_at = utcnow()
