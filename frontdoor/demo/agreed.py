"""What the demo's meetings agree: the risk level and the MARAC decision follow the incident's
assessed level and the MARAC criteria the agenda found (agenda/criteria.py), with the
exceptions real meetings make, each with its written reason in the decision (#14).

The old demo drew the agreed risk at random, so its minutes showed strangulation and threats
to kill agreed "standard, no MARAC": a demo that teaches unsafe practice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_ORDER = ("standard", "medium", "high")
_SERIOUS = ("Professional judgement: strangulation", "Professional judgement: threats to kill")
# How often a meeting departs from the rules, and the reasons it writes down.
_RAISE = 0.10  # a standard/medium family agreed one level higher on what partners shared
_NOT_REFERRED = 0.06  # criteria met, MARAC considered and not referred
_RAISE_REASONS = (
    "Risk raised on professional judgement: the IDVA reports escalating control since then.",
    "Risk raised: health shared a recent injury the police were not told about.",
)
_NOT_REFERRED_REASONS = (
    "MARAC considered, not referred: the family is already open to MARAC in another area; "
    "the case was transferred there today.",
    "MARAC considered, not referred: the perpetrator has been remanded in custody; to be "
    "reviewed on release.",
)


@dataclass(frozen=True)
class Agreed:
    risk: str  # standard | medium | high
    marac: str  # yes | no | considered
    reason: str | None = None  # the written reason for an exception


def agreed_outcome(rng: random.Random, levels: list[str], criteria: list[str]) -> Agreed:
    """`levels`: the assessed levels of the family's new incidents ("" when not assessed);
    `criteria`: the MARAC criteria met, as printed (e.g. "Visible high risk: ...")."""
    assessed = max((_ORDER.index(v) for v in levels if v in _ORDER), default=0)
    if any(c.startswith(_SERIOUS) for c in criteria):
        assessed = 2  # strangulation or threats to kill: high on professional judgement
    risk = _ORDER[assessed]
    if criteria:
        if rng.random() < _NOT_REFERRED:
            return Agreed(risk, "considered", rng.choice(_NOT_REFERRED_REASONS))
        return Agreed(risk, "yes")
    if assessed < 2 and rng.random() < _RAISE:
        raised = _ORDER[assessed + 1]
        marac = "yes" if raised == "high" else "no"
        return Agreed(raised, marac, rng.choice(_RAISE_REASONS))
    return Agreed(risk, "no")
