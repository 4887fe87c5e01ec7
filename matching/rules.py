"""Hard evidence rules and the decision: what overrides the match weights.

The first two rules make a link (a shared valid NHS number or PNC ID); the conflict rules make
two people (different identifiers, distant birth dates, Jr/Sr); the name rules cap a pair at
review (given names differ, a possible twin, only the names agree). The levels they look at
are found by label, so a level added to a comparison keeps them right.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from rapidfuzz.distance import DamerauLevenshtein

from .comparisons import (
    COMPARISONS,
    DOB,
    DOB_LEVELS,
    GIVEN,
    GIVEN_LEVELS,
    NHS,
    NHS_LEVELS,
    PHONE,
    PHONE_LEVELS,
    PNC,
    PNC_LEVELS,
    RESIDENCE,
    RESIDENCE_LEVELS,
    SURNAME,
    SURNAME_LEVELS,
)
from .dates import years_apart
from .names import known_given_name, transliteration_group
from .records import PreparedRecord
from .settings import MatchSettings


class Decision(enum.StrEnum):
    LINK = "link"
    REVIEW = "review"
    NEW = "new"


class Rule(enum.StrEnum):
    """Hard evidence rules. The first two make a link; the others forbid an automatic one."""

    SAME_NHS = "same valid NHS number"
    SAME_PNC = "same valid PNC ID"
    DIFFERENT_NHS = "different valid NHS numbers"
    DIFFERENT_PNC = "different valid PNC IDs"
    DOB_FAR_APART = "dates of birth far apart"
    DIFFERENT_GENERATION = "different generation suffix (Jr/Sr)"
    GIVEN_NAMES_DIFFER = "given names differ"
    POSSIBLE_TWIN = "same birth date and surname, given names not the same (twin or sibling?)"
    NAMES_ONLY = "only the names agree: no date of birth, address, phone or identifier in common"


LINKING_RULES = frozenset({Rule.SAME_NHS, Rule.SAME_PNC})
# Strong evidence of two different people: no link, and no review either unless a shared
# identifier says otherwise (then the conflict is for a person to settle).
CONFLICT_RULES = frozenset(
    {Rule.DIFFERENT_NHS, Rule.DIFFERENT_PNC, Rule.DOB_FAR_APART, Rule.DIFFERENT_GENERATION}
)
_IDENTIFIER_RULES = {
    Rule.SAME_NHS: (NHS, 1),
    Rule.SAME_PNC: (PNC, 1),
    Rule.DIFFERENT_NHS: (NHS, 2),
    Rule.DIFFERENT_PNC: (PNC, 2),
}


def _levels(levels: tuple[str, ...], *labels: str) -> frozenset[int]:
    """Level indices by label, so that the rules below survive a level added to the code."""
    return frozenset(levels.index(label) for label in labels)


_G = GIVEN_LEVELS
# Levels of the non-name comparisons that corroborate a name match.
_CORROBORATING_LEVELS = {
    DOB: _levels(
        DOB_LEVELS,
        "exact",
        "day and month swapped",
        "year off by one",
        "two digits swapped",
        "one digit different",
    ),
    RESIDENCE: _levels(
        RESIDENCE_LEVELS,
        "same address and postcode",
        "same address, postcode differs or missing",
        "same postcode, address similar or missing",
        "address similar, postcode differs",
    ),
    PHONE: _levels(PHONE_LEVELS, "exact", "one digit different"),
    NHS: _levels(NHS_LEVELS, "same valid number"),
    PNC: _levels(PNC_LEVELS, "same valid ID"),
}
# Given-name levels of a similar spelling (not a nickname or transliteration).
_SPELLING_LEVELS = _levels(
    _G, "one typo (a letter wrong, missing, extra or swapped)", "similar (Jaro-Winkler >= high)"
)
# Date-of-birth levels that explain a gap of years as a slip: day/month swap, year off by one.
_EXPLAINED_DOB_LEVELS = _levels(DOB_LEVELS, "day and month swapped", "year off by one")
# ... and, when the names and the address agree, a slip of the year rather than a father and son
# of the same name: two digits swapped (1912 / 1921), or one digit of the year wrong on the
# same day and month (1959-06-12 / 1969-06-12; a son born on his namesake father's birthday is
# one in 365).
_AGREEING_GIVEN = _levels(
    _G,
    "exact",
    "nickname or transliteration",
    "short form (one is the start of the other)",
    "one typo (a letter wrong, missing, extra or swapped)",
    "similar (Jaro-Winkler >= high)",
)
_AGREEING_SURNAME = _levels(
    SURNAME_LEVELS,
    "exact",
    "shares a part or transliteration",
    "one typo (a letter wrong, missing, extra or swapped)",
    "similar (Jaro-Winkler >= high)",
)
# Each slip of the year, with the given-name and residence levels that must hold with it.
_SLIP_EVIDENCE = {
    DOB_LEVELS.index("two digits swapped"): (
        _AGREEING_GIVEN,
        _levels(RESIDENCE_LEVELS, "same address and postcode"),
    ),
    DOB_LEVELS.index("one digit different"): (
        _levels(_G, "exact"),
        _levels(
            RESIDENCE_LEVELS,
            "missing",
            "same address and postcode",
            "same address, postcode differs or missing",
            "same postcode, address similar or missing",
        ),
    ),
}
SAME_DOB_OR_SWAPPED = _levels(DOB_LEVELS, "exact", "day and month swapped")
EXACT = 1
# Given-name levels of names the nicknames data or the transliteration list relate.
_ALIAS_LEVELS = _levels(_G, "nickname or transliteration")
# A nickname of a known name one slip from the other's spelling (Mayr / Polly).
_TYPO_ALIAS_LEVELS = _levels(_G, "nickname of a spelling one slip from a known name")
# Given-name levels of a looser similarity (sounds alike, Jaro-Winkler >= low).
_SIMILAR_LEVELS = _levels(_G, "sounds alike or Jaro-Winkler >= low")
# Given-name levels strong enough to tell a person from a same-birthday sibling: a twin's
# name is not the start of the other's, nor (on its own) an initial. An initial that fits
# two twins leaves the record between two people: clustering's ambiguity check holds it.
_STRONG_GIVEN_LEVELS = _levels(
    _G,
    "missing",
    "exact",
    "swapped with surname",
    "nickname or transliteration",
    "short form (one is the start of the other)",
    "one typo (a letter wrong, missing, extra or swapped)",
    "similar (Jaro-Winkler >= high)",
    "matches a middle name",
    "initial only",
)
# Rules that only cap a name match at review: a shared valid identifier outweighs them.
_NAME_CAPS = frozenset({Rule.POSSIBLE_TWIN, Rule.NAMES_ONLY})


def hard_rules(
    vector: tuple[int, ...],
    a: PreparedRecord,
    b: PreparedRecord,
    settings: MatchSettings,
    name_count: Callable[[str], int] = lambda name: 0,
) -> tuple[Rule, ...]:
    """The hard evidence rules that apply to a pair, in a fixed order.

    `name_count` tells how often a given name occurs (term frequencies), to tell two
    established names (Conor / Connor: twins?) from a name and its typo (Zainab / Zxinab).
    """
    rules = [rule for rule, (c, level) in _IDENTIFIER_RULES.items() if vector[c] == level]
    if (
        a.dob is not None
        and b.dob is not None
        and not _dob_gap_explained(vector)
        and years_apart(a.dob, b.dob) > settings.hard_rules.dob_far_years
    ):
        rules.append(Rule.DOB_FAR_APART)
    if a.generation and b.generation and a.generation != b.generation:
        rules.append(Rule.DIFFERENT_GENERATION)
    if vector[GIVEN] == len(COMPARISONS[GIVEN].levels) - 1:
        rules.append(Rule.GIVEN_NAMES_DIFFER)
    elif (
        vector[DOB] in SAME_DOB_OR_SWAPPED
        and vector[SURNAME] == EXACT
        and _twin_like_names(vector[GIVEN], a.given, b.given, settings, name_count)
    ):
        rules.append(Rule.POSSIBLE_TWIN)
    if not any(vector[c] in levels for c, levels in _CORROBORATING_LEVELS.items()):
        rules.append(Rule.NAMES_ONLY)
    return tuple(rules)


def _dob_gap_explained(vector: tuple[int, ...]) -> bool:
    """A day/month swap or a year off by one explains distant dates; a slip of the year does
    when the names and the residence agree too (19121126 / 19211126; 1959 / 1969 on the
    same day)."""
    if vector[DOB] in _EXPLAINED_DOB_LEVELS:
        return True
    if vector[DOB] not in _SLIP_EVIDENCE:
        return False
    given, residence = _SLIP_EVIDENCE[vector[DOB]]
    return (
        vector[GIVEN] in given
        and vector[SURNAME] in _AGREEING_SURNAME
        and vector[RESIDENCE] in residence
    )


def _twin_like_names(
    level: int, a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """Given names that could belong to two siblings born the same day.

    For similar spellings (Jaro-Winkler, sounds alike) the names' frequencies decide when
    there are enough records: two established names seen about as often as each other are
    two names (Aidan / Aiden, Conor / Connor: twins?); a spelling far rarer than a common
    one is a slip of it (Ernily / Emily). Without enough records to tell, a single typing
    slip counts as a slip at the looser level, and only established names at the closer one.
    """
    if level in _TYPO_ALIAS_LEVELS:
        # Mayr / Polly: a misspelt name seen once is a slip of Mary, not a sibling's name;
        # a spelling seen more often may be a name of its own.
        return not _one_off_spelling(a, b, settings, name_count)
    if level not in _STRONG_GIVEN_LEVELS | _SIMILAR_LEVELS:
        return not _one_slip_apart(a, b)
    if level in _ALIAS_LEVELS:
        # Nicknames data relates Lily / Lilly and Louis / Louie, but two spellings a letter
        # apart that are both established are as likely two children as one.
        return (
            _one_slip_apart(a, b)
            and transliteration_group(a) != transliteration_group(b)
            and _established_pair(a, b, settings, name_count)
        )
    if level not in _SPELLING_LEVELS | _SIMILAR_LEVELS:
        return False
    if _rare_variant(a, b, settings, name_count) or _one_off_spelling(a, b, settings, name_count):
        return False
    if _established_pair(a, b, settings, name_count):
        return True
    return level in _SIMILAR_LEVELS and not _one_slip_apart(a, b)


def _established_pair(
    a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """Both names seen often enough to be names, neither a rare variant of the other."""
    established = settings.hard_rules.established_name_count
    both = name_count(a) >= established and name_count(b) >= established
    return both and not _rare_variant(a, b, settings, name_count)


def _rare_variant(
    a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """One spelling is seen far less often than a similar, common one: a slip, not a sibling's
    name (Ernily / Emily, Leee / Lee). Needs enough records for the counts to say so: the
    common name must be seen often enough that `rare_variant_ratio` of it is established."""
    low, high = sorted((name_count(a), name_count(b)))
    ratio = settings.hard_rules.rare_variant_ratio
    return high * ratio >= settings.hard_rules.established_name_count and low <= high * ratio


def _one_off_spelling(
    a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """A spelling no name list knows, seen once, against a given name the lists know or an
    established one: a slip (aprlol / april, rifey / ridley), not a sibling's name."""
    established = settings.hard_rules.established_name_count
    return any(
        name_count(x) == 1
        and not known_given_name(x)
        and (known_given_name(y) or name_count(y) >= established)
        for x, y in ((a, b), (b, a))
    )


def _one_slip_apart(a: str, b: str) -> bool:
    """A single typing slip (Zainab / Zxinab) is not a sibling's different name."""
    return len(a) > 2 and len(b) > 2 and DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


def decide(weight: float, rules: tuple[Rule, ...], settings: MatchSettings) -> Decision:
    """Thresholds first; a shared strong identifier then links; a conflict (different
    identifiers, distant birth dates, Jr/Sr) makes two people, or a review if an identifier
    is shared too; the name rules cap at review."""
    thresholds = settings.thresholds
    if weight >= thresholds.link_weight:
        decision = Decision.LINK
    elif weight >= thresholds.review_weight:
        decision = Decision.REVIEW
    else:
        decision = Decision.NEW
    shares_identifier = any(r in LINKING_RULES for r in rules)
    identifier_links = settings.hard_rules.same_identifier_links and shares_identifier
    if identifier_links:
        decision = Decision.LINK
    if any(r in CONFLICT_RULES for r in rules):
        return Decision.REVIEW if shares_identifier else Decision.NEW
    # A name shortened to an initial, or only names besides the identifier, do not outweigh a
    # shared valid NHS number or PNC ID (D Cooke / David Cooke); different given names do.
    outweighed = _NAME_CAPS if identifier_links else frozenset()
    caps = [r for r in rules if r not in LINKING_RULES and r not in outweighed]
    if caps and decision == Decision.LINK:
        decision = Decision.REVIEW
    return decision
