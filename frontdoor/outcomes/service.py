"""The dashboard for a period and agency, and its audited CSV export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from agenda.schedule import local_date

from ..audit.service import record
from ..db import db, transaction
from ..models import utcnow
from . import dao, figures, report
from .csv_export import dashboard_csv
from .rows import Filters


@dataclass(frozen=True)
class Page:
    filters: Filters
    as_of: date
    agency_name: str
    dashboard: report.Dashboard

    @property
    def period(self) -> str:
        return f"{self.filters.start:%Y-%m} to {self.filters.end:%Y-%m}"


def today() -> date:
    """Figures are as of the UK date."""
    return local_date(utcnow())


def page(session: Session, filters: Filters, as_of: date) -> Page:
    computed = figures.compute(dao.rows(session, filters, as_of), filters, as_of)
    names = dict(dao.agencies(session))
    agency = "All agencies" if filters.agency_id is None else names[filters.agency_id]
    return Page(filters, as_of, agency, report.build(computed))


def export(session: Session, filters: Filters, as_of: date) -> str:
    """The CSV, after recording who exported which filters (identifiers and dates only)."""
    with transaction() as tx:
        record(
            tx,
            "outcomes.exported",
            object_type="outcomes",
            purpose="outcomes dashboard export",
            start=filters.start.isoformat(),
            end=filters.end.isoformat(),
            filter_agency_id=filters.agency_id,
        )
    shown = page(session, filters, as_of)
    return dashboard_csv(shown.dashboard, shown.period, shown.agency_name, as_of.isoformat())


def agencies() -> list[tuple[int, str]]:
    """Every agency, for the filter (aggregate figures only: see docs/outcomes.md)."""
    return dao.agencies(db.session())
