"""Benchmark scripts: each prints figures (medians, ratios against a baseline in the same run).

Every script takes `--smoke`: tiny sizes that finish in seconds. tests/benchmarks runs each one
that way in `make test`, so a benchmark that stops working fails CI; smoke figures mean nothing.
"""

from __future__ import annotations

import argparse
import sys


def with_smoke(parser: argparse.ArgumentParser, **sizes: object) -> argparse.ArgumentParser:
    """Add `--smoke`, which makes `sizes` the defaults (explicit options still win)."""
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes for make test; the figures mean nothing"
    )
    if "--smoke" in sys.argv[1:]:
        parser.set_defaults(**sizes)
    return parser
