"""Sign in (password, then a second factor where required) and sign out."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from authlib.integrations.base_client.errors import OAuthError
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from ..models import User
from ..ratelimit import sign_in_limit
from . import oidc, service, twofactor
from .forms import SignInForm, TwoFactorForm
from .guards import Access, GuardedBlueprint
from .sessions import SignInError, check_password, sign_out, start_session

bp = GuardedBlueprint("auth", __name__, access=Access.public())

PENDING_KEY = "pending_second_factor"
PENDING_SECONDS = 300


@bp.route("/sign-in", methods=["GET", "POST"])
@sign_in_limit
def login() -> Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            user = check_password(form.email.data or "", form.password.data or "")
        except SignInError as exc:
            error = str(exc)
        else:
            return _after_password(user, request.args.get("next"))
    return render_template("auth/sign_in.html", form=form, error=error), 200 if not error else 401


def _after_password(user: User, next_url: str | None) -> Response:
    factor = service.second_factor(user)
    if not factor.needed:
        start_session(user)
        return redirect(_safe_next(next_url))
    session.clear()
    session[PENDING_KEY] = {"user_id": user.id, "since": time.time(), "next": next_url}
    return redirect(url_for("auth.two_factor" if factor.enrolled else "auth.two_factor_setup"))


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None
    return service.active_user(pending["user_id"])


@bp.route("/sign-in/two-factor", methods=["GET", "POST"])
@sign_in_limit
def two_factor() -> Response | tuple[str, int]:
    return _second_factor_step(enrolling=False)


@bp.route("/sign-in/two-factor/set-up", methods=["GET", "POST"])
@sign_in_limit
def two_factor_setup() -> Response | tuple[str, int]:
    return _second_factor_step(enrolling=True)


def _second_factor_step(*, enrolling: bool) -> Response | tuple[str, int]:
    user = _pending_user()
    if user is None:
        flash("Sign in again to continue.", "info")
        return redirect(url_for("auth.login"))
    setup = _setup_details(user) if enrolling else None
    if enrolling and setup is None:
        return redirect(url_for("auth.two_factor"))
    form = TwoFactorForm()
    error = None
    if form.validate_on_submit():
        if service.accept_code(user, form.code.data or "", enrolling=enrolling):
            next_url = session[PENDING_KEY].get("next")
            start_session(user, second_factor="totp")
            return redirect(_safe_next(next_url))
        error = "The code is wrong or has expired. Enter the code your app shows now."
    template = "auth/two_factor_setup.html" if enrolling else "auth/two_factor.html"
    return render_template(template, form=form, error=error, setup=setup), 401 if error else 200


def _setup_details(user: User) -> dict[str, str] | None:
    secret = service.enrolment_secret(user)
    if secret is None:
        return None
    uri = twofactor.provisioning_uri(user, secret)
    return {"secret": secret, "qr": twofactor.qr_code_data_uri(uri)}


@bp.get("/sign-in/oidc/<provider_name>")
def oidc_start(provider_name: str) -> Response:
    allowed = oidc.provider(provider_name)
    if allowed is None:
        abort(404)
    session["oidc_next"] = request.args.get("next")
    callback = url_for("auth.oidc_callback", provider_name=provider_name, _external=True)
    return oidc.client(provider_name).authorize_redirect(callback, **oidc.authorize_params(allowed))


@bp.get("/sign-in/oidc/<provider_name>/callback")
@sign_in_limit
def oidc_callback(provider_name: str) -> Response | tuple[str, int]:
    allowed = oidc.provider(provider_name)
    if allowed is None:
        abort(404)
    try:
        token = oidc.client(provider_name).authorize_access_token(
            claims_options=oidc.claims_options(allowed)
        )
        user = oidc.user_for_claims(allowed, dict(token.get("userinfo") or {}))
    except (OAuthError, JoseError, RequestException, oidc.OidcError) as exc:
        message = str(exc) if isinstance(exc, oidc.OidcError) else "Sign-in was not completed."
        return render_template("auth/sign_in.html", form=SignInForm(), error=message), 401
    next_url = session.get("oidc_next")
    start_session(user, method="oidc", provider=provider_name)
    return redirect(_safe_next(next_url))


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
