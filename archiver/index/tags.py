"""Tags as entities: what an article's tags become in the index, and what a field filter names.

A tag is indexed by its entity, not its spelling: a place by its GeoNames id (``g6252001``: "U.S."
and "United States" are one place, shown under the gazetteer's canonical name), an outlet by the
outlet registry's name (``outlet:AP`` finds Associated Press through the registry's aliases and
domains), a person or organization by the normalized full name, a topic by its IPTC code.

Places also carry the tokens of what contains them, so ``location:France`` matches a story whose
only place is Paris: ``c:FR`` (country) and ``a:FR.11`` (first-level division, by GeoNames code).
The gazetteer ships no second-level division codes, so admin2 containment is not indexed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archiver.index.engine import dicts, field_key, normalize_key


@dataclass(frozen=True)
class Entity:
    """One tag of one article, as the index keeps it.

    ``field``: outlet, location, person, organization or topic; ``ident``: the entity's token;
    ``display``: its canonical name; ``keys``: the normalized strings a filter may name it by;
    ``within``: the tokens of what contains it (places only); ``kind``/``country``/``admin1``:
    what tells two places of one name apart in display.
    """

    field: str
    ident: str
    display: str
    keys: frozenset[str]
    within: tuple[str, ...] = ()
    kind: str = ""
    country: str = ""
    admin1: str = ""
    container: bool = False  # a country or division named only as what contains a tagged place


@functools.lru_cache(maxsize=50_000)
def _gazetteer_place(geonames_id: int):
    from archiver.tagging import gazetteer

    try:
        return gazetteer.get(int(geonames_id))
    except (KeyError, ValueError, gazetteer.ArchiverError):
        return None


@functools.lru_cache(maxsize=10_000)
def _registry_outlet(name: str):
    from archiver.tagging.outlet import lookup_outlet

    try:
        return lookup_outlet(name) if name else None
    except Exception:  # noqa: BLE001 - a registry that cannot load leaves the spelling as it is
        return None


def place_tokens(kind: str, country: str | None, admin1_code: str | None, ident: str) -> tuple[str, ...]:
    """The filter tokens of a place: itself and what contains it.

    >>> place_tokens("city", "FR", "11", "g2988507")
    ('g2988507', 'c:FR', 'a:FR.11')
    >>> place_tokens("country", "GE", None, "g614540")
    ('g614540', 'c:GE')
    """
    out = [ident]
    if country:
        out.append(f"c:{country.upper()}")
        if admin1_code and kind != "country":
            out.append(f"a:{country.upper()}.{admin1_code}")
    return tuple(out)


def article_entities(sidecar: dict) -> tuple[list[Entity], list[str]]:
    """The entities an article is tagged with, and the tag names to index as searchable text."""
    out: list[Entity] = []
    names: list[str] = []
    outlet = sidecar.get("outlet")
    if isinstance(outlet, dict):
        entity = _outlet_entity(_text(outlet.get("name")), _text(outlet.get("domain")))
        if entity is not None:
            out.append(entity)
            names += names_of(outlet.get("name"))
    for place in dicts(sidecar.get("locations")):
        gid = place.get("geonames_id")
        entity = _place_entity(
            _text(place.get("name")),
            gid if isinstance(gid, (int, str)) else None,
            _text(place.get("kind")),
            _text(place.get("country")),
            _text(place.get("admin1")),
            tuple(names_of(place.get("aliases"))),
        )
        if entity is not None:
            out.append(entity)
            out += _containers(entity)
            names += names_of(place.get("name"))
    for field, make in (("people", _person_entity), ("organizations", _org_entity)):
        for item in dicts(sidecar.get(field)):
            aliases = tuple(names_of(item.get("aliases")))
            entity = make(_text(item.get("name")), aliases)
            if entity is not None:
                out.append(entity)
            names += [entity.display if entity else "", *aliases]
    for topic in dicts(sidecar.get("topics")):
        entity = _topic_entity(
            str(topic.get("code") or ""), _text(topic.get("label")), tuple(names_of(topic.get("path")))
        )
        if entity is not None:
            out.append(entity)
            names.append(_text(topic.get("label")))
    names = [n for n in names if n]
    seen: set[tuple[str, str]] = set()
    unique = []
    for entity in out:
        if (entity.field, entity.ident) not in seen:
            seen.add((entity.field, entity.ident))
            unique.append(entity)
    return unique, list(dict.fromkeys(names))


@functools.lru_cache(maxsize=50_000)
def _person_entity(name: str, aliases: tuple[str, ...]) -> Entity | None:
    full = normalize_key(name)
    if not full:
        return None
    keys = {full, *(normalize_key(a) for a in aliases)}
    if " " in full:
        keys.add(full.rsplit(" ", 1)[1])  # the surname alone: person:Boughton
    return Entity("person", full, name, _clean(keys))


@functools.lru_cache(maxsize=20_000)
def _org_entity(name: str, aliases: tuple[str, ...]) -> Entity | None:
    key = normalize_key(name)
    if not key:
        return None
    return Entity("organization", key, name, _clean({key, *(normalize_key(a) for a in aliases)}))


@functools.lru_cache(maxsize=5_000)
def _topic_entity(code: str, label: str, path: tuple[str, ...]) -> Entity | None:
    code = field_key("topic", code)
    ident = code or normalize_key(label)
    if not ident:
        return None
    keys = {code, normalize_key(label), *(normalize_key(p) for p in path)}
    return Entity("topic", ident, label or code, _clean(keys))


@functools.lru_cache(maxsize=20_000)  # the same few thousand outlets and places in every batch
def _outlet_entity(name: str, domain: str) -> Entity | None:
    domain = domain.lower().removeprefix("www.")
    known = _registry_outlet(name) or _registry_outlet(domain)
    keys = {normalize_key(name), normalize_key(domain)}
    if domain:
        keys.add(normalize_key(domain.split(".")[0]))
    if known is not None:
        display = known.name
        keys.add(normalize_key(known.name))
        keys.update(normalize_key(a) for a in known.aliases)
        for d in known.domains:
            keys.update((normalize_key(d), normalize_key(d.split(".")[0])))
        ident = normalize_key(known.name)
    else:
        display = name or domain
        ident = normalize_key(domain) or normalize_key(name)
    if not ident:
        return None
    return Entity("outlet", ident, display, _clean(keys))


@functools.lru_cache(maxsize=50_000)
def _place_entity(
    name: str, gid: int | str | None, kind: str, country: str, admin1: str, aliases: tuple[str, ...]
) -> Entity | None:
    if isinstance(gid, str):
        gid = int(gid) if gid.isdigit() else None
    known = _gazetteer_place(gid) if gid else None
    kind = (known.kind if known else kind) or "place"
    country = (known.country if known else country) or ""
    admin1 = (known.admin1 if known else admin1) or ""
    admin1_code = known.admin1_code if known else None
    display = known.name if known else name
    if gid:
        ident = f"g{int(gid)}"
    else:
        ident = "n:" + "|".join(normalize_key(x) for x in (name, admin1, country))
    if not display or ident == "n:||":
        return None
    keys = {normalize_key(name), normalize_key(display)}
    keys.update(normalize_key(x) for x in aliases)
    if kind == "country" and country:
        keys.add(country.lower())
    within = place_tokens(kind, country, admin1_code, ident)
    if kind == "admin1" and country and admin1_code:
        within = (ident, f"c:{country.upper()}", f"a:{country.upper()}.{admin1_code}")
    return Entity("location", ident, display, _clean(keys), within, kind, country.upper(), admin1)


@functools.lru_cache(maxsize=20_000)
def _containers(place: Entity) -> list[Entity]:
    """The country (by code) and US-style division (by name) that contain a place, as entities a
    filter can name without loading the gazetteer (``location:CT``, ``location:Connecticut``)."""
    out = []
    for token in place.within[1:]:
        if token.startswith("c:"):
            out.append(
                Entity(
                    "location",
                    token,
                    token[2:],
                    frozenset({token[2:].lower()}),
                    kind="country",
                    country=token[2:],
                    container=True,
                )
            )
        elif token.startswith("a:") and place.admin1 and place.kind != "admin1":
            code = token.split(".", 1)[1]
            keys = frozenset({normalize_key(place.admin1), normalize_key(f"{place.admin1} {place.country}")})
            out.append(
                Entity(
                    "location",
                    token,
                    place.admin1,
                    keys | {code.lower()} if place.country == "US" else keys,
                    kind="admin1",
                    country=place.country,
                    container=True,
                )
            )
    return out


def resolve_location(value: str, catalog_tokens) -> list[str]:
    """The filter tokens a ``location:`` value names.

    ``geonames:4717560`` is that place; ``FR`` a country code; ``"Paris, Texas"`` the places
    called Paris inside Texas; any other name the places of that name in the archive
    (``catalog_tokens(key)``) and, through the gazetteer, the country or division it names.
    """
    from archiver.tagging import gazetteer

    text = value.strip()
    low = text.lower()
    if low.startswith("geonames:") or low.startswith("geonames "):
        number = low.split(":", 1)[-1].split()[-1] if ":" in low else low.split()[-1]
        place = _gazetteer_place(int(number)) if number.isdigit() else None
        if place is None:
            return [f"g{number}"] if number.isdigit() else []
        return [_container_token(place)]
    tokens: list[str] = []
    if "," in text:
        name, qualifier = (part.strip() for part in text.split(",", 1))
        regions = [p for p in gazetteer.lookup(qualifier) if p.kind in ("country", "admin1")]
        if len(qualifier) == 2 and qualifier.isalpha():
            regions += [p for p in gazetteer.lookup(qualifier) if p.kind == "admin1"]
        for place in gazetteer.lookup(name):
            for region in regions:
                if place.country != region.country:
                    continue
                if region.kind == "country" or (
                    place.admin1_code and place.admin1_code == region.admin1_code
                ):
                    tokens.append(_container_token(place))
        return list(dict.fromkeys(tokens))
    tokens += catalog_tokens(field_key("location", text))
    if len(text) == 2 and text.isalpha():
        tokens.append(f"c:{text.upper()}")
    if not tokens:  # a country or division no article names itself: ask the gazetteer
        for place in gazetteer.lookup(text):
            if place.kind in ("country", "admin1") and normalize_key(place.name) == normalize_key(text):
                tokens.append(_container_token(place))
    return list(dict.fromkeys(tokens))


def _container_token(place) -> str:
    """The token that matches a gazetteer place and everything inside it."""
    if place.kind == "country" and place.country:
        return f"c:{place.country.upper()}"
    if place.kind == "admin1" and place.country and place.admin1_code:
        return f"a:{place.country.upper()}.{place.admin1_code}"
    return f"g{place.geonames_id}"


def resolve_outlet(value: str) -> list[str]:
    """The outlet entity the registry knows under this name, alias or domain (``AP``)."""
    known = _registry_outlet(value.strip()) or _registry_outlet(value.strip().lower().removeprefix("www."))
    return [normalize_key(known.name)] if known is not None else []


def qualified_names(rows: Iterable[tuple[str, str, str, str, str]]) -> dict[str, str]:
    """Display names that tell places of one name apart: ``{ident: display}``.

    ``rows`` are ``(ident, display, kind, country, admin1)``. A place that shares its name with
    another is qualified by its division and country unless it is a country itself.

    >>> rows = [("g1", "Georgia", "country", "GE", ""), ("g2", "Georgia", "admin1", "US", "Georgia")]
    >>> qualified_names(rows)
    {'g1': 'Georgia', 'g2': 'Georgia (US)'}
    """
    rows = list(rows)
    by_name: dict[str, int] = {}
    for _ident, display, *_ in rows:
        by_name[display] = by_name.get(display, 0) + 1
    out = {}
    for ident, display, kind, country, admin1 in rows:
        if by_name[display] > 1 and kind != "country":
            parts = [a for a in (admin1,) if a and a != display] + [country] if country else []
            out[ident] = f"{display} ({', '.join(parts)})" if parts else display
        else:
            out[ident] = display
    return out


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def names_of(*values: Any) -> list[str]:
    """The non-blank strings among ``values`` (strings, or lists of them), stripped, in order."""
    out = []
    for value in values:
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
        elif isinstance(value, (list, tuple)):
            out.extend(v.strip() for v in value if isinstance(v, str) and v.strip())
    return out


def _clean(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in keys if k)
