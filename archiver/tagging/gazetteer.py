"""The gazetteer: place names from GeoNames (CC BY 4.0, geonames.org), looked up by name or id.

The data ships as ``archiver/data/gazetteer.bin`` (built by ``tools/build_gazetteer.py``)
and is loaded once per process, lazily, on the first call. Rows stay in zlib chunks until a
lookup asks for them, so loading costs one read and the inflation of the name index.

>>> normalize_key("  Côte d’Ivoire ")
'cote divoire'
>>> normalize_key("U.S.")
'us'
"""

from __future__ import annotations

import threading
import unicodedata
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from archiver.errors import ArchiverError
from archiver.tagging.data import read_data, read_data_text

DATA_FILE = "gazetteer.bin"
MAGIC = "archiver-gazetteer-1"
CHUNK_ROWS = 4096
DEMONYM_FILE = "demonyms.tsv"
# Longer names tried for a place not found under the name a caller gave ("Neptune" -> "Neptune City").
NAME_PREFIX_KEYS = 20

# Prior of a feature kind when two places share a name (cities compare by population alone).
SECTION = "#--"
KIND_CODE = {
    "continent": "C",
    "country": "P",
    "admin1": "A",
    "admin2": "B",
    "region": "R",
    "ocean": "O",
    "sea": "S",
    "river": "H",
    "mountains": "T",
    "island": "I",
    "street": "X",
    "city": "c",
}
_KIND_NAME = {code: kind for kind, code in KIND_CODE.items()}
KIND_RANK = {
    "continent": 9,
    "country": 8,
    "admin1": 6,
    "region": 5,
    "ocean": 5,
    "sea": 5,
    "river": 3,
    "mountains": 3,
    "island": 3,
    "admin2": 2,
    "street": 1,
    "city": 0,
}

# US postal codes: qualifiers only ("Danbury, CT"); as free-standing words they are English
# words ("IN", "OR", "ME"), so they live outside the name index.
US_POSTAL = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
}

# AP style abbreviations of the states (those not listed are written out in AP datelines). The
# one table of them: the gazetteer build indexes them as alternate names, and the recogniser's
# tokenizer keeps their period ("Conn." is one token).
US_AP_ABBREVIATIONS: dict[str, list[str]] = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif.", "Cal."], "CO": ["Colo."],
    "CT": ["Conn."], "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."],
    "KS": ["Kan.", "Kans."], "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."],
    "MI": ["Mich."], "MN": ["Minn."], "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."],
    "NE": ["Neb.", "Nebr."], "NV": ["Nev."], "NH": ["N.H."], "NJ": ["N.J."], "NM": ["N.M."],
    "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."], "OR": ["Ore.", "Oreg."],
    "PA": ["Pa.", "Penn.", "Penna."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."],
    "TN": ["Tenn."], "TX": ["Tex."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."],
    "WV": ["W.Va.", "W. Va."], "WI": ["Wis.", "Wisc."], "WY": ["Wyo."], "DC": ["D.C."],
}

_PUNCT_DROP = str.maketrans({".": "", "'": "", "’": "", "‘": "", "`": "", "-": " ", "‐": " ", "–": " "})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``admin1`` is the first-level division's name where known
    (US states); ``admin1_code`` is GeoNames' code ("CT", "03") for coherence checks."""

    geonames_id: int | None
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    admin1_code: str | None = None
    row: int = -1

    def to_json(self) -> dict:
        """The place as JSON-ready fields (no internal row number)."""
        return {
            "geonames_id": self.geonames_id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
        }


def normalize_key(name: str) -> str:
    """The lookup key of a name: no diacritics, casefolded, no dots or apostrophes, single spaces."""
    if name.isascii():
        text = name
    else:
        text = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(text.translate(_PUNCT_DROP).casefold().split())


class _Data:
    # Keys stay a sorted list searched by bisection: building a 180k-entry dict would cost
    # more than the rest of the load, and a lookup costs microseconds either way. Rows come
    # in zlib chunks inflated on first use (see tools/build_gazetteer.py for the layout).
    __slots__ = ("blob", "offsets", "chunks", "keys", "values", "by_id", "demonyms", "n_rows")

    def __init__(self) -> None:
        raw = read_data(DATA_FILE)
        end = raw.index(b"\n")
        magic, chunk_rows, n_rows, *lengths = raw[:end].decode("ascii").split(" ")
        if magic != MAGIC or int(chunk_rows) != CHUNK_ROWS:
            raise ArchiverError(f"{DATA_FILE} has an unknown layout; reinstall archiver")
        self.blob = raw
        self.offsets = [end + 1]
        for length in lengths:
            self.offsets.append(self.offsets[-1] + int(length))
        self.n_rows = int(n_rows)
        self.chunks: list[list[str] | None] = [None] * (len(lengths) - 1)
        keys, values = self._inflate(0).split("\n" + SECTION + "\n")
        self.keys: list[str] = keys.split("\n")
        self.values: list[str] = values.split("\n")
        self.by_id: dict[int, int] | None = None
        self.demonyms: dict[str, str] = {}
        text = read_data_text(DEMONYM_FILE)
        for line in text.splitlines():
            if line and not line.startswith("#"):
                word, _, code = line.partition("\t")
                self.demonyms[normalize_key(word)] = code

    def _inflate(self, blob: int) -> str:
        return zlib.decompress(self.blob[self.offsets[blob] : self.offsets[blob + 1]]).decode("utf-8")

    def get(self, key: str) -> str | None:
        i = bisect_left(self.keys, key)
        return self.values[i] if i < len(self.keys) and self.keys[i] == key else None

    def row(self, row: int) -> str:
        chunk = self.chunks[row // CHUNK_ROWS]
        if chunk is None:
            chunk = self.chunks[row // CHUNK_ROWS] = self._inflate(row // CHUNK_ROWS + 1).split("\n")
        return chunk[row % CHUNK_ROWS]


_DATA: _Data | None = None
_LOCK = threading.Lock()
_PLACES: dict[int, Place] = {}
# GeoNames id -> row of every place built so far (ids are unique among the rows): the index asks
# by id for the places the tagger has just resolved, which need no scan of the rows.
_ROW_OF_ID: dict[int, int] = {}


def _data() -> _Data:
    global _DATA
    if _DATA is None:
        with _LOCK:
            if _DATA is None:
                _DATA = _Data()
    return _DATA


def _place(row: int) -> Place:
    place = _PLACES.get(row)
    if place is None:
        gid, name, kind, country, admin1, code, lat, lon, pop = _data().row(row).split("\t")
        if not admin1 and country == "US":
            admin1 = US_POSTAL.get(code, "")
        place = Place(
            int(gid) if gid else None,
            name,
            _KIND_NAME[kind],
            country or None,
            admin1 or None,
            float(lat) if lat else None,
            float(lon) if lon else None,
            int(pop) if pop else 0,
            code or None,
            row,
        )
        _PLACES[row] = place
        if place.geonames_id is not None:
            _ROW_OF_ID[place.geonames_id] = row
    return place


def lookup_entries(name: str) -> list[tuple[Place, bool]]:
    """Candidates for a name with a flag telling they matched an alternate name, best prior first."""
    value = _data().get(normalize_key(name))
    if not value:
        return []
    out = []
    for item in value.split(","):
        alt = item.startswith("~")
        out.append((_place(int(item[1:] if alt else item)), alt))
    return out


def lookup(name: str) -> list[Place]:
    """Places called ``name`` (case- and diacritics-insensitive), best prior first.

    The prior ranks primary names over alternate names, then continents, countries and
    first-level divisions over cities, then population.
    """
    return [place for place, _ in lookup_entries(name)]


def contains(name: str) -> bool:
    """Whether some place is called ``name``."""
    return _data().get(normalize_key(name)) is not None


def starts_longer_name(key: str) -> bool:
    """Whether some gazetteer name begins with the normalized word(s) ``key`` and goes on.

    >>> starts_longer_name("new")
    True
    """
    keys = _data().keys
    prefix = key + " "
    i = bisect_left(keys, prefix)
    return i < len(keys) and keys[i].startswith(prefix)


def get(geonames_id: int, name: str | None = None) -> Place:
    """The place with this GeoNames id; a place already built (the tagger's, for the index) or,
    with ``name`` when the caller knows the place's name, one among the entries of that name (or
    of a longer name it begins) is found without building the id map (a scan of every row,
    ~0.1-0.25 s and 15 MiB once per process).

    Raises:
        KeyError: no place in the gazetteer has this id.
    """
    row = _ROW_OF_ID.get(int(geonames_id))
    if row is not None:
        return _place(row)
    if name:
        for place, _alt in lookup_entries(name):
            if place.geonames_id == int(geonames_id):
                return place
        # A short form of a longer name ("Neptune" for Neptune City): the names it begins.
        data = _data()
        prefix = normalize_key(name) + " "
        i = bisect_left(data.keys, prefix)
        for key in data.keys[i : i + NAME_PREFIX_KEYS]:
            if not key.startswith(prefix):
                break
            for place, _alt in lookup_entries(key):
                if place.geonames_id == int(geonames_id):
                    return place
    data = _data()
    if data.by_id is None:
        by_id: dict[int, int] = {}
        for row in range(data.n_rows):
            line = data.row(row)
            gid = line[: line.index("\t")]
            if gid:
                by_id.setdefault(int(gid), row)
        data.by_id = by_id
    return _place(data.by_id[int(geonames_id)])


@lru_cache(maxsize=1)
def _countries() -> dict[str, Place]:
    # Countries sort first in the rows (best prior first), so the scan stops early.
    data = _data()
    out: dict[str, Place] = {}
    for row in range(min(data.n_rows, CHUNK_ROWS)):
        place = _place(row)
        if place.kind == "country" and place.country:
            out.setdefault(place.country, place)
        elif out and place.kind not in ("country", "continent", "city"):
            break
    return out


def country(code: str) -> Place | None:
    """The country with this ISO 3166-1 alpha-2 code ("JM" -> Jamaica), else None."""
    return _countries().get(code)


def demonym(word: str) -> str | None:
    """The ISO-2 country a nationality word names ("Mexican" -> "MX"), else None.

    Peoples and regional adjectives ("Kurdish", "European") are demonyms without a country:
    ``is_demonym`` is true for them, ``demonym`` returns None.
    """
    return _data().demonyms.get(normalize_key(word)) or None


def is_demonym(word: str) -> bool:
    """Whether ``word`` is a nationality or people word (so never a place)."""
    # Plurals are listed; a bare "s" rule would make "Philippines" and "Laos" nationalities.
    # Possessives lose their apostrophe in the key: "Mexican's" -> "mexicans".
    return normalize_key(word) in _data().demonyms


def us_state(abbreviation: str) -> Place | None:
    """The US state a postal code ("CT") or AP abbreviation ("Conn.") names, else None."""
    full = US_POSTAL.get(abbreviation.strip().rstrip(".").upper()) if len(abbreviation.strip()) <= 3 else None
    for place in lookup(full or abbreviation):
        if place.kind == "admin1" and place.country == "US":
            return place
    return None
