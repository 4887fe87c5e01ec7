"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from .forms import SignInForm
from .guards import Access, GuardedBlueprint
from .sessions import SignInError, sign_in, sign_out

bp = GuardedBlueprint("auth", __name__, access=Access.public())


@bp.route("/sign-in", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            sign_in(form.email.data or "", form.password.data or "")
        except SignInError as exc:
            error = str(exc)
        else:
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form, error=error), 200 if not error else 401


@bp.post("/sign-out")
def logout() -> Response:
    if current_user.is_authenticated:
        sign_out(current_user._get_current_object())
        flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if not target:
        return url_for("web.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("web.home")
    return target
