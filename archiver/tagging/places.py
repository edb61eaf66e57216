"""Places named in an article, resolved to gazetteer entries (GeoNames ids, coordinates).

Pipeline for one article:

1. *Mentions*: the recogniser's LOC spans, plus the same surface form wherever it appears
   under another label or none ("Danbury's mayor" tagged as a person is still Danbury when the
   article elsewhere calls Danbury a place), plus strong gazetteer names (countries, US states,
   continents) the recogniser missed. Nationality words ("Mexican") never count.
2. *Candidates*: every gazetteer entry with that name, scored by a prior (kind, population,
   primary vs alternate name) and by evidence: a qualifier after the name ("Danbury, Conn.",
   "Paris, Texas"), the dateline, the outlet's home region, and the other places of the story
   (same admin1, same country). Resolution runs twice: the second pass uses the places the
   first pass settled as context.
3. *Output*: one dict per place (DESIGN section 5) named by the surface form the text uses
   (the scorers compare surface forms), with ``resolved_name`` carrying the gazetteer's name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from archiver.tagging import gazetteer
from archiver.tagging.gazetteer import Place

# A LOC mention the gazetteer does not know is kept only when the recogniser is this sure.
MIN_UNKNOWN_SCORE = 0.5
# A mention the gazetteer knows is kept when the recogniser gives it at least this score.
MIN_KNOWN_SCORE = 0.3
# Candidates scored per name: the long tail of villages called "Springfield" adds nothing.
MAX_CANDIDATES = 40
# Gazetteer-only names (no recogniser LOC anywhere) must be one of these kinds.
RECALL_KINDS = frozenset({"country", "continent", "admin1"})

KIND_PRIOR = {"continent": 3.0, "country": 3.0, "admin1": 2.5, "region": 2.2, "ocean": 2.2, "sea": 2.2,
              "river": 1.6, "mountains": 1.6, "island": 1.8, "admin2": 1.2, "street": 0.8}

# "Danbury, Conn." / "Paris, Texas" / "Springfield, Ill.": a qualifier right after the name.
QUALIFIER_RE = re.compile(r",\s*((?:[A-Z][a-z]*\.\s?){1,3}|[A-Z]{2}\b|[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})")
# A dateline at the start of a line: "HARTFORD, Conn. (AP) —", "LONDON 1996-08-30", "PARIS —".
DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*([A-Z][A-Za-z. ]{1,20}?))?\s*"
    r"(?:\d{4}-\d\d-\d\d|\((?:AP|Reuters|AFP|UPI)\)|[—–-]{1,2}\s)",
    re.MULTILINE,
)
CAPITALISED_RE = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’.-]*){0,3}")


@dataclass(slots=True)
class _Group:
    """All mentions of one surface name in the article."""

    key: str
    surface: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0
    from_ner: bool = False
    qualifiers: list[Place] = field(default_factory=list)
    candidates: list[tuple[Place, bool]] = field(default_factory=list)
    best: Place | None = None
    confidence: float = 0.0
    contribution: float = 0.0


@dataclass(frozen=True, slots=True)
class _Context:
    countries: dict[str, float]
    admin1s: dict[tuple[str, str], float]
    anchors: tuple[Place, ...]


def tag_locations(
    text: str,
    mentions: Sequence[Any],
    *,
    home: Any = None,
    dateline: str | None = None,
) -> list[dict]:
    """The places an article names, resolved and ranked.

    Args:
        text: the normalized article text; spans index into it.
        mentions: the recogniser's mentions (``label``, ``start``, ``end``, ``text``, ``score``).
        home: the outlet's home (``city``, ``admin1``, ``country``, ``geonames_id``, ``lat``,
            ``lon``) or None; it breaks ties toward the outlet's region.
        dateline: the dateline ("HARTFORD, Conn.", "LONDON") or None; found in the text when
            None.

    Returns:
        One dict per place, most mentioned first: ``name`` (as the text writes it), ``kind``,
        ``country``, ``admin1``, ``geonames_id``, ``lat``, ``lon``, ``mentions``, ``spans``,
        ``confidence``, ``focus`` and ``resolved_name`` (the gazetteer's name).
    """
    groups = _collect_groups(text, mentions)
    if not groups:
        return []
    dateline_places, dateline_keys = _dateline_places(text, dateline)
    home_place = _home_place(home)
    for group in groups.values():
        group.candidates = _candidates(group.surface)
        group.qualifiers = _qualifiers(text, group)

    context = _Context({}, {}, tuple(dateline_places))
    for _ in range(2):
        for group in groups.values():
            _resolve(group, context, home_place, dateline_places)
        context = _build_context(groups.values(), dateline_places)

    title_end = _first_line_end(text)
    kept = [g for g in groups.values() if _keep(g)]
    if not kept:
        return []
    top = max(len(g.spans) for g in kept)
    out = []
    for g in kept:
        place = g.best
        focus = (
            g.key in dateline_keys
            or g.spans[0][0] < title_end
            or (top >= 2 and len(g.spans) == top)
        )
        out.append({
            "name": g.surface,
            "kind": place.kind if place else None,
            "country": place.country if place else None,
            "admin1": place.admin1 if place else None,
            "geonames_id": place.geonames_id if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "mentions": len(g.spans),
            "spans": [list(s) for s in g.spans],
            "confidence": round(g.confidence, 3),
            "focus": bool(focus),
            "resolved_name": place.name if place else None,
        })
    out.sort(key=lambda d: (-d["focus"], -d["mentions"], d["spans"][0][0]))
    return out


# --------------------------------------------------------------------------- mentions


def _collect_groups(text: str, mentions: Sequence[Any]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    taken: list[tuple[int, int]] = []
    for m in mentions:
        taken.append((m.start, m.end))
        if m.label != "LOC":
            continue
        surface = _clean_surface(m.text)
        if not surface or gazetteer.is_demonym(surface):
            continue
        key = gazetteer.normalize_key(surface)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(key, surface)
        group.from_ner = True
        group.score = max(group.score, float(m.score))
        group.spans.append((m.start, m.start + len(surface)))
    # The same name elsewhere, whatever its label: an article that calls Danbury a place once
    # means the place every time it writes "Danbury" alone.
    for m in mentions:
        if m.label == "LOC":
            continue
        key = gazetteer.normalize_key(_clean_surface(m.text))
        group = groups.get(key)
        if group is not None and m.label != "ORG":
            group.spans.append((m.start, m.start + len(group.surface)))
    _add_gazetteer_recall(text, groups, taken)
    for group in groups.values():
        group.spans = sorted(set(group.spans))
    return groups


def _add_gazetteer_recall(text: str, groups: dict[str, _Group], taken: list[tuple[int, int]]) -> None:
    """Countries, states and continents written in the text but missed by the recogniser."""
    taken.sort()
    starts = [s for s, _ in taken]
    from bisect import bisect_right

    for match in CAPITALISED_RE.finditer(text):
        start, end = match.span()
        surface = match.group().rstrip(".'’-")
        end = start + len(surface)
        i = bisect_right(starts, start) - 1
        if i >= 0 and taken[i][1] > start or (i + 1 < len(taken) and taken[i + 1][0] < end):
            continue
        key = gazetteer.normalize_key(surface)
        group = groups.get(key)
        if group is not None:
            group.spans.append((start, end))
            continue
        entries = _candidates(surface)
        if not entries or entries[0][1] or entries[0][0].kind not in RECALL_KINDS:
            continue
        if gazetteer.is_demonym(surface) or not _looks_like_name(text, start, end):
            continue
        groups[key] = _Group(key, surface, [(start, end)], score=0.0, from_ner=False)


def _looks_like_name(text: str, start: int, end: int) -> bool:
    """Reject all-caps headline words and one-letter fragments."""
    word = text[start:end]
    return len(word) > 2 and not (word.isupper() and len(word) > 4)


def _clean_surface(surface: str) -> str:
    surface = surface.strip()
    for suffix in ("'s", "’s"):
        if surface.endswith(suffix):
            surface = surface[: -len(suffix)]
    if surface.lower().startswith("the "):
        surface = surface[4:]
    return surface.strip(" ,;:'\"“”‘’")


# --------------------------------------------------------------------------- candidates

_CANDIDATE_CACHE: dict[str, list[tuple[Place, bool]]] = {}


def _candidates(surface: str) -> list[tuple[Place, bool]]:
    key = gazetteer.normalize_key(surface)
    cached = _CANDIDATE_CACHE.get(key)
    if cached is None:
        cached = gazetteer.lookup_entries(surface)[:MAX_CANDIDATES]
        if len(_CANDIDATE_CACHE) > 50_000:
            _CANDIDATE_CACHE.clear()
        _CANDIDATE_CACHE[key] = cached
    return cached


def _qualifiers(text: str, group: _Group) -> list[Place]:
    """Admin1 or country places written right after a mention ("Danbury, Conn.")."""
    out = []
    for _, end in group.spans:
        m = QUALIFIER_RE.match(text, end, min(len(text), end + 40))
        if not m:
            continue
        q = m.group(1).strip()
        place = gazetteer.us_state(q)
        if place is None:
            for cand, alt in _candidates(q):
                if cand.kind in ("admin1", "country") and not alt:
                    place = cand
                    break
        if place is not None and place not in out:
            out.append(place)
    return out


def _dateline_places(text: str, dateline: str | None) -> tuple[list[Place], set[str]]:
    """Resolve the dateline ("HARTFORD, Conn.") to places; found in the text when not given."""
    city = region = None
    if dateline:
        city, _, region = dateline.partition(",")
    else:
        head = text[:400]
        m = DATELINE_RE.search(head)
        if m:
            city, region = m.group(1), m.group(2) or ""
    if not city:
        return [], set()
    city, region = city.strip(), (region or "").strip()
    places: list[Place] = []
    keys = {gazetteer.normalize_key(city)}
    qualifier = None
    if region:
        qualifier = gazetteer.us_state(region) or next(
            (p for p, alt in _candidates(region) if p.kind in ("admin1", "country") and not alt), None)
        if qualifier:
            places.append(qualifier)
            keys.add(gazetteer.normalize_key(region))
    for cand, alt in _candidates(city):
        if qualifier is None or _inside(cand, qualifier):
            places.insert(0, cand)
            break
    return places, keys


def _home_place(home: Any) -> Place | None:
    if home is None:
        return None
    gid = getattr(home, "geonames_id", None)
    if gid:
        try:
            return gazetteer.get(gid)
        except KeyError:
            pass
    country = getattr(home, "country", None)
    admin1 = getattr(home, "admin1", None)
    code = None
    if admin1 and country == "US":
        state = gazetteer.us_state(admin1)
        code = state.admin1_code if state else None
    return Place(None, getattr(home, "city", None) or "", "city", country, admin1,
                 getattr(home, "lat", None), getattr(home, "lon", None), 0, code)


def _inside(place: Place, container: Place) -> bool:
    """Whether ``place`` lies in ``container`` (a country or an admin1)."""
    if place.country != container.country or place is container:
        return False
    if container.kind == "country":
        return True
    return container.kind == "admin1" and place.admin1_code == container.admin1_code is not None


# --------------------------------------------------------------------------- resolution


def _prior(place: Place, rank: int, alt: bool) -> float:
    base = KIND_PRIOR.get(place.kind)
    if base is None:
        base = 0.4 * math.log10(place.population + 10)
    return base + (0.5 if rank == 0 else 0.0) - (1.2 if alt else 0.0)


def _resolve(group: _Group, ctx: _Context, home: Place | None, dateline: list[Place]) -> None:
    if not group.candidates:
        group.best, group.confidence = None, 0.0
        return
    scored = []
    for rank, (place, alt) in enumerate(group.candidates):
        s = _prior(place, rank, alt)
        for q in group.qualifiers:
            if _inside(place, q):
                s += 4.0
            elif place.country != q.country or q.kind == "admin1":
                s -= 2.0
        if place.country:
            own = group.contribution if group.best is not None and group.best.country == place.country else 0.0
            s += 0.5 * min(2.0, ctx.countries.get(place.country, 0.0) - own)
            if place.admin1_code:
                own = group.contribution if group.best is not None and \
                    group.best.admin1_code == place.admin1_code else 0.0
                s += 0.8 * min(2.0, ctx.admin1s.get((place.country, place.admin1_code), 0.0) - own)
        for anchor in dateline:
            if anchor is place:
                s += 1.5
            elif _inside(place, anchor) or (anchor.kind == "city" and place.country == anchor.country):
                s += 0.7 if anchor.kind != "admin1" else 1.0
        if home is not None and place.country and place.country == home.country:
            s += 0.4
            if home.admin1_code and place.admin1_code == home.admin1_code:
                s += 0.8
        scored.append((s, rank, place))
    scored.sort(key=lambda t: (-t[0], t[1]))
    best_score, _, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else best_score - 3.0
    margin = 1.0 / (1.0 + math.exp(-(best_score - second) * 1.5))
    ner = group.score if group.from_ner else 0.6
    group.best = best
    group.confidence = min(0.99, 0.5 * ner + 0.5 * margin) if group.from_ner else 0.6 * margin


def _build_context(groups: Iterable[_Group], dateline: list[Place]) -> _Context:
    countries: dict[str, float] = {}
    admin1s: dict[tuple[str, str], float] = {}
    for g in groups:
        p = g.best
        if p is None or not p.country:
            continue
        w = g.contribution = min(2.0, 0.5 + 0.5 * len(g.spans)) * (1.0 if g.confidence >= 0.6 else 0.5)
        countries[p.country] = countries.get(p.country, 0.0) + w
        if p.admin1_code:
            k = (p.country, p.admin1_code)
            admin1s[k] = admin1s.get(k, 0.0) + w
    for p in dateline:
        if p.country:
            countries[p.country] = countries.get(p.country, 0.0) + 1.0
    return _Context(countries, admin1s, tuple(dateline))


# --------------------------------------------------------------------------- output


def _keep(group: _Group) -> bool:
    if group.best is None:
        return group.from_ner and group.score >= MIN_UNKNOWN_SCORE
    if group.from_ner:
        return group.score >= MIN_KNOWN_SCORE
    return True


def _first_line_end(text: str) -> int:
    end = text.find("\n")
    return len(text) if end < 0 else end
