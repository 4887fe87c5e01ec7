"""Settings as data: every parameter of the model, saved and loaded as JSON.

The comparisons' level labels must match `comparisons.COMPARISONS` (the code that decides
which level fires); the m and u probabilities, thresholds and hard-rule limits are data that
training (`training.py`) estimates or a person sets.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .comparisons import COMPARISONS, Fuzziness

DEFAULT_SETTINGS_FILE = Path(__file__).with_name("default_settings.json")


@dataclass(frozen=True, slots=True)
class LevelParams:
    """One level: P(level | same person) = m, P(level | different people) = u."""

    label: str
    m: float
    u: float

    @property
    def weight(self) -> float:
        """The level's match weight in bits: log2(m / u)."""
        return math.log2(self.m / self.u)


@dataclass(frozen=True, slots=True)
class ComparisonParams:
    name: str
    levels: tuple[LevelParams, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds on the total match weight (bits), and clustering limits."""

    link_weight: float = 6.0
    review_weight: float = 0.0
    cluster_mean_weight: float = -8.0  # mean weight of a record to a cluster's other members
    ambiguity_margin: float = 2.0  # how far the best person must beat a rival to link alone


@dataclass(frozen=True, slots=True)
class HardRules:
    """Evidence that overrides the weights (see scoring.hard_rules)."""

    dob_far_years: float = 2.0
    same_identifier_links: bool = True
    # A given name seen at least this often is an established name, not a typo (twin rule).
    established_name_count: int = 3
    # A spelling seen at most this share as often as a similar, common one is a slip of it.
    rare_variant_ratio: float = 0.1


@dataclass(frozen=True, slots=True)
class TermFrequencySettings:
    minimum_u: float = 0.00005  # rarer names than this count as this rare
    names: tuple[str, ...] = ("given", "surname")


@dataclass(frozen=True, slots=True)
class MatchSettings:
    comparisons: tuple[ComparisonParams, ...]
    prior_match_probability: float
    thresholds: Thresholds = field(default_factory=Thresholds)
    hard_rules: HardRules = field(default_factory=HardRules)
    fuzziness: Fuzziness = field(default_factory=Fuzziness)
    term_frequency: TermFrequencySettings = field(default_factory=TermFrequencySettings)
    trained_on: str = "initial guesses"

    @property
    def prior_weight(self) -> float:
        p = self.prior_match_probability
        return math.log2(p / (1 - p))

    def level_weights(self) -> tuple[tuple[float, ...], ...]:
        """Weights per comparison per level; missing and other neutral levels weigh 0."""
        return tuple(
            tuple(
                0.0 if i in definition.neutral_levels else lv.weight
                for i, lv in enumerate(c.levels)
            )
            for c, definition in zip(self.comparisons, COMPARISONS, strict=True)
        )

    def with_probabilities(
        self, m: list[list[float]], u: list[list[float]], prior: float, trained_on: str
    ) -> MatchSettings:
        comparisons = tuple(
            ComparisonParams(
                c.name,
                tuple(
                    LevelParams(lv.label, m[ci][li], u[ci][li]) for li, lv in enumerate(c.levels)
                ),
            )
            for ci, c in enumerate(self.comparisons)
        )
        return replace(
            self, comparisons=comparisons, prior_match_probability=prior, trained_on=trained_on
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchSettings:
        comparisons = tuple(
            ComparisonParams(c["name"], tuple(LevelParams(**lv) for lv in c["levels"]))
            for c in data["comparisons"]
        )
        tf = dict(data.get("term_frequency", {}))
        tf["names"] = tuple(tf.get("names", ("given", "surname")))
        settings = cls(
            comparisons=comparisons,
            prior_match_probability=data["prior_match_probability"],
            thresholds=Thresholds(**data.get("thresholds", {})),
            hard_rules=HardRules(**data.get("hard_rules", {})),
            fuzziness=Fuzziness(**data.get("fuzziness", {})),
            term_frequency=TermFrequencySettings(**tf),
            trained_on=data.get("trained_on", ""),
        )
        _check_matches_code(settings)
        return settings

    @classmethod
    def from_json(cls, text: str) -> MatchSettings:
        return cls.from_dict(json.loads(text))

    @classmethod
    def load(cls, path: Path | str) -> MatchSettings:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def save(self, path: Path | str) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")


def _check_matches_code(settings: MatchSettings) -> None:
    names = [c.name for c in settings.comparisons]
    expected = [c.name for c in COMPARISONS]
    if names != expected:
        raise ValueError(f"settings compare {names}, the code defines {expected}")
    for params, definition in zip(settings.comparisons, COMPARISONS, strict=True):
        labels = tuple(lv.label for lv in params.levels)
        if labels != definition.levels:
            raise ValueError(f"{params.name}: levels {labels} != code {definition.levels}")


# Starting values for training: (m, u) per level after "missing". Deliberately rough.
_INITIAL_GUESSES: dict[str, list[tuple[float, float]]] = {
    "given_name": [
        (0.85, 0.02),
        (0.01, 0.0001),
        (0.04, 0.002),
        (0.01, 0.001),
        (0.02, 0.001),
        (0.04, 0.005),
        (0.01, 0.001),
        (0.005, 0.0005),
        (0.02, 0.03),
        (0.01, 0.002),
        (0.005, 0.0005),
        (0.02, 0.9394),
    ],
    "surname": [
        (0.82, 0.01),
        (0.01, 0.0001),
        (0.04, 0.001),
        (0.02, 0.001),
        (0.04, 0.003),
        (0.03, 0.02),
        (0.06, 0.9659),
    ],
    "middle_name": [(0.8, 0.02), (0.05, 0.01), (0.05, 0.005), (0.1, 0.965)],
    "date_of_birth": [
        (0.85, 0.00005),
        (0.03, 0.00003),
        (0.03, 0.0003),
        (0.01, 0.0003),
        (0.05, 0.003),
        (0.04, 0.99662),
    ],
    "sex": [(0.98, 0.5), (0.02, 0.5)],
    "residence": [
        (0.6, 0.0005),
        (0.05, 0.0005),
        (0.1, 0.002),
        (0.03, 0.001),
        (0.02, 0.002),
        (0.03, 0.01),
        (0.2, 0.985),
    ],
    "phone": [(0.7, 0.0005), (0.05, 0.0005), (0.25, 0.999)],
    "nhs_number": [(0.99, 0.00001), (0.01, 0.99999)],
    "pnc_id": [(0.99, 0.00001), (0.01, 0.99999)],
}


def initial_settings() -> MatchSettings:
    """Untrained settings: rough m/u guesses that training starts from."""
    comparisons = []
    for definition in COMPARISONS:
        guesses = [(1.0, 1.0), *_INITIAL_GUESSES[definition.name]]
        levels = tuple(
            LevelParams(label, m, u)
            for label, (m, u) in zip(definition.levels, guesses, strict=True)
        )
        comparisons.append(ComparisonParams(definition.name, levels))
    return MatchSettings(comparisons=tuple(comparisons), prior_match_probability=0.0001)


def default_settings() -> MatchSettings:
    """The shipped, trained settings (falls back to the initial guesses if absent)."""
    if DEFAULT_SETTINGS_FILE.exists():
        return MatchSettings.load(DEFAULT_SETTINGS_FILE)
    return initial_settings()
