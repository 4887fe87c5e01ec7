"""Match weights, term-frequency adjustment, hard rules, decisions and explanations."""

from __future__ import annotations

import math
from itertools import product

import pytest

from matching.scoring import Decision, Rule, Scorer, TermFrequencies, decide
from matching.settings import MatchSettings, default_settings, initial_settings

from ..factories.records import NHS_A, NHS_B, make


@pytest.fixture(scope="module")
def settings() -> MatchSettings:
    return default_settings()


@pytest.fixture(scope="module")
def scorer(settings) -> Scorer:
    return Scorer(settings)


def test_weight_is_prior_plus_level_weights_plus_tf(scorer, settings):
    a, b = make("a"), make("b", surname="Whittaker", phone="")
    score = scorer.score(a, b)
    explanation = scorer.explain(score)
    total = explanation.prior_weight + sum(
        c.weight + c.tf_adjustment for c in explanation.contributions
    )
    assert math.isclose(total, score.weight)
    assert explanation.prior_weight == pytest.approx(settings.prior_weight)


def test_explanation_names_the_level_that_fired_for_every_comparison(scorer):
    explanation = scorer.explain(scorer.score(make("a"), make("b", given_name="Jon")))
    levels = {c.comparison: c.level for c in explanation.contributions}
    assert levels["given_name"] == "nickname or transliteration"
    assert levels["surname"] == "exact"
    assert levels["nhs_number"] == "missing or invalid"
    assert explanation.as_dict()["decision"] == str(explanation.decision)


def test_missing_values_contribute_nothing(scorer):
    explanation = scorer.explain(scorer.score(make("a", phone=""), make("b")))
    phone = next(c for c in explanation.contributions if c.comparison == "phone")
    assert (phone.level, phone.weight) == ("missing", 0.0)


def test_a_rare_name_counts_for_more_than_a_common_one(settings):
    smiths = [make(f"s{i}", surname="Smith") for i in range(100)]
    others = [
        make(f"o{i}", surname=a + b + c)
        for i, (a, b, c) in enumerate(product("abcdefghij", repeat=3))
    ]
    tf = TermFrequencies.from_records([*smiths, *others, make("rare", surname="Featherstonehaugh")])
    scorer = Scorer(settings, tf)
    smiths = scorer.score(make("a", surname="Smith"), make("b", surname="Smith"))
    rare = scorer.score(
        make("a", surname="Featherstonehaugh"), make("b", surname="Featherstonehaugh")
    )
    assert smiths.tf_adjustments[1] < 0 < rare.tf_adjustments[1]
    assert rare.weight > smiths.weight


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ({"nhs_number": NHS_A}, {"nhs_number": NHS_A}, Rule.SAME_NHS),
        ({"pnc_id": "09/0123456C"}, {"pnc_id": "2009/123456C"}, Rule.SAME_PNC),
        ({"nhs_number": NHS_A}, {"nhs_number": NHS_B}, Rule.DIFFERENT_NHS),
        ({"pnc_id": "09/0123456C"}, {"pnc_id": "98/7654321E"}, Rule.DIFFERENT_PNC),
        ({"date_of_birth": "1960-06-12"}, {}, Rule.DOB_FAR_APART),
        ({"surname": "Whitaker Jnr"}, {"surname": "Whitaker Snr"}, Rule.DIFFERENT_GENERATION),
        ({"given_name": "Simon", "middle_name": ""}, {}, Rule.GIVEN_NAMES_DIFFER),
        ({"given_name": "Jonas"}, {}, Rule.POSSIBLE_TWIN),
        (
            {"date_of_birth": "", "address": "", "postcode": "", "phone": ""},
            {},
            Rule.NAMES_ONLY,
        ),
    ],
)
def test_hard_rules_fire(scorer, a, b, rule):
    assert rule in scorer.score(make("a", **a), make("b", **b)).rules


@pytest.mark.parametrize(
    ("a", "b", "far_apart"),
    [
        # a generation apart: a father and son of the same name at the same address
        ({"date_of_birth": "1958-02-03"}, {}, True),
        # a few years apart: two brothers of the same name (it happens: Bilal Khan, 2003 and
        # 2012, one address)
        ({"date_of_birth": "1988-02-03"}, {}, True),
        # one digit of the year, the same day and month, the names and address agree: a slip
        ({"date_of_birth": "1964-06-12"}, {}, False),
        ({"date_of_birth": "1964-06-12", "address": "", "postcode": ""}, {}, False),
        ({"date_of_birth": "1964-06-12", "address": "3 Mill Ln", "postcode": "BD7 1AA"}, {}, True),
        ({"date_of_birth": "1964-06-12", "given_name": "Jon"}, {}, True),
    ],
)
def test_a_slip_of_the_year_is_not_a_generation(scorer, a, b, far_apart):
    pair = scorer.score(make("a", **a), make("b", **b))
    assert (Rule.DOB_FAR_APART in pair.rules) is far_apart


def test_no_hard_rule_for_an_ordinary_pair(scorer):
    assert scorer.score(make("a"), make("b", date_of_birth="1984-12-06")).rules == ()


@pytest.mark.parametrize(
    ("weight", "rules", "decision"),
    [
        (30.0, (), Decision.LINK),
        (5.0, (), Decision.REVIEW),
        (-5.0, (), Decision.NEW),
        (-5.0, (Rule.SAME_NHS,), Decision.LINK),
        (30.0, (Rule.DIFFERENT_NHS,), Decision.NEW),
        (30.0, (Rule.DOB_FAR_APART,), Decision.NEW),
        (30.0, (Rule.GIVEN_NAMES_DIFFER,), Decision.REVIEW),
        (-5.0, (Rule.GIVEN_NAMES_DIFFER,), Decision.NEW),
        (-9.0, (Rule.DIFFERENT_NHS,), Decision.NEW),
        (30.0, (Rule.SAME_NHS, Rule.DOB_FAR_APART), Decision.REVIEW),
        (30.0, (Rule.POSSIBLE_TWIN,), Decision.REVIEW),
    ],
)
def test_decision_thresholds_then_identifiers_then_conflicts_then_name_rules(
    weight, rules, decision
):
    settings = initial_settings()
    assert settings.thresholds.review_weight <= 5.0 < settings.thresholds.link_weight
    assert decide(weight, rules, settings) == decision


def test_settings_round_trip_through_json(tmp_path, settings):
    path = tmp_path / "settings.json"
    settings.save(path)
    assert MatchSettings.load(path) == settings


def test_settings_that_do_not_match_the_code_are_refused(settings):
    data = settings.to_json().replace('"exact"', '"identical"', 1)
    with pytest.raises(ValueError, match="levels"):
        MatchSettings.from_json(data)


def test_names_alone_never_link_but_do_not_forbid_a_merge(scorer):
    sparse = make("a", date_of_birth="", address="", postcode="", phone="")
    score = scorer.score(sparse, make("b"))
    assert Rule.NAMES_ONLY in score.rules
    assert score.decision != Decision.LINK
    assert not score.blocks_merge


@pytest.mark.parametrize(
    ("other", "count", "twin"),
    [
        ("Connor", 3, True),  # two established spellings: could be twins
        ("Connor", 1, False),  # a one-off spelling is more likely a slip
        ("Conr", 1, False),  # a single typing slip, seen once
        ("Conan", 0, True),  # a different, if similar, name
    ],
)
def test_twin_rule_tells_a_sibling_from_a_typo(settings, other, count, twin):
    a, b = (
        make("a", given_name="Conor", middle_name=""),
        make("b", given_name=other, middle_name=""),
    )
    tf = TermFrequencies.from_records([a] * 5 + [b] * count)
    assert (Rule.POSSIBLE_TWIN in Scorer(settings, tf).score(a, b).rules) is twin


@pytest.mark.parametrize(
    ("name_a", "count_a", "name_b", "count_b", "twin"),
    [
        ("Aidan", 20, "Aiden", 20, True),  # one letter apart, but two names both in common use
        ("Emily", 40, "Ernily", 1, False),  # far rarer than a common look-alike: a slip
        ("Lee", 60, "Leee", 3, False),  # seen a few times, still a slip of a common name
        ("Evie", 20, "Eve", 12, True),  # two established names seen about as often
        ("Lily", 2, "Lilly", 2, False),  # too few records to tell: a one-letter slip
    ],
)
def test_twin_rule_weighs_how_often_each_spelling_is_seen(
    settings, name_a, count_a, name_b, count_b, twin
):
    a = make("a", given_name=name_a, middle_name="")
    b = make("b", given_name=name_b, middle_name="")
    tf = TermFrequencies.from_records([a] * count_a + [b] * count_b)
    assert (Rule.POSSIBLE_TWIN in Scorer(settings, tf).score(a, b).rules) is twin


@pytest.mark.parametrize(
    ("misspelt", "count", "twin"),
    [
        ("Mayr", 1, False),  # seen once, a slip of Mary: Polly is her nickname
        ("Mayr", 4, True),  # seen as often as a name: perhaps a sibling's own name
    ],
)
def test_a_misspelt_nickname_is_a_slip_only_when_the_spelling_is_a_one_off(
    settings, misspelt, count, twin
):
    a = make("a", given_name=misspelt, middle_name="")
    b = make("b", given_name="Polly", middle_name="")
    tf = TermFrequencies.from_records([a] * count + [b] * 5)
    score = Scorer(settings, tf).score(a, b)
    assert (Rule.POSSIBLE_TWIN in score.rules) is twin
    assert Rule.GIVEN_NAMES_DIFFER not in score.rules
