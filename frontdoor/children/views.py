"""Children's pages: the notices tracker (coordinators and managers; coordinators pick an
uncertain school), the schools register with the key adults (coordinators and administrators,
page and CSV), and the public one-time page where a school acknowledges a notice."""

from __future__ import annotations

import csv
import io

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ..audit.service import record_view
from ..auth.guards import Access, GuardedBlueprint, requires_roles
from ..csv_safety import formula_safe
from ..db import db
from ..models import Role
from . import schools, service
from .service import NoticeError

bp = GuardedBlueprint(
    "children", __name__, url_prefix="/children",
    access=Access.roles_in(Role.COORDINATOR, Role.MANAGER, Role.ADMIN),
)  # fmt: skip
notice_bp = GuardedBlueprint("notice", __name__, url_prefix="/notices", access=Access.public())


@bp.get("/notices")
@requires_roles(Role.COORDINATOR, Role.MANAGER)
def tracker() -> str:
    rows = service.tracker(db.session())
    record_view(
        "children.tracker_viewed", object_type="children_notices",
        purpose="Encompass and health notices", rows=len(rows),
    )  # fmt: skip
    return render_template(
        "children/tracker.html",
        page_title="Encompass and health notices",
        rows=rows,
        form=FlaskForm(),
        may_pick=current_user.has_role(Role.COORDINATOR),
    )


@bp.post("/notices/<int:notice_id>/school")
@requires_roles(Role.COORDINATOR)
def pick_school(notice_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        school_id = int(request.form.get("school_id", ""))
        service.pick_school(notice_id, school_id, current_user.id)
    except (ValueError, NoticeError) as exc:
        flash(str(exc) if isinstance(exc, NoticeError) else "Pick a school.", "error")
    else:
        flash("The notice was sent to the school's key adult.", "success")
    return redirect(url_for("children.tracker"))


@bp.get("/schools")
@requires_roles(Role.COORDINATOR, Role.ADMIN)
def schools_page() -> str:
    return render_template(
        "children/schools.html",
        page_title="Schools and Encompass key adults",
        schools=service.school_list(db.session()),
        form=FlaskForm(),
    )


@bp.post("/schools/<int:school_id>/key-adult")
@requires_roles(Role.COORDINATOR, Role.ADMIN)
def key_adult(school_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        sent = service.set_key_adult(school_id, request.form.get("email", "").strip(),
                                     current_user.id)  # fmt: skip
    except NoticeError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Saved. {sent} waiting notice(s) sent.", "success")
    return redirect(url_for("children.schools_page"))


@bp.get("/schools/key-adults.csv")
@requires_roles(Role.COORDINATOR, Role.ADMIN)
def key_adults_csv() -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in schools.key_adults_csv(db.session()):
        writer.writerow([formula_safe(cell) for cell in row])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=key-adults.csv"
    return response


@bp.post("/schools/key-adults")
@requires_roles(Role.COORDINATOR, Role.ADMIN)
def key_adults_upload() -> Response:
    upload = request.files.get("file")
    if not FlaskForm().validate_on_submit() or upload is None:
        abort(400)
    try:
        result = service.import_key_adults(upload.read(), current_user.id)
    except schools.RegisterError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{result.updated} key adult(s) recorded; {len(result.skipped)} line(s) skipped.",
              "success")  # fmt: skip
    return redirect(url_for("children.schools_page"))


@notice_bp.route("/<token>", methods=["GET", "POST"])
def acknowledge(token: str) -> Response | str | tuple[str, int]:
    form = FlaskForm()
    error = None
    if form.validate_on_submit():
        try:
            service.acknowledge(token, request.form.get("name", ""))
        except LookupError:
            return render_template("children/notice_gone.html", page_title="Link expired"), 404
        except NoticeError as exc:
            error = str(exc)
        else:
            return redirect(url_for("notice.acknowledge", token=token))
    try:
        opened = service.open_notice(token)
    except LookupError:
        return render_template("children/notice_gone.html", page_title="Link expired"), 404
    return render_template(
        "children/notice.html", page_title="Notice", opened=opened, form=form, error=error
    )
