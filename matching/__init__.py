"""Identity resolution for Front Door: a pure library (no Flask, no database).

Normalise records, block them with keys the app can store, compare them level by level,
weigh the evidence (Fellegi-Sunter, EM-trained, term-frequency adjusted), apply hard rules,
decide link / review / new with an explanation, and cluster without chaining households.
See docs/matching.md.
"""

from .blocking import blocking_keys
from .bulk import FILE_COLUMNS, MatchResult, ReviewPair, match_records, run_bulk
from .index import Candidate, MatchIndex, Resolution
from .records import PreparedRecord, Record, prepare
from .scoring import Decision, Explanation, PairScore, Rule, Scorer, TermFrequencies
from .settings import MatchSettings, default_settings, initial_settings
from .training import train

__all__ = [
    "FILE_COLUMNS",
    "Candidate",
    "Decision",
    "Explanation",
    "MatchIndex",
    "MatchResult",
    "MatchSettings",
    "PairScore",
    "PreparedRecord",
    "Record",
    "Resolution",
    "ReviewPair",
    "Rule",
    "Scorer",
    "TermFrequencies",
    "blocking_keys",
    "default_settings",
    "initial_settings",
    "match_records",
    "prepare",
    "run_bulk",
    "train",
]
