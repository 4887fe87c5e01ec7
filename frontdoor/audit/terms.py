"""Search terms in the audit log, keyed-hashed (issue #16, finding 15).

A look-up's terms are personal data (a name, a postcode, an NHS number), so the log never
holds them; it holds, per term, an HMAC-SHA-256 under a key derived from the audit key (held
outside the database, `keys.py`). Whoever holds the key can check whether a given term was
searched (`frontdoor audit term FIELD VALUE` prints its digest); no one can read a term back
from the log, nor test guesses against it without the key. Terms are normalised first (NFKC,
case, spaces and punctuation dropped), so "LS9 8AB" and "ls98ab" give the same digest.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Mapping

from .keys import current_key

_PURPOSE = b"frontdoor audit search terms v1"


class NoAuditKey(RuntimeError):
    """Search terms can only be hashed inside the app, where the audit key is configured."""


def normalised(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def term_digest(field: str, value: str) -> str:
    """The keyed digest of one search term (empty terms are not hashed: see `digests`)."""
    key = current_key()
    if key is None:
        raise NoAuditKey("Search terms are hashed with the app's audit key.")
    subkey = hmac.new(key, _PURPOSE, hashlib.sha256).digest()
    message = f"{field}\0{normalised(value)}".encode()
    return hmac.new(subkey, message, hashlib.sha256).hexdigest()


def digests(terms: Mapping[str, str]) -> dict[str, str]:
    """One digest per non-empty term, by field name."""
    return {
        field: term_digest(field, value)
        for field, value in sorted(terms.items())
        if normalised(value or "")
    }


def was_searched(recorded: Mapping[str, str], field: str, value: str) -> bool:
    """Whether an audit event's `terms` show this value searched in this field."""
    digest = recorded.get(field)
    return digest is not None and hmac.compare_digest(digest, term_digest(field, value))
