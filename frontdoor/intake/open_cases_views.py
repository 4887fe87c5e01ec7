"""An agency manager uploads their agency's open cases (CSV): the web twin of the API and the
drop folder (frontdoor.intake.open_cases)."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from ..auth.guards import Access, GuardedBlueprint
from ..models import Role
from .open_cases import CaseOutcome, OpenCasesError, read_csv, submit_open_cases

bp = GuardedBlueprint(
    "open_cases", __name__, url_prefix="/open-cases", access=Access.roles_in(Role.MANAGER)
)


@bp.route("/", methods=["GET", "POST"])
def upload() -> str:
    outcomes: list[CaseOutcome] | None = None
    error = None
    if request.method == "POST":
        upload_file = request.files.get("cases_file")
        if upload_file is None or not upload_file.filename:
            error = "Choose your agency's open-cases file to upload"
        else:
            try:
                outcomes = submit_open_cases(
                    current_user.agency_id, read_csv(upload_file.read()), channel="upload",
                    today=date.today(),
                )  # fmt: skip
            except OpenCasesError as exc:
                error = str(exc)
    return render_template(
        "intake/open_cases.html", page_title="Open cases", outcomes=outcomes, error=error
    )
