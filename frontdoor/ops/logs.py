"""Structured JSON logs that cannot carry personal data.

A log line is built only from allow-listed fields. The message is the logger call's *template*
(`"Imported %s referrals"`), never the formatted text: arguments may hold names, addresses or
NHS numbers, so they are dropped, except for the process-level loggers in TRUSTED_LOGGERS
(gunicorn, APScheduler, Alembic), whose arguments are pids, job ids and revisions. Exceptions
are reduced to their type and stack frames: exception messages (SQL parameters, form values)
are never written. Extra fields reach the output only when their name is in ALLOWED_FIELDS.
"""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from datetime import UTC, datetime
from typing import Any

from ..settings import Settings

# Fields a caller may attach with `logger.info("...", extra={...})`: identifiers and measures only.
ALLOWED_FIELDS = frozenset(
    {
        "request_id",
        "method",
        "endpoint",
        "rule",
        "status",
        "duration_ms",
        "user_id",
        "agency_id",
        "meeting_id",
        "item_id",
        "referral_id",
        "batch_id",
        "job_id",
        "count",
        "event",
        "namespace",
        "worker_pid",
        "remote_addr",
        # the audit trail's copy (frontdoor/audit/shipping.py): identifiers only
        "audit_id",
        "audit_action",
        "object_type",
        "object_id",
        "row_hash",
        "prev_hash",
    }
)
TRUSTED_LOGGERS = ("gunicorn", "apscheduler", "alembic")
_SCALAR = (str, int, float, bool, type(None))


class AllowListFilter(logging.Filter):
    """Drops every non-allow-listed attribute a caller added, so no handler can emit it."""

    _standard = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def filter(self, record: logging.LogRecord) -> bool:
        for name in list(record.__dict__):
            if name not in self._standard and name not in ALLOWED_FIELDS:
                del record.__dict__[name]
        return True


class RequestIdFilter(logging.Filter):
    """Stamps every record logged while handling a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            from flask import g, has_request_context

            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message template and allowed fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _safe_message(record),
            "pid": record.process,
        }
        for name in sorted(ALLOWED_FIELDS):
            value = record.__dict__.get(name)
            if value is not None and isinstance(value, _SCALAR):
                entry[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
            entry["frames"] = [
                f"{frame.filename}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(entry, default=str)


def _safe_message(record: logging.LogRecord) -> str:
    template = str(record.msg)
    if record.args and record.name.startswith(TRUSTED_LOGGERS):
        try:
            return template % record.args
        except (TypeError, ValueError):
            return template
    return template


class PlainFormatter(logging.Formatter):
    """One readable line per record (`make run`, LOG_JSON=0); the same safe message as JSON."""

    def format(self, record: logging.LogRecord) -> str:
        when = self.formatTime(record, "%H:%M:%S")
        return f"{when} {record.levelname:<7} {record.name}: {_safe_message(record)}"


def logging_dict(level: str | None = None) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app and for gunicorn's `logconfig_dict`:
    JSON lines unless LOG_JSON is off (then plain lines, for a person at a terminal)."""
    env = Settings()
    level = (level or env.LOG_LEVEL).upper()
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": "json" if env.LOG_JSON is not False else "plain",
        "filters": ["request_id", "allow_list"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "allow_list": {"()": AllowListFilter},
        },
        "formatters": {"json": {"()": JsonFormatter}, "plain": {"()": PlainFormatter}},
        "handlers": {"stderr": handler},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
            "werkzeug": {"level": "WARNING"},
            "alembic": {"level": "WARNING"},
            "engineio": {"level": "WARNING"},
            "socketio": {"level": "WARNING"},
        },
    }


def configure_logging(level: str | None = None) -> None:
    logging.config.dictConfig(logging_dict(level))
