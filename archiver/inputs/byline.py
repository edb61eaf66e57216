"""Bylines: the one reader of the line that names an article's authors.

Normalization reads the authors with ``read_byline``; the outlet detector reads the affiliation
that ends a byline ("By Jane Roe, Associated Press") from the same ``BYLINE_RE``; the tagger finds
the byline's lines in the text with ``byline_spans`` so that their names are neither people in
the story nor places.

>>> read_byline(["By Jane Roe and JOHN DOE, Associated Press"], [])
['Jane Roe', 'John Doe']
"""

from __future__ import annotations

import re

BYLINE_RE = re.compile(r"^(?:by|written\s+by|words\s+by|authors?\s*:)\s*:?\s+(?P<names>\S.*)$", re.IGNORECASE)
TAIL_BYLINE_RE = re.compile(
    r"(?:^|;\s*)(?:(?:additional\s+)?reporting|writing)\s+by\s+(?P<names>[^;]+)", re.IGNORECASE
)
NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*", re.IGNORECASE)
NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[a-z]{1,3}|[A-Z]\.)$")
NOT_NAME_WORDS = frozenset(
    """press associated reuters afp upi bloomberg news times post courant journal tribune herald
    gazette register globe star daily weekly bbc nbc cbs abc cnn fox npr pbs staff writer writers
    reporter reporters correspondent correspondents editor editors contributor contributing
    columnist desk team wire service services agency media group network updated published posted
    senior chief political business sports health science technology national international
    foreign affairs analyst photographer photographers producer in for the of""".split()
)
PARTICLES = frozenset("de da del della der den di du la le van von bin al el st. y".split())
SEGMENT_SPLIT_RE = re.compile(r" [|•·] | [-–—] (?=(?:published|updated|posted)\b)", re.IGNORECASE)
# Bylines sit near the top (or, Reuters style, at the very end).
BYLINE_WINDOW = 1500


def read_byline(front: list[str], tail: list[str]) -> list[str]:
    """The authors named by a byline among an article's front lines ("By Jane Roe and John Doe,
    Associated Press") or, Reuters style, its tail lines ("Reporting by Jane Roe; Editing by ...").
    """
    for line in front:
        for segment in SEGMENT_SPLIT_RE.split(line):
            m = BYLINE_RE.match(segment.strip())
            if m:
                names = _split_names(m.group("names"))
                if names:
                    return names
    for line in reversed(tail):
        names: list[str] = []
        for m in TAIL_BYLINE_RE.finditer(line):
            names.extend(_split_names(re.split(r"\s+in\s+", m.group("names"))[0]))
        if names:
            return list(dict.fromkeys(names))
    return []


def _split_names(raw: str) -> list[str]:
    """Split "Jane Roe and JOHN DOE, Associated Press" into ["Jane Roe", "John Doe"]."""
    raw = re.split(r"\s+[|•·]\s+|\s+[-–—]\s+|\(", raw)[0]
    names: list[str] = []
    for part in NAME_SPLIT_RE.split(raw):
        part = part.strip(" .")
        tokens = part.split()
        if not 2 <= len(tokens) <= 5:
            continue
        if any(t.lower().strip(".,") in NOT_NAME_WORDS for t in tokens):
            continue
        if not all(NAME_TOKEN_RE.match(t) for t in tokens) or any(c.isdigit() for c in part):
            continue
        if part.isupper():
            part = " ".join(_title_case_name(t) for t in tokens)
        names.append(part)
    return names


def _title_case_name(token: str) -> str:
    if token.lower() in PARTICLES:
        return token.lower()
    out = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), token.lower())
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def byline_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """The (start, end) of the lines of ``text`` that hold the byline's ``names``."""
    spans = []
    folded = text.lower()  # "By JANE ROE" is normalized to "Jane Roe"; same length when lower-cased
    if len(folded) != len(text):
        folded = text
    for name in names:
        name = name.lower() if folded is not text else name
        for pos in (
            folded.find(name, 0, BYLINE_WINDOW),
            folded.find(name, max(0, len(text) - BYLINE_WINDOW)),
        ):
            if pos >= 0:
                start = text.rfind("\n", 0, pos) + 1
                end = text.find("\n", pos)
                spans.append((start, len(text) if end < 0 else end))
    return sorted(set(spans))
