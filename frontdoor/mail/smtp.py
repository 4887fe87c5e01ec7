"""One SMTP connection from `SMTP_URL`, and the MIME message for an outbox row.

| `SMTP_URL` | connection |
| --- | --- |
| `smtp://host:25` | plain SMTP (a relay on the same host or network only) |
| `smtp+starttls://user:password@host:587` | STARTTLS, required: no fallback to plain text |
| `smtps://user:password@host:465` | TLS from the first byte |

TLS certificates are verified against the system's roots, or `SMTP_CA_FILE`.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import unquote, urlsplit

from ..models import OutboxMessage

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class SmtpTarget:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None

    def describe(self) -> str:
        """For logs and the admin page: never the password."""
        return f"{self.scheme}://{self.host}:{self.port}"


def parse_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("SMTP_URL must be smtp://, smtp+starttls:// or smtps://host[:port]")
    return SmtpTarget(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def connect(target: SmtpTarget, *, timeout: float, ca_file: str | None) -> smtplib.SMTP:
    """An open, greeted (and, if configured, encrypted and signed-in) connection."""
    context = ssl.create_default_context(cafile=ca_file)
    conn: smtplib.SMTP
    if target.scheme == "smtps":
        conn = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
    else:
        conn = smtplib.SMTP(target.host, target.port, timeout=timeout)
    try:
        conn.ehlo()
        if target.scheme == "smtp+starttls":
            conn.starttls(context=context)  # raises if the server does not offer it
            conn.ehlo()
        if target.username:
            conn.login(target.username, target.password or "")
    except BaseException:
        conn.close()
        raise
    return conn


def build(message: OutboxMessage, sender: str) -> EmailMessage:
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.recipient
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(message.created_at)
    mime["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="frontdoor.local")
    mime.set_content(message.text_body)
    mime.add_alternative(message.html_body, subtype="html")
    return mime
