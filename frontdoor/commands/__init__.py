"""CLI commands, one module per concern, registered on the app by create_app()."""

from __future__ import annotations

import importlib

import click
from flask import Flask

# (module, attribute) of every command or group the CLI offers.
COMMANDS = [
    ("frontdoor.commands.audit", "audit_group"),
    ("frontdoor.commands.database", "db_group"),
    ("frontdoor.commands.users", "users_group"),
    ("frontdoor.commands.agencies", "agencies_group"),
    ("frontdoor.commands.apikeys", "api_keys_group"),
    ("frontdoor.commands.setup", "setup_command"),
    ("frontdoor.commands.meetings", "meetings_group"),
    ("frontdoor.commands.involvements", "involvements_group"),
    ("frontdoor.commands.demo", "demo_command"),
    ("frontdoor.commands.scheduler", "scheduler_group"),
    ("frontdoor.commands.match_file", "match_file_command"),
    ("frontdoor.commands.ops", "backup_command"),
    ("frontdoor.commands.ops", "restore_command"),
    ("frontdoor.commands.agenda", "agenda_group"),
    ("frontdoor.commands.intake", "import_group"),
    ("frontdoor.commands.identity", "identity_group"),
    ("frontdoor.commands.schools", "schools_group"),
]


def register_commands(app: Flask) -> None:
    for module_name, attribute in COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a command still being written is simply not offered yet
        command: click.Command = getattr(module, attribute)
        app.cli.add_command(command)
