"""A person's age against their role in the incident: a child is under 18; a victim,
perpetrator or other adult is not a small child.

Typed in (the web form, the API) a mismatch is refused with a message saying what to check;
from a police file it is a warning on the row (the export cannot be corrected here).
"""

from __future__ import annotations

from datetime import date

from ..models import ReferralRole
from .field_readers import FieldError, years_before

ADULT_AGE = 18
# Below this age a victim, perpetrator or other adult is refused as a mistake; from it up to 16
# (the age in the statutory definition of domestic abuse) it is accepted with a warning.
YOUNGEST_ADULT_ROLE = 10
DOMESTIC_ABUSE_AGE = 16

_ROLE_WORDS = {
    ReferralRole.VICTIM: "a victim",
    ReferralRole.PERPETRATOR: "a perpetrator",
    ReferralRole.OTHER: "another adult",
}


def check_role_age(
    role: ReferralRole,
    born: date | None,
    today: date,
    errors: list[FieldError],
    warnings: list[str],
    *,
    strict: bool,
) -> None:
    if born is None:
        return
    age = years_before(born, today)
    problem = _problem(role, age)
    if problem is None:
        return
    refused, message = problem
    if refused and strict:
        errors.append(FieldError("date_of_birth", message))
    else:
        warnings.append(message)


def _problem(role: ReferralRole, age: int) -> tuple[bool, str] | None:
    """(refused, message) when the age does not fit the role."""
    years = f"{age} year{'' if age == 1 else 's'} old"
    if role == ReferralRole.CHILD and age >= ADULT_AGE:
        return True, (
            f"A child must be under {ADULT_AGE}: this date of birth makes them {years}. "
            "Check the date of birth, or choose another role"
        )
    words = _ROLE_WORDS.get(role)
    if words is None:
        return None
    if age < YOUNGEST_ADULT_ROLE:
        return True, (
            f"This date of birth makes {words} {years}. Check the date of birth, "
            "or choose the role 'Child'"
        )
    if age < DOMESTIC_ABUSE_AGE:
        return False, (
            f"{words.capitalize()} aged {age}: under {DOMESTIC_ABUSE_AGE}, so check whether "
            "this is child protection rather than domestic abuse"
        )
    return None
