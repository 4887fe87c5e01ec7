"""The open-cases drop folder: OPEN_CASES_FOLDER/<agency code>/*.csv, imported like the police
drop folder (settled files only, then moved to archive/ or quarantine/ with the reason)."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from ..accounts import dao as accounts_dao
from ..db import db
from ..scheduler import scheduled_job
from .dropfolder import DropFolder, DropResult
from .open_cases import OpenCasesError, read_csv, submit_open_cases
from .service import Summary

EXTENSION_KEY = "frontdoor_open_cases_folders"
log = logging.getLogger(__name__)


def _interval(app: Flask) -> dict[str, Any]:
    return {"seconds": app.config["DROP_FOLDER_INTERVAL_SECONDS"]}


def _import(agency_id: int, data: bytes, _name: str) -> Summary:
    return import_agency_file(agency_id, data)


def import_agency_file(agency_id: int, data: bytes) -> Summary:
    try:
        outcomes = submit_open_cases(agency_id, read_csv(data), channel="drop_folder",
                                     today=date.today())  # fmt: skip
    except OpenCasesError as exc:
        return Summary("rejected", errors=[str(exc)])
    invalid = [o for o in outcomes if o.status == "invalid"]
    return Summary("processed", rows=len(outcomes), imported=len(outcomes) - len(invalid),
                   quarantined=len(invalid),
                   errors=[f"{o.case_reference}: {e.field}: {e.message}"
                           for o in invalid for e in o.errors])  # fmt: skip


@scheduled_job("involvements.open_cases_folder", "interval", _interval)
def import_open_cases_folders() -> list[DropResult]:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    root = app.config.get("OPEN_CASES_FOLDER")
    if not root or not Path(root).is_dir():
        return []
    folders: dict[str, DropFolder] = app.extensions.setdefault(EXTENSION_KEY, {})
    results: list[DropResult] = []
    for sub in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        agency = accounts_dao.agency_by_code(db.session(), sub.name)
        if agency is None or not agency.active:
            log.error("open cases: no active agency has the code %s", sub.name)
            continue
        folder = folders.setdefault(sub.name, DropFolder(sub))
        results += folder.run(partial(_import, agency.id))
    return results
