"""Administrators issue and revoke agencies' API keys. A key is shown once, on creation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts import service as accounts
from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..models import Role
from . import apikeys
from .service import IntakeError

bp = GuardedBlueprint(
    "api_keys", __name__, url_prefix="/admin/api-keys", access=Access.roles_in(Role.ADMIN)
)


@bp.route("/", methods=["GET", "POST"])
def keys() -> str:
    issued, error = None, None
    if request.method == "POST":
        agency = accounts.agency(request.form.get("agency_id", 0, int))
        if agency is None:
            error = "Choose the agency the key is for"
        else:
            try:
                issued = apikeys.create_key(
                    agency.id, request.form.get("name", ""), current_user.id
                )
            except IntakeError as exc:
                error = str(exc)
    response = render_template(
        "intake/api_keys.html",
        page_title="API keys",
        keys=apikeys.all_keys(db.session()),
        agencies=[a for a in accounts.agencies() if a.active],
        issued=issued,
        error=error,
    )
    return response


@bp.post("/<int:key_id>/revoke")
def revoke(key_id: int) -> Response:
    try:
        key = apikeys.revoke_key(key_id)
    except IntakeError:
        abort(404)
    flash(f"Key '{key.name}' revoked.", "success")
    return redirect(url_for("api_keys.keys"))
