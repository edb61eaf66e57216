"""Places named in an article, resolved to gazetteer entries (GeoNames ids, coordinates).

Pipeline for one article:

1. *Mentions*: the recogniser's LOC spans, plus the same surface form wherever it appears
   under another label or none ("Danbury's mayor" tagged as a person is still Danbury when the
   article elsewhere calls Danbury a place), plus strong gazetteer names (countries, US states,
   continents) the recogniser missed, plus a town written before its region ("Hugo, Oklahoma")
   whatever the recogniser called it. Recall reads only the text between the recogniser's
   spans, and skips generic words ("North", "Centre") and words that lead another name
   ("Plymouth County", "U.S. Open"). Nationality words ("Mexican") never count.
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
from functools import lru_cache
from typing import Any

from archiver.inputs.dateline import BARE_DATELINE_RE, find_dateline
from archiver.tagging import gazetteer
from archiver.tagging.gazetteer import Place
from archiver.tagging.labels import after_locative as _after_locative
from archiver.tagging.labels import place_kind

# "West Nile virus", "Ebola fever", "US$5": the name is not the place here.
NOT_PLACE_AFTER = re.compile(r"\$|[ \t]+(?:virus|viruses|fever|flu|disease|encephalitis|syndrome|strain)\b")
# Names that open or end an event or an illness, never a place: "Hurricane Katrina", "Bird Flu".
NOT_PLACE_FIRST = frozenset("hurricane typhoon cyclone storm tropical operation".split())
NOT_PLACE_LAST = frozenset("flu virus fever disease syndrome outbreak".split())
# Words before an unknown name that put something there ("in Kibera", "near Mukuru"); "of" and
# "to" are not among them ("of Tamiflu", "to Wikipedia").
EVIDENCE_PREPOSITIONS = frozenset("in at near outside inside across around throughout into via".split())
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)
MAX_LIST_PASSES = 3
# "the village of Nandrin", "north of Staoueli", "Qalandia refugee camp", "Guangxi province".
PLACE_NOUNS = frozenset(
    "village town city township suburb district province region county state area camp coast "
    "outskirts north south east west northeast northwest southeast southwest neighbourhood "
    "neighborhood capital island islands valley port".split()
)
PLACE_NOUN_AFTER_RE = re.compile(r"[ \t]+(?:refugee[ \t]+)?([a-z]+)\b")
# A LOC mention the gazetteer does not know is kept only when the recogniser is this sure.
MIN_UNKNOWN_SCORE = 0.5
# A mention the gazetteer knows is kept when the recogniser gives it at least this score.
MIN_KNOWN_SCORE = 0.3
# Candidates scored per name: the long tail of villages called "Springfield" adds nothing.
MAX_CANDIDATES = 40
WORD_MEMO_SIZE = 50_000  # per memoized word function
# Gazetteer-only names (no recogniser LOC anywhere) must be one of these kinds.
RECALL_KINDS = frozenset({"country", "continent", "admin1"})

# A city this big is what its bare name means in news ("Paris" in a story that also names
# Chicago): it takes more than the story's other places for a small namesake to win.
WORLD_CITY_POPULATION = 1_000_000
WORLD_CITY_BONUS = 1.0
# The outlet's own city, by name, in its own state.
HOME_CITY_BONUS = 1.5
# A province of a small country (Portland and Manchester, parishes of Jamaica; Saint Paul,
# Antigua) is rarely what a bare name means: it ranks like a mid-sized town, not a state.
SMALL_COUNTRY_POPULATION = 5_000_000
SMALL_COUNTRY_ADMIN1_PRIOR = 1.6
KIND_PRIOR = {
    "continent": 3.0,
    "country": 3.0,
    "admin1": 2.5,
    "region": 2.2,
    "ocean": 2.2,
    "sea": 2.2,
    "river": 1.6,
    "mountains": 1.6,
    "island": 1.8,
    "admin2": 1.2,
    "street": 0.8,
}

# A candidate in the country of a qualifier whose admin1 codes cannot be compared with its own
# ("London, Ontario": GeoNames "08" against ISO "CA-ON"): short of the +4.0 a proven match gets.
QUALIFIER_COUNTRY_BONUS = 3.0
# "Danbury, Conn." / "Paris, Texas" / "Springfield, Ill.": a qualifier right after the name.
QUALIFIER_RE = re.compile(r",\s*((?:[A-Z][a-z]*\.\s?){1,3}|[A-Z]{2}\b|[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})")
LOWER_RE = re.compile(r"[a-z]")
# No leading \b: it triples the scan time; a word character before the match is checked by hand.
CAPITALISED_RE = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+(?:of[ \t]+|and[ \t]+)?[A-Z][\w'’.-]*)*")
WORD_RE = re.compile(r"[^\s]+")
ABBREVIATION_RE = re.compile(r"(?:[A-Z]\.){2,}")
# Cities this big are recalled without the recogniser (not at a sentence start).
RECALL_CITY_POPULATION = 100_000
COMPOUND_RE = re.compile(
    r"(.+?)-(?:based|wide|born|led|backed|bound|area|made|owned|headquartered|"
    r"registered|flagged|listed|run)"
)
# Region names that are first generic words ("North", "Centre", "Lakes": provinces of
# Cameroon, France, South Sudan): recalled only when the recogniser calls them places.
GENERIC_NAMES = frozenset(
    "north south east west northern southern eastern western central centre center middle upper "
    "lower coast coastal capital federal lakes islands island highlands plateau mountain valley "
    "interior frontier border northeast northwest southeast southwest".split()
)
# A place followed in the same capitalised run by one of these is part of another name:
# "Plymouth County", "Victoria Park", "The New York Times", "Aberdeen University", "U.S. Open".
NAME_HEADS = frozenset(
    "county park street st road rd avenue ave boulevard blvd lane drive highway way square bridge "
    "valley lake lakes river beach bay harbour harbor mountain mountains island islands hill hills "
    "times post daily herald tribune journal gazette star sun telegraph chronicle globe press "
    "university college school academy airport station hospital stadium arena centre center "
    "open amateur championship championships cup games classic marathon grand prix masters "
    "apartments hotel church cathedral mosque district".split()
)
# Below this score, a non-LOC mention that is exactly a country or US state becomes a place.
RELABEL_SCORE = 0.6
# A country, state or continent by its own name is relabelled up to this score: "the US
# election" tagged ORG is still the country (an ORG reading needs more words: "US Steel").
RELABEL_REGION_SCORE = 0.8
# A city the recogniser tagged as something else ("Brent crude" as ORG, "Mobile" as a company)
# becomes a place only after one of these words: the words that put a story somewhere.
PLACE_PREPOSITIONS = frozenset(
    "in at from near to outside across around throughout into via toward towards".split()
)
PREPOSITION_BEFORE_RE = re.compile(r"(\w+)[ \t]+$")
# "DAX", "NICE": a short all-caps word in mixed-case prose is an acronym or a ticker, not the
# town the gazetteer spells "Dax" (aliases written in capitals, "US", "UAE", are kept).
ACRONYM_RE = re.compile(r"[A-Z]{2,5}")
# A headline in title case capitalises every word, so a capitalised word there ("Kenyan Mobile
# Lender", "Paris Metro Strike") is no evidence of a name: cities are recalled only below it.
TITLE_CASE_SHARE = 0.6


# Pure functions of one word, memoized with a bound: news repeats its names, and a long ingest
# must not grow memory with every new word it meets.
_memo = lru_cache(maxsize=WORD_MEMO_SIZE)


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
    base: list[tuple[float, int, Place]] | None = None
    best: Place | None = None
    confidence: float = 0.0
    contribution: float = 0.0
    evidence: bool = False


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
    home_place = _home_place(home)
    dateline_places, dateline_keys, dateline_spans = _dateline_places(text, dateline, home_place)
    for surface, start in dateline_spans:
        key = _key(surface)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(key, surface, score=0.9, from_ner=True)
        group.spans = _merge_spans(group.spans + [(start, start + len(surface))])
    if not groups:
        return []
    for group in groups.values():
        group.candidates = _group_candidates(group.surface)

    context = _Context({}, {}, tuple(dateline_places))
    for group in groups.values():
        _resolve(group, context, home_place, dateline_places)
    context = _build_context(groups.values(), dateline_places)
    # Second pass: only names with rivals need the story's other places as context.
    for group in groups.values():
        if len(group.candidates) > 1:
            _resolve(group, context, home_place, dateline_places)
    context = _build_context(groups.values(), dateline_places)

    title_end = _first_line_end(text)
    for key in dateline_keys:
        if key in groups:
            groups[key].evidence = True
    unknown = any(g.best is None for g in groups.values())
    edges = _edges(g for g in groups.values() if g.best is not None) if unknown else (set(), set())
    kept = [g for g in groups.values() if _keep(g, text, edges)]
    # A list of places the gazetteer does not know ("Buskerud, Telemark and Vestfold") vouches
    # for itself once one of them has evidence: spread along the list until nothing changes.
    for _ in range(MAX_LIST_PASSES if unknown and len(kept) < len(groups) else 0):
        taken = {g.key for g in kept}
        edges = _edges(kept)
        new = [g for g in groups.values() if g.key not in taken and _keep_by_list(g, text, edges)]
        if not new:
            break
        kept += new
    kept = _fold_state_abbreviations(kept, dateline_keys)
    if not kept:
        return []
    top = max(len(g.spans) for g in kept)
    out = []
    for g in kept:
        place = g.best
        focus = g.key in dateline_keys or g.spans[0][0] < title_end or (top >= 2 and len(g.spans) == top)
        out.append(
            {
                "name": _display_name(g, text),
                "kind": _output_kind(place, g.surface),
                "country": place.country if place else None,
                "admin1": place.admin1 if place else None,
                "geonames_id": place.geonames_id if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "mentions": len(g.spans),
                "spans": [list(s) for s in g.spans],
                "confidence": round(g.confidence if place else _unresolved_confidence(g), 3),
                "focus": bool(focus),
                "resolved_name": place.name if place else None,
            }
        )
    out.sort(key=lambda d: (-d["focus"], -d["mentions"], d["spans"][0][0]))
    return out


# --------------------------------------------------------------------------- mentions


def _collect_groups(text: str, mentions: Sequence[Any]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    taken: list[tuple[int, int]] = []

    def add(surface: str, start: int, score: float, from_ner: bool) -> _Group | None:
        assert 0 <= start and start + len(surface) <= len(text), (surface, start)
        if NOT_PLACE_AFTER.match(text, start + len(surface)):
            return None
        key = _key(surface)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(key, surface)
        group.from_ner = group.from_ner or from_ner
        group.score = max(group.score, score)
        group.spans.append((start, start + len(surface)))
        return group

    for m in mentions:
        taken.append((m.start, m.end))
        info = _mention_info(m.text)
        surface, skip, head = info
        if skip:
            continue
        # Where the cleaned surface sits, taken before any period is added to it below.
        offset = m.text.find(surface)
        if offset < 0:
            continue
        start = m.start + offset
        if head:
            # "Washington-based", "Canada-wide": the place is in the word.
            add(head, start, max(float(m.score), 0.6), True)
            continue
        if (
            m.label == "LOC"
            and text.startswith(".", start + len(surface))
            and len(surface) <= 5
            and ("." in surface or not surface.isupper())
            and _abbreviation_of_region(surface + ".")
        ):
            surface += "."  # "Alta." / "Sask.": the recogniser stops before the period
        if m.label == "LOC":
            if _is_acronym_in_prose(text, surface, m.start):
                continue
            add(surface, start, float(m.score), True)
        elif (
            (m.score < RELABEL_REGION_SCORE or m.label == "MISC")
            and m.text == surface
            and _is_strong_name(surface)
            and (
                _candidates(surface)[0][0].kind in RECALL_KINDS
                or (m.score < RELABEL_SCORE and _after_preposition(text, m.start))
            )
        ):
            # The recogniser hesitated and the gazetteer is sure ("US" tagged ORG at 0.4).
            add(surface, m.start, float(m.score), True)
        elif (
            m.text == surface
            and text.startswith(",", m.end)
            and (m.label != "ORG" or m.score < RELABEL_SCORE)
            and _town_of_qualifier(text, surface, m.end)
        ):
            # "Beaver, West Virginia" tagged as a person: a town of the region named after it.
            add(surface, m.start, max(float(m.score), 0.6), True)
    # The same name elsewhere, whatever its label: an article that calls Danbury a place once
    # means the place every time it writes "Danbury" alone. ORG spans are left alone: "Essex"
    # the cricket club is an organization even when Essex the county is in the story.
    for m in mentions:
        if m.label in ("LOC", "ORG"):
            continue
        info = _mention_info(m.text)
        clean = info[0]
        group = groups.get(_key(clean)) if clean else None
        if group is None:
            continue
        offset = m.text.find(clean)
        if offset < 0:
            continue
        start, end = m.start + offset, m.start + offset + len(clean)
        if not NOT_PLACE_AFTER.match(text, end):
            group.spans.append((start, end))
    _add_gazetteer_recall(text, groups, taken)
    for group in list(groups.values()):
        for _start, end in group.spans:
            q = _qualifier_at(text, end)
            if q is not None:
                place, q_start, q_text = q
                group.qualifiers.append(place)
                if not _is_demonym(q_text):
                    add(q_text, q_start, max(group.score, 0.6), group.from_ner)
    for group in groups.values():
        group.spans = _merge_spans(group.spans)
        group.qualifiers = list(dict.fromkeys(group.qualifiers))
    return groups


def _merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones merged: "CONN" (a qualifier) and "CONN." (the
    dateline) are one mention, not two."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


@_memo
def _mention_info(text: str) -> tuple[str, bool, str]:
    """(cleaned surface, never a place, the place of an "X-based" compound or ""), cached."""
    surface = _clean_surface(text)
    skip = not surface or _is_demonym(surface)
    compound = None if skip else COMPOUND_RE.fullmatch(surface)
    head = compound.group(1) if compound and _is_strong_name(compound.group(1)) else ""
    return surface, skip, head


def _after_preposition(text: str, start: int) -> bool:
    """Whether the word before ``start`` puts a story somewhere ("in", "from"), or ``start``
    opens a line (a dateline: "MILAN 1996-08-30")."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip():
        return True
    m = PREPOSITION_BEFORE_RE.search(text, max(0, start - 20), start)
    return m is not None and m.group(1).lower() in PLACE_PREPOSITIONS


def _is_acronym_in_prose(text: str, surface: str, start: int) -> bool:
    """Whether an all-caps ``surface`` in a mixed-case line is an acronym ("Germany's DAX")
    rather than the town the gazetteer spells in lower case ("Dax").

    A word that opens its line is left alone: datelines ("PARIS, March 3") write the city so.
    """
    if not ACRONYM_RE.fullmatch(surface):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip():
        return False
    line_end = text.find("\n", start)
    if not LOWER_RE.search(text, line_start, len(text) if line_end < 0 else line_end):
        return False
    entries = _candidates(surface)
    return (
        bool(entries)
        and entries[0][0].kind not in RECALL_KINDS
        and not any(alt or place.name.isupper() for place, alt in entries)
    )


def _title_case_end(text: str) -> int:
    """The end of the first line when it is a title-case headline, else 0."""
    end = _first_line_end(text)
    words = [w for w in text[:end].split() if len(w) > 3 and w[0].isalpha()]
    if len(words) < 3 or not LOWER_RE.search(text, 0, end):
        return 0
    capitalised = sum(1 for w in words if w[0].isupper())
    return end if capitalised >= TITLE_CASE_SHARE * len(words) else 0


def _town_of_qualifier(text: str, surface: str, end: int) -> bool:
    """Whether ``surface``, followed at ``end`` by a region ("Hugo, Oklahoma"), names a place
    of that region."""
    if _is_demonym(surface):
        return False
    q = _qualifier_at(text, end)
    return q is not None and any(_inside(place, q[0]) for place, _alt in _candidates(surface))


def _add_town_of_qualifier(text: str, run: str, base: int, groups: dict[str, _Group]) -> bool:
    """Add the last one to three words of a capitalised run as a place when the region after
    the run contains a place of that name ("Ann Lee of Hugo, Oklahoma" -> Hugo)."""
    starts = [w.start() for w in WORD_RE.finditer(run)][-3:]
    for at in starts:
        surface = run[at:]
        if surface in ("of", "and") or surface.startswith(("of ", "and ")):
            continue
        key = _key(surface)
        if key in groups:
            return False
        if _town_of_qualifier(text, surface, base + len(run)):
            groups[key] = _Group(key, surface, [(base + at, base + len(run))], score=0.6, from_ner=True)
            return True
    return False


def _abbreviation_of_region(surface: str) -> bool:
    """Whether ``surface`` ("Alta.") abbreviates a state, province or country's name."""
    for place, _alt in _candidates(surface):
        if place.kind in ("admin1", "country"):
            return gazetteer.normalize_key(place.name) != gazetteer.normalize_key(surface)
    return False


def _is_strong_name(surface: str) -> bool:
    """A country, US state or continent by its own name, or a big city (not an alternate name)."""
    entries = _candidates(surface)
    if not entries or entries[0][1]:
        return False
    top = entries[0][0]
    return top.kind in RECALL_KINDS or (top.kind == "city" and top.population >= RECALL_CITY_POPULATION)


def _add_gazetteer_recall(text: str, groups: dict[str, _Group], taken: list[tuple[int, int]]) -> None:
    """Names of the story's places, and strong gazetteer names, that the recogniser missed."""
    taken.sort()
    # Words that may open a multi-word name: a window longer than one word is tried only from
    # these, which spares the key and strength look-ups of most windows of a capitalised run.
    group_heads = {k.partition(" ")[0] for k in groups if " " in k}
    headline_end = _title_case_end(text)
    for match in _runs_between(text, taken):
        base = match.start()
        if base and (text[base - 1].isalnum() or text[base - 1] in "_'’"):
            continue  # "iPhone", "O'Neill"
        run = match.group()
        if text.startswith(",", match.end()) and _add_town_of_qualifier(text, run, base, groups):
            continue  # "born in Churchill, Man.": a town of the region named after it
        if " " in run and _add_local_place(text, run, base, groups):
            continue  # "rescued from Mount Carrow": local geography the recogniser missed
        if " " not in run and "\t" not in run:
            info = _token_info(run)
            if not info[1] and info[0] not in groups:
                continue  # the common case: "He", "Monday", a surname
            words = [(0, info[2])]
        else:
            words = _run_words(run)
        i = 0
        n = len(words)
        while i < n:
            w0, w1 = words[i]
            if w1 <= w0 or run[w0:w1] in ("The", "THE"):
                i += 1
                continue
            last = i + 1
            if n > i + 1:
                head = _key(run[w0:w1])
                if head in group_heads or _opens_longer_name(head):
                    last = min(n, i + 4)
            for j in range(last, i, -1):
                start, end = base + w0, base + words[j - 1][1]
                if end <= start:
                    continue
                surface = text[start:end]
                key = _key(surface)
                group = groups.get(key)
                strength = 0 if group is not None else _strength(surface)
                if group is None and not strength:
                    continue
                if group is not None:
                    if not NOT_PLACE_AFTER.match(text, end):
                        group.spans.append((start, end))
                    i = j - 1
                    break
                if (
                    (
                        _no_name_before(run, words, i)
                        if strength == 1
                        else _whole_run(run, words, i, j)
                        and not (start < headline_end or _sentence_start(text, start))
                    )
                    and not NOT_PLACE_AFTER.match(text, end)
                    and (j == n or _key(run[words[j][0] : words[j][1]]) not in NAME_HEADS)
                ):
                    groups[key] = _Group(key, surface, [(start, end)])
                    if " " in key:
                        group_heads.add(key.partition(" ")[0])
                    i = j - 1
                    break
            i += 1


def _add_local_place(text: str, run: str, base: int, groups: dict[str, _Group]) -> bool:
    """Add a capitalised run that names local geography by its own words ("Mount Carrow",
    "Brenwick Avenue"); a facility only where the story puts someone ("at Riverside Hospital")."""
    surface = _trim_token(run) if run.endswith((".", "'s", "’s")) else run
    if surface.startswith(("The ", "THE ")):
        surface, base = surface[4:], base + 4
    kind = place_kind(surface)
    if kind is None or surface.isupper() or (kind == "facility" and not _after_locative(text, base)):
        return False
    key = _key(surface)
    if key not in groups:
        groups[key] = _Group(key, surface, [(base, base + len(surface))], score=0.6, from_ner=True)
    return True


def _whole_run(run: str, words: list[tuple[int, int]], i: int, j: int) -> bool:
    """Whether words ``i:j`` are the whole capitalised run, but for a leading "The" and trailing
    days or months: a big city's name inside a longer name is part of that name ("Mary
    Johnson", "Racing Santander", "Paris Hilton"), not the city."""
    if i > 0 and not (i == 1 and run[words[0][0] : words[0][1]] in ("The", "THE")):
        return False
    return all(run[a:b].lower() in TIME_WORDS for a, b in words[j:])


def _no_name_before(run: str, words: list[tuple[int, int]], i: int) -> bool:
    """Whether no capitalised word of another name stands before word ``i`` of its run: "Real
    Madrid" and "Racing Santander" are clubs; "Southern California" is still California."""
    if i == 0:
        return True
    prev = run[words[i - 1][0] : words[i - 1][1]]
    return prev in ("The", "THE") or _key(prev) in GENERIC_NAMES or prev.lower() in ("of", "and")


def _runs_between(text: str, taken: list[tuple[int, int]]) -> Iterable[re.Match]:
    """Capitalised runs in the gaps between the recogniser's spans (sorted, disjoint).

    A window that overlaps a span is never recalled, so the text under the spans need not be
    scanned at all.
    """
    pos = 0
    for start, end in taken:
        if start > pos:
            yield from CAPITALISED_RE.finditer(text, pos, start)
        if end > pos:
            pos = end
    yield from CAPITALISED_RE.finditer(text, pos)


@_memo
def _run_words(run: str) -> list[tuple[int, int]]:
    """(start, end) of each word of a capitalised run once trimmed; read-only (cached)."""
    return [(w.start(), w.start() + len(_trimmed(w.group()))) for w in WORD_RE.finditer(run)]


@_memo
def _token_info(run: str) -> tuple[str, int, int]:
    """(key, strength, length) of a one-word capitalised run once trimmed."""
    token = _trim_token(run)
    return _key(token), _strength(token), len(token)




@_memo
def _opens_longer_name(head: str) -> bool:
    return gazetteer.starts_longer_name(head)


@_memo
def _trimmed(token: str) -> str:
    return _trim_token(token)


def _trim_token(token: str) -> str:
    if token.endswith(("'s", "’s")):
        token = token[:-2]
    if (
        token.endswith(".")
        and not ABBREVIATION_RE.fullmatch(token)
        and not (len(token) <= 6 and _abbreviation_of_region(token))
    ):
        token = token[:-1]  # a sentence's period, not "Conn." or "Calif."
    return token.rstrip("'’-")


@_memo
def _key(surface: str) -> str:
    return gazetteer.normalize_key(surface)


@_memo
def _is_demonym(surface: str) -> bool:
    return gazetteer.is_demonym(surface)


@_memo
def _strength(surface: str) -> int:
    """0: not recalled on the gazetteer's word alone; 1: a country, state or continent;
    2: a big city (recalled only away from a sentence start)."""
    if "." in surface and not ABBREVIATION_RE.fullmatch(surface):
        return 0  # "Man." / "Ind." are words before they are provinces
    if surface.isupper() and len(surface) > 3 and not ABBREVIATION_RE.fullmatch(surface):
        return 0  # headline capitals ("B.C." and "U.S." are not): the recogniser re-cases those
    if len(surface) < 4 and not surface.isupper():
        return 0
    if all(word in GENERIC_NAMES for word in _key(surface).split()):
        return 0  # "North West" (of "Electricity North West") is a province of two countries
    if len(surface) <= 6 and not surface.isupper() and _abbreviation_of_region(surface):
        return 0  # "Conn", "Calif": abbreviations are only names with their period
    if _is_strong_name(surface) and not _is_demonym(surface):
        return 2 if _candidates(surface)[0][0].kind == "city" else 1
    return 0


def _sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence or a line (where every word is capitalised)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?:\n"


def _clean_surface(surface: str) -> str:
    surface = surface.strip()
    for suffix in ("'s", "’s"):
        if surface.endswith(suffix):
            surface = surface[: -len(suffix)]
    if surface.lower().startswith("the "):
        surface = surface[4:]
    return surface.strip(" ,;:'\"“”‘’")


# --------------------------------------------------------------------------- candidates

# The gazetteer kinds a name of each local kind may resolve to ("Hall County" is a county,
# never a town; "White House" is the building, never White House, Tennessee).
KIND_CANDIDATES = {
    "county": frozenset({"admin2"}),
    "water": frozenset({"river", "sea", "ocean"}),
    "landform": frozenset({"mountains", "island", "region"}),
    "street": frozenset({"street"}),
    "landmark": frozenset(),
    "facility": frozenset(),
}


def _candidates(surface: str) -> list[tuple[Place, bool]]:
    return _candidates_of_key(_key(surface))


@_memo
def _candidates_of_key(key: str) -> list[tuple[Place, bool]]:
    return gazetteer.lookup_entries(key)[:MAX_CANDIDATES]


def _group_candidates(surface: str) -> list[tuple[Place, bool]]:
    """A group's candidates, limited to the gazetteer kinds its own words allow."""
    entries = _candidates(surface)
    kind = place_kind(surface)
    if kind is None or not entries:
        return entries
    allowed = KIND_CANDIDATES[kind]
    return [e for e in entries if e[0].kind in allowed]


def _qualifier_at(text: str, end: int) -> tuple[Place, int, str] | None:
    """The admin1 or country written right after a mention ("Danbury, Conn."), with its span."""
    m = QUALIFIER_RE.match(text, end, min(len(text), end + 40))
    if not m:
        return None
    q = m.group(1).strip()
    if (
        q.endswith(".")
        and " " not in q
        and not ABBREVIATION_RE.fullmatch(q)
        and not _abbreviation_of_region(q)
    ):
        q = q[:-1]  # "Selma, Alabama.": a sentence's period, not "Conn." or "Alta."
    place = _region_named(q)
    if place is None:
        return None
    return place, m.start(1), q


@_memo
def _region_named(q: str) -> Place | None:
    """The state, province or country a qualifier names ("Conn.", "CT", "Ontario"), else None."""
    place = gazetteer.us_state(q) if len(q) > 2 or q.isupper() else None
    if place is None:
        place = next((c for c, _alt in _candidates(q) if c.kind in ("admin1", "country")), None)
    return place


def _dateline_places(
    text: str, dateline: str | None, home: Place | None = None
) -> tuple[list[Place], set[str], list[tuple[str, int]]]:
    """Resolve the dateline ("HARTFORD, Conn.") to places; found in the text when not given.

    A dateline without a region ("NORWALK —") names a place in the outlet's home state when there
    is one of that name: papers leave the state off for their own state's towns (AP style).

    Returns the places (city first), their keys, and (surface, start) of the parts found in
    the first lines of the text.
    """
    city = region = None
    head = text[:500]
    if dateline:
        city, _, region = dateline.partition(",")
    else:
        found = _find_dateline(head)
        if found:
            city, region = found
    if not city:
        return [], set(), []
    city, region = city.strip(), (region or "").strip()
    spans: list[tuple[str, int]] = []
    for part in (city, region):
        at = head.find(part) if part else -1
        if at >= 0 and (part != city or not gazetteer.is_demonym(part)):
            spans.append((part, at))
    places: list[Place] = []
    keys = {gazetteer.normalize_key(city)}
    qualifier = None
    if region:
        qualifier = _dateline_region(city, region)
        if qualifier:
            places.append(qualifier)
            keys.add(gazetteer.normalize_key(region))
        else:
            spans = [sp for sp in spans if sp[0] != region]
    candidates = [cand for cand, _alt in _candidates(city)]
    if qualifier is None and home is not None and home.admin1_code:
        local = [c for c in candidates if c.country == home.country and c.admin1_code == home.admin1_code]
        candidates = local + [c for c in candidates if c not in local]
    for cand in candidates:
        if qualifier is None or _inside(cand, qualifier):
            places.insert(0, cand)
            break
    return places, keys, spans


def _dateline_region(city: str, region: str) -> Place | None:
    """The region of a dateline: the state or country that holds a place called ``city``
    ("TBILISI, Georgia" is the country; "ATHENS, Ga." the US state), else the first one."""
    regions = [p for p, _alt in _candidates(region) if p.kind in ("admin1", "country")]
    state = gazetteer.us_state(region)
    if state is not None and state not in regions:
        regions.insert(0, state)
    cities = [p for p, _alt in _candidates(city)]
    for r in regions:
        if any(_inside(c, r) or _same_country_unknown_admin1(c, r) for c in cities):
            return r
    return regions[0] if regions else None


def _find_dateline(head: str) -> tuple[str, str] | None:
    """(city, region) of the dateline at the head of a text whose city the gazetteer knows."""
    found = find_dateline(head)
    if found is not None and _candidates(found.city):
        return found.city, found.region or ""
    # "WASHINGTON Barack Obama pardoned...": a place in capitals glued to the first sentence.
    m = BARE_DATELINE_RE.match(head)
    if m is None or _is_demonym(m.group(1)):
        return None
    entries = _candidates(m.group(1))
    return (m.group(1), "") if entries and entries[0][0].kind in ("city", "admin1", "country") else None


def _home_place(home: Any) -> Place | None:
    if home is None:
        return None
    gid = getattr(home, "geonames_id", None)
    if gid:
        try:
            return gazetteer.get(gid, getattr(home, "city", None))
        except KeyError:
            pass
    country = getattr(home, "country", None)
    admin1 = getattr(home, "admin1", None)
    code = None
    if admin1 and country == "US":
        state = gazetteer.us_state(admin1)
        code = state.admin1_code if state else None
    return Place(
        None,
        getattr(home, "city", None) or "",
        "city",
        country,
        admin1,
        getattr(home, "lat", None),
        getattr(home, "lon", None),
        0,
        code,
    )


def _inside(place: Place, container: Place) -> bool:
    """Whether ``place`` is known to lie in ``container`` (a country or an admin1)."""
    if place.country != container.country or place is container:
        return False
    if container.kind == "country":
        return True
    return (
        container.kind == "admin1"
        and _comparable_admin1(place, container)
        and place.admin1_code == container.admin1_code
    )


def _comparable_admin1(place: Place, region: Place) -> bool:
    """Whether the two admin1 codes follow one scheme and can be compared.

    US cities and states both carry postal codes ("CT"); elsewhere cities carry GeoNames codes
    ("08", "SCT") and admin1 rows ISO 3166-2 codes ("CA-ON") or none (Scotland), which never
    match even when the city lies in the region.
    """
    a, b = place.admin1_code, region.admin1_code
    return a is not None and b is not None and ("-" in a) == ("-" in b)


def _same_country_unknown_admin1(place: Place, region: Place) -> bool:
    """Whether ``place`` is in the country of the admin1 ``region`` but the codes cannot tell
    whether it lies in the region itself ("London" and "Ontario": both in CA)."""
    return (
        region.kind == "admin1"
        and place is not region
        and place.country is not None
        and place.country == region.country
        and not _comparable_admin1(place, region)
    )


# --------------------------------------------------------------------------- resolution


def _prior(place: Place, rank: int, alt: bool) -> float:
    base = KIND_PRIOR.get(place.kind)
    if base is None:
        base = 0.4 * math.log10(place.population + 10)
        if place.population >= WORLD_CITY_POPULATION:
            base += WORLD_CITY_BONUS
    elif place.kind == "admin1" and _small_country(place.country):
        base = SMALL_COUNTRY_ADMIN1_PRIOR
    return base + (0.5 if rank == 0 else 0.0) - (1.2 if alt else 0.0)


@lru_cache(maxsize=512)
def _small_country(code: str | None) -> bool:
    country = gazetteer.country(code) if code else None
    return country is not None and 0 < country.population < SMALL_COUNTRY_POPULATION


def _resolve(group: _Group, ctx: _Context, home: Place | None, dateline: list[Place]) -> None:
    if not group.candidates:
        group.best, group.confidence = None, 0.0
        return
    if group.base is None:
        group.base = _static_scores(group, home, dateline)
    scored = group.base
    if ctx.countries and len(scored) > 1:
        countries, admin1s = ctx.countries, ctx.admin1s
        best = group.best
        rescored = []
        for s, rank, place in scored:
            country = place.country
            if country:
                own = group.contribution if best is not None and best.country == country else 0.0
                s += 0.5 * min(2.0, countries.get(country, 0.0) - own)
                code = place.admin1_code
                if code:
                    own = group.contribution if best is not None and best.admin1_code == code else 0.0
                    s += 0.8 * min(2.0, admin1s.get((country, code), 0.0) - own)
            rescored.append((s, rank, place))
        rescored.sort(key=_by_score)
        scored = rescored
    best_score, _, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else best_score - 3.0
    margin = 1.0 / (1.0 + math.exp(-(best_score - second) * 1.5))
    ner = group.score if group.from_ner else 0.6
    group.best = best
    group.confidence = min(0.99, 0.5 * ner + 0.5 * margin) if group.from_ner else 0.6 * margin


def _by_score(item: tuple[float, int, Place]) -> tuple[float, int]:
    return (-item[0], item[1])


def _static_scores(
    group: _Group, home: Place | None, dateline: list[Place]
) -> list[tuple[float, int, Place]]:
    """Each candidate's score from what does not change between passes, best first: the
    prior, the qualifiers, the dateline and the outlet's home."""
    scored = []
    for rank, (place, alt) in enumerate(group.candidates):
        s = _prior(place, rank, alt)
        for q in group.qualifiers:
            if _inside(place, q):
                s += 4.0
            elif _same_country_unknown_admin1(place, q):
                s += QUALIFIER_COUNTRY_BONUS  # "London, Ontario": in Canada, at least
            elif place.country != q.country or q.kind == "admin1":
                s -= 2.0
        for anchor in dateline:
            if anchor is place:
                s += 1.5
            elif _inside(place, anchor) or (anchor.kind == "city" and place.country == anchor.country):
                s += 0.7 if anchor.kind != "admin1" else 1.0
        if home is not None and place.country and place.country == home.country:
            s += 0.4
            if home.admin1_code and place.admin1_code == home.admin1_code:
                s += 0.8
                if place.kind == "city" and _key(place.name) == _key(home.name):
                    s += HOME_CITY_BONUS  # "Portland" in the Portland Press Herald
        scored.append((s, rank, place))
    scored.sort(key=_by_score)
    return scored


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


def _keep(group: _Group, text: str, edges: tuple[set[int], set[int]]) -> bool:
    if group.best is None:
        # A name whose own words say it is a place ("Eiffel Tower", "Lake Tolliver") needs the
        # recogniser's word less than a bare unknown name does.
        floor = MIN_KNOWN_SCORE if place_kind(group.surface) else MIN_UNKNOWN_SCORE
        return group.from_ner and group.score >= floor and _unresolved_evidence(group, text, edges)
    if group.from_ner:
        return group.score >= MIN_KNOWN_SCORE
    return True


def _edges(groups: Iterable[_Group]) -> tuple[set[int], set[int]]:
    ends: set[int] = set()
    starts: set[int] = set()
    for g in groups:
        ends.update(e for _, e in g.spans)
        starts.update(s for s, _ in g.spans)
    return ends, starts


def _keep_by_list(group: _Group, text: str, edges: tuple[set[int], set[int]]) -> bool:
    """``_keep`` for an unknown name that had no evidence of its own, now that more of the
    story's places are settled: only its place in a list can have changed."""
    if group.best is not None or not group.from_ner or group.score < MIN_UNKNOWN_SCORE:
        return False
    words = group.key.split()
    return words[0] not in NOT_PLACE_FIRST and words[-1] not in NOT_PLACE_LAST and _listed(group, text, edges)


def _unresolved_evidence(group: _Group, text: str, edges: tuple[set[int], set[int]]) -> bool:
    """Whether a name the gazetteer does not know is a place by more than the recogniser's word:
    its own words say so ("Lake Lanier", "Fore Street"), or the story puts something there
    ("in Kibera"), qualifies it ("Balintawak, Quezon City"), lists it among known places, or
    opens with it (the dateline). "Meanwhile" or "Bird Flu" have none of these."""
    words = group.key.split()
    if words[0] in NOT_PLACE_FIRST or words[-1] in NOT_PLACE_LAST:
        return False
    if group.evidence or group.qualifiers or place_kind(group.surface):
        return True
    for start, end in group.spans:
        before = text[max(0, start - 40) : start].lower().split()
        if before and before[-1] == "the":
            before.pop()
        if before and (
            before[-1] in EVIDENCE_PREPOSITIONS
            or (before[-1] == "of" and len(before) > 1 and before[-2] in PLACE_NOUNS)
        ):
            return True
        after = PLACE_NOUN_AFTER_RE.match(text, end)
        if after is not None and after.group(1).lower() in PLACE_NOUNS:
            return True
    return _listed(group, text, edges)


def _listed(group: _Group, text: str, edges: tuple[set[int], set[int]]) -> bool:
    """Whether the group stands in a list beside a place ("Buskerud, Telemark and Oppland")."""
    ends, starts = edges
    if not ends:
        return False
    for start, end in group.spans:
        for sep in (", ", " and "):
            if (start - len(sep) in ends and text.startswith(sep, start - len(sep))) or (
                end + len(sep) in starts and text.startswith(sep, end)
            ):
                return True
    return False


def _unresolved_confidence(group: _Group) -> float:
    return min(0.7, 0.3 + 0.4 * group.score)


def _abbreviates_state(group: _Group) -> bool:
    """Whether the group is a state's abbreviation ("Conn.", "CT"), not its name."""
    place, surface = group.best, group.surface
    return (
        place is not None
        and place.kind == "admin1"
        and (surface.endswith(".") or (len(surface) == 2 and surface.isupper()))
        and group.key != _key(place.name)
    )


def _fold_state_abbreviations(kept: list[_Group], dateline_keys: set[str]) -> list[_Group]:
    """Fold the dateline's "Conn." into "Connecticut" when the story also names the state in full.

    The dateline's abbreviation only qualifies its town ("HARTFORD, Conn."): it is the town's
    admin1 evidence, already used in its resolution, and listing it beside the state's full
    name names one place twice. Elsewhere ("Louisville, Ky." in the body), and when the story
    never writes the name in full, the abbreviation stays as written: labelled local news
    (tr-news) counts those as places by their surface form, and folding them all, or renaming
    them to the full name, cost 0.01-0.02 F1 there.
    """
    named = {g.best: g for g in kept if g.best is not None and not _abbreviates_state(g)}
    out = []
    for g in kept:
        if g.key in dateline_keys and _abbreviates_state(g):
            target = named.get(g.best)
            if target is not None:
                target.spans = _merge_spans(target.spans + g.spans)
                target.confidence = max(target.confidence, g.confidence)
                if g.key in dateline_keys:
                    dateline_keys.add(target.key)
                continue
        out.append(g)
    return out


def _output_kind(place: Place | None, surface: str) -> str | None:
    """The kind to show: a US county is a "county" (GeoNames' admin2); an unresolved place has
    the kind its words give ("street", "water", ...)."""
    if place is None:
        return place_kind(surface)
    return "county" if place.kind == "admin2" and place.country == "US" else place.kind


def _first_line_end(text: str) -> int:
    end = text.find("\n")
    return len(text) if end < 0 else end


def _display_name(group: _Group, text: str) -> str:
    """The surface form to show: as the story writes it, preferring "Danbury" (body) over
    "DANBURY" (an ALL-CAPS dateline); the scorers casefold, readers do not."""
    for start, end in group.spans:
        form = text[start:end]
        if not form.isupper() and _key(form) == group.key:
            return form
    return group.surface
