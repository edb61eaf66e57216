"""Document-level label rules: what the whole story says a name is, over what one span says.

The recogniser labels each span from a few words around it. A reader settles a name from the
whole story, and from what kind of name it is. ``reconcile_mentions`` applies those readings to
the recogniser's mentions before the people, places and organizations are built, so that one
name in one story is one thing:

- *Local geography*: "Madison County", "MacCorkle Avenue", "Lake Lanier", "Mount Hood" are
  places whatever the recogniser said (its training news rarely names them); a hospital or a
  school is a place where the story puts someone there ("at Hartford Hospital") and an
  organization elsewhere ("Hartford Hospital said"). ``place_kind`` tells their kind.
- *People's names*: "Obama" or "Hidalgo" read as a place in a story that names Barack Obama or
  Anne Hidalgo is the person, unless the story puts something there ("in Hidalgo").
- *Sports*: in a sports story a city written as a team ("Vancouver Canucks", "Calgary 3") is
  the club, an organization.
- *Landmarks that speak*: "the White House said" is the administration, not a town.
- *Page furniture*: an ALL-CAPS dateline city ("HARTFORD, Conn. —") is a place, not an
  organization; a capitalised headline word that is ordinary English ("Snowy") is no name.
- *Party tags*: "D-Maine" after a lawmaker's name is the person's affiliation, not a place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from archiver.tagging.entities import Mention, load_model

# Kind of a local place by the word that ends its name ("Hall County", "Ohio River").
KIND_BY_LAST = {
    **dict.fromkeys("county parish township".split(), "county"),
    **dict.fromkeys(
        "street st. road rd. avenue ave. boulevard blvd. lane ln. drive dr. highway hwy. parkway pkwy. "
        "turnpike pike terrace crescent close way expressway freeway".split(),
        "street",
    ),
    **dict.fromkeys(
        "river creek lake bay harbor harbour reservoir canal falls lagoon estuary".split(), "water"
    ),
    **dict.fromkeys(
        "mountain mountains mount hill hills valley canyon island islands peninsula ridge delta desert "
        "forest peak glacier".split(),
        "landform",
    ),
    **dict.fromkeys(
        "park square plaza bridge tower stadium arena airport station cemetery castle palace monument "
        "zoo pier beach trail racecourse speedway course".split(),
        "landmark",
    ),
    **dict.fromkeys(
        "hospital library museum church cathedral mosque synagogue temple clinic courthouse prison jail "
        "mall hotel theatre theater".split(),
        "facility",
    ),
}
NAME_CONNECTORS = frozenset("of the de del la le du and".split())
# Kind of a local place by the word that opens its name ("Lake Lanier", "Mount Hood").
KIND_BY_FIRST = {"lake": "water", "loch": "water", "mount": "landform", "mt.": "landform", "mt": "landform"}
# "Northeast Georgia Medical Center": a centre is a facility only with one of these before it.
CENTER_KINDS = frozenset(
    "community civic convention shopping senior recreation aquatic nature visitor visitors tennis "
    "sports aquatics".split()
)
# Last words that are also surnames ("Darryn Hill", "Ellen Park"): a name the recogniser reads
# as a person keeps that reading.
SURNAME_LIKE = frozenset(
    "hill hills park lane way close forest ridge bay beach island peak temple church castle palace "
    "tower field brook hall bridge station".split()
)
# A facility is where the story is only when it puts someone there; otherwise it acts.
LOCATIVE_WORDS = frozenset(
    "in at near outside inside to into from behind across toward towards beside opposite".split()
)
# Buildings that news names for the government inside them ("the White House said"): places
# of kind landmark, never the towns that share their names (White House, Tennessee).
LANDMARKS = frozenset(
    "white house|kremlin|pentagon|elysee|élysée|elysee palace|élysée palace|blue house|zhongnanhai|"
    "quai d'orsay|foggy bottom|whitehall|capitol|eiffel tower|vatican city".split("|")
)
# Words of sports reports; three different ones make a sports story.
SPORTS_WORDS = frozenset(
    "scored score goal goals match league season coach overtime inning innings touchdown playoff "
    "playoffs tournament striker goalkeeper quarterback pitcher halftime half-time penalty beat "
    "defeated drew draw game games cup team club fixture standings points matches results rugby "
    "soccer cricket baseball hockey basketball football tennis golf".split()
)
SPORTS_MIN_WORDS = 3
SPORTS_WINDOW = 2000
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in ".,;:!?\"'()[]“”‘’—–"})
WORD_RE = re.compile(r"[a-z][a-z-]+")
# "Calgary 3", "Vancouver 3-2": a team with its score.
SCORE_AFTER_RE = re.compile(r"[ \t]+\d{1,3}(?:-\d{1,3})?\b(?![.,:]\d)")
# "Sunderland forward Niall Quinn": a club's player.
TEAM_ROLE_AFTER_RE = re.compile(
    r"[ \t]+(?:forward|striker|midfielder|defender|goalkeeper|winger|coach|manager|pitcher|"
    r"quarterback|outfielder|fly-half|flanker|skipper)\b"
)
# "D-Maine", "(R-Ky.)", "D-N.Y.": a lawmaker's party and state.
PARTY_TAG_RE = re.compile(r"[(,][ \t]*([DRI])-([A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)[ \t]*[),]?")
NAME_TAIL_RE = re.compile(r"[ \t](?:es|de|del|da|do|dos|das|el|al|la|le|du|sur|upon)[ \t-][A-Z][\w'’-]*")
CAPITAL_START_RE = re.compile(r"(?<![\w'’.-])[A-Z]")
CITY_BEFORE_RE = re.compile(r"(?<![\w.])([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]$")
DATELINE_AFTER_RE = re.compile(r"[ \t]*(?:,|\(|—|–|--|- )")


@lru_cache(maxsize=20_000)
def place_kind(surface: str) -> str | None:
    """The kind of local place a name's own words say it is, else None.

    >>> place_kind("Madison County"), place_kind("Lake Lanier"), place_kind("MacCorkle Avenue")
    ('county', 'water', 'street')
    >>> place_kind("Hartford"), place_kind("Pew Research Center")
    (None, None)
    """
    low = surface.lower()
    if low in LANDMARKS or low.removeprefix("the ") in LANDMARKS:
        return "landmark"
    words = low.split()
    if len(words) < 2 or low.endswith("red crescent") or words[0] in ("a", "an"):
        return None
    if not all(_name_word(w) for w in surface.split()):
        return None  # "SUVs on Rest Acres Road", "A Metcalfe County": a span, not a name
    if words[-1] in ("center", "centre"):
        return "facility" if words[-2] in CENTER_KINDS else None
    if words[-1] == "school" and words[-2] in ("high", "middle", "elementary", "primary", "secondary"):
        return "facility"
    kind = KIND_BY_LAST.get(words[-1])
    if kind is None:
        kind = KIND_BY_FIRST.get(words[0])
    return kind


def _name_word(word: str) -> bool:
    """Whether a word may stand inside a place's name: a capitalised word or a connector ("of",
    "de"); a word written in lower case ends the name before it ("SUVs on Rest Acres Road")."""
    return not word[0].islower() or word in NAME_CONNECTORS


def reconcile_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The recogniser's mentions with the document-level rules of this module applied.

    Args:
        text: the article text the mentions index into.
        mentions: ``entities.find_mentions(text)``.

    Returns:
        The mentions in text order, some relabelled and some dropped (never new spans).
    """
    if not mentions:
        return []
    sports_memo: list[bool] = []

    def sports() -> bool:  # decided on first need: most stories never ask
        if not sports_memo:
            sports_memo.append(_is_sports_story(text))
        return sports_memo[0]

    person_words: frozenset[str] = frozenset()  # built on first need
    headline_end = text.find("\n") if "\n" in text else len(text)
    out: list[Mention] = []
    teams: set[str] = set()
    n = len(mentions)
    merged_next = False
    for idx, m in enumerate(mentions):
        if merged_next or (out and m.start < out[-1].end):
            merged_next = False
            continue  # taken by the name before it ("Vancouver Canucks", "Dar es Salaam")
        if m.label == "PER" and m.end > headline_end and (" " not in m.text or place_kind(m.text) is None):
            out.append(m)  # the common case: a person's name, below the headline, no place words
            continue
        if m.label != "PER":  # a person's name is not grown into a gazetteer name
            lo = m.start - 30 if m.start > 30 else 0
            if text.find("'s ", lo, m.start) >= 0 or text.find("’s ", lo, m.start) >= 0:
                m = _with_possessive_head(text, m, out[-1].end if out else 0)
            if NAME_TAIL_RE.match(text, m.end):
                m = _with_gazetteer_tail(text, m)
        label = m.label
        name = m.text
        kind = place_kind(name) if " " in name else None
        after = text[m.end + 1 : m.end + 2]
        team = (
            label != "PER"
            and kind in (None, "county")
            and (
                (after.isdigit() and SCORE_AFTER_RE.match(text, m.end) is not None)
                or (after.islower() and TEAM_ROLE_AFTER_RE.match(text, m.end) is not None)
            )
            and sports()
        )
        if kind is not None and label != "LOC" and not team:
            if (kind != "facility" or after_locative(text, m.start)) and not (
                label == "PER"
                and (_given_name_first(name) or name.rpartition(" ")[2].lower() in SURNAME_LIKE)
                and name.lower() not in LANDMARKS
            ):
                m = _relabel(m, "LOC")
        elif kind == "facility" and label == "LOC" and not after_locative(text, m.start):
            m = _relabel(m, "ORG")
        elif label == "LOC" and "-" in text[m.start - 2 : m.start + 2] and _party_tag(text, m):
            continue
        elif (
            label == "LOC"
            and " " not in name
            and name.lower() in (person_words := person_words or _person_words(mentions))
            and not _place_evidence(text, m)
        ):
            m = _relabel(m, "PER")
        elif label == "ORG" and m.text.isupper() and _opens_dateline(text, m):
            m = _relabel(m, "LOC")
        elif label == "ORG" and text[m.end + 1 : m.end + 2].islower() and text.startswith(" ", m.end) and (
            _is_region(m.text) and not sports()
        ):
            m = _relabel(m, "LOC")  # "Oregon officials": the state, as a modifier
        elif (
            label != "LOC"
            and m.end <= headline_end
            and " " not in name
            and _common_headline_word(text, m, headline_end)
        ):
            continue
        if m.label == "ORG" and m.start > 2 and text[m.start - 1] == " " and text[m.start - 2].islower():
            club = _with_city_before(text, m)
            if club is not m and sports():
                m = club
        if m.label == "LOC" and kind in (None, "county"):
            nxt = mentions[idx + 1] if idx + 1 < n else None
            if (
                nxt is not None
                and nxt.label in ("ORG", "MISC", "PER")
                and nxt.start == m.end + 1
                and text[m.end] == " "
                and sports()
            ):
                # "Vancouver Canucks": the city opens the club's name.
                out.append(Mention("ORG", m.start, nxt.end, text[m.start : nxt.end], max(m.score, nxt.score)))
                merged_next = True
                continue
            if team and (kind == "county" or _is_city(m.text)):
                m = _relabel(m, "ORG")
                teams.add(m.text)
        out.append(m)
    if teams:
        # One name in one story is one thing: a city that plays ("Gloucester 19") is the club
        # wherever else the story names it ("victory over Gloucester"), except where the story
        # puts someone there ("in Gloucester").
        out = [
            _relabel(m, "ORG")
            if m.label == "LOC" and m.text in teams and not after_locative(text, m.start)
            else m
            for m in out
        ]
    return out


def _with_possessive_head(text: str, m: Mention, floor: int) -> Mention:
    """"People's Republic of China": the recogniser stops at the possessive, or keeps only
    "China"; the gazetteer knows the whole name."""
    from archiver.tagging import gazetteer

    lo = max(floor, m.start - 30)
    for head in CAPITAL_START_RE.finditer(text, lo, m.start):
        name = text[head.start() : m.end]
        if "\n" not in name and gazetteer.contains(name):
            return Mention("LOC", head.start(), m.end, name, max(m.score, 0.6))
    return m


def _with_gazetteer_tail(text: str, m: Mention) -> Mention:
    """"Dar es Salaam", "Bab el-Oued": a place name whose lower-case particle stopped the
    recogniser, when the gazetteer knows the whole name."""
    from archiver.tagging import gazetteer

    tail = NAME_TAIL_RE.match(text, m.end)
    name = text[m.start : tail.end()]
    if not gazetteer.contains(name):
        return m
    return Mention("LOC", m.start, tail.end(), name, max(m.score, 0.6))


def _with_city_before(text: str, m: Mention) -> Mention:
    """A club with its city before it ("the Vancouver Canucks"): one organization."""
    lo = max(0, m.start - 30)
    word_start = max(text.rfind(" ", lo, m.start - 1), text.rfind("\n", lo, m.start - 1)) + 1
    if word_start == 0 and lo > 0 or not text[word_start : word_start + 1].isupper():
        return m  # the word before is not capitalised: "said", "the"
    before = CITY_BEFORE_RE.search(text, max(0, m.start - 30), m.start)
    if before is None:
        return m
    name, start = before.group(1), before.start(1)
    if not _is_city(name):
        first, _, last = name.partition(" ")
        if not last or not _is_city(last):
            return m
        start += len(first) + 1
    return Mention("ORG", start, m.end, text[start : m.end], m.score)


def _relabel(m: Mention, label: str) -> Mention:
    return Mention(label, m.start, m.end, m.text, max(m.score, 0.6))


def after_locative(text: str, start: int) -> bool:
    """Whether the word before ``start`` puts someone there ("at", "to"), "the" skipped."""
    before = text[max(0, start - 30) : start].split()
    if before and before[-1].lower() == "the":
        before.pop()
    return bool(before) and before[-1].lower() in LOCATIVE_WORDS


def _given_name_first(name: str) -> bool:
    """Whether a two-word name opens with a given name ("Ellen Park" is a person)."""
    words = name.lower().split()
    return len(words) == 2 and words[0] in load_model().first_names


def _person_words(mentions: Sequence[Mention]) -> frozenset[str]:
    """The words of the story's multi-word person names ("barack", "obama"), and "" (so that the
    set is never empty and is built once)."""
    words: set[str] = {""}
    for m in mentions:
        if m.label == "PER" and " " in m.text:
            parts = m.text.lower().replace("’", "'").split()
            words.update(p.removesuffix("'s") for p in parts if len(p) > 2 and not p.endswith("."))
    return frozenset(words)


def _place_evidence(text: str, m: Mention) -> bool:
    """Whether the story puts something at this name: a locative before it, a region after it."""
    if after_locative(text, m.start):
        return True
    after = text[m.end : m.end + 3]
    return after.startswith(",") and after[2:3].isupper()


def _party_tag(text: str, m: Mention) -> bool:
    """Whether the mention is the state of a party tag ("D-Maine", "R-Ky.")."""
    start = max(0, m.start - 4)
    tag = PARTY_TAG_RE.search(text, start, m.end + 2)
    return tag is not None and tag.start(1) <= m.start < tag.end(2) + 1


def _opens_dateline(text: str, m: Mention) -> bool:
    """Whether an ALL-CAPS mention opens a line as a dateline does ("HARTFORD, Conn. —")."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return not text[line_start : m.start].strip() and DATELINE_AFTER_RE.match(text, m.end) is not None


def _common_headline_word(text: str, m: Mention, headline_end: int) -> bool:
    """Whether a one-word mention of a title-case headline is no name: a headline capitalises
    every word ("Snowy Weekend Ahead"), so a word the story below never writes again is no
    evidence of a name."""
    if m.text.isupper() or not _title_case(text):
        return False
    pattern = r"(?<![\w-])" + re.escape(m.text) + r"(?![\w-])"
    return re.search(pattern, text[headline_end:], re.IGNORECASE) is None


def _title_case(text: str) -> bool:
    """Whether the first line is a headline in title case (most longer words capitalised)."""
    end = text.find("\n")
    words = [w for w in text[: end if end >= 0 else len(text)].split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _is_sports_story(text: str) -> bool:
    words = set(text[:SPORTS_WINDOW].lower().translate(_PUNCT_TO_SPACE).split())
    return len(SPORTS_WORDS.intersection(words)) >= SPORTS_MIN_WORDS


@lru_cache(maxsize=20_000)
def _is_city(name: str) -> bool:
    from archiver.tagging import gazetteer

    entries = gazetteer.lookup(name)
    return bool(entries) and entries[0].kind == "city"


@lru_cache(maxsize=20_000)
def _is_region(name: str) -> bool:
    """Whether ``name`` is a country or a US state by its own name."""
    from archiver.tagging import gazetteer

    entries = gazetteer.lookup_entries(name)
    if not entries or entries[0][1]:
        return False
    top = entries[0][0]
    return top.kind == "country" or (top.kind == "admin1" and top.country == "US")
