"""Who may see, update and close an action. Pure: no database, no Flask.

- **See** an action: a coordinator (the chair's overdue view covers every agency), or any
  partner, coordinator or manager of the agency that leads it.
- **Add a status update**: any partner, coordinator or manager of the lead agency.
- **Close** (mark complete): the named lead; when no lead is named, or the named lead's
  account is disabled, any partner, coordinator or manager of the lead agency. Nobody outside
  the lead agency — a coordinator of another agency included — may close it (at a meeting the
  chair records the outcome instead: `agenda.tracking.reviews`).
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdoor.models import Role

TRACKING_ROLES = frozenset({Role.PARTNER, Role.COORDINATOR, Role.MANAGER})


@dataclass(frozen=True)
class Viewer:
    user_id: int
    agency_id: int
    roles: frozenset[Role]


@dataclass(frozen=True)
class Lead:
    agency_id: int
    user_id: int | None
    user_active: bool = True  # the named lead's account (ignored when nobody is named)


def _of_lead_agency(viewer: Viewer, lead: Lead) -> bool:
    return viewer.agency_id == lead.agency_id and bool(viewer.roles & TRACKING_ROLES)


def may_view(viewer: Viewer, lead: Lead) -> bool:
    return Role.COORDINATOR in viewer.roles or _of_lead_agency(viewer, lead)


def may_update(viewer: Viewer, lead: Lead) -> bool:
    return _of_lead_agency(viewer, lead)


def may_close(viewer: Viewer, lead: Lead) -> bool:
    if lead.user_id is not None and lead.user_active:
        return viewer.user_id == lead.user_id and viewer.agency_id == lead.agency_id
    return _of_lead_agency(viewer, lead)
