"""How much ordinary writing the withheld-detail guard refuses, at its bound and at 3 letters.

    .venv/bin/python benchmarks/withheld_refusals.py [--corpus FILE ...]
        [--withheld 10,50,200] [--draws 20] [--seed 1]

The guard (frontdoor/access/withheld.py) refuses a text holding more than 3 consecutive
characters of a withheld detail that take in one of its digits, or 8 letters of it. Issue
#16 asked for "never more than 3 consecutive characters" of any kind. This script measures,
on data we did not write, what each bound costs: withheld details are drawn from the
addresses and postcodes of FEBRL4's original records (benchmarks/matching_public.py), and
the writing is every sentence of the given files (by default the programme document the
product was commissioned from, ../shared/seed/, when it is there, else this repository's
docs). For each number of withheld details, `--draws` random draws; the figure is the median
share of sentences refused (a live note refused, a tracking note shown with "Withheld" in
it), with the words each bound refuses most often in the first draw.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.matching_public import febrl  # noqa: E402
from frontdoor.access.withheld import LETTER_RUN, MAX_SHOWN, Guard, normalise  # noqa: E402
from frontdoor.config import PROJECT_ROOT  # noqa: E402

SEED_DOCUMENT = PROJECT_ROOT.parent / "shared" / "seed" / "innovation-programme-summaries.txt"
BOUNDS = {"product (4 with a digit, or 8)": LETTER_RUN, "any 4 (issue's literal)": MAX_SHOWN + 1}


def sentences(paths: list[Path]) -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    pieces = re.split(r"(?<=[.!?])\s+|\n\s*\n|\n[-*#] ", text)
    return [" ".join(p.split()) for p in pieces if len(p.split()) >= 4]


def withheld_details(originals: list[dict[str, str]], count: int, rng: random.Random) -> list[str]:
    details = [(row["address"], row["postcode"]) for row in rng.sample(originals, count)]
    return [detail for pair in details for detail in pair if detail]


def refused_words(guard: Guard, texts: list[str]) -> Counter[str]:
    words: Counter[str] = Counter()
    for text in texts:
        for start, end in guard.spans(text):
            left = text.rfind(" ", 0, start) + 1
            right = text.find(" ", end)
            words[text[left : right if right >= 0 else len(text)].strip(".,;:()").lower()] += 1
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="*", default=None)
    parser.add_argument("--withheld", default="10,50,200")
    parser.add_argument("--draws", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    with_smoke(parser, withheld="10", draws=2)
    args = parser.parse_args()
    paths = args.corpus or (
        [SEED_DOCUMENT] if SEED_DOCUMENT.exists() else sorted((PROJECT_ROOT / "docs").glob("*.md"))
    )
    texts = sentences(paths)
    normalised = [normalise(text) for text in texts]
    print(f"corpus: {', '.join(p.name for p in paths)}: {len(texts)} sentences")
    print(f"withheld details: FEBRL4 original records, address and postcode, {args.draws} draws")
    print(f"\n{'withheld people':>16}  {'bound':<32}{'sentences refused (median, min-max)':>38}")
    rng = random.Random(args.seed)
    originals = [r for r in febrl("febrl4").rows if r["record_id"].endswith("-org")]
    for count in (int(c) for c in args.withheld.split(",")):
        draws = [withheld_details(originals, count, rng) for _ in range(args.draws)]
        for label, run in BOUNDS.items():
            guards = [Guard.of(details, letter_run=run) for details in draws]
            shares = [sum(map(g.leaks_normalised, normalised)) / len(texts) for g in guards]
            low, mid, high = min(shares), statistics.median(shares), max(shares)
            print(f"{count:>16}  {label:<32}{mid:>24.1%}  ({low:.1%}-{high:.1%})")
            words = refused_words(guards[0], texts)
            common = ", ".join(f"{w} ({n})" for w, n in words.most_common(10)) or "none"
            print(f"{'':>18}words refused, first draw: {common}")


if __name__ == "__main__":
    main()
