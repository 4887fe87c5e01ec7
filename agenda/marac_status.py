"""The family's MARAC status in words (pure: used by the family summary and the MARAC list)."""

from __future__ import annotations

from frontdoor.models import MaracReferral
from frontdoor.names import long_date


def status_text(referrals: list[MaracReferral]) -> str | None:
    """The family's MARAC status in words, from its latest referral (None: never referred)."""
    if not referrals:
        return None
    latest = referrals[0]
    words = f"Referred to MARAC on {long_date(latest.referred_on)}"
    if latest.marac_date:
        words += f" for the MARAC of {long_date(latest.marac_date)}"
    if latest.outcome:
        words += f". MARAC outcome: {latest.outcome}"
    return words + "."
