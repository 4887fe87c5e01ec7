"""Closing a meeting, the minutes as a page and as a PDF, addenda, and the list of minutes."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from agenda.live.guard import lobby_room
from frontdoor.auth.guards import Access, GuardedBlueprint, requires_roles
from frontdoor.db import db
from frontdoor.extensions import socketio
from frontdoor.models import Meeting, Role

from . import access, closing, service
from .freeze import MeetingClosed, install_guard
from .pdf import render_pdf

bp = GuardedBlueprint(
    "minutes", __name__, access=Access.roles_in(Role.COORDINATOR, Role.PARTNER, Role.MANAGER)
)
chairs = requires_roles(Role.COORDINATOR, Role.PARTNER)  # the chair is a coordinator or partner
install_guard()


@bp.get("/minutes")
def index() -> str:
    rows = service.closed_meetings_for(current_user)
    return render_template("minutes/index.html", page_title="Minutes", rows=rows)


@bp.get("/meetings/<int:meeting_id>/close")
@chairs
def confirm_close(meeting_id: int) -> BaseResponse | str:
    """The deliberate step: what happens to each family, then the Close button."""
    try:
        shown = closing.preview(db.session(), current_user, meeting_id)
    except closing.CannotClose:
        abort(403)
    if shown is None:
        return redirect(url_for("minutes.view", meeting_id=meeting_id))
    return render_template(
        "minutes/confirm_close.html", page_title="Close the meeting?", preview=shown
    )


@bp.post("/meetings/<int:meeting_id>/close")
@chairs
def close(meeting_id: int) -> BaseResponse:
    try:
        closed = service.close_meeting(current_user, meeting_id)
    except service.NoSuchMinutes:
        abort(404)
    except service.NotAllowed:
        abort(403)
    except MeetingClosed:
        flash("The meeting was already closed.", "info")
        return redirect(url_for("minutes.view", meeting_id=meeting_id))
    minutes_url = url_for("minutes.view", meeting_id=meeting_id)
    # Every page of the meeting stops editing and offers the minutes (no family data here).
    socketio.emit(
        "meeting:closed",
        {"minutes_url": minutes_url, "by": current_user.display_name},
        to=lobby_room(meeting_id),
        namespace="/meeting",
    )
    unfinished = len(closed.unfinished)
    note = f" {unfinished} unfinished item(s) carried to the next meeting." if unfinished else ""
    flash(f"The meeting is closed and its minutes are frozen.{note}", "success")
    return redirect(minutes_url)


@bp.get("/meetings/<int:meeting_id>/minutes")
def view(meeting_id: int) -> str:
    copy = _copy(meeting_id, "html")
    meeting = db.session().get(Meeting, meeting_id)
    assert meeting is not None
    return render_template(
        "minutes/view.html",
        page_title=f"Minutes of {copy.meeting['date']}",
        copy=copy,
        may_amend=access.may_amend(current_user, meeting),
    )


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def pdf(meeting_id: int) -> Response:
    copy = _copy(meeting_id, "pdf")
    document = render_pdf(render_template("minutes/pdf.html", copy=copy))
    name = f"minutes-{copy.meeting['date']}.pdf"
    return Response(
        document,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/meetings/<int:meeting_id>/minutes/addenda")
@chairs
def add_addendum(meeting_id: int) -> BaseResponse:
    item = request.form.get("item_id", "")
    try:
        service.add_addendum(
            current_user,
            meeting_id,
            request.form.get("text", ""),
            int(item) if item.isdigit() else None,
        )
    except service.NoSuchMinutes:
        abort(404)
    except service.NotAllowed:
        abort(403)
    except service.MinutesError as error:
        flash(str(error), "error")
    else:
        flash("The addendum is recorded after the minutes.", "success")
    return redirect(url_for("minutes.view", meeting_id=meeting_id, _anchor="addenda"))


def _copy(meeting_id: int, fmt: str) -> service.AgencyCopy:
    try:
        return service.read_copy(current_user, meeting_id, fmt)
    except service.NoSuchMinutes:
        abort(404)
