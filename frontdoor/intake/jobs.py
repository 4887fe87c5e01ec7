"""Scheduled intake: import the drop folder every DROP_FOLDER_INTERVAL_SECONDS."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from ..scheduler import scheduled_job
from .dropfolder import DropFolder, DropResult
from .service import IntakeError, Summary, import_police_file, police_agency

EXTENSION_KEY = "frontdoor_drop_folder"
log = logging.getLogger(__name__)


def _interval(app: Flask) -> dict[str, Any]:
    return {"seconds": app.config["DROP_FOLDER_INTERVAL_SECONDS"]}


def drop_folder_for(app: Flask) -> DropFolder:
    """One DropFolder per app, so its memory of the last look survives between runs."""
    folder: DropFolder | None = app.extensions.get(EXTENSION_KEY)
    if folder is None or folder.folder != Path(app.config["DROP_FOLDER"]):
        folder = DropFolder(Path(app.config["DROP_FOLDER"]))
        app.extensions[EXTENSION_KEY] = folder
    return folder


@scheduled_job("intake.drop_folder", "interval", _interval)
def import_drop_folder() -> list[DropResult]:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        agency = police_agency(app.config.get("POLICE_AGENCY_CODE"))
    except IntakeError as exc:
        log.error("drop folder not imported: %s", exc)
        return []

    def importer(data: bytes, name: str) -> Summary:
        return import_police_file(data, agency_id=agency.id, filename=name)

    return drop_folder_for(app).run(importer)
