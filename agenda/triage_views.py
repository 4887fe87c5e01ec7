"""Pages and forms of #14: the triage split, one item's screening, the MARAC list and its
outcomes, the meeting confirming the lists, and urgent alerts joining today's meeting."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from frontdoor.auth.guards import Access, GuardedBlueprint, requires_roles
from frontdoor.db import db
from frontdoor.models import Meeting, MeetingStatus, Role, Screening

from . import alerts, marac, service, triage_service
from .curation import CurationError
from .live.access import is_chair
from .live.agenda_push import broadcast_agenda
from .marac import MaracError

bp = GuardedBlueprint("triage", __name__, access=Access.roles_in(Role.COORDINATOR, Role.PARTNER))
coordinator_only = requires_roles(Role.COORDINATOR)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


@bp.post("/agenda/<day>/triage/accept")
@coordinator_only
def accept(day: str) -> Response:
    try:
        accepted = triage_service.accept_split(_day(day))
    except CurationError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Triage accepted: {accepted} proposed screening(s) confirmed.", "success")
    return redirect(url_for("agenda.day", day=day, _anchor="triage"))


@bp.post("/agenda/items/<int:item_id>/screening")
@coordinator_only
def screening(item_id: int) -> Response:
    try:
        outcome = Screening(request.form.get("screening", ""))
    except ValueError:
        abort(400)
    agency = request.form.get("agency_id", "")
    agency_id = int(agency) if agency.isdigit() else None
    try:
        triage_service.set_screening(item_id, outcome, agency_id)
    except CurationError as exc:
        flash(str(exc), "error")
    else:
        flash("Screening changed.", "success")
    day = service.item_meeting_date(item_id) or abort(404)
    return redirect(url_for("agenda.day", day=day.isoformat(), _anchor=f"item-{item_id}"))


@bp.post("/meetings/<int:meeting_id>/triage/confirm")
def confirm_lists(meeting_id: int) -> Response:
    meeting = db.session().get(Meeting, meeting_id) or abort(404)
    if not (current_user.has_role(Role.COORDINATOR) or is_chair(current_user, meeting)):
        abort(403)
    try:
        done = triage_service.confirm_lists(current_user, meeting_id)
    except CurationError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Lists confirmed: {done} item(s) noted or routed.", "success")
        broadcast_agenda(meeting_id)
    return redirect(url_for("live.meeting_page", meeting_id=meeting_id))


@bp.get("/marac")
def marac_list() -> str:
    rows = marac.marac_list(current_user)
    return render_template(
        "agenda/marac_list.html", page_title="MARAC referrals", rows=rows,
        next_marac=marac.next_marac_date(date.today()),
    )  # fmt: skip


@bp.post("/marac/<int:referral_id>/outcome")
@coordinator_only
def marac_outcome(referral_id: int) -> Response:
    text = request.form.get("marac_date", "").strip()
    try:
        marac_date = date.fromisoformat(text) if text else None
        marac.record_outcome(current_user, referral_id, request.form.get("outcome", ""), marac_date)
    except ValueError as exc:
        message = str(exc) if isinstance(exc, MaracError) else "Enter the date as yyyy-mm-dd."
        flash(message, "error")
    else:
        flash("MARAC referral updated.", "success")
    return redirect(url_for("triage.marac_list", _anchor=f"marac-{referral_id}"))


@bp.post("/alerts/<int:alert_id>/add")
@coordinator_only
def add_alert(alert_id: int) -> Response:
    try:
        meeting_id = alerts.add_to_today(current_user, alert_id)
    except alerts.AlertError as exc:
        flash(str(exc), "error")
        return redirect(request.referrer or url_for("agenda.today"))
    flash("Added to today's meeting.", "success")
    meeting = db.session().get(Meeting, meeting_id)
    if meeting is not None and meeting.status == MeetingStatus.LIVE:
        broadcast_agenda(meeting_id)
        return redirect(url_for("live.meeting_page", meeting_id=meeting_id))
    return redirect(url_for("agenda.today"))
