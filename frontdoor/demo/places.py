"""West Yorkshire towns, real-looking streets and postcodes, and schools."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .sampling import WeightedPool, parse_weighted, pool, words


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    la_number: int  # DfE local-authority number (used in pupil numbers)
    weight: float
    districts: tuple[tuple[str, str], ...]  # (postcode district, locality)
    communities: str  # weighted community mix


TOWNS = (
    Town(
        "Leeds",
        383,
        0.45,
        (
            ("LS4", "Burley"),
            ("LS5", "Kirkstall"),
            ("LS6", "Headingley"),
            ("LS7", "Chapeltown"),
            ("LS8", "Harehills"),
            ("LS9", "Burmantofts"),
            ("LS10", "Belle Isle"),
            ("LS11", "Beeston"),
            ("LS12", "Armley"),
            ("LS13", "Bramley"),
            ("LS14", "Seacroft"),
            ("LS15", "Cross Gates"),
            ("LS16", "Adel"),
            ("LS17", "Moortown"),
            ("LS18", "Horsforth"),
            ("LS25", "Garforth"),
            ("LS26", "Rothwell"),
            ("LS27", "Morley"),
            ("LS28", "Pudsey"),
        ),
        "british:80 south_asian:5 indian:3 polish:4 somali:1.5 nigerian:3 arabic:2",
    ),
    Town(
        "Bradford",
        380,
        0.28,
        (
            ("BD2", "Eccleshill"),
            ("BD3", "Bradford Moor"),
            ("BD4", "Bierley"),
            ("BD5", "Little Horton"),
            ("BD6", "Wibsey"),
            ("BD7", "Great Horton"),
            ("BD8", "Manningham"),
            ("BD9", "Heaton"),
            ("BD10", "Idle"),
            ("BD15", "Allerton"),
            ("BD18", "Shipley"),
            ("BD21", "Keighley"),
        ),
        "british:62 south_asian:27 indian:3 polish:4 somali:0.5 nigerian:1 arabic:2",
    ),
    Town(
        "Wakefield",
        384,
        0.17,
        (
            ("WF1", "Wakefield"),
            ("WF2", "Lupset"),
            ("WF3", "Outwood"),
            ("WF4", "Crigglestone"),
            ("WF5", "Ossett"),
            ("WF6", "Normanton"),
            ("WF8", "Pontefract"),
            ("WF9", "South Elmsall"),
            ("WF10", "Castleford"),
        ),
        "british:90 south_asian:2 indian:1 polish:5 nigerian:1 arabic:1",
    ),
    Town(
        "Huddersfield",
        382,
        0.10,
        (
            ("HD1", "Huddersfield"),
            ("HD2", "Fartown"),
            ("HD3", "Lindley"),
            ("HD4", "Lockwood"),
            ("HD5", "Dalton"),
        ),
        "british:76 south_asian:12 indian:6 polish:3 somali:1 nigerian:1 arabic:1",
    ),
)
TOWN_BY_NAME = {town.name: town for town in TOWNS}

_STREET_STEMS = words(
    "Beech Oak Ash Elm Holly Hawthorn Laburnum Chestnut Sycamore Willow Birch Cedar Maple "
    "Victoria Albert Queen's King's Princess Church Chapel Mill Station Park Grange Manor Moor "
    "Hill Dale Vale Springfield Fairfield Greenfield Highfield Westfield Ashfield Broadway Carr "
    "Roundhay Gipton Oakwood Gledhow Bayswater Cowper Shepherd's Nowell Conway Dawlish "
    "Strathmore Compton Karnac Hovingham Bellbrooke Harold Cardigan Brudenell Woodhouse "
    "Meanwood Tong Cross_Flatts Dewsbury Elland Otley Harrogate York Selby Halifax Lumb Lister "
    "Toller Whetley Carlisle Girlington Thornton Heaton Bolton Killinghall Wibsey Horton "
    "Cemetery School Low High Back New Northgate Southgate Westgate Kirkgate Thornhill Eastmoor "
    "Agbrigg Belle_Vue Newsome Birkby Moldgreen Almondbury Marsh Paddock Crosland Primrose "
    "Bluebell Heather Bracken Fern Rowan Linden Poplar Alder Hazel Juniper Larch Pine Acre "
    "Meadow Orchard Brook River Canal Bridge Well Spring Brunswick Clarence Cambridge Oxford "
    "Windsor Balmoral Sandringham Stanley Gladstone Nelson Wellington Milton Byron Shelley "
    "Tennyson Wordsworth Ruskin Hartley Crossley Ackroyd Sutcliffe Harehills Chapeltown Burley"
)
_STREET_KINDS = pool(
    "Road:20 Street:18 Avenue:10 Grove:8 Terrace:8 Lane:8 Crescent:6 Close:6 Drive:6 "
    "Mount:4 View:4 Place:4 Way:4 Gardens:3 Court:3 Walk:2 Rise:2 Square:1 Parade:1 Green:2"
)
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_HOUSEHOLDS_PER_STREET = 25
_FLAT_RATE = 0.12
_SAINTS = words("Mary's Joseph's Patrick's Anne's Peter's Paul's John's Augustine's Theresa's")


@dataclass(frozen=True, slots=True)
class Street:
    name: str
    district: str
    locality: str
    sector: int
    units: tuple[str, ...]
    max_number: int


@dataclass(frozen=True, slots=True)
class Address:
    line: str  # "Flat 2, 14 Beech Grove"
    postcode: str  # "LS8 3QT"
    town: str
    locality: str


def _make_streets(rng: random.Random, town: Town, count: int) -> list[Street]:
    streets: list[Street] = []
    taken: set[tuple[str, str]] = set()
    while len(streets) < count:
        district, locality = rng.choice(town.districts)
        name = f"{rng.choice(_STREET_STEMS).replace('_', ' ')} {_STREET_KINDS.pick(rng)}"
        if (district, name) in taken:
            continue
        taken.add((district, name))
        units = tuple(
            rng.choice(_UNIT_LETTERS) + rng.choice(_UNIT_LETTERS) for _ in range(rng.randint(1, 4))
        )
        streets.append(
            Street(name, district, locality, rng.randint(1, 9), units, rng.randint(12, 160))
        )
    return streets


class AddressBook:
    """Hands out addresses, never the same one twice in a population."""

    def __init__(self, seed: int, expected_households: int) -> None:
        self._streets: dict[str, list[Street]] = {}
        for town in TOWNS:
            count = max(60, int(expected_households * town.weight / _HOUSEHOLDS_PER_STREET))
            self._streets[town.name] = _make_streets(
                random.Random(f"{seed}:streets:{town.name}"), town, count
            )
        self._used: set[int] = set()
        self.town_pool = WeightedPool([(town.name, town.weight) for town in TOWNS])
        self.community_pools = {
            t.name: WeightedPool(parse_weighted(t.communities, underscore_is_space=False))
            for t in TOWNS
        }
        self._schools = {town.name: _make_schools(town, seed) for town in TOWNS}

    def new_address(self, rng: random.Random, town: str) -> Address:
        streets = self._streets[town]
        town_index = TOWN_BY_NAME[town].la_number
        while True:
            street_index = int(rng.random() * len(streets))
            street = streets[street_index]
            number = 1 + int(rng.random() * street.max_number)
            flat = 1 + int(rng.random() * 12) if rng.random() < _FLAT_RATE else 0
            token = ((town_index * 100_000 + street_index) * 1000 + number) * 100 + flat
            if token not in self._used:
                self._used.add(token)
                break
        unit = street.units[(number - 1) * len(street.units) // street.max_number]
        line = f"{number} {street.name}"
        if flat:
            line = f"Flat {flat}, {line}"
        return Address(line, f"{street.district} {street.sector}{unit}", town, street.locality)

    def school(self, rng: random.Random, town: str, age: int) -> str:
        nurseries, primaries, secondaries = self._schools[town]
        if age < 4:
            return rng.choice(nurseries) if rng.random() < 0.5 else ""
        return rng.choice(primaries if age < 11 else secondaries)


def _make_schools(town: Town, seed: int) -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(f"{seed}:schools:{town.name}")
    localities = [locality for _, locality in town.districts]
    primaries = [f"{place} Primary School" for place in localities]
    primaries += [f"St {saint} Catholic Primary School" for saint in rng.sample(_SAINTS, 4)]
    primaries += [
        f"{rng.choice(_STREET_STEMS).replace('_', ' ')} Primary Academy" for _ in range(6)
    ]
    secondaries = [f"{place} High School" for place in rng.sample(localities, 4)]
    secondaries += [f"{town.name} {kind} Academy" for kind in ("City", "North", "South", "West")]
    nurseries = [f"Little Acorns {place} Nursery" for place in localities[:5]]
    return nurseries, primaries, secondaries
