"""Agenda pages: the day's agenda, curation, the family on one screen, partner preparation,
and the administrator's meeting schedule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from frontdoor.access.guard import AccessRefused
from frontdoor.auth.guards import Access, GuardedBlueprint, requires_roles
from frontdoor.models import AgendaItemStatus, BuildTrigger, PreparationKind, Role
from frontdoor.names import family_label, long_date

from . import case_forms, consent, curation, members, preparation, service, settings
from .agenda_view import CHILDREN, RISKS
from .build import BuildError, build_agenda, today_meeting_date
from .curation import CurationError
from .forms import DeferForm, NonMeetingDateForm, PreparationForm, RemoveForm, ScheduleForm
from .members import MembersError
from .schedule import ScheduleError

bp = GuardedBlueprint(
    "agenda", __name__, url_prefix="/agenda", access=Access.roles_in(Role.COORDINATOR, Role.PARTNER)
)
admin_bp = GuardedBlueprint(
    "agenda_admin",
    __name__,
    url_prefix="/admin/meeting-schedule",
    access=Access.roles_in(Role.ADMIN),
)
coordinator_only = requires_roles(Role.COORDINATOR)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _back_to(item_id: int) -> Response:
    day = service.item_meeting_date(item_id) or abort(404)
    return redirect(url_for("agenda.day", day=day.isoformat(), _anchor=f"item-{item_id}"))


@bp.get("/")
def today() -> Response:
    return redirect(url_for("agenda.day", day=today_meeting_date().isoformat()))


def _fetched() -> bool:
    """Asked for by the page's own script (static/js/agenda-page.js), not navigated to."""
    return request.headers.get("X-Requested-With") == "fetch"


@bp.get("/<day>")
def day(day: str) -> str:
    try:
        page = service.agenda_page(_day(day), current_user, request.args)
    except service.AgendaRefused:
        abort(404)  # as minutes: a meeting one is not invited to is not there
    return render_template(
        "agenda/_agenda_body.html" if _fetched() else "agenda/day.html",
        page_title=f"Agenda for {long_date(page.day, weekday=True)}",
        page=page,
        coordinator=current_user.has_role(Role.COORDINATOR),
        risks=RISKS,
        children_choices=CHILDREN,
        remove_form=RemoveForm(),
        defer_form=DeferForm(),
        chair_options=members.chair_options() if current_user.has_role(Role.COORDINATOR) else [],
    )


@bp.post("/<day>/chairs")
@coordinator_only
def chairs(day: str) -> Response:
    """The coordinator sets (or clears) the meeting's chair and deputy chair."""
    meeting_day = _day(day)
    meeting = service.meeting_on(meeting_day) or abort(404)
    try:
        members.set_chairs(
            meeting.id,
            _user_id(request.form.get("chair_id")),
            _user_id(request.form.get("deputy_chair_id")),
            by_user_id=current_user.id,
        )
    except MembersError as exc:
        flash(str(exc), "error")
    else:
        flash("Chair and deputy chair saved.", "success")
    return redirect(url_for("agenda.day", day=meeting_day.isoformat()))


def _user_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@bp.post("/<day>/rebuild")
@coordinator_only
def rebuild(day: str) -> Response:
    meeting_day = _day(day)
    try:
        result = build_agenda(meeting_day, BuildTrigger.REBUILD, user_id=current_user.id)
    except (BuildError, ScheduleError) as exc:
        flash(str(exc), "error")
    else:
        flash(
            f"Agenda rebuilt: {result.referrals_added} new referral(s), "
            f"{result.items_added} new family item(s).",
            "success",
        )
    return redirect(url_for("agenda.day", day=meeting_day.isoformat()))


@bp.post("/items/<int:item_id>/move-up")
@coordinator_only
def move_up(item_id: int) -> Response:
    return _move(item_id, -1)


@bp.post("/items/<int:item_id>/move-down")
@coordinator_only
def move_down(item_id: int) -> Response:
    return _move(item_id, +1)


def _move(item_id: int, steps: int) -> Response:
    """Reorder: a redirect back to the row for a form post (no script); JSON for the page's
    script, which re-renders the agenda in place and announces the message."""
    before = service.item_position(item_id)
    try:
        item = curation.move(item_id, steps)
    except CurationError as exc:
        if _fetched():
            return _json({"message": str(exc)}, 409)
        flash(str(exc), "error")
        return _back_to(item_id)
    label = family_label(item.family.label, item.family_id)
    if item.position == before:
        message = f"{label} is already {'first' if steps < 0 else 'last'}: not moved."
    else:
        message = f"{label} moved {'up' if steps < 0 else 'down'}: now number {item.position}."
    if _fetched():
        return _json({"message": message, "item_id": item.id, "position": item.position}, 200)
    flash(message, "success")
    return _back_to(item_id)


def _json(body: dict[str, object], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


@bp.post("/items/<int:item_id>/defer")
@coordinator_only
def defer(item_id: int) -> Response:
    form = DeferForm()
    reason = (form.reason.data or "") if form.validate_on_submit() else ""
    return _curate(
        item_id,
        lambda: curation.set_status(item_id, AgendaItemStatus.DEFERRED, reason),
        "Deferred.",
    )


@bp.post("/items/<int:item_id>/remove")
@coordinator_only
def remove(item_id: int) -> Response:
    form = RemoveForm()
    if not form.validate_on_submit():
        flash("Say why the family is being removed from the agenda.", "error")
        return _back_to(item_id)
    reason = form.reason.data or ""
    return _curate(
        item_id, lambda: curation.set_status(item_id, AgendaItemStatus.REMOVED, reason), "Removed."
    )


@bp.post("/items/<int:item_id>/restore")
@coordinator_only
def restore(item_id: int) -> Response:
    return _curate(
        item_id, lambda: curation.set_status(item_id, AgendaItemStatus.PENDING), "Restored."
    )


@bp.post("/items/<int:item_id>/marac/<int:flagged>")
@coordinator_only
def marac(item_id: int, flagged: int) -> Response:
    message = "Flagged for MARAC." if flagged else "MARAC flag removed."
    return _curate(item_id, lambda: curation.set_marac_flag(item_id, bool(flagged)), message)


def _curate(item_id: int, change: Callable[[], object], message: str = "") -> Response:
    try:
        change()
    except CurationError as exc:
        flash(str(exc), "error")
    else:
        if message:
            flash(message, "success")
    return _back_to(item_id)


@bp.route("/<day>/add", methods=["GET", "POST"])
@coordinator_only
def add(day: str) -> Response | str:
    meeting_day = _day(day)
    query = request.form.get("q", "") if request.method == "POST" else ""
    if request.method == "POST" and "family_id" in request.form:
        try:
            item = curation.add_family(
                meeting_day, int(request.form.get("family_id", "0")), user_id=current_user.id
            )
        except (CurationError, ScheduleError, BuildError, ValueError) as exc:
            flash(str(exc), "error")
            return redirect(url_for("agenda.add", day=day))
        flash("Family added to the agenda.", "success")
        return _back_to(item.id)
    # The search is POSTed: a member's name must never travel in a URL.
    return render_template(
        "agenda/add.html",
        page_title="Add a family to the agenda",
        day=meeting_day,
        query=query,
        families=service.search_families(query, meeting_day) if query else [],
    )


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
def family(item_id: int) -> Response | str:
    try:
        summary = service.view_family(item_id, current_user) or abort(404)
    except AccessRefused:
        abort(403)
    form = PreparationForm()
    if request.method == "POST" and request.form.get("form") in case_forms.FORMS:
        case_forms.submit(item_id, request.form, current_user)
        return redirect(url_for("agenda.family", item_id=item_id))
    if request.method == "POST":
        if not current_user.has_role(Role.PARTNER):
            abort(403)
        if form.validate_on_submit() and _prepared(item_id, form):
            flash("Your preparation is recorded.", "success")
            return redirect(url_for("agenda.family", item_id=item_id, _anchor="preparation"))
    return render_template(
        "agenda/family.html",
        page_title=summary.label,
        summary=summary,
        form=form,
        day=service.item_meeting_date(item_id),
        entries=service.preparations_for(item_id, current_user),
        kind_labels={k.value: v for k, v in preparation.KIND_LABELS.items()},
        consent_open=service.item_is_open(item_id),
        consent_grounds=consent.GROUNDS,
    )


def _prepared(item_id: int, form: PreparationForm) -> bool:
    try:
        preparation.record(
            item_id,
            current_user,
            PreparationKind(form.kind.data),
            form.text.data or "",
            form.withheld_reason.data or "",
        )
    except preparation.PreparationError as exc:
        form.withheld_reason.errors = [str(exc)]
        return False
    return True


@admin_bp.route("/", methods=["GET", "POST"])
def schedule() -> Response | str:
    current = settings.current_schedule()
    form = ScheduleForm(
        data={
            "weekdays": [str(d) for d in sorted(current.weekdays)],
            "meeting_time": current.meeting_time.strftime("%H:%M"),
            "build_time": current.build_time.strftime("%H:%M"),
        }
    )
    if form.validate_on_submit():
        try:
            settings.save_schedule(
                {int(d) for d in form.weekdays.data or []},
                form.meeting_time.data or "",
                form.build_time.data or "",
            )
        except ScheduleError as exc:
            form.build_time.errors = [str(exc)]
        else:
            flash("Meeting schedule saved.", "success")
            return redirect(url_for("agenda_admin.schedule"))
    return render_template(
        "agenda/schedule.html",
        page_title="Meeting schedule",
        form=form,
        date_form=NonMeetingDateForm(prefix="nmd"),
        dates=settings.non_meeting_dates(),
    )


@admin_bp.post("/non-meeting-dates")
def add_non_meeting_date() -> Response:
    form = NonMeetingDateForm(prefix="nmd")
    if not form.validate_on_submit() or form.day.data is None:
        flash("Enter a date like 2026-12-25 and a reason.", "error")
    else:
        try:
            settings.add_non_meeting_date(form.day.data, form.reason.data or "")
        except ScheduleError as exc:
            flash(str(exc), "error")
        else:
            flash("Non-meeting date added.", "success")
    return redirect(url_for("agenda_admin.schedule"))


@admin_bp.post("/non-meeting-dates/<int:row_id>/delete")
def remove_non_meeting_date(row_id: int) -> Response:
    try:
        settings.remove_non_meeting_date(row_id)
    except ScheduleError as exc:
        flash(str(exc), "error")
    else:
        flash("Non-meeting date removed.", "success")
    return redirect(url_for("agenda_admin.schedule"))


@admin_bp.route("/members", methods=["GET", "POST"])
def standing_members() -> Response | str:
    """The daily meeting's standing members (invited to every meeting when it is built)."""
    if request.method == "POST":
        try:
            members.add_standing_member(
                request.form.get("email", ""),
                deputy=request.form.get("deputy") == "1",
                by_user_id=current_user.id,
            )
        except MembersError as exc:
            flash(str(exc), "error")
        else:
            flash("Standing member added.", "success")
        return redirect(url_for("agenda_admin.standing_members"))
    return render_template(
        "agenda/members.html", page_title="Standing members", members=members.members_list()
    )


@admin_bp.post("/members/remove")
def remove_standing_member() -> Response:
    try:
        members.remove_standing_member(request.form.get("email", ""), by_user_id=current_user.id)
    except MembersError as exc:
        flash(str(exc), "error")
    else:
        flash("Standing member removed.", "success")
    return redirect(url_for("agenda_admin.standing_members"))
