"""Small, fast sampling helpers shared by the generator modules."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class WeightedPool(Generic[T]):
    """Items with relative weights; `pick` is one bisect, which matters at a million people."""

    __slots__ = ("items", "_cumulative", "_total")

    def __init__(self, weighted: Sequence[tuple[T, float]]) -> None:
        if not weighted:
            raise ValueError("a pool needs at least one item")
        self.items = [item for item, _ in weighted]
        self._cumulative = list(accumulate(weight for _, weight in weighted))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self._cumulative, rng.random() * self._total)]

    def __len__(self) -> int:
        return len(self.items)


def parse_weighted(spec: str, *, underscore_is_space: bool = True) -> list[tuple[str, float]]:
    """'John:40 Mary_Anne:3' -> [('John', 40.0), ('Mary Anne', 3.0)]."""
    pairs = []
    for token in spec.split():
        name, _, weight = token.partition(":")
        if underscore_is_space:
            name = name.replace("_", " ")
        pairs.append((name, float(weight or 1)))
    return pairs


def pool(spec: str, *, underscore_is_space: bool = True) -> WeightedPool[str]:
    return WeightedPool(parse_weighted(spec, underscore_is_space=underscore_is_space))


def words(text: str) -> tuple[str, ...]:
    """Word lists kept as running text, so long data tables stay readable."""
    return tuple(text.split())


def between(rng: random.Random, low: int, high: int) -> int:
    """randint's result without its overhead, which shows at a million people."""
    return low + int(rng.random() * (high - low + 1))


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


class DigitPermutation:
    """A bijection on the `digits`-digit numbers: unique identifiers without a `seen` set.

    An affine map alone gives neighbours a constant difference (07906026893, 07870930199...);
    reversing the digits afterwards makes consecutive people's numbers look unrelated.
    """

    __slots__ = ("digits", "modulus", "multiplier", "offset")

    def __init__(self, digits: int, seed_rng: random.Random, multiplier: int) -> None:
        self.digits = digits
        self.modulus = 10**digits
        self.multiplier = multiplier  # must be coprime with 10
        self.offset = seed_rng.randrange(self.modulus)

    def __call__(self, index: int) -> int:
        return int(self.digits_of(index))

    def digits_of(self, index: int) -> str:
        mixed = (self.multiplier * index + self.offset) % self.modulus
        return f"{mixed:0{self.digits}d}"[::-1]
