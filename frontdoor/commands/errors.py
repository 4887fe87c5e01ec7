"""How a command reports bad input: one clear line on stderr and exit status 2, no traceback."""

from __future__ import annotations

import click

EXIT_BAD_INPUT = 2


class CommandError(click.ClickException):
    """Bad input or a refused request: `Error: <message>` and exit status 2."""

    exit_code = EXIT_BAD_INPUT
