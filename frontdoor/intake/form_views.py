"""The web referral form for agencies without a system: incident, people, check your answers."""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.guards import Access, GuardedBlueprint
from ..models import ReferralDraft, Role
from . import drafts
from .form_fields import (
    INCIDENT_QUESTIONS,
    PERSON_QUESTIONS,
    Question,
    answers_from,
    display_value,
    errors_by_field,
    template_questions,
)
from .service import IntakeError

bp = GuardedBlueprint(
    "referral_form",
    __name__,
    url_prefix="/refer",
    access=Access.roles_in(Role.PARTNER, Role.AGENCY_WORKER, Role.COORDINATOR),
)
REFERENCE = Question("reference", "Your reference for this referral (optional)", width="20")


def _draft(draft_id: int) -> ReferralDraft:
    try:
        return drafts.draft_of(current_user.id, draft_id)
    except IntakeError:
        abort(404)


@bp.get("/")
def start() -> str:
    return render_template("intake/refer_start.html", page_title="Make a referral")


@bp.post("/")
def create() -> Response:
    draft = drafts.create_draft(current_user.id, current_user.agency_id)
    return redirect(url_for("referral_form.incident", draft_id=draft.id))


@bp.route("/<int:draft_id>/incident", methods=["GET", "POST"])
def incident(draft_id: int) -> Response | str:
    draft = _draft(draft_id)
    questions = (REFERENCE, *INCIDENT_QUESTIONS)
    values, errors = draft.data.get("incident", {}), {}
    if request.method == "POST":
        values = answers_from(request.form, questions)
        found = drafts.save_incident(current_user.id, draft_id, values)
        if not found:
            return redirect(url_for("referral_form.people", draft_id=draft_id))
        errors = errors_by_field(found)
    return render_template(
        "intake/refer_questions.html",
        page_title="About the incident",
        questions=template_questions(questions, values, errors),
        errors=errors,
        back=url_for("referral_form.start"),
    )


@bp.get("/<int:draft_id>/people")
def people(draft_id: int) -> str:
    draft = _draft(draft_id)
    return render_template(
        "intake/refer_people.html",
        page_title="People in the incident",
        draft=draft,
        people=draft.data.get("people", []),
    )


@bp.route("/<int:draft_id>/people/add", methods=["GET", "POST"])
@bp.route("/<int:draft_id>/people/<int:index>", methods=["GET", "POST"])
def person(draft_id: int, index: int | None = None) -> Response | str:
    draft = _draft(draft_id)
    known = draft.data.get("people", [])
    if index is not None and not 0 <= index < len(known):
        abort(404)
    values, errors = (known[index] if index is not None else {}), {}
    if request.method == "POST":
        values = answers_from(request.form, PERSON_QUESTIONS)
        found = drafts.save_person(current_user.id, draft_id, index, values, date.today())
        if not found:
            return redirect(url_for("referral_form.people", draft_id=draft_id))
        errors = errors_by_field(found)
    return render_template(
        "intake/refer_questions.html",
        page_title="Add a person" if index is None else "Change a person",
        questions=template_questions(PERSON_QUESTIONS, values, errors),
        errors=errors,
        back=url_for("referral_form.people", draft_id=draft_id),
    )


@bp.post("/<int:draft_id>/people/<int:index>/remove")
def remove_person(draft_id: int, index: int) -> Response:
    _draft(draft_id)
    drafts.remove_person(current_user.id, draft_id, index)
    return redirect(url_for("referral_form.people", draft_id=draft_id))


@bp.route("/<int:draft_id>/check", methods=["GET", "POST"])
def check(draft_id: int) -> Response | str:
    draft = _draft(draft_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        outcome = drafts.send(current_user.id, draft_id, date.today())
        if outcome.status != "invalid":
            return render_template(
                "intake/refer_sent.html", page_title="Referral sent", outcome=outcome
            )
        errors = {e.field: e.message for e in outcome.errors}
    incident_answers = draft.data.get("incident", {})
    return render_template(
        "intake/refer_check.html",
        page_title="Check your answers before sending the referral",
        draft=draft,
        incident=[(q, display_value(q, incident_answers.get(q.name, "")))
                  for q in (REFERENCE, *INCIDENT_QUESTIONS)],
        people=[[(q, display_value(q, p.get(q.name, ""))) for q in PERSON_QUESTIONS]
                for p in draft.data.get("people", [])],
        errors=errors,
    )  # fmt: skip
