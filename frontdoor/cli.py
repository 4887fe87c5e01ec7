"""The `frontdoor` console script: the Flask CLI with the app loaded."""

from __future__ import annotations

from flask.cli import FlaskGroup

from . import create_app


def main() -> None:
    cli = FlaskGroup(create_app=lambda: create_app(), help="Front Door's command line.")
    cli.main(prog_name="frontdoor")
