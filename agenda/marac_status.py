"""The family's MARAC status in words (pure: used by the family summary and the MARAC list)."""

from __future__ import annotations

from frontdoor.models import MaracReferral


def status_text(referrals: list[MaracReferral]) -> str | None:
    """The family's MARAC status in words, from its latest referral (None: never referred)."""
    if not referrals:
        return None
    latest = referrals[0]
    words = f"Referred to MARAC on {latest.referred_on:%-d %B %Y}"
    if latest.marac_date:
        words += f" for the MARAC of {latest.marac_date:%-d %B %Y}"
    if latest.outcome:
        words += f". MARAC outcome: {latest.outcome}"
    return words + "."
