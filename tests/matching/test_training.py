"""Estimating m, u and the prior from unlabelled records (EM in name and date-of-birth sessions)."""

from __future__ import annotations

import random
from collections import Counter
from itertools import product

import pytest

from matching import initial_settings, prepare, train
from matching.training import expectation_maximisation, u_from_counts

GIVEN = ["Amira", "Ben", "Chloe", "Dev", "Erin", "Farid", "Gwen", "Hugo", "Isla", "Jai"]
SURNAMES = ["Akers", "Boyle", "Crane", "Dutta", "Eade", "Frost", "Gale", "Hirst", "Iqbal", "Joss"]


def two_records_per_person(count: int, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    records = []
    for number, (given, surname) in enumerate(product(GIVEN, SURNAMES)):
        if number >= count:
            break
        dob = f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        house = f"{rng.randint(1, 200)} Mill Lane"
        for copy in range(2):
            typo = copy == 1 and rng.random() < 0.2
            records.append(
                {
                    "record_id": f"{number}-{copy}",
                    "given_name": given[:-1] + "x" if typo else given,
                    "surname": surname,
                    "date_of_birth": dob,
                    "address": house,
                    "postcode": f"LS{rng.randint(1, 9)} {rng.randint(1, 9)}AB",
                }
            )
    return records


@pytest.fixture(scope="module")
def trained():
    records = [prepare(r) for r in two_records_per_person(100)]
    return train(records, initial_settings(), u_pairs=20_000)


def level(settings, comparison: str, label: str):
    params = next(c for c in settings.comparisons if c.name == comparison)
    return next(lv for lv in params.levels if lv.label == label)


def test_agreeing_on_a_date_of_birth_is_strong_evidence(trained):
    exact = level(trained, "date_of_birth", "exact")
    assert exact.m > 0.9 and exact.u < 0.01


def test_given_name_typos_are_learnt_as_a_likely_level_for_matches(trained):
    assert level(trained, "given_name", "exact").m > 0.6
    assert level(trained, "given_name", "different").weight < 0


def test_the_prior_reflects_one_duplicate_per_person(trained):
    # 100 matching pairs among 200 * 199 / 2 = 19,900 pairs.
    assert 0.002 < trained.prior_match_probability < 0.02


def test_em_recovers_m_and_the_match_share_from_two_independent_comparisons():
    # 1,000 matches (m: agree 0.9) among 10,000 pairs (u: agree 0.05), expected counts x2.
    patterns = Counter({(1, 1): 1665, (1, 2): 1035, (2, 1): 1035, (2, 2): 16265})
    u = [[1.0, 0.05, 0.95], [1.0, 0.05, 0.95]]
    m, share = expectation_maximisation(patterns, m=[[1.0, 0.6, 0.4]] * 2, u=u, prior=0.5)
    assert m[0][1] == pytest.approx(0.9, abs=0.01)
    assert share == pytest.approx(0.1, abs=0.005)


def test_u_leaves_out_the_random_pairs_that_are_matches():
    settings = initial_settings()
    counts = [[0.0] * len(c.levels) for c in settings.comparisons]
    phone = [c.name for c in settings.comparisons].index("phone")
    # 100,000 random pairs with both phones; 1 in 10,000 random pairs is a match, and 90% of
    # matches share the number: 9 of the 10 agreeing pairs are matches, 1 is chance.
    counts[phone] = [0.0, 10.0, 0.0, 99_990.0]
    m = [[lv.m for lv in c.levels] for c in settings.comparisons]
    m[phone] = [1.0, 0.9, 0.0, 0.1]
    raw = u_from_counts(counts, settings)[phone]
    corrected = u_from_counts(counts, settings, match_share=1e-4, m=m)[phone]
    assert corrected[1] < raw[1] / 3
    assert corrected[3] == pytest.approx(raw[3], rel=1e-3)
