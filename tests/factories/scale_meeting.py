"""A meeting at the demo's scale built only through supported paths, without the demo: a
police nightly export (police_night.py) imported by the real import, people resolved by
identity resolution, the agenda built by the build, partners invited as standing members and
the chair set by the coordinator's service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import Flask

from agenda.build import build_agenda
from agenda.members import add_standing_member, set_chairs
from agenda.schedule import LOCAL_ZONE
from frontdoor.identity.resolution import resolve_pending
from frontdoor.intake.service import import_police_file
from frontdoor.models import AgencyKind, BuildTrigger, Role, User

from .accounts import Factory
from .police_night import demo_scale_night, night_csv

# Every day a meeting day, the cut-off late in the evening: a file imported now is for today's
# meeting, whatever the hour the tests run.
SCHEDULE = {
    "AGENDA_MEETING_DAYS": "1,2,3,4,5,6,7",
    "AGENDA_BUILD_TIME": "23:58",
    "AGENDA_MEETING_TIME": "23:59",
}
FAMILIES = 79


@dataclass(frozen=True)
class ScaleMeeting:
    day: date
    meeting_id: int
    chair: User
    police: User
    health: User


def build_scale_meeting(app: Flask, factory: Factory) -> ScaleMeeting:
    app.config.update(SCHEDULE)
    police_agency = factory.agency("police", AgencyKind.POLICE)
    health_agency = factory.agency("health", AgencyKind.HEALTH)
    chair = factory.user([Role.COORDINATOR], agency=police_agency)
    police = factory.user([Role.PARTNER], agency=police_agency)
    health = factory.user([Role.PARTNER], agency=health_agency)
    now = datetime.now(UTC)
    today = now.astimezone(LOCAL_ZONE).date()
    with app.app_context():
        for partner in (police, health):
            add_standing_member(partner.email, deputy=False, by_user_id=chair.id)
        night = demo_scale_night(today, now - timedelta(hours=8))
        summary = import_police_file(night_csv(night), agency_id=police_agency.id, today=today)
        assert (summary.imported, summary.quarantined) == (summary.rows, 0), summary.as_json()
        resolve_pending()
        result = build_agenda(today, BuildTrigger.COMMAND)
        assert result.items_added == FAMILIES, result
        set_chairs(result.meeting_id, chair.id, None, by_user_id=chair.id)
    return ScaleMeeting(today, result.meeting_id, chair, police, health)
