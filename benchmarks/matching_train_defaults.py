"""Re-estimate the shipped matching settings (`matching/default_settings.json`) from scratch.

    .venv/bin/python benchmarks/matching_train_defaults.py [--people 13000] [--seed 1]
        [--public febrl4:dev,rldata10000:dev] [--out FILE]

Trains on a mix of sources: the demo generator's population AND the development halves of
public datasets (benchmarks/matching_public.py; the other halves, and FEBRL3 whole, are held
out for the accuracy benchmark). Estimates u, m and the prior by `matching.train` from the
rough initial guesses (no labels used: the public sets' truth is never read here), and keeps
the thresholds, hard-rule limits, fuzziness and term-frequency settings of the current file
(those are set by a person, not estimated). The benchmark seeds must differ from the training
seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.matching_public import DEV_SPLIT_SEED, load, split  # noqa: E402
from frontdoor.demo.population import generate_population  # noqa: E402
from matching import initial_settings, prepare, train  # noqa: E402
from matching.comparisons import Fuzziness  # noqa: E402
from matching.settings import (  # noqa: E402
    DEFAULT_SETTINGS_FILE,
    HardRules,
    TermFrequencySettings,
    Thresholds,
)


def kept_settings(path: Path) -> dict:
    """The person-set parts of the current settings file (read raw: its levels may be stale)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    tf = dict(data.get("term_frequency", {}))
    tf["names"] = tuple(tf.get("names", ("given", "surname")))
    return {
        "thresholds": Thresholds(**data.get("thresholds", {})),
        "hard_rules": HardRules(**data.get("hard_rules", {})),
        "fuzziness": Fuzziness(**data.get("fuzziness", {})),
        "term_frequency": TermFrequencySettings(**tf),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=13000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--public", default="febrl4:dev,rldata10000:dev")
    parser.add_argument("--out", type=Path, default=DEFAULT_SETTINGS_FILE)
    # A smoke run writes beside the temporary files, never over the shipped settings.
    with_smoke(
        parser,
        people=300,
        public="rldata500",
        out=Path(tempfile.gettempdir()) / "smoke-settings.json",
    )
    args = parser.parse_args()
    population = generate_population(args.people, seed=args.seed)
    records = [prepare(record) for record in population.records]
    sizes = [len(records)]
    sources = [f"generate_population({args.people}, seed={args.seed}) (frontdoor.demo.population)"]
    for item in filter(None, args.public.split(",")):
        name, _, half = item.partition(":")
        dataset = load(name)
        if half:
            dataset = split(dataset, DEV_SPLIT_SEED)[0 if half == "dev" else 1]
        records.extend(prepare(row) for row in dataset.rows)
        sizes.append(len(dataset.rows))
        sources.append(f"{dataset.name} ({len(dataset.rows)} records, labels unused)")
    start = replace(initial_settings(), **kept_settings(DEFAULT_SETTINGS_FILE))
    # The files share nobody: only pairs within one of them can be the same person.
    trained = train(records, start, possible_pairs=sum(n * (n - 1) / 2 for n in sizes))
    source = " + ".join(sources) + "; thresholds chosen on the generated population"
    trained = replace(trained, trained_on=f"{trained.trained_on}; {source}")
    trained.save(args.out)
    print(f"{len(records)} records; prior {trained.prior_match_probability:.3g}; wrote {args.out}")
    for comparison in trained.comparisons:
        weights = " ".join(f"{level.weight:+.2f}" for level in comparison.levels[1:])
        print(f"  {comparison.name}: {weights}")


if __name__ == "__main__":
    main()
