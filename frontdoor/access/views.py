"""Self-claimed access (any signed-in user) and the information-governance pages (managers,
administrators): the review list and the agency's audit export."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..audit.service import record_view
from ..auth.guards import Access, GuardedBlueprint
from ..models import ReviewOutcome, Role
from . import governance
from .claims import ClaimError, claim_access, review_claim
from .forms import ClaimForm, ReviewForm

claims_bp = GuardedBlueprint("access", __name__, access=Access.signed_in())
governance_bp = GuardedBlueprint(
    "governance", __name__, access=Access.roles_in(Role.MANAGER, Role.ADMIN)
)


@claims_bp.route(
    "/access/claim/family/<int:object_id>", methods=["GET", "POST"], defaults={"kind": "family"}
)
@claims_bp.route(
    "/access/claim/person/<int:object_id>", methods=["GET", "POST"], defaults={"kind": "person"}
)
def claim(kind: str, object_id: int) -> BaseResponse | tuple[str, int]:
    form = ClaimForm()
    error = None
    if form.validate_on_submit():
        target = {"family_id" if kind == "family" else "person_id": object_id}
        try:
            claim_access(current_user, reason=form.reason.data or "", **target)
        except ClaimError as exc:
            error = str(exc)
        else:
            flash("Your access is recorded and will be reviewed.", "success")
            return redirect(_safe_next(form.next.data))
    form.next.data = form.next.data or request.args.get("next", "")
    page = render_template("access/claim.html", form=form, error=error, kind=kind)
    return page, 400 if error else 200


@governance_bp.get("/governance/claims")
def claims() -> str:
    pending = governance.claims_to_review(current_user)
    record_view(
        "governance.claims_viewed", object_type="agency", object_id=current_user.agency_id,
        purpose="self-claim review", claim_ids=[claim.id for claim in pending],
    )  # fmt: skip
    return render_template("access/review_list.html", claims=pending, form=ReviewForm())


@governance_bp.post("/governance/claims/<int:claim_id>/review")
def review(claim_id: int) -> BaseResponse:
    if claim_id not in {c.id for c in governance.claims_to_review(current_user)}:
        abort(404)  # another agency's claim, or none: the same answer either way
    form = ReviewForm()
    if not form.validate_on_submit():
        flash("Choose whether the access was justified.", "error")
        return redirect(url_for("governance.claims"))
    try:
        review_claim(current_user, claim_id, ReviewOutcome(form.outcome.data), form.note.data or "")
    except ClaimError as exc:
        flash(str(exc), "error")
    else:
        flash("Review recorded.", "success")
    return redirect(url_for("governance.claims"))


@governance_bp.get("/governance/audit.csv")
def audit_export() -> Response:
    body = governance.agency_audit_csv(current_user.agency_id)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=audit.csv"
    return response


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("web.home")
    return target
