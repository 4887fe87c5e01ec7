"""Invisible characters that change how text is read: bidirectional overrides and isolates,
zero-width characters, other format and control characters (issue #16, finding 17).

Names lose them at intake (`strip_controls`): a surname with a right-to-left override would
show reversed on the agenda. Free text keeps what was written but shows them escaped
(`escape_controls`, applied by the withheld-detail guard's `scrub` on every channel), so a
reader sees "[U+202E]" instead of text silently reordered.
"""

from __future__ import annotations

import re
import unicodedata

_KEPT = {"\n", "\r", "\t"}


def is_control(ch: str) -> bool:
    """A format (Cf: bidi controls, zero-width) or control (Cc) character, or a lone surrogate."""
    return ch not in _KEPT and unicodedata.category(ch) in {"Cf", "Cc", "Cs"}


# Every Cc, Cs and Cf code point of Unicode 15 (checked against `is_control` by the tests).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def escape_controls(text: str) -> str:
    return _CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None
