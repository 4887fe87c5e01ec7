"""Front-end packages served from node_modules (installed by npm at set-up, never committed)."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, send_from_directory
from werkzeug.wrappers import Response

from ..auth.guards import Access, GuardedBlueprint

bp = GuardedBlueprint("vendor", __name__, access=Access.public())

# Only these folders of node_modules are reachable, nothing else.
VENDOR_DIRS = {
    "govuk-frontend": "govuk-frontend/dist/govuk",
    "socket.io-client": "socket.io-client/dist",
}


def _node_modules() -> Path:
    return Path(current_app.config["NODE_MODULES"])


@bp.get("/vendor/<package>/<path:filename>")
def asset(package: str, filename: str) -> Response:
    folder = VENDOR_DIRS.get(package)
    if folder is None:
        abort(404)
    return send_from_directory(_node_modules() / folder, filename, max_age=3600)


@bp.get("/assets/<path:filename>")
def govuk_asset(filename: str) -> Response:
    """GOV.UK Frontend's CSS asks for fonts and images under /assets/."""
    return send_from_directory(
        _node_modules() / "govuk-frontend/dist/govuk/assets", filename, max_age=86400
    )
