"""The meeting page: a shell. Families reach the browser only over Socket.IO, and only after
the confidentiality statement is accepted."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from frontdoor.auth.guards import Access, GuardedBlueprint
from frontdoor.db import db
from frontdoor.models import Meeting, MeetingStatus, Role

from ..alerts import open_alerts
from .access import member_of

bp = GuardedBlueprint("live", __name__, access=Access.roles_in(Role.COORDINATOR, Role.PARTNER))


@bp.get("/meetings/<int:meeting_id>/live")
def meeting_page(meeting_id: int) -> str | Response:
    member = member_of(db.session(), current_user, meeting_id)
    if member is None:
        closed = db.session().get(Meeting, meeting_id)
        if closed is not None and closed.status == MeetingStatus.CLOSED:
            # A link to a closed meeting's live page goes to its minutes (which check access).
            return redirect(url_for("minutes.view", meeting_id=meeting_id))
        abort(404)
    meeting = db.session().get(Meeting, meeting_id)
    assert meeting is not None
    alerts = open_alerts() if current_user.has_role(Role.COORDINATOR) else []
    return render_template(
        "live/meeting.html",
        page_title="Live meeting",
        meeting=meeting,
        member=member,
        urgent_alerts=alerts,
    )
