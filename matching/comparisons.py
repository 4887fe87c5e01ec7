"""Comparisons as ordered levels.

Each comparison looks at one aspect of two prepared records and returns the index of the FIRST
level whose condition holds, most specific first, as Splink does. Level 0 is always "missing"
(no evidence either way); the last level is "different". The levels' labels here are the
contract with the settings file, which holds their m and u probabilities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from .dates import day_month_swapped
from .names import consonant_skeleton, known_given_name, name_aliases, phonetic
from .records import PreparedRecord


@dataclass(frozen=True, slots=True)
class Fuzziness:
    """String-similarity thresholds (settings data)."""

    name_high: float = 0.92
    name_low: float = 0.80
    address_token_set: float = 85.0


Comparator = Callable[[PreparedRecord, PreparedRecord, Fuzziness], int]


def _jaro(a: str, b: str) -> float:
    return JaroWinkler.similarity(a, b)


def _same_name(x: str, y: str, fz: Fuzziness) -> bool:
    return bool(x and y) and (x == y or _jaro(x, y) >= fz.name_high)


def names_swapped(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> bool:
    """One record has given name and surname the other way round (allowing a typo, or the
    other half missing: "George" + no surname against surname "George")."""
    forward = _same_name(a.given, b.surname, fz)
    backward = _same_name(a.surname, b.given, fz)
    if forward and backward:
        return True
    if forward and not (a.surname and b.given):
        return True
    return backward and not (b.surname and a.given)


def _one_typo(x: str, y: str) -> bool:
    """One letter wrong, missing, extra, or two neighbours swapped (tifafny / tiffany)."""
    return DamerauLevenshtein.distance(x, y, score_cutoff=1) <= 1


def _short_form(x: str, y: str) -> bool:
    """One name is the start of the other, at least three letters (Dani / Danielle)."""
    short, long = sorted((x, y), key=len)
    return len(short) >= 3 and long.startswith(short)


def _transliterated(x: str, skeleton_x: str, y: str, skeleton_y: str) -> bool:
    """A name written without vowels (Arabic, Urdu...) against a Latin spelling with the same
    consonants: mhmd (محمد) / Mohammed."""
    if skeleton_x and len(skeleton_x) >= 2 and skeleton_x == consonant_skeleton(y):
        return True
    return bool(skeleton_y and len(skeleton_y) >= 2 and skeleton_y == consonant_skeleton(x))


def _split_by_a_space(a: PreparedRecord, b: PreparedRecord) -> bool:
    """A given name broken in two by a space (`le ah` / `leah`, `har risn` / `harrison`): its
    two halves joined are the other name, or one typo from it."""
    for x, y in ((a, b), (b, a)):
        if x.middle and not y.middle and _one_typo(x.given + x.middle[0], y.given):
            return True
    return False


def compare_given(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if not a.given or not b.given:
        return 2 if names_swapped(a, b, fz) else 0
    if a.given == b.given:
        return 1
    if names_swapped(a, b, fz):
        return 2
    return _given_spelt_differently(a, b, fz)


def _given_spelt_differently(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    """The given-name level of two different spellings, from "nickname" to "different"."""
    if a.given_aliases & b.given_aliases or _transliterated(
        a.given, a.given_skeleton, b.given, b.given_skeleton
    ):
        return 3
    if _short_form(a.given, b.given):
        return 4
    if _one_typo(a.given, b.given) or _split_by_a_space(a, b):
        return 5
    similarity = _jaro(a.given, b.given)
    if similarity >= fz.name_high:
        return 6
    if a.given_typo_aliases & b.given_aliases or b.given_typo_aliases & a.given_aliases:
        return 7
    if a.given in b.middle or b.given in a.middle:
        return 8
    if similarity >= fz.name_low or a.given_phonetic == b.given_phonetic:
        return 9
    if (len(a.given) == 1 or len(b.given) == 1) and a.given[0] == b.given[0]:
        return 10
    if names_crossed(a, b, fz):
        return 11
    return 12


def names_crossed(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> bool:
    """One record has its names the other way round and its other name changed or misspelt
    ("Obrien Daisy" against "Daisy Evans"). The name the two share must be a given name (a
    known one, or the other halves are related given names): "Horsfall Theo" against "Jake
    Horsfall" share a surname, and read the right way round are Theo against Jake."""
    if _same_name(a.given, b.surname, fz):
        return known_given_name(a.given) or _given_related(a.surname, b.given, fz)
    if _same_name(a.surname, b.given, fz):
        return known_given_name(b.given) or _given_related(b.surname, a.given, fz)
    return False


def _given_related(x: str, y: str, fz: Fuzziness) -> bool:
    """Two given names that are the same, aliases, similar, alike in sound, or initials."""
    if not x or not y:
        return False
    if x == y or name_aliases(x) & name_aliases(y) or _jaro(x, y) >= fz.name_low:
        return True
    return phonetic(x) == phonetic(y) or ((len(x) == 1 or len(y) == 1) and x[0] == y[0])


GIVEN_LEVELS = (
    "missing",
    "exact",
    "swapped with surname",
    "nickname or transliteration",
    "short form (one is the start of the other)",
    "one typo (a letter wrong, missing, extra or swapped)",
    "similar (Jaro-Winkler >= high)",
    "nickname of a spelling one slip from a known name",
    "matches a middle name",
    "sounds alike or Jaro-Winkler >= low",
    "initial only",
    "matches the other's surname (one way)",
    "different",
)


def compare_surname(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if not a.surname or not b.surname:
        return 2 if names_swapped(a, b, fz) else 0
    if a.surname == b.surname:
        return 1
    if names_swapped(a, b, fz):
        return 2
    if (
        a.surname_group == b.surname_group
        or set(a.surname_tokens) & set(b.surname_tokens)
        or _transliterated(a.surname, a.surname_skeleton, b.surname, b.surname_skeleton)
    ):
        return 3
    if _one_typo(a.surname, b.surname):
        return 4
    similarity = _jaro(a.surname, b.surname)
    if similarity >= fz.name_high:
        return 5
    if similarity >= fz.name_low or a.surname_phonetic == b.surname_phonetic:
        return 6
    return 7


SURNAME_LEVELS = (
    "missing",
    "exact",
    "swapped with given name (weighed once, under given name)",
    "shares a part or transliteration",
    "one typo (a letter wrong, missing, extra or swapped)",
    "similar (Jaro-Winkler >= high)",
    "sounds alike or Jaro-Winkler >= low",
    "different",
)


def compare_middle(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if not a.middle or not b.middle:
        return 0
    ma, mb = a.middle[0], b.middle[0]
    if ma == mb:
        return 1
    if (len(ma) == 1 or len(mb) == 1) and ma[0] == mb[0]:
        return 2
    if _jaro(ma, mb) >= fz.name_high or set(a.middle) & set(b.middle):
        return 3
    return 4


MIDDLE_LEVELS = ("missing", "exact", "initial matches", "similar", "different")


def compare_dob(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if a.dob is None or b.dob is None:
        return _impossible_date_slip(a.dob_digits, b.dob_digits)
    if a.dob == b.dob:
        return 1
    if day_month_swapped(a.dob, b.dob):
        return 2
    if a.dob.month == b.dob.month and a.dob.day == b.dob.day and abs(a.dob.year - b.dob.year) == 1:
        return 3
    if _digits_transposed(a.dob_text, b.dob_text):
        return 4
    if DamerauLevenshtein.distance(a.dob_text, b.dob_text, score_cutoff=1) <= 1:
        return 5
    return 6


def _impossible_date_slip(x: str, y: str) -> int:
    """An impossible date (month 92: 19399222) a slip from the other record's date counts as
    that slip; otherwise an impossible date is missing."""
    if not x or not y or x == y:
        return 0
    if _digits_transposed(x, y):
        return DOB_LEVELS.index("two digits swapped")
    if DamerauLevenshtein.distance(x, y, score_cutoff=1) <= 1:
        return DOB_LEVELS.index("one digit different")
    return 0


def _digits_transposed(x: str, y: str) -> bool:
    """Two digits exchanged, neighbours (19121126 / 19211126) or not (19650512 / 19560512)."""
    if len(x) != len(y):
        return False
    differ = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    return len(differ) == 2 and x[differ[0]] == y[differ[1]] and x[differ[1]] == y[differ[0]]


DOB_LEVELS = (
    "missing",
    "exact",
    "day and month swapped",
    "year off by one",
    "two digits swapped",
    "one digit different",
    "different",
)


def compare_sex(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if a.sex is None or b.sex is None:
        return 0
    return 1 if a.sex == b.sex else 2


SEX_LEVELS = ("missing", "same", "different")


def _same_postcode(a: PreparedRecord, b: PreparedRecord) -> bool:
    pa, pb = a.postcode, b.postcode
    return (
        pa is not None and pb is not None and pa.text.replace(" ", "") == pb.text.replace(" ", "")
    )


def _same_sector(a: PreparedRecord, b: PreparedRecord) -> bool:
    pa, pb = a.postcode, b.postcode
    return bool(pa and pb and pa.valid and pb.valid and pa.sector == pb.sector)


def address_relation(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> str:
    """ "same", "other house", "similar", "different", or "" when either is missing."""
    aa, ab = a.address, b.address
    if aa is None or ab is None:
        return ""
    if aa.text == ab.text:
        return "same"
    if aa.number and ab.number and aa.number != ab.number:
        return "other house"
    if aa.flat and ab.flat and aa.flat != ab.flat:
        return "other house"
    if aa.number and aa.number == ab.number and aa.street == ab.street:
        return "same"
    if token_set_ratio(aa.text, ab.text, score_cutoff=fz.address_token_set):
        return "similar"
    return "different"


def compare_residence(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    """Address and postcode together: a move changes both, and must count once, not twice."""
    has_postcodes = a.postcode is not None and b.postcode is not None
    relation = address_relation(a, b, fz)
    if not has_postcodes and not relation:
        return 0
    same_postcode = _same_postcode(a, b)
    if relation == "same":
        return 1 if same_postcode else 2
    if same_postcode:
        return 3 if relation in ("similar", "") else 5
    if relation == "similar":
        return 3 if not has_postcodes else 4
    return 6 if _same_sector(a, b) else 7


RESIDENCE_LEVELS = (
    "missing",
    "same address and postcode",
    "same address, postcode differs or missing",
    "same postcode, address similar or missing",
    "address similar, postcode differs",
    "same postcode, another house",
    "same postcode sector",
    "different",
)


def compare_phone(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if a.phone is None or b.phone is None:
        return 0
    if a.phone == b.phone:
        return 1
    if DamerauLevenshtein.distance(a.phone, b.phone, score_cutoff=1) <= 1:
        return 2
    return 3


PHONE_LEVELS = ("missing", "exact", "one digit different", "different")


def compare_nhs(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if a.nhs_number is None or b.nhs_number is None:
        return 0
    return 1 if a.nhs_number == b.nhs_number else 2


NHS_LEVELS = ("missing or invalid", "same valid number", "different valid numbers")


def compare_pnc(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> int:
    if a.pnc_id is None or b.pnc_id is None:
        return 0
    return 1 if a.pnc_id == b.pnc_id else 2


PNC_LEVELS = ("missing or invalid", "same valid ID", "different valid IDs")


@dataclass(frozen=True, slots=True)
class ComparisonDefinition:
    name: str
    levels: tuple[str, ...]
    compare: Comparator
    tf_field: str = ""  # the term-frequency table applied to the "exact" level
    neutral_levels: frozenset[int] = frozenset({0})  # levels that weigh nothing (like missing)


COMPARISONS: tuple[ComparisonDefinition, ...] = (
    ComparisonDefinition("given_name", GIVEN_LEVELS, compare_given, tf_field="given"),
    # A swap is one event: the given-name comparison weighs it, the surname one stays neutral.
    ComparisonDefinition(
        "surname",
        SURNAME_LEVELS,
        compare_surname,
        tf_field="surname",
        neutral_levels=frozenset({0, 2}),
    ),
    ComparisonDefinition("middle_name", MIDDLE_LEVELS, compare_middle),
    ComparisonDefinition("date_of_birth", DOB_LEVELS, compare_dob),
    ComparisonDefinition("sex", SEX_LEVELS, compare_sex),
    ComparisonDefinition("residence", RESIDENCE_LEVELS, compare_residence),
    ComparisonDefinition("phone", PHONE_LEVELS, compare_phone),
    ComparisonDefinition("nhs_number", NHS_LEVELS, compare_nhs),
    ComparisonDefinition("pnc_id", PNC_LEVELS, compare_pnc),
)
COMPARISON_NAMES = tuple(c.name for c in COMPARISONS)
GIVEN, SURNAME, MIDDLE, DOB, SEX, RESIDENCE, PHONE, NHS, PNC = range(len(COMPARISONS))


def comparison_vector(a: PreparedRecord, b: PreparedRecord, fz: Fuzziness) -> tuple[int, ...]:
    """The level index of every comparison for a pair of records."""
    return (
        compare_given(a, b, fz),
        compare_surname(a, b, fz),
        compare_middle(a, b, fz),
        compare_dob(a, b, fz),
        compare_sex(a, b, fz),
        compare_residence(a, b, fz),
        compare_phone(a, b, fz),
        compare_nhs(a, b, fz),
        compare_pnc(a, b, fz),
    )
