"""Small-number suppression, decided once per dashboard so HTML, charts and CSV agree.

Primary: a count of 1 to 4 is shown as "<5". Secondary: a count that would let someone
work a suppressed count out by subtraction is hidden too, shown as "[c]":

- a **group** is parts that add up to a shown total (months of a year): if exactly one part is
  hidden, the smallest other non-zero part is hidden too (or, if there is none, the total); if
  the total is hidden and no part is, the smallest non-zero part is hidden;
- a **pair** is a numerator and its denominator (actions on time of actions due): if the
  difference is 1 to 4 the numerator is hidden, since denominator − numerator would give it.

The rules run until nothing changes. A percentage (or a mean) is shown only when every count
it is made from is shown; otherwise it is "[c]" (never "<5", which would read as "under 5%").
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

PRIMARY_LIMIT = 5  # counts 1 .. PRIMARY_LIMIT - 1 are suppressed


class State(enum.StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"
    SECONDARY = "secondary"


DISPLAY = {State.PRIMARY: "<5", State.SECONDARY: "[c]"}


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown: `value` is None whenever it is suppressed."""

    value: float | None
    state: State = State.SHOWN
    unit: str = ""  # "" for a count, "%" for a percentage, " min" for minutes

    @property
    def shown(self) -> bool:
        return self.state == State.SHOWN and self.value is not None

    @property
    def text(self) -> str:
        if self.state != State.SHOWN:
            return DISPLAY[self.state]
        if self.value is None:
            return "–"  # nothing to measure (no denominator)
        if self.unit == " min":
            return f"{self.value:.1f} min"
        return f"{round(self.value):,}{self.unit}"


class Suppressor:
    """Register counts (by key) and their relations, `solve()`, then read cells."""

    def __init__(self) -> None:
        self.values: dict[Hashable, int] = {}
        self.states: dict[Hashable, State] = {}
        self.groups: list[tuple[tuple[Hashable, ...], Hashable]] = []
        self.pairs: list[tuple[Hashable, Hashable]] = []

    def count(self, key: Hashable, value: int) -> None:
        self.values[key] = value

    def group(self, parts: Sequence[Hashable], total: Hashable) -> None:
        self.groups.append((tuple(parts), total))

    def pair(self, numerator: Hashable, denominator: Hashable) -> None:
        self.pairs.append((numerator, denominator))

    def solve(self) -> None:
        for key, value in self.values.items():
            small = 0 < value < PRIMARY_LIMIT
            self.states[key] = State.PRIMARY if small else State.SHOWN
        while self._pass_pairs() | self._pass_groups():
            pass

    def cell(self, key: Hashable) -> Cell:
        state = self.states[key]
        return Cell(self.values[key] if state == State.SHOWN else None, state)

    def percentage(self, numerator: Hashable, denominator: Hashable) -> Cell:
        num, den = self.cell(numerator), self.cell(denominator)
        if num.state != State.SHOWN or den.state != State.SHOWN:
            return Cell(None, State.SECONDARY, "%")  # never "<5": it would read as "under 5%"
        if not den.value:
            return Cell(None, State.SHOWN, "%")
        return Cell(100 * (num.value or 0) / den.value, State.SHOWN, "%")

    def mean(self, total: float, base: Hashable, unit: str) -> Cell:
        """A mean over `base` things: hidden whenever the count of things is."""
        count = self.cell(base)
        if count.state != State.SHOWN:
            return Cell(None, State.SECONDARY, unit)
        return Cell(total / count.value if count.value else None, State.SHOWN, unit)

    def _hidden(self, key: Hashable) -> bool:
        return self.states[key] != State.SHOWN

    def _hide(self, key: Hashable) -> bool:
        if self._hidden(key):
            return False
        self.states[key] = State.SECONDARY
        return True

    def _pass_pairs(self) -> bool:
        changed = False
        for num, den in self.pairs:
            if self._hidden(num) or self._hidden(den):
                continue
            if 0 < self.values[den] - self.values[num] < PRIMARY_LIMIT:
                changed |= self._hide(num)
        return changed

    def _pass_groups(self) -> bool:
        changed = False
        for parts, total in self.groups:
            hidden = [p for p in parts if self._hidden(p)]
            needs_another = len(hidden) == 1 if not self._hidden(total) else not hidden
            if not needs_another:
                continue
            candidates = [p for p in parts if not self._hidden(p) and self.values[p] > 0]
            if candidates:
                changed |= self._hide(min(candidates, key=lambda p: self.values[p]))
            else:
                changed |= self._hide(total)
        return changed
