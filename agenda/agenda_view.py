"""The coordinator's agenda page, arranged: filters (risk, children, agency) read from GET
parameters, the families to discuss in sections with counts (a section is a run of families in
the meeting's order, so a coordinator's move across a section boundary shows where the meeting
will take the family), and the jump list to each section. Pure: no database, no Flask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

RISKS = {"high": "High risk", "medium": "Medium risk", "standard": "Standard risk"}
CHILDREN = {"yes": "With children", "no": "No children"}


class FilterableRow(Protocol):
    @property
    def risk(self) -> str: ...

    @property
    def children(self) -> int: ...

    @property
    def agencies(self) -> list[str]: ...

    @property
    def section(self) -> str: ...


@dataclass(frozen=True)
class AgendaFilters:
    risk: str = ""
    children: str = ""
    agency: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str], agencies: Sequence[str]) -> AgendaFilters:
        """Unknown values are ignored (a stale bookmark shows the whole agenda)."""
        risk = args.get("risk", "")
        children = args.get("children", "")
        agency = args.get("agency", "")
        return cls(
            risk if risk in RISKS else "",
            children if children in CHILDREN else "",
            agency if agency in agencies else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.risk or self.children or self.agency)

    def as_args(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}

    def describe(self) -> str:
        words = [RISKS.get(self.risk, ""), CHILDREN.get(self.children, "")]
        words.append(f"referred by {self.agency}" if self.agency else "")
        return ", ".join(w for w in words if w)

    def keeps(self, row: FilterableRow) -> bool:
        if self.risk and row.risk != self.risk:
            return False
        if self.children and (row.children > 0) != (self.children == "yes"):
            return False
        return not self.agency or self.agency in row.agencies


R = TypeVar("R", bound=FilterableRow)


@dataclass
class Section(Generic[R]):
    anchor: str
    title: str
    rows: list[R] = field(default_factory=list)


def sections_of(rows: Sequence[R]) -> list[Section[R]]:
    """Consecutive rows of one section form a section block, in the meeting's order."""
    sections: list[Section[R]] = []
    for row in rows:
        title = row.section or "Other"
        if not sections or sections[-1].title != title:
            sections.append(Section(f"section-{len(sections) + 1}", title))
        sections[-1].rows.append(row)
    return sections
