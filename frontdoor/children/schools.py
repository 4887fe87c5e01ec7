"""The schools register: the DfE's "Get Information About Schools" (GIAS) establishment list,
each school's Encompass key-adult e-mail (kept by the council), and matching the police file's
free-text school to it (rapidfuzz on the name, within the child's postcode area).

A match is **confident** when one school scores at least `CONFIDENT` and no other comes within
`MARGIN` of it; **uncertain** when schools score at least `POSSIBLE` but none is confident (the
coordinator picks among them); otherwise the school is **not in the register**.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import School, utcnow

CONFIDENT = 90.0
MARGIN = 6.0
POSSIBLE = 72.0
MAX_CANDIDATES = 5

# GIAS headers, with or without their " (name)" / " (code)" suffix, case-insensitive.
GIAS_COLUMNS = {
    "urn": "urn",
    "establishmentname": "name",
    "typeofestablishment": "kind",
    "phaseofeducation": "phase",
    "establishmentstatus": "status",
    "postcode": "postcode",
    "la": "local_authority",
}
# Words that say what kind of school it is, not which one.
GENERIC = {
    "school", "the", "academy", "primary", "infant", "infants", "junior", "juniors", "nursery",
    "community", "college", "high", "ce", "rc", "church", "england", "catholic", "roman",
    "voluntary", "controlled", "aided", "and", "of", "c", "e", "free", "trust", "federation",
}  # fmt: skip


class RegisterError(ValueError):
    """A file the register cannot read; the message says why."""


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # GIAS downloads are Windows-1252


def _header(name: str) -> str:
    name = re.sub(r"\s*\((name|code)\)\s*$", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z]", "", name.lower())


def read_gias(data: bytes) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(_decode(data)))
    if not reader.fieldnames:
        raise RegisterError("The file has no header row.")
    columns = {f: GIAS_COLUMNS.get(_header(f)) for f in reader.fieldnames}
    missing = {"urn", "name"} - set(columns.values())
    if missing:
        raise RegisterError("The file lacks the column(s): URN, EstablishmentName.")
    return [
        {ours: (row.get(theirs) or "").strip() for theirs, ours in columns.items() if ours}
        for row in reader
    ]


def import_gias(session: Session, data: bytes) -> ImportResult:
    """Add or update every establishment of the file (keyed on URN); key adults are kept."""
    result = ImportResult()
    existing = {s.urn: s for s in session.scalars(select(School))}
    for number, row in enumerate(read_gias(data), start=2):
        urn, name = row.get("urn", ""), row.get("name", "")
        if not urn.isdigit() or not name:
            result.skipped.append(f"line {number}: no URN or name")
            continue
        school = existing.get(urn)
        if school is None:
            school = existing[urn] = School(urn=urn, name=name)
            session.add(school)
            result.added += 1
        else:
            result.updated += 1
        for attribute in ("name", "kind", "phase", "status", "local_authority"):
            setattr(school, attribute, row.get(attribute) or getattr(school, attribute))
        school.postcode = normal_postcode(row.get("postcode")) or school.postcode
        school.updated_at = utcnow()
    return result


def import_key_adults(session: Session, data: bytes) -> ImportResult:
    """The council's list: URN and key-adult e-mail (an empty e-mail clears it)."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(_decode(data)))
    fields = {_header(f): f for f in reader.fieldnames or []}
    if "urn" not in fields or "keyadultemail" not in fields:
        raise RegisterError("The file needs the columns URN and key_adult_email.")
    for number, row in enumerate(reader, start=2):
        school = session.scalar(select(School).where(School.urn == row[fields["urn"]].strip()))
        email = (row[fields["keyadultemail"]] or "").strip()
        if school is None or (email and "@" not in email):
            result.skipped.append(f"line {number}: unknown URN or not an e-mail address")
            continue
        school.key_adult_email = email or None
        result.updated += 1
    return result


def key_adults_csv(session: Session) -> list[list[str]]:
    rows = session.scalars(select(School).order_by(School.name))
    return [["URN", "EstablishmentName", "Postcode", "key_adult_email"]] + [
        [s.urn, s.name, s.postcode or "", s.key_adult_email or ""] for s in rows
    ]


def normal_postcode(value: str | None) -> str | None:
    squashed = re.sub(r"\s", "", (value or "").upper())
    if len(squashed) < 5:
        return squashed or None
    return f"{squashed[:-3]} {squashed[-3:]}"


def postcode_area(value: str | None) -> str | None:
    """The letters that open a postcode: "LS9 7QZ" -> "LS"."""
    found = re.match(r"\s*([A-Za-z]{1,2})\d", value or "")
    return found.group(1).upper() if found else None


def _words(name: str) -> list[str]:
    name = name.lower().replace("&", " and ").replace("saint ", "st ").replace("'", "")
    name = re.sub(r"\bchurch of england\b|\bc\s*of\s*e\b|\bcofe\b", " ce ", name)
    name = re.sub(r"\broman catholic\b", " rc ", name)
    return [w for w in re.findall(r"[a-z0-9]+", name) if w not in {"school", "the"}]


def score(text: str, school_name: str) -> float:
    """How alike two school names are (0-100): mostly the distinctive words, partly the rest."""
    a, b = _words(text), _words(school_name)
    distinctive = fuzz.token_sort_ratio(
        " ".join(w for w in a if w not in GENERIC), " ".join(w for w in b if w not in GENERIC)
    )
    return 0.7 * distinctive + 0.3 * fuzz.token_sort_ratio(" ".join(a), " ".join(b))


@dataclass(frozen=True)
class Match:
    school_id: int | None  # confident
    candidates: tuple[int, ...]  # uncertain: the coordinator picks one of these


def match(session: Session, text: str, postcodes: Iterable[str | None]) -> Match:
    areas = {a for a in (postcode_area(p) for p in postcodes) if a}
    query = select(School.id, School.name, School.postcode).where(
        (School.status.is_(None)) | (~School.status.ilike("closed%"))
    )
    scored = sorted(
        ((score(text, name), school_id) for school_id, name, postcode in session.execute(query)
         if not areas or postcode_area(postcode) in areas),
        reverse=True,
    )  # fmt: skip
    possible = [(s, i) for s, i in scored if s >= POSSIBLE][:MAX_CANDIDATES]
    if not possible:
        return Match(None, ())
    best, best_id = possible[0]
    runner_up = possible[1][0] if len(possible) > 1 else 0.0
    if best >= CONFIDENT and best - runner_up >= MARGIN:
        return Match(best_id, ())
    return Match(None, tuple(i for _, i in possible))
