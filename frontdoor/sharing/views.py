"""The information-sharing register page (administrators): routes on the admin blueprint."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..admin.views import bp
from . import register, service


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@bp.get("/sharing")
def sharing_register() -> str:
    page = service.register_page()
    return render_template(
        "admin/sharing.html",
        page_title="Information-sharing register",
        entries=page.entries,
        bases=register.LAWFUL_BASES,
        conditions=register.SPECIAL_CONDITIONS,
        statement=page.statement,
    )


@bp.post("/sharing/<int:agency_id>")
def sharing_entry(agency_id: int) -> Response:
    form = request.form
    try:
        service.save_entry(
            agency_id, signatory=form.get("signatory") == "yes",
            lawful_basis=form.get("lawful_basis", ""),
            special_condition=form.get("special_condition", ""),
            agreement_date=_date(form.get("agreement_date", "")),
            recording_note=form.get("recording_note", "")[:2000], user_id=current_user.id,
        )  # fmt: skip
    except register.RegisterError as exc:
        flash(str(exc), "error")
    else:
        flash("The register was updated.", "success")
    return redirect(url_for("admin.sharing_register"))
