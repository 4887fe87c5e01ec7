"""Action pages: the agency's actions, one action (history, status update, mark complete),
the chair's overdue view, and the user's notifications. Thin: the service decides."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from frontdoor.audit.service import record_view
from frontdoor.auth.guards import Access, GuardedBlueprint, requires_roles
from frontdoor.db import db
from frontdoor.models import Role

from . import acceptance, notifications, service
from .forms import CompleteForm, DeclineForm, UpdateForm
from .rules import TRACKING_ROLES

bp = GuardedBlueprint(
    "tracking", __name__, url_prefix="/actions", access=Access.roles_in(*sorted(TRACKING_ROLES))
)
notifications_bp = GuardedBlueprint(
    "notifications", __name__, url_prefix="/notifications", access=Access.signed_in()
)


@bp.get("/")
def our_actions() -> str:
    return render_template(
        "tracking/actions.html",
        page_title=f"{current_user.agency.name}: our actions",
        groups=service.our_actions(current_user),
    )


@bp.get("/overdue")
@requires_roles(Role.COORDINATOR)
def overdue() -> str:
    return render_template(
        "tracking/overdue.html",
        page_title="Overdue actions, all agencies",
        rows=service.overdue_everywhere(),
    )


def _action_page(
    action_id: int,
    update_form: FlaskForm | None = None,
    complete_form: FlaskForm | None = None,
    decline_form: FlaskForm | None = None,
) -> str:
    detail = service.action_detail(current_user, action_id) or abort(404)
    return render_template(
        "tracking/action.html",
        page_title=f"Action {action_id}",
        detail=detail,
        acceptance=acceptance.acceptance_for(current_user, action_id),
        update_form=update_form or UpdateForm(formdata=None),
        complete_form=complete_form or CompleteForm(formdata=None),
        decline_form=decline_form or DeclineForm(formdata=None),
    )


@bp.get("/<int:action_id>")
def action(action_id: int) -> str:
    return _action_page(action_id)


def _allowed(action_id: int, what: str) -> None:
    """Refuse before reading the form: 404 if the user may not see it, 403 if not do this."""
    try:
        service.check(current_user, action_id, what)
    except LookupError:
        abort(404)
    except service.NotAllowed:
        abort(403)


def _changed(action_id: int, change: Any, note: str, done: str) -> Response:
    try:
        change(current_user, action_id, note)
    except LookupError:
        abort(404)
    except service.NotAllowed:
        abort(403)
    except service.TrackingError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("tracking.action", action_id=action_id))


@bp.post("/<int:action_id>/update")
def add_update(action_id: int) -> Response | str:
    _allowed(action_id, "update")
    form = UpdateForm()
    if not form.validate_on_submit():
        return _action_page(action_id, update_form=form)
    return _changed(action_id, service.add_update, form.note.data or "", "Status update recorded.")


@bp.post("/<int:action_id>/complete")
def complete(action_id: int) -> Response | str:
    _allowed(action_id, "close")
    form = CompleteForm()
    if not form.validate_on_submit():
        return _action_page(action_id, complete_form=form)
    return _changed(action_id, service.complete, form.note.data or "", "Action marked complete.")


def _responded(action_id: int, respond: Any, done: str) -> Response:
    """Accept / decline / record agreement: 404 if the user may not see the action."""
    _allowed(action_id, "view")
    try:
        respond()
    except LookupError:
        abort(404)
    except PermissionError:
        abort(403)
    except acceptance.AcceptanceError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("tracking.action", action_id=action_id))


@bp.post("/<int:action_id>/accept")
def accept(action_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    return _responded(
        action_id, lambda: acceptance.accept(current_user, action_id), "Action accepted."
    )


@bp.post("/<int:action_id>/decline")
def decline(action_id: int) -> Response | str:
    _allowed(action_id, "view")
    form = DeclineForm()
    if not form.validate_on_submit():
        return _action_page(action_id, decline_form=form)
    reason = form.reason.data or ""
    return _responded(
        action_id,
        lambda: acceptance.decline(current_user, action_id, reason),
        "Declined: the chair will be asked to reassign the action.",
    )


@notifications_bp.get("/")
def index() -> str:
    notices = notifications.shown(db.session(), current_user)
    record_view(
        "notifications.viewed", object_type="user", object_id=current_user.id,
        purpose="own notifications", notification_ids=[n.id for n in notices],
        action_ids=sorted({n.action_id for n in notices if n.action_id is not None}),
    )  # fmt: skip
    return render_template(
        "tracking/notifications.html", page_title="Notifications", notices=notices
    )


@notifications_bp.post("/<int:notification_id>/read")
def read(notification_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        notifications.mark_read(current_user.id, notification_id)
    except LookupError:
        abort(404)
    return redirect(url_for("notifications.index"))


@notifications_bp.post("/read-all")
def read_all() -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    notifications.mark_read(current_user.id, None)
    return redirect(url_for("notifications.index"))


@notifications_bp.app_context_processor
def unread_notifications() -> dict[str, Any]:
    """The header's count: one cheap indexed query, run only when the header renders."""

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        return service.unread_count(current_user.id)

    return {"unread_notifications": count}
