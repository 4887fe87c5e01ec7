"""The test factories: the one place tests build what they need, through the real services or
straight from the models.

- `accounts`: agencies and users (`Factory`, the `factory` fixture), signing in.
- `rows`: one builder per table row (family, person, referral, meeting, item, action, ...);
  every other module builds its records through these.
- `cases`: families and their people, referrals, involvements, relationships that open a case.
- `meetings`: today's live meeting, meetings about a family, actions, a family as intake leaves it.
- `minutes`: a live meeting with a full record, ready to be closed; a closed meeting.
- `retention`: a case with a row in every table that holds case data, at a known moment.
- `outcomes`: the hand-computed world of the outcomes dashboard.
- `police_file`: rows of the police export and the CSV; `police_night`: a night's export at the
  demo's scale (79 families); `scale_meeting`: that night imported, resolved and built.
- `records`: prepared records for the pure matching tests.
"""

from .accounts import PASSWORD, Factory, csrf_token_from, csrf_token_in, sign_in, signed_in_client

__all__ = [
    "PASSWORD",
    "Factory",
    "csrf_token_from",
    "csrf_token_in",
    "sign_in",
    "signed_in_client",
]
