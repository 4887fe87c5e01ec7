"""Administration: agencies and users. Administrators only."""

from __future__ import annotations

from collections.abc import Iterable

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..accounts import factors, grants, service, sessions
from ..accounts.forms import ResetTwoFactorForm
from ..accounts.service import AccountError
from ..auth.guards import Access, GuardedBlueprint
from ..auth.passwords import WeakPasswordError
from ..db import db
from ..models import AgencyKind, Role, TotpCredential
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
        agencies=service.agencies(),
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
                by=current_user.id,
            )
        except AccountError as exc:
            form.email.errors = [str(exc)]
        except WeakPasswordError as exc:
            form.password.errors = [str(exc)]
        else:
            flash(f"User {form.display_name.data} added.{_waiting(_roles(form))}", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/users.html", page_title="Users", form=form, users=service.users())


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Response | str:
    user = service.user(user_id) or abort(404)
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
                by=current_user.id,
            )
        except AccountError as exc:
            form.display_name.errors = [str(exc)]
        else:
            waiting = _waiting(set(_roles(form)) - user.roles)
            flash(
                f"{form.display_name.data}'s account updated. Their sessions were ended.{waiting}",
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/edit_user.html",
        page_title=f"Edit {user.display_name}",
        form=form,
        user=user,
        password_form=PasswordForm(prefix="pw"),
        live_sessions=len(sessions.active_sessions(user.id, None)),
        two_factor=db.session().get(TotpCredential, user.id) is not None,
        reset_form=ResetTwoFactorForm(prefix="tf"),
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
    except WeakPasswordError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.edit_user", user_id=user_id))
    flash("Password changed. The user's sessions were ended.", "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/sign-out-everywhere")
def user_sign_out_everywhere(user_id: int) -> Response:
    """ASVS 7.4.5: end all of a user's sessions at once (audited)."""
    try:
        ended = sessions.sign_out_everywhere(user_id)
    except AccountError:
        abort(404)
    flash(f"Signed the user out everywhere ({ended} session(s) ended).", "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/reset-two-factor")
def user_reset_two_factor(user_id: int) -> Response:
    """ASVS 6.4.3/6.4.4: the user sets up a new authenticator at their next sign-in."""
    form = ResetTwoFactorForm(prefix="tf")
    if not form.validate_on_submit():
        flash("Choose the reason and how you confirmed who asked.", "error")
        return redirect(url_for("admin.edit_user", user_id=user_id))
    if service.user(user_id) is None:
        abort(404)
    try:
        factors.reset_two_factor(
            current_user.id,
            user_id,
            reason=form.reason.data or "",
            identity_check=form.identity_check.data or "",
        )
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        flash("Two-factor reset: they set up a new authenticator at their next sign-in.", "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/active/<int:active>")
def user_active(user_id: int, active: int) -> Response:
    try:
        user = service.set_user_active(user_id, bool(active))
    except AccountError:
        abort(404)
    flash(f"{user.display_name} {'enabled' if user.active else 'disabled'}.", "success")
    return redirect(url_for("admin.users"))


@bp.get("/role-grants")
def role_grants() -> str:
    return render_template(
        "admin/role_grants.html",
        page_title="Roles awaiting a second administrator",
        requests=grants.pending(),
        me=current_user.id,
    )


@bp.post("/role-grants/<int:request_id>/approve")
def approve_role_grant(request_id: int) -> Response:
    return _decide(request_id, approve=True)


@bp.post("/role-grants/<int:request_id>/refuse")
def refuse_role_grant(request_id: int) -> Response:
    return _decide(request_id, approve=False)


def _decide(request_id: int, *, approve: bool) -> Response:
    try:
        grants.decide(request_id, current_user.id, approve=approve)
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        flash("Role granted." if approve else "Request refused.", "success")
    return redirect(url_for("admin.role_grants"))


def _waiting(roles: Iterable[Role]) -> str:
    waiting = sorted(r.value for r in roles if r in grants.APPROVAL_ROLES)
    if not waiting:
        return ""
    return f" The {', '.join(waiting)} role waits for a second administrator's approval."


def _with_agency_choices(form: UserForm) -> UserForm:
    form.agency_id.choices = [
        SelectChoice(str(a.id), a.name) for a in service.agencies() if a.active
    ]
    return form


def _roles(form: UserForm) -> list[Role]:
    return [Role(value) for value in form.roles.data or []]


from ..sharing import views as _sharing_views  # noqa: E402,F401  (the register's routes on bp)
