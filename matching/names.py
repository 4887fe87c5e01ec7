"""Name normalisation: folding, titles, suffixes, nicknames, transliteration variants, phonetics.

A normalised name is lower-case ASCII letters in space-separated tokens. Apostrophes vanish
(O'Brien -> obrien); hyphens and other punctuation split tokens (Smith-Jones -> smith jones).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jellyfish
from anyascii import anyascii
from nicknames import NickNamer, name_triplets
from rapidfuzz.distance import DamerauLevenshtein

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "prof",
        "professor",
        "rev",
        "revd",
        "reverend",
        "sir",
        "dame",
        "lady",
        "lord",
        "master",
        "fr",
        "father",
        "sister",
        "capt",
        "captain",
    ]
)
GENERATION_SUFFIXES = {
    "jr": "jr",
    "jnr": "jr",
    "junior": "jr",
    "sr": "sr",
    "snr": "sr",
    "senior": "sr",
    "ii": "ii",
    "iii": "iii",
    "iv": "iv",
}
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"\u00df": "ss", "\u0142": "l", "\u00f8": "o", "\u00e6": "ae", "\u0111": "d", "\u0131": "i"}
)
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NON_LETTERS = re.compile(r"[^a-z]+")
_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_VARIANTS_FILE = Path(__file__).with_name("name_variants.json")


# Scripts written without (most) vowels: their Latin transliteration is a consonant skeleton.
_ABJAD_SCRIPTS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA")


def _to_latin(char: str) -> str:
    """One character in Latin letters (`anyascii`): Михаил -> mikhail, محمد -> mhmd, 王 -> wang.
    A Chinese, Japanese or Korean character is a syllable of its own, so it stands apart."""
    if char.isascii():
        return char
    latin = anyascii(char)
    if unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")):
        return f" {latin} "
    return latin


def fold(text: str | None, keep_digits: bool = False) -> str:
    """Lower-case ASCII with accents removed and punctuation turned into single spaces; every
    other script transliterated to Latin letters. Only for comparing: the original text is
    what a person sees."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    latin = ascii_only.translate(_LETTERS_WITHOUT_DECOMPOSITION)
    if not latin.isascii():
        latin = "".join(_to_latin(c) for c in latin)
    lowered = _APOSTROPHES.sub("", latin.lower())
    pattern = _NON_ALPHANUMERIC if keep_digits else _NON_LETTERS
    return pattern.sub(" ", lowered).strip()


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split into comparable tokens."""

    given: str
    middle: tuple[str, ...]
    surname: str
    surname_tokens: tuple[str, ...]
    generation: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}".strip()


def _strip_titles_and_suffixes(tokens: list[str]) -> tuple[list[str], str]:
    generation = ""
    kept: list[str] = []
    for token in tokens:
        if token in TITLES:
            continue
        if token in GENERATION_SUFFIXES:
            generation = GENERATION_SUFFIXES[token]
            continue
        kept.append(token)
    return kept, generation


def normalise_name(
    given: str | None, middle: str | None = None, surname: str | None = None
) -> NameParts:
    """Split raw given, middle and surname fields into normalised parts.

    Extra words in the given-name field become middle names; titles are dropped and a
    generation suffix (Jr, Snr, III) is kept apart because it distinguishes father from son.
    """
    given_tokens, gen_a = _strip_titles_and_suffixes(fold(given).split())
    middle_tokens, gen_b = _strip_titles_and_suffixes(fold(middle).split())
    surname_tokens, gen_c = _strip_titles_and_suffixes(fold(surname).split())
    first = given_tokens[0] if given_tokens else ""
    middles = tuple(given_tokens[1:] + middle_tokens)
    return NameParts(
        given=first,
        middle=middles,
        surname="".join(surname_tokens),
        surname_tokens=tuple(surname_tokens),
        generation=gen_a or gen_b or gen_c,
    )


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@cache
def _variant_groups() -> dict[str, str]:
    """Transliteration variants (name -> group label) from the bundled data file."""
    groups: list[list[str]] = json.loads(_VARIANTS_FILE.read_text(encoding="utf-8"))["groups"]
    lookup: dict[str, str] = {}
    for group in groups:
        label = group[0]
        for name in group:
            lookup[fold(name).replace(" ", "")] = label
    return lookup


def transliteration_group(name: str) -> str:
    """The label of the transliteration group of a folded name, or the name itself."""
    return _variant_groups().get(name, name)


@cache
def name_aliases(name: str) -> frozenset[str]:
    """Labels that two spellings of the same given name share.

    Contains the transliteration group of the name, and of every formal name the `nicknames`
    dataset lists for it (Bill -> william) and every nickname of it. Two given names are
    aliases when their alias sets intersect. The name's own group is always included.
    """
    if not name:
        return frozenset()
    nicknamer = _nicknamer()
    related = {name} | nicknamer.canonicals_of(name) | nicknamer.nicknames_of(name)
    return frozenset(transliteration_group(fold(n).replace(" ", "")) for n in related)


@cache
def known_given_name(name: str) -> bool:
    """Whether a folded name is a given name the nicknames data or the variants list knows."""
    if not name:
        return False
    nicknamer = _nicknamer()
    return (
        bool(nicknamer.canonicals_of(name) or nicknamer.nicknames_of(name))
        or name in _variant_groups()
    )


def _deletions(name: str) -> set[str]:
    return {name[:i] + name[i + 1 :] for i in range(len(name))}


@cache
def _known_by_deletion() -> dict[str, frozenset[str]]:
    """Every given name the nicknames data or the variants list knows, under itself and each
    of its one-letter deletions: two spellings one slip apart share a key."""
    names = {n for t in name_triplets() for n in (t.name1, t.name2)} | set(_variant_groups())
    index: dict[str, set[str]] = {}
    for name in names:
        if len(name) >= 3 and name.isalpha():
            for key in _deletions(name) | {name}:
                index.setdefault(key, set()).add(name)
    return {key: frozenset(found) for key, found in index.items()}


@cache
def typo_aliases(name: str) -> frozenset[str]:
    """The alias labels (`name_aliases`) of the known given names one typing slip away from a
    spelling no name list knows: mayr -> mary -> {mary, polly, molly...}. Empty for a known
    name, and for one of under four letters (too many names are a slip from it)."""
    if len(name) < 4 or known_given_name(name):
        return frozenset()
    index = _known_by_deletion()
    near = {
        known
        for key in _deletions(name) | {name}
        for known in index.get(key, ())
        if DamerauLevenshtein.distance(name, known, score_cutoff=1) <= 1
    }
    return frozenset(label for known in near for label in name_aliases(known))


@cache
def canonical_given(name: str) -> frozenset[str]:
    """Canonical forms of a given name used as blocking keys: its group and its formal names.

    Narrower than `name_aliases`: nicknames of the name are left out, so "william" yields
    only itself while "bill" yields {"bill", "william", ...}; the two share "william".
    """
    if not name:
        return frozenset()
    related = {name} | _nicknamer().canonicals_of(name)
    return frozenset(transliteration_group(fold(n).replace(" ", "")) for n in related)


@cache
def phonetic(name: str) -> str:
    """A phonetic code (Metaphone) of a folded name token; empty for an empty name."""
    if not name:
        return ""
    return jellyfish.metaphone(name) or name


def written_without_vowels(text: str | None) -> bool:
    """Whether a raw name is written in a script that leaves most vowels out (Arabic, Urdu,
    Hebrew...): its transliteration is then a consonant skeleton (محمد -> mhmd)."""
    if not text or text.isascii():
        return False
    return any(unicodedata.name(c, "").startswith(_ABJAD_SCRIPTS) for c in text if c.isalpha())


@cache
def consonant_skeleton(name: str) -> str:
    """A folded name without vowels, doubled letters once and a final h dropped:
    mohammed, muhammad and mhmd -> mhmd; fatimah, fatima and ftmh -> ftm."""
    consonants = re.sub(r"[aeiouy\s]", "", name)
    collapsed = re.sub(r"(.)\1+", r"\1", consonants)
    return collapsed[:-1] if len(collapsed) > 2 and collapsed.endswith("h") else collapsed
