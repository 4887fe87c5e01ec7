"""Administration: agencies and users. Administrators only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..accounts import dao, service
from ..accounts.service import AccountError
from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..models import AgencyKind, Role
from .forms import AgencyForm, EditUserForm, PasswordForm, UserForm

bp = GuardedBlueprint("admin", __name__, url_prefix="/admin", access=Access.roles_in(Role.ADMIN))


@bp.route("/agencies", methods=["GET", "POST"])
def agencies() -> Response | str:
    form = AgencyForm()
    if form.validate_on_submit():
        try:
            service.create_agency(
                form.code.data or "", form.name.data or "", AgencyKind(form.kind.data)
            )
        except AccountError as exc:
            form.code.errors = [str(exc)]
        else:
            flash(f"Agency '{form.name.data}' added.", "success")
            return redirect(url_for("admin.agencies"))
    return render_template(
        "admin/agencies.html",
        page_title="Agencies",
        form=form,
        agencies=dao.all_agencies(db.session()),
    )


@bp.post("/agencies/<int:agency_id>/active/<int:active>")
def agency_active(agency_id: int, active: int) -> Response:
    try:
        agency = service.set_agency_active(agency_id, bool(active))
    except AccountError:
        abort(404)
    flash(f"{agency.name} {'enabled' if agency.active else 'disabled'}.", "success")
    return redirect(url_for("admin.agencies"))


@bp.route("/users", methods=["GET", "POST"])
def users() -> Response | str:
    form = _with_agency_choices(UserForm())
    if form.validate_on_submit():
        try:
            service.create_user(
                form.email.data or "",
                form.display_name.data or "",
                form.agency_id.data or 0,
                _roles(form),
                form.password.data or None,
            )
        except AccountError as exc:
            form.email.errors = [str(exc)]
        else:
            flash(f"User {form.display_name.data} added.", "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/users.html", page_title="Users", form=form, users=dao.all_users(db.session())
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Response | str:
    user = dao.user_by_id(db.session(), user_id) or abort(404)
    form = _with_agency_choices(
        EditUserForm(obj=user, data={"roles": [r.value for r in user.roles]})
    )
    if form.validate_on_submit():
        try:
            service.update_user(
                user.id,
                display_name=form.display_name.data or "",
                agency_id=form.agency_id.data or 0,
                roles=_roles(form),
            )
        except AccountError as exc:
            form.display_name.errors = [str(exc)]
        else:
            flash(
                f"{form.display_name.data}'s account updated. Their sessions were ended.", "success"
            )
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/edit_user.html",
        page_title=f"Edit {user.display_name}",
        form=form,
        user=user,
        password_form=PasswordForm(prefix="pw"),
    )


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int) -> Response | str:
    form = PasswordForm(prefix="pw")
    if not form.validate_on_submit():
        flash(" ".join(form.password.errors) or "Enter a valid password.", "error")
        return redirect(url_for("admin.edit_user", user_id=user_id))
    try:
        service.set_password(user_id, form.password.data or "")
    except AccountError:
        abort(404)
    flash("Password changed. The user's sessions were ended.", "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/active/<int:active>")
def user_active(user_id: int, active: int) -> Response:
    try:
        user = service.set_user_active(user_id, bool(active))
    except AccountError:
        abort(404)
    flash(f"{user.display_name} {'enabled' if user.active else 'disabled'}.", "success")
    return redirect(url_for("admin.users"))


def _with_agency_choices(form: UserForm) -> UserForm:
    form.agency_id.choices = [
        SelectChoice(str(a.id), a.name) for a in dao.all_agencies(db.session()) if a.active
    ]
    return form


def _roles(form: UserForm) -> list[Role]:
    return [Role(value) for value in form.roles.data or []]
