"""Datelines: the one parser of the line that opens a wire or local story with its place.

"HARTFORD, Conn. (AP) — ...", "LONDON 1996-08-30", "NEW YORK (Reuters) - ...": normalization
reads the dateline of an article from its front lines with ``parse_dateline``; the place tagger
uses the same parser when it is handed a text without one (``find_dateline``), and adds only the
bare form a Reuters paste leaves behind ("WASHINGTON Barack Obama said ...", ``BARE_DATELINE_RE``),
which needs the gazetteer to tell from a headline.

>>> parse_dateline("HARTFORD, Conn. (AP) — The state budget passed.")
Dateline(place='HARTFORD, Conn.', city='HARTFORD', region='Conn.', date=None)
>>> parse_dateline("LONDON 1996-08-30")
Dateline(place='LONDON', city='LONDON', region=None, date='1996-08-30')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AGENCIES = r"AP|Reuters|AFP|UPI|CNN|Bloomberg|dpa|ANSA|Xinhua|EFE|CP|PA|NBC\s+\w+"
DATELINE_STOP = frozenset(
    """UPDATE UPDATED BREAKING EXCLUSIVE WATCH NOTE CORRECTION ANALYSIS OPINION EDITORIAL
    COMMENTARY LIVE VIDEO PHOTOS REVIEW PREVIEW FACTBOX EXPLAINER WARNING WATCH""".split()
)
_DL_CITY = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]*){0,4}"
_DL_REGION = r"[A-Z][A-Za-z'’.\-]*(?:\s+[A-Z][A-Za-z'’.\-]*){0,3}"
AP_DATELINE_RE = re.compile(
    rf"^(?P<place>{_DL_CITY}(?:,\s+{_DL_REGION})?)"
    rf"(?:,\s+(?P<md>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?"
    rf"(?:\s+\((?:{AGENCIES})\))?\s*[—–]\s*\S|"
    rf"^(?P<place2>{_DL_CITY}(?:,\s+{_DL_REGION})?)"
    rf"(?:,\s+(?P<md2>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?\s+\((?:{AGENCIES})\)\s*[-—–]+\s*\S"
)
DATED_DATELINE_RE = re.compile(
    rf"^(?P<place>{_DL_CITY}(?:,\s+{_DL_REGION})?)\s+(?P<date>\d{{4}}-\d{{2}}-\d{{2}})$"
)
# "OTTAWA - The home of ...": a hyphen, then a sentence (headlines of that shape, "SOCCER -
# JAPAN GET LUCKY WIN", "PRESS DIGEST - Bulgaria - Aug 30", are not datelines).
HYPHEN_DATELINE_RE = re.compile(
    rf"^(?P<place>{_DL_CITY}(?:,\s+{_DL_REGION})?)\s+-\s+(?=[A-Z][a-z]*[ \t]+[a-z])"
)
# "WASHINGTON Barack Obama...": a dateline without punctuation, only at the start of the text.
BARE_DATELINE_RE = re.compile(
    r"[ \t]*([A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]{2,}){0,2})()[ \t]+(?=[A-Z][a-z]|A )"
)
FRONT_LINES = 10
# The credit a dateline carries, for the outlet detector (group 1):
# "LONDON, Ky. (WKYT) -", "WASHINGTON (Reuters) -", "(CNN) —", "--(Marketwire - Dec 23, 2010) -"
CREDIT_DATELINE_RE = re.compile(
    r"[ \t]*(?:[A-Z][\w.'’ -]{0,40}?(?:,[ \t]*[A-Z][\w. ]{1,25}?)?[ \t]*)?"
    r"(?:--[ \t]*)?\(([A-Z][\w&.'’ /+-]{0,40}?)(?:[ \t]*[-/,][^)\n]{0,40})?\)"
    r"(?:[ \t]*(?:—|–|--?|:)|[ \t]+(?=[A-Z]))"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline: the place as written ("HARTFORD, Conn."), its city and region, and the date a
    wire dateline carries ("1996-08-30")."""

    place: str
    city: str
    region: str | None
    date: str | None


def parse_dateline(line: str) -> Dateline | None:
    """The dateline that opens ``line`` (a line of text, stripped), else None."""
    if not line[:1].isupper():
        return None
    m = DATED_DATELINE_RE.match(line)
    if m and _plausible_place(m.group("place")):
        return _dateline(m.group("place"), m.group("date"))
    m = AP_DATELINE_RE.match(line) or HYPHEN_DATELINE_RE.match(line)
    if m:
        place = m.group("place") or m.group("place2")
        if _plausible_place(place):
            return _dateline(place.strip(), None)
    return None


def is_wire_dateline(line: str) -> bool:
    """Whether ``line`` is a whole wire dateline with its date ("LONDON 1996-08-30")."""
    m = DATED_DATELINE_RE.match(line.strip())
    return m is not None and _plausible_place(m.group("place"))


def find_dateline(text: str) -> Dateline | None:
    """The dateline among the first non-blank lines of ``text``, else None."""
    seen = 0
    for line in text.split("\n", 3 * FRONT_LINES):
        line = line.strip()
        if not line:
            continue
        found = parse_dateline(line)
        if found is not None:
            return found
        seen += 1
        if seen >= FRONT_LINES:
            break
    return None


def _dateline(place: str, date: str | None) -> Dateline:
    city, _, region = place.partition(",")
    return Dateline(place, city.strip(), region.strip() or None, date)


def _plausible_place(place: str) -> bool:
    first = place.split(",")[0].strip()
    letters = sum(c.isalpha() for c in first)
    return letters >= 2 and first.split()[0].rstrip(":") not in DATELINE_STOP
