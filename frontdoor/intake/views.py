"""Coordinator pages: upload a police file, and correct or discard quarantined rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask import Response as FlaskResponse
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access.withheld import guard_for
from ..audit.service import record_view
from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..models import Role
from . import export, service
from . import quarantine as quarantine_view
from .form_fields import ROW_QUESTIONS, answers_from, errors_by_field, template_questions
from .service import (
    IntakeError,
    discard_quarantined,
    import_police_file,
    police_agency,
    resubmit_quarantined,
)

bp = GuardedBlueprint(
    "intake", __name__, url_prefix="/intake", access=Access.roles_in(Role.COORDINATOR)
)


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> str:
    summary, error = None, None
    if request.method == "POST":
        upload_file = request.files.get("police_file")
        if upload_file is None or not upload_file.filename:
            error = "Choose the police export file to upload"
        else:
            try:
                agency = police_agency(current_app.config.get("POLICE_AGENCY_CODE"))
                summary = import_police_file(
                    upload_file.read(),
                    agency_id=agency.id,
                    filename=upload_file.filename,
                    user_id=current_user.id,
                )
            except IntakeError as exc:
                error = str(exc)
    return render_template(
        "intake/upload.html",
        page_title="Upload a police export",
        summary=summary,
        error=error,
        batches=service.recent_batches(),
        unresolved=service.unresolved_count(),
    )


@bp.get("/quarantine")
def quarantine() -> str:
    number = request.args.get("page", "1")
    shown = quarantine_view.page(db.session(), int(number) if number.isdigit() else 1)
    record_view(
        "quarantine.viewed", object_type="quarantine", purpose="correct police rows",
        page=shown.number, row_ids=[row.id for row in shown.rows],
    )  # fmt: skip
    return render_template(
        "intake/quarantine.html", page_title="Quarantined rows", rows=shown.rows, page=shown
    )


@bp.route("/quarantine/<int:row_id>", methods=["GET", "POST"])
def quarantined_row(row_id: int) -> Response | str:
    row = service.quarantined_row(row_id) or abort(404)
    record_view(
        "quarantine.row_viewed", object_type="quarantined_row", object_id=row_id,
        purpose="correct police rows", method=request.method,
    )  # fmt: skip
    guard = guard_for(db.session())
    values = quarantine_view.shown_raw(guard, row.raw)
    errors = {reason["field"]: guard.scrub(reason["message"]) for reason in row.reasons}
    if request.method == "POST":
        values = answers_from(request.form, ROW_QUESTIONS)
        corrected = quarantine_view.corrected_values(guard, row, values)
        try:
            summary, found = resubmit_quarantined(row_id, corrected, current_user.id, date.today())
        except IntakeError as exc:
            flash(str(exc), "error")
            return redirect(url_for("intake.quarantine"))
        if summary is not None:
            flash(f"Row {row.row_number} corrected and imported.", "success")
            return redirect(url_for("intake.quarantine"))
        errors = errors_by_field(found)
    return render_template(
        "intake/quarantined_row.html",
        page_title=f"Quarantined row {row.row_number}",
        row=row,
        shown_raw=quarantine_view.shown_raw(guard, row.raw),
        errors=errors,
        questions=template_questions(ROW_QUESTIONS, values, errors),
    )


@bp.post("/quarantine/<int:row_id>/discard")
def discard(row_id: int) -> Response:
    try:
        discard_quarantined(row_id, request.form.get("reason", ""), current_user.id)
    except IntakeError as exc:
        flash(str(exc), "error")
        return redirect(url_for("intake.quarantined_row", row_id=row_id))
    flash("Row discarded.", "success")
    return redirect(url_for("intake.quarantine"))


@bp.get("/quarantine.csv")
def quarantine_csv() -> FlaskResponse:
    """The open quarantined rows as CSV, to fix offline; formulas are neutralised."""
    ids: list[int] = []
    body = "".join(export.quarantine_csv(_noting_ids(quarantine_view.all_shown(db.session()), ids)))
    record_view(
        "quarantine.exported", object_type="quarantine", purpose="correct police rows offline",
        rows=len(ids), first_row_id=min(ids, default=None), last_row_id=max(ids, default=None),
    )  # fmt: skip
    return FlaskResponse(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=quarantined-rows.csv"},
    )


def _noting_ids(
    rows: Iterator[quarantine_view.ShownRow], ids: list[int]
) -> Iterator[quarantine_view.ShownRow]:
    for row in rows:
        ids.append(row.id)
        yield row
