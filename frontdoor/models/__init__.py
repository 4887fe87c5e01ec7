"""All models, importable from one place: `from frontdoor.models import Person`."""

from .accounts import ROLE_LABELS, Agency, AgencyKind, ApiKey, Role, User, UserRole, UserSession
from .audit import AuditEvent
from .base import Base, utcnow
from .meetings import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    Meeting,
    MeetingStatus,
)
from .people import (
    Family,
    FamilyMember,
    Involvement,
    MemberRole,
    Person,
    PersonRecord,
    PersonStatus,
    ResolutionStatus,
)
from .referrals import Channel, Consent, DashRisk, Referral, ReferralPerson, ReferralRole

__all__ = [
    "ROLE_LABELS",
    "Action",
    "ActionStatus",
    "AgendaItem",
    "AgendaItemStatus",
    "Agency",
    "AgencyKind",
    "ApiKey",
    "Attendance",
    "AuditEvent",
    "Base",
    "Channel",
    "Consent",
    "DashRisk",
    "Family",
    "FamilyMember",
    "Involvement",
    "Meeting",
    "MeetingStatus",
    "MemberRole",
    "Person",
    "PersonRecord",
    "PersonStatus",
    "Referral",
    "ReferralPerson",
    "ReferralRole",
    "ResolutionStatus",
    "Role",
    "User",
    "UserRole",
    "UserSession",
    "utcnow",
]
