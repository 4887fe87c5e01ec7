"""The coordinator's family page: members, proposed household members, corrections, history
and undo. Routes on the identity blueprint (coordinators only)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from . import family_service
from .family_changes import FamilyError
from .views import bp

CHANGE_WORDS = {
    "add_member": "added a member",
    "remove_member": "removed a member",
    "move_member": "moved a member to another family",
    "edit_member": "changed a membership",
    "confirm_member": "confirmed a household member",
    "dismiss_member": "dismissed a proposed household member",
    "relabel": "changed the family's label",
    "merge": "merged another family into this one",
    "split": "split members off into a new family",
}


def _picked(name: str) -> list[int]:
    return [int(value) for value in request.form.getlist(name) if value.isdigit()]


@bp.get("/families/<int:family_id>")
def family(family_id: int) -> str:
    try:
        page = family_service.view_family(family_id, current_user.id)
    except FamilyError:
        abort(404)
    return render_template(
        "identity/family.html", page_title=page.label, page=page, words=CHANGE_WORDS
    )


@bp.post("/families/<int:family_id>/change")
def family_change(family_id: int) -> Response:
    try:
        change = family_service.change_family(
            family_id, request.form, _picked("member"), _picked("referral"), current_user.id
        )
    except FamilyError as exc:
        flash(str(exc), "error")
        return redirect(url_for("identity.family", family_id=family_id))
    flash(f"Done: {CHANGE_WORDS[change.kind.value]}. You can undo it below.", "success")
    return redirect(url_for("identity.family", family_id=family_id))


@bp.post("/family-changes/<int:change_id>/undo")
def family_undo(change_id: int) -> Response:
    try:
        change = family_service.undo_change(change_id, current_user.id)
    except FamilyError as exc:
        flash(str(exc), "error")
        return redirect(request.referrer or url_for("identity.review_queue"))
    flash("The change was undone.", "success")
    return redirect(url_for("identity.family", family_id=change.family_id))
