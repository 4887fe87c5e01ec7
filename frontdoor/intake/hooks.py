"""What other parts of the app do once referrals are stored (the agenda's urgent alerts).

Intake does not import the agenda: the agenda registers a function here when the app is made,
and intake calls each one after the import has committed, with the stored referral ids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

AfterImport = Callable[[Sequence[int]], object]
_after_import: list[AfterImport] = []
log = logging.getLogger(__name__)


def on_referrals_stored(hook: AfterImport) -> AfterImport:
    if hook not in _after_import:
        _after_import.append(hook)
    return hook


def referrals_stored(referral_ids: Sequence[int]) -> None:
    """A hook that fails is logged: the import itself has already succeeded."""
    if not referral_ids:
        return
    for hook in _after_import:
        try:
            hook(referral_ids)
        except Exception:
            log.exception("after-import hook %s failed", getattr(hook, "__name__", hook))
