"""Which passwords a person may choose (ASVS 6.2.4 and 6.2.11), beyond the length rule.

* **Common passwords**: the 30,000 most common passwords of the `zxcvbn` package (Dropbox's
  list, shipped inside the PyPI package: nothing is downloaded at run time). A password is
  refused when it is one of them, or one of them with digits or symbols added at either end
  ("Password2024!"), or one short string repeated ("monkeymonkey", "aaaaaaaaaaaa").
* **Context-specific words**: the product's name, the user's agency's name, code and the
  words of its name, and the parts of the user's own name and e-mail address. A password is
  refused when it contains one of them (4 letters or more; 5 for single words of an agency's
  name), ignoring case, spaces and punctuation ("Front-Door 2026", "jsmith2026!").

No composition rules (ASVS 6.2.5): any characters, any mix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .passwords import WeakPasswordError

PRODUCT_WORDS = ("front door", "frontdoor")
MIN_CONTEXT_WORD = 4  # shorter parts of names ("Al", "Sam") would refuse ordinary words
MIN_AGENCY_WORD = 5  # single words of an agency's name: "Social Care" refuses "social", not "care"
# Parts of an e-mail domain that say nothing about the user or the organisation.
GENERIC_DOMAIN_PARTS = {"com", "org", "net", "gov", "nhs", "police", "mail", "email", "gsi"}

COMMON_MESSAGE = "This password is too common. Choose a less predictable one."
CONTEXT_MESSAGE = (
    "Do not use the name of the service, your agency or your own name or e-mail address "
    "in your password."
)


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # large: loaded on first use only

    return frozenset(FREQUENCY_LISTS["passwords"])


def _squash(text: str) -> str:
    """Lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", text.lower())


def is_common(password: str) -> bool:
    squashed = _squash(password)
    lowered = password.lower().strip()
    core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", lowered)
    candidates = {lowered, squashed, core, _squash(core)}
    if any(c and c in common_passwords() for c in candidates):
        return True
    return re.fullmatch(r"(.{1,6}?)\1+", squashed) is not None


def context_words(
    *, display_name: str = "", email: str = "", agency_name: str = "", agency_code: str = ""
) -> set[str]:
    """The words a password must not contain, for one user."""
    local, _, domain = email.lower().partition("@")
    parts = [*re.split(r"[\W_]+", display_name), *re.split(r"[\W_\d]+", local)]
    parts += [p for p in domain.split(".") if p not in GENERIC_DOMAIN_PARTS]
    parts += [agency_name, agency_code, *re.split(r"[\W_\d]+", agency_code), *PRODUCT_WORDS]
    words = {w for w in (_squash(p) for p in parts) if len(w) >= MIN_CONTEXT_WORD}
    agency_words = (_squash(p) for p in re.split(r"[\W_]+", agency_name))
    return words | {w for w in agency_words if len(w) >= MIN_AGENCY_WORD}


def uses_context_word(password: str, words: Iterable[str]) -> bool:
    squashed = _squash(password)
    return any(word in squashed for word in words)


def check(password: str, words: Iterable[str] = ()) -> None:
    """Raise WeakPasswordError with a message for the person choosing the password."""
    if is_common(password):
        raise WeakPasswordError(COMMON_MESSAGE)
    if uses_context_word(password, set(words) | {_squash(w) for w in PRODUCT_WORDS}):
        raise WeakPasswordError(CONTEXT_MESSAGE)
