"""/outcomes: the Outcomes-Based-Accountability dashboard (managers and administrators)."""

from __future__ import annotations

from flask import Response, render_template, request

from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..models import Role
from . import charts, service
from .filters import parse

# Managers read the outcome dashboards (PRODUCT.md); administrators run the service. The
# figures are partnership-wide aggregates with small numbers suppressed: see docs/outcomes.md.
bp = GuardedBlueprint("outcomes", __name__, access=Access.roles_in(Role.MANAGER, Role.ADMIN))


@bp.get("/outcomes")
def dashboard() -> tuple[str, int]:
    session = db.session()
    as_of = service.today()
    agencies = service.agencies()
    filters, given = parse(request.args, as_of, {agency_id for agency_id, _ in agencies})
    page = service.page(session, filters, as_of) if not given.errors else None
    html = render_template(
        "outcomes/dashboard.html",
        page_title="Outcomes",
        page=page,
        given=given,
        agencies=agencies,
        charts=charts.dashboard_charts(page.dashboard) if page else None,
    )
    return html, 400 if given.errors else 200


@bp.get("/outcomes.csv")
def export() -> Response | tuple[str, int]:
    session = db.session()
    as_of = service.today()
    agency_ids = {agency_id for agency_id, _ in service.agencies()}
    filters, given = parse(request.args, as_of, agency_ids)
    if given.errors:
        return "Invalid filters: " + "; ".join(given.errors.values()), 400
    body = service.export(session, filters, as_of)
    response = Response(body, mimetype="text/csv")
    name = f"outcomes-{filters.start:%Y-%m}-to-{filters.end:%Y-%m}.csv"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response
