"""E-mail pages: each user's choice of kinds (any signed-in user) and the administrator's
outbox page with the dead-letter list. Thin: the outbox and sender modules decide."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..models import Role
from . import outbox, sender

bp = GuardedBlueprint("mail", __name__, url_prefix="/account/email", access=Access.signed_in())
admin_bp = GuardedBlueprint(
    "mail_admin", __name__, url_prefix="/admin/email", access=Access.roles_in(Role.ADMIN)
)


@bp.route("", methods=["GET", "POST"])
def choices() -> Response | str:
    form = FlaskForm()
    if form.validate_on_submit():
        outbox.save_choices(current_user.id, set(request.form.getlist("kind")))
        flash("Your e-mail choices were saved.", "success")
        return redirect(url_for("mail.choices"))
    return render_template(
        "mail/choices.html",
        page_title="E-mail",
        form=form,
        kinds=outbox.user_kinds(),
        chosen=outbox.choices(db.session(), current_user.id),
    )


@admin_bp.get("")
def outbox_page() -> str:
    session = db.session()
    return render_template(
        "mail/admin.html",
        page_title="E-mail outbox",
        counts=sender.counts(session),
        dead=sender.dead_letters(session),
        form=FlaskForm(),
    )


@admin_bp.post("/<int:message_id>/retry")
def retry(message_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        sender.retry(message_id)
    except LookupError:
        abort(404)
    except sender.BodyRemoved:
        flash(
            f"Message {message_id} cannot be sent again: its text was removed after the "
            "retention period. Tell the recipient another way.",
            "error",
        )
    else:
        flash(f"Message {message_id} will be sent again.", "success")
    return redirect(url_for("mail_admin.outbox_page"))
