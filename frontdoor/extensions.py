"""Extensions, created unbound and bound to the app in create_app()."""

from __future__ import annotations

from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from .db import db

login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()

__all__ = ["csrf", "db", "login_manager", "socketio"]
