"""Identity pages: the coordinator's review queue and people; who is in contact (everyone)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..audit.service import record_view
from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..models import Role
from ..ratelimit import lookup_limit
from . import lookup, review
from .forms import LookupForm, SplitForm
from .history import IdentityError

bp = GuardedBlueprint(
    "identity", __name__, url_prefix="/identity", access=Access.roles_in(Role.COORDINATOR)
)
# Any authorised worker may ask who is in contact; administrators may not (they never see
# case data: they manage accounts).
LOOKUP_ROLES = (Role.COORDINATOR, Role.PARTNER, Role.AGENCY_WORKER, Role.MANAGER)
lookup_bp = GuardedBlueprint("identity_lookup", __name__, access=Access.roles_in(*LOOKUP_ROLES))


@bp.get("/review")
def review_queue() -> str:
    pairs = review.pending_pairs(db.session())
    record_view(
        "identity.review_queue_viewed", object_type="review_queue", purpose="identity review",
        pair_ids=[pair.id for pair in pairs],
    )  # fmt: skip
    return render_template(
        "identity/review_queue.html",
        page_title="Review matches",
        pairs=[(pair, review.pair_words(pair)) for pair in pairs],
    )


@bp.get("/review/<int:pair_id>")
def review_pair(pair_id: int) -> str:
    try:
        pair, rows = review.view_pair(pair_id, current_user.id)
    except IdentityError:
        abort(404)
    return render_template(
        "identity/review_pair.html",
        page_title="Is this the same person?",
        pair=pair,
        rows=rows,
        words=review.pair_words(pair),
    )


@bp.post("/review/<int:pair_id>/confirm")
def confirm(pair_id: int) -> Response:
    try:
        review.confirm(pair_id, current_user.id)
        flash("Confirmed: the records are now one person.", "success")
    except IdentityError as exc:
        flash(str(exc), "error")
    return redirect(url_for("identity.review_queue"))


@bp.post("/review/<int:pair_id>/reject")
def reject(pair_id: int) -> Response:
    try:
        review.reject(pair_id, current_user.id)
        flash("Rejected: the records stay separate people.", "success")
    except IdentityError as exc:
        flash(str(exc), "error")
    return redirect(url_for("identity.review_queue"))


@bp.get("/people/<int:person_id>")
def person(person_id: int) -> str:
    try:
        page = review.view_person(person_id, current_user.id)
    except IdentityError:
        abort(404)
    return render_template(
        "identity/person.html",
        page_title=f"Person {person_id}",
        page=page,
        form=SplitForm(),
        shown=review.shown_value,
    )


@bp.post("/people/<int:person_id>/split")
def split(person_id: int) -> Response:
    form = SplitForm()
    record_ids = [int(value) for value in request.form.getlist("record_id") if value.isdigit()]
    if not form.validate_on_submit():
        flash("Give a reason for the split.", "error")
        return redirect(url_for("identity.person", person_id=person_id))
    try:
        change = review.split(person_id, record_ids, form.reason.data or "", current_user.id)
    except IdentityError as exc:
        flash(str(exc), "error")
        return redirect(url_for("identity.person", person_id=person_id))
    flash(f"Split off as person {change.to_person_id}.", "success")
    return redirect(url_for("identity.person", person_id=change.to_person_id))


@bp.post("/changes/<int:change_id>/undo")
def undo(change_id: int) -> Response:
    try:
        change = review.undo_change(change_id, current_user.id)
    except IdentityError as exc:
        flash(str(exc), "error")
        return redirect(request.referrer or url_for("identity.review_queue"))
    flash(f"The {change.kind} was undone.", "success")
    return redirect(url_for("identity.person", person_id=change.from_person_id))


@lookup_bp.route("/who-is-in-contact", methods=["GET", "POST"])
@lookup_limit
def who_is_in_contact() -> str:
    form = LookupForm()
    answer = None
    if form.validate_on_submit():
        query = lookup.LookupQuery(
            given_name=form.given_name.data or "",
            surname=form.surname.data or "",
            date_of_birth=form.date_of_birth.data or "",
            postcode=form.postcode.data or "",
            nhs_number=form.nhs_number.data or "",
        )
        try:
            answer = lookup.who_is_in_contact(
                query, form.purpose.data or "",
                user_id=current_user.id, agency_id=current_user.agency_id,
            )  # fmt: skip
        except lookup.LookupRefused as exc:
            form.given_name.errors = [str(exc)]
    return render_template(
        "identity/who_is_in_contact.html",
        page_title="Who is in contact",
        form=form,
        answer=answer,
        possible_message=lookup.POSSIBLE_MESSAGE,
    )


from . import family_views as _family_views  # noqa: E402,F401  (routes on bp)
