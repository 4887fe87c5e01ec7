"""Your account: your sessions (see and end them) and your password. Any signed-in user."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.guards import Access, GuardedBlueprint
from ..auth.passwords import WeakPasswordError
from ..auth.sessions import current_session_id, rotate_session
from ..ratelimit import sign_in_limit
from . import factors, sessions
from .forms import ChangePasswordForm, EndSessionForm
from .service import AccountError

bp = GuardedBlueprint("account", __name__, url_prefix="/account", access=Access.signed_in())


@bp.get("/sessions")
def sessions_page() -> str:
    return render_template(
        "account/sessions.html",
        page_title="Your sessions",
        sessions=sessions.active_sessions(current_user.id, current_session_id()),
        end_form=EndSessionForm(),
    )


@bp.post("/sessions/end")
def end_session() -> Response:
    form = EndSessionForm()
    try:
        if not form.validate_on_submit():
            raise AccountError("That session has already ended.")
        sessions.end_session(current_user.id, form.session_ref.data or "", current_session_id())
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        flash("The session was ended. That browser is signed out.", "success")
    return redirect(url_for("account.sessions_page"))


@bp.post("/sessions/end-others")
def end_other_sessions() -> Response:
    ended = sessions.end_other_sessions(current_user.id, current_session_id())
    flash(f"Signed out of {ended} other session{'s' if ended != 1 else ''}.", "success")
    return redirect(url_for("account.sessions_page"))


@bp.route("/password", methods=["GET", "POST"])
@sign_in_limit
def password() -> Response | tuple[str, int]:
    has_password = current_user.password_hash is not None
    needs_code = has_password and factors.needs_code(current_user.id)
    form = ChangePasswordForm()
    if has_password and form.validate_on_submit():
        if needs_code and not form.code.data:
            form.code.errors = ["Enter the 6-digit code"]
        else:
            try:
                ended = factors.change_own_password(
                    current_user.id,
                    current_session_id(),
                    current=form.current.data or "",
                    new=form.new.data or "",
                    code=form.code.data or "",
                )
            except factors.ReauthenticationError as exc:
                form.current.errors = [str(exc)]
            except WeakPasswordError as exc:
                form.new.errors = [str(exc)]
            else:
                rotate_session(current_user._get_current_object())
                flash(f"Password changed. {ended} other session(s) were signed out.", "success")
                return redirect(url_for("account.sessions_page"))
    page = render_template(
        "account/password.html",
        page_title="Change your password",
        form=form,
        has_password=has_password,
        needs_code=needs_code,
    )
    return page, 400 if form.errors else 200
