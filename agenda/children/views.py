"""The children panel of an agenda item in the live meeting: one page per item (opened from
the live meeting), forms that post and come back. Members of the meeting only (404 else)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from agenda.live.access import member_of
from frontdoor.audit.service import record_view
from frontdoor.auth.guards import Access, GuardedBlueprint
from frontdoor.db import db
from frontdoor.models import AgendaItem, CscDecision, Role

from . import service
from .service import DECISION_TEXT, UNMET_NEEDS, ChildrenError

bp = GuardedBlueprint(
    "children_meeting", __name__, url_prefix="/items",
    access=Access.roles_in(Role.COORDINATOR, Role.PARTNER),
)  # fmt: skip

VOICE_PROMPTS = (
    "What did the child say about home and about the incident?",
    "How does the child seem at school or nursery (attendance, behaviour, mood)?",
    "Who does the child feel safe with?",
)


@bp.get("/<int:item_id>/children")
def page(item_id: int) -> str:
    session = db.session()
    item = session.get(AgendaItem, item_id)
    if item is None or member_of(session, current_user, item.meeting_id) is None:
        abort(404)
    children = service.children_of(session, item)
    record_view(
        "children.viewed", object_type="agenda_item", object_id=item_id, purpose="live meeting",
        family_id=item.family_id,
    )  # fmt: skip
    return render_template(
        "children/meeting.html",
        page_title="Children",
        item=item,
        children=children,
        offer=service.offer_of(session, item.id),
        decisions=[(d.value, DECISION_TEXT[d]) for d in CscDecision],
        decision_text=DECISION_TEXT,
        needs=UNMET_NEEDS,
        prompts=VOICE_PROMPTS,
        form=FlaskForm(),
    )


def _act(item_id: int, do: Callable[[], object], done: str) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        do()
    except LookupError:
        abort(404)
    except (ChildrenError, ValueError) as exc:
        flash(str(exc), "error")
    else:
        flash(done, "success")
    return redirect(url_for("children_meeting.page", item_id=item_id))


@bp.post("/<int:item_id>/children/<int:person_id>")
def record_child(item_id: int, person_id: int) -> Response:
    form = request.form
    return _act(item_id, lambda: service.record_child(
        current_user, item_id, person_id, decision=form.get("decision") or None,
        impact=form.get("impact", ""), voice=form.get("voice", ""),
    ), "Saved for the child.")  # fmt: skip


def _version() -> int | None:
    """The offer's version the page showed: a step taken on a stale page is refused."""
    value = request.form.get("version", "")
    return int(value) if value.isdigit() else None


@bp.post("/<int:item_id>/fgc/<step>")
def fgc(item_id: int, step: str) -> Response:
    form, version = request.form, _version()
    steps: dict[str, Callable[[], object]] = {
        "propose": lambda: service.propose_fgc(current_user, item_id),
        "agree": lambda: service.agree_fgc(current_user, item_id, version),
        "consent": lambda: service.record_consent(
            current_user, item_id, consent=form.get("consent") == "yes",
            invitees=form.get("invitees", ""), version=version),
        "perpetrator": lambda: service.record_perpetrator(
            current_user, item_id, requested=bool(form.get("requested")),
            acknowledges=bool(form.get("acknowledges")), attends=bool(form.get("attends")),
            version=version),
        "refer": lambda: service.refer_fgc(current_user, item_id, version),
        "outcome": lambda: service.record_outcome(
            current_user, item_id, needs=form.getlist("need"),
            held_on=date.fromisoformat(form["held_on"]) if form.get("held_on") else None,
            version=version),
    }  # fmt: skip
    if step not in steps:
        abort(404)
    return _act(item_id, steps[step], "Family Group Conference updated.")
