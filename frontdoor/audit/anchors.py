"""The chain tip, anchored outside the database (issue #16, finding 8).

Every AUDIT_ANCHOR_SECONDS (a scheduled job; `frontdoor audit anchor` at once) the chain's
tip — its last event id and hash — is written to two places the database cannot rewrite:

- a line appended to AUDIT_ANCHOR_FILE (JSON lines, each with an HMAC under the audit key,
  so a line cannot be forged or edited without the key); keep the file on storage the
  database's users cannot write, ideally append-only (`chattr +a`) or shipped off the host;
- the application's JSON log (logger `frontdoor.audit`, message "audit anchor"), which the
  platform ships to the SIEM with the audit events themselves (frontdoor.audit.shipping).

`frontdoor audit verify` reads the file and checks the chain against every anchor: a row
removed or rewritten at or before an anchor, a chain cut back (TRUNCATE, rows deleted from the
end and the tip moved back) or rebuilt all show.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from ..models import AuditChainTip, utcnow
from .chain import TIP_ID, AnchorPoint, ChainBreak, seal_pending, verify
from .keys import current_key

LOGGER = logging.getLogger("frontdoor.audit")


def anchor_file() -> Path:
    return Path(current_app.config["AUDIT_ANCHOR_FILE"])


def _mac(key: bytes, event_id: int, row_hash: str, at: str) -> str:
    return hmac.new(key, f"{event_id}|{row_hash}|{at}".encode(), hashlib.sha256).hexdigest()


def anchor_now(session: Session) -> AnchorPoint | None:
    """Seal what is committed, then anchor the tip, unless it is already the last anchor (or
    there is no chain)."""
    seal_pending()
    tip = session.get(AuditChainTip, TIP_ID, populate_existing=True)
    key = current_key()
    if tip is None or key is None:
        return None
    anchors, _ = read_anchors()
    if anchors and anchors[-1].event_id == tip.last_event_id:
        return None
    at = utcnow().isoformat(timespec="seconds")
    point = AnchorPoint(tip.last_event_id, tip.last_hash, at)
    line = {"event_id": point.event_id, "row_hash": point.row_hash, "at": at}
    line["mac"] = _mac(key, point.event_id, point.row_hash, at)
    _append(anchor_file(), json.dumps(line, sort_keys=True))
    LOGGER.info(
        "audit anchor",
        extra={"audit_id": point.event_id, "row_hash": point.row_hash, "anchored_at": at},
    )
    return point


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_anchors(path: Path | None = None) -> tuple[list[AnchorPoint], list[ChainBreak]]:
    """The anchors in file order, and a break for each line that is not a genuine anchor."""
    path = path or anchor_file()
    key = current_key()
    if key is None or not path.exists():
        return [], []
    anchors: list[AnchorPoint] = []
    breaks: list[ChainBreak] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        point = _parse(key, text)
        if point is None:
            breaks.append(ChainBreak(None, f"anchor file line {number} was altered"))
        elif anchors and point.event_id < anchors[-1].event_id:
            breaks.append(ChainBreak(point.event_id, f"anchor file line {number} is out of order"))
        else:
            anchors.append(point)
    return anchors, breaks


def _parse(key: bytes, text: str) -> AnchorPoint | None:
    try:
        line = json.loads(text)
        point = AnchorPoint(int(line["event_id"]), str(line["row_hash"]), str(line["at"]))
        genuine = hmac.compare_digest(
            str(line["mac"]), _mac(key, point.event_id, point.row_hash, point.at)
        )
    except (ValueError, KeyError, TypeError):
        return None
    return point if genuine else None


def verify_with_anchors(session: Session) -> tuple[list[ChainBreak], int]:
    """Every break, the anchor file's included; and how many anchors were checked."""
    anchors, breaks = read_anchors()
    return breaks + verify(session, anchors), len(anchors)
