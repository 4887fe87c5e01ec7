"""The signed-in home page: one panel for each role the user holds."""

from __future__ import annotations

from datetime import date, timedelta

from flask import render_template
from flask_login import current_user

from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..home import service
from ..intake.quarantine_summary import summary as quarantine_summary
from ..models import Role

bp = GuardedBlueprint("web", __name__, access=Access.signed_in())

PANEL_ORDER = [Role.COORDINATOR, Role.PARTNER, Role.AGENCY_WORKER, Role.MANAGER, Role.ADMIN]


@bp.get("/")
def home() -> str:
    session = db.session()
    today = date.today()
    roles = [role for role in PANEL_ORDER if current_user.has_role(role)]
    agency_id = current_user.agency_id
    return render_template(
        "web/home.html",
        page_title="Home",
        roles=roles,
        today=today,
        meeting=service.todays_meeting(session, today),
        referrals_24h=service.referrals_since(session, today - timedelta(days=1)),
        awaiting_resolution=service.records_awaiting_resolution(session),
        agency_actions=service.action_counts(session, today, agency_id),
        all_actions=service.action_counts(session, today),
        involvements=service.current_involvements(session, agency_id),
        referrals_30d=service.referrals_since(session, today - timedelta(days=30)),
        admin=service.admin_counts(session) if Role.ADMIN in roles else None,
        urgent=service.urgent_alerts(session) if Role.COORDINATOR in roles else [],
        quarantine=quarantine_summary(session) if Role.COORDINATOR in roles else None,
    )
