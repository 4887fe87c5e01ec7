"""Imported by the browser tests' fork server only (tests/server_fork.py): the app's packages,
imported once there, are shared by every server it forks."""

from .server_fork import import_what_the_app_imports

import_what_the_app_imports()
