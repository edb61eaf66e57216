"""Normalize the text of one article and read its front matter (title, byline, dateline, date).

The normalized text is what the tagger indexes into and what the WARC ``conversion`` record holds,
so every step is conservative and recorded in ``Normalized.changes``:

1. mojibake repair: runs such as "â€™" that are UTF-8 read as windows-1252 are decoded back, but only
   when the whole run is valid UTF-8 (so "Ã" in real text is left alone);
2. a leading BOM is stripped; CRLF, CR, NEL, U+2028/U+2029, VT and FF become LF;
3. control and invisible format characters (C0/C1, ZWSP, stray BOMs, soft hyphens, lone
   surrogates) are removed;
4. Unicode NFC;
5. tabs, no-break and other odd spaces become a plain space, runs of spaces collapse, lines are
   stripped, runs of blank lines collapse to one, and the text ends with one newline;
6. boilerplate: whole short lines of page furniture ("Advertisement", "Share this article",
   "Contact Us", cookie notices, social-button rows) are removed anywhere; single generic words
   ("Menu", "Share", "Print") only above the first or below the last paragraph of prose.
   Copyright and wire-service notices are kept: they are evidence of the outlet. Photo captions are
   kept (they name places and people); bare credit lines ("Image source, Getty Images") are removed.

``normalize_article`` is idempotent: normalizing its own output changes nothing.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from archiver.inputs.byline import BYLINE_RE, read_byline
from archiver.inputs.dateline import AP_DATELINE_RE, parse_dateline

# --- characters --------------------------------------------------------------------------------

LINE_BREAK_RE = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
LINE_BREAK_HINT_RE = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u00ad\ufeff\ufffe\uffff\ud800-\udfff]")
ODD_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
MULTI_SPACE_RE = re.compile(" {2,}")


def _build_cp1252_table() -> dict[str, int]:
    """Map each character of a windows-1252 reading back to its byte (undefined bytes as C1)."""
    table: dict[str, int] = {}
    for byte in range(256):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte
    return table


CP1252_BYTES = _build_cp1252_table()
_CONT = "".join(re.escape(ch) for ch, byte in CP1252_BYTES.items() if 0x80 <= byte <= 0xBF)
_LEAD2 = "".join(re.escape(ch) for ch, byte in CP1252_BYTES.items() if 0xC2 <= byte <= 0xDF)
_LEAD3 = "".join(re.escape(ch) for ch, byte in CP1252_BYTES.items() if 0xE0 <= byte <= 0xEF)
_LEAD4 = "".join(re.escape(ch) for ch, byte in CP1252_BYTES.items() if 0xF0 <= byte <= 0xF4)
# One UTF-8 sequence (2, 3 or 4 bytes) as it looks when read as windows-1252.
MOJIBAKE_RE = re.compile(f"[{_LEAD2}][{_CONT}]|[{_LEAD3}][{_CONT}]{{2}}|[{_LEAD4}][{_CONT}]{{3}}")
# A single-class pattern scans much faster than the alternation: the cheap pre-check.
MOJIBAKE_HINT_RE = re.compile(f"[{_LEAD2}{_LEAD3}{_LEAD4}][{_CONT}]")
MAX_REPAIR_PASSES = 4
# Every character the first text steps act on (a mojibake lead, a line break, a control
# character, an odd space): a text without any (most) skips those steps after one scan
# instead of four.
STEP_CHAR_RE = re.compile(
    "["
    + LINE_BREAK_HINT_RE.pattern[1:-1]
    + CONTROL_RE.pattern[1:-1]
    + ODD_SPACE_RE.pattern[1:-1]
    + _LEAD2
    + _LEAD3
    + _LEAD4
    + "]"
)

# --- boilerplate -------------------------------------------------------------------------------

MAX_BOILERPLATE_LEN = 160
SOCIAL_WORDS = frozenset(
    "facebook twitter x email e-mail print linkedin whatsapp reddit pinterest share tweet copy link "
    "messenger telegram flipboard bluesky threads tumblr pocket sms comments comment save".split()
)
_SOCIAL_TOKEN_RE = re.compile(r"[A-Za-z-]+")
# Whole lines that are page furniture wherever they stand.
BOILERPLATE_RE = re.compile(
    r"""^(?:
      advertisement|advertising|sponsored(?:\ content)?|ad|paid\ content|promoted\ content
    | (?:story|article)\ continues\ (?:below|after)(?:\ (?:this\ )?(?:advertisement|ad))?
    | continue\ reading(?:\ (?:below|the\ main\ story))?|scroll\ to\ continue(?:\ with\ content)?
    | skip\ (?:to\ )?(?:main\ )?(?:content|navigation|ad|advertisement)
    | share\ (?:this|the)\ (?:article|story|page|post)(?:\ on\ \w+)?
    | share\ on\ (?:facebook|twitter|x|linkedin|whatsapp|reddit|email)
    | (?:sign\ up|subscribe|register)(?:\ now|\ today|\ here)?\ (?:for|to)\ (?:our|the|\w+(?:'s|’s)?)
      \ .{0,60}newsletters?.*
    | get\ (?:the\ latest|our|breaking).{0,80}(?:inbox|newsletter|alerts)\.?
    | click\ here\ (?:to|for)\b.*
    | follow\ (?:us|\S+(?:\ \S+){0,3})
      \ on\ (?:twitter|facebook|instagram|x|tiktok|threads|linkedin|youtube|bluesky)\b.*
    | (?:related|read\ more|read\ next|see\ also|also\ read|more\ on\ this\ story|recommended)
      (?:\ (?:articles|stories|content|links|coverage|topics))?\ ?:.*
    | related\ (?:articles|stories|content|links|coverage|topics)
    | read\ more|more\ stories|most\ read|most\ popular
    | contact\ us|about\ us|privacy\ policy|terms\ of\ (?:service|use)|cookie\ (?:policy|settings|preferences)
    | do\ not\ sell\ (?:or\ share\ )?my\ personal\ information|ad\ ?choices|accessibility\ statement
    | send\ (?:us\ )?(?:feedback|a\ news\ tip)|submit\ a\ (?:news\ )?tip
    | (?:we|this\ (?:web)?site)\ uses?\ cookies\b.*
    | by\ (?:continuing\ to\ use|using)\ (?:this|our)\ (?:web)?site\b.*
    | accept(?:\ all)?(?:\ cookies)?|reject\ all|manage\ (?:cookies|preferences|consent)
    | listen\ to\ (?:this\ )?(?:article|story)(?:\ \d+\ min(?:ute)?s?)?|\d+\ min(?:ute)?\ read
    | (?:copy|copied)\ (?:link|url)|show\ comments|leave\ a\ comment|view\ comments|\d+\ comments?
    | image\ caption|image\ source\s*,.*|(?:photo|image|picture|video)\ credits?\s*[:,].*
    | (?:getty\ images|afp\ via\ getty\ images|reuters/\w+|shutterstock|ap\ photo)
    | watch\ (?:the\ )?(?:video|live)|play\ video|video\ (?:player|unavailable)|loading\.{0,3}
    )\s*[.!:]?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Single generic words that are furniture only in the page header or footer.
EDGE_WORDS = frozenset(
    """menu home search close open share email print subscribe login log-in sign-in signin
    register news local weather sports watch live video videos more trending top-stories
    navigation back next previous newsletter newsletters comments""".split()
)
_EDGE_NORM_RE = re.compile(r"[\s_]+")
PROSE_MIN_WORDS = 8

# --- front matter ------------------------------------------------------------------------------

FRONT_LINES = 10
EDGE_LINES = 200  # lines read at each end of a very long text for its front matter and credits
MAX_SPLIT_CHARS = 200_000  # beyond this, a text is not split into a list of all its lines/words
WORD_RE = re.compile(r"\S+")
TAIL_LINES = 6
MAX_TITLE_LEN = 200
MAX_TITLE_WORDS = 25
TITLE_LOOKAHEAD = 3
MASTHEAD_MAX_WORDS = 3
TITLE_START_RE = re.compile(r"^[\"'“‘(\[]?[^\W_]")
URLISH_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

SEGMENT_SPLIT_RE = re.compile(r" [|•·] | [-–—] (?=(?:published|updated|posted)\b)", re.IGNORECASE)
MAX_FRONT_LINE_LEN = 200
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_TIME = r"\d{1,2}(?::\d{2}(?::\d{2})?)?\s*(?:[ap]\.?\s?m\.?|[AP]\.?\s?M\.?)|\d{1,2}:\d{2}(?::\d{2})?"
_TZ = r"(?:\s*(?P<tz>ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|Z))?"
DATE_RE = re.compile(
    rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}}(?=[T\s]|$|\D)"
    rf"|\d{{1,2}}/\d{{1,2}}/{_YEAR})"
    rf"(?:(?:T|,?\s+(?:at\s+)?|\s*[-–]\s*)(?P<time>{_TIME}|\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?){_TZ})?",
    re.IGNORECASE,
)
TIME_ANY_RE = re.compile(rf"(?P<time>{_TIME}){_TZ}", re.IGNORECASE)
DATE_KEYWORD_RE = re.compile(
    r"^(?P<kw>(?:first\s+|originally\s+)?published(?:\s+on)?|posted(?:\s+on)?|"
    r"(?:last\s+)?updated(?:\s+on)?|date)\s*:?\s*",
    re.IGNORECASE,
)
DATE_FILLER_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
    r"|on|at|the)\b\.?|[,|•·\-–—()]",
    re.IGNORECASE,
)
TZ_OFFSETS = {
    "GMT": "+00:00",
    "UTC": "+00:00",
    "Z": "+00:00",
    "BST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
}
MONTHS = {
    name: number
    for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
DIGITS_RE = re.compile(r"\d+")
MONTH_WORD_RE = re.compile(r"[A-Za-z]{3,}")
CLOCK_RE = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(?:\.\d+)?\s*(?:([ap])\.?\s?m\.?)?", re.IGNORECASE)
TZ_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}

# --- language ----------------------------------------------------------------------------------

LANGUAGE_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in a is that for on said with was it as at by he his her she from has have "
        "are were be this they their an who not will but its which had been would more after also".split()
    ),
    "fr": frozenset(
        "le la les de des du et est une un en que qui dans pour sur pas au aux avec il elle ce".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine zu den mit sich des auf für im dem von sie es auch".split()
    ),
    "es": frozenset("el la los las de del y que en un una por con para es se su al lo como más pero".split()),
    "it": frozenset("il lo la gli le di del della che e è un una per con non si da al sono nel".split()),
    "pt": frozenset("o a os as de do da dos das e que em um uma para com não se por no na ao".split()),
    "nl": frozenset("de het een en van is dat op te in zijn met voor niet die aan er ook".split()),
}
LANGUAGE_SAMPLE_CHARS = 1200
MIN_LANGUAGE_WORDS = 8
MIN_STOPWORD_SHARE = 0.12
MIN_LANGUAGE_LETTERS = 20  # fewer letters than this: no language is named
MIN_LANGUAGE_PROB = 0.75  # py3langid's normalized probability needed to name a language
FREE_PUNCTUATION = (" — ", " – ", " - ", " • ", " | ", " · ")


@dataclass(frozen=True)
class Normalized:
    """The normalized text of one article and what was read from its front matter."""

    text: str
    title: str | None = None
    byline: list[str] = field(default_factory=list)
    dateline: str | None = None
    published: str | None = None
    language: str = "und"
    word_count: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)


def normalize_article(text: str) -> Normalized:
    """Normalize an article's text and read its title, byline, dateline and published date.

    Args:
        text: the decoded article text (see ``archiver.inputs.decode.decode_bytes``).

    Returns:
        A ``Normalized`` whose ``text`` keeps the title line, so offsets the tagger computes on it
        stay valid, and whose ``changes`` record every step that changed something.
    """
    changes: list[dict[str, Any]] = []
    out = _normalize_text(text, changes)
    # Later steps can bring mojibake pieces together (a control character removed from between
    # them); run again until nothing changes, which is what makes the result idempotent.
    for _ in range(MAX_REPAIR_PASSES):
        if out.isascii() or not MOJIBAKE_HINT_RE.search(out) or not _repair_mojibake_once(out)[1]:
            break
        out = _normalize_text(out, changes)
    lines = _edge_lines(out)
    title = _find_title(lines)
    byline = _find_byline(lines)
    dateline, dateline_date = _find_dateline(lines)
    published = _find_published(lines, dateline_date)
    return Normalized(
        text=out,
        title=title,
        byline=byline,
        dateline=dateline,
        published=published,
        language=detect_language(out),
        word_count=count_words(out),
        changes=changes,
    )


# --- text steps ----------------------------------------------------------------------------------


def _normalize_text(text: str, changes: list[dict[str, Any]]) -> str:
    steps = STEP_CHAR_RE.search(text) is not None
    if steps:
        text = _repair_mojibake(text, changes)
        if text.startswith("\ufeff"):
            text = text[1:]
            changes.append({"op": "strip_bom"})
        text = _normalize_line_endings(text, changes)
        text, n = CONTROL_RE.subn("", text)
        if n:
            changes.append({"op": "remove_control", "count": n})
    if not unicodedata.is_normalized("NFC", text):
        before = len(text)
        text = unicodedata.normalize("NFC", text)
        changes.append({"op": "unicode_nfc", "count": max(before - len(text), 1)})
        steps = True  # (NFC maps U+2000 and U+2001 to other odd spaces)
    spaces = 0
    if steps:
        text, spaces = ODD_SPACE_RE.subn(" ", text)
    runs = 0
    if "  " in text:
        text, runs = MULTI_SPACE_RE.subn(" ", text)
    if len(text) > MAX_SPLIT_CHARS:
        out, stripped, blanks = _clean_lines_streaming(text, changes)
    else:
        lines = text.split("\n")
        stripped = 0
        for i, line in enumerate(lines):
            if line.startswith(" ") or line.endswith(" "):
                lines[i] = line.strip(" ")
                stripped += 1
        kept = _remove_boilerplate(lines, changes)
        del lines
        out, blanks = _join_lines(kept)
    count = spaces + runs + stripped + blanks
    if count:
        changes.append({"op": "collapse_whitespace", "count": count})
    return out


def _repair_mojibake(text: str, changes: list[dict[str, Any]]) -> str:
    if text.isascii() or not MOJIBAKE_HINT_RE.search(text):
        return text
    total = 0
    for _ in range(MAX_REPAIR_PASSES):
        text, n = _repair_mojibake_once(text)
        if not n:
            break
        total += n
    if total:
        changes.append({"op": "repair_mojibake", "count": total})
    return text


def _repair_mojibake_once(text: str) -> tuple[str, int]:
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        seq = match.group(0)
        try:
            fixed = bytes(CP1252_BYTES[ch] for ch in seq).decode("utf-8")
        except UnicodeDecodeError:
            return seq
        count += 1
        return fixed

    return MOJIBAKE_RE.sub(fix, text), count


def _normalize_line_endings(text: str, changes: list[dict[str, Any]]) -> str:
    if not LINE_BREAK_HINT_RE.search(text):
        return text
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    text, n = LINE_BREAK_RE.subn("\n", text)
    kinds = [name for name, k in (("CRLF", crlf), ("CR", cr), ("other", n - crlf - cr)) if k]
    changes.append({"op": "line_endings", "from": kinds[0] if len(kinds) == 1 else "mixed", "count": n})
    return text


def _remove_boilerplate(lines: list[str], changes: list[dict[str, Any]]) -> list[str]:
    """Drop furniture lines; edge-only words are judged after the anywhere-patterns are gone.

    Kept lines and their numbers travel in two flat lists (not one tuple per line): a hostile
    input of millions of short lines must not cost a hundred bytes of bookkeeping per line.
    """
    from array import array

    removed: list[dict[str, Any]] = []
    kept: list[str] = []
    numbers = array("q")
    for number, line in enumerate(lines, start=1):
        if line and len(line) <= MAX_BOILERPLATE_LEN and _is_boilerplate(line):
            removed.append({"op": "remove_boilerplate", "line": number, "text": line})
        else:
            kept.append(line)
            numbers.append(number)
    first, last = len(kept), -1
    for i, line in enumerate(kept):
        if line.count(" ") + 1 >= PROSE_MIN_WORDS:
            first = min(first, i)
            last = i
    result: list[str] = []
    for i, line in enumerate(kept):
        if (i < first or i > last) and line and _is_edge_word(line):
            removed.append({"op": "remove_boilerplate", "line": numbers[i], "text": line})
        else:
            result.append(line)
    changes.extend(sorted(removed, key=lambda change: change["line"]))
    return result


def _is_boilerplate(line: str) -> bool:
    if BOILERPLATE_RE.match(line):
        return True
    if len(line) > 80 or " " not in line:
        return False
    tokens = _SOCIAL_TOKEN_RE.findall(line)
    return (
        len(tokens) >= 2
        and all(t.lower() in SOCIAL_WORDS for t in tokens)
        and not any(c.isdigit() for c in line)
        and line.rstrip(" |•·/")
        .replace("|", " ")
        .replace("•", " ")
        .replace("·", " ")
        .replace("/", " ")
        .replace(",", " ")
        .split()
        == tokens
    )


def _is_edge_word(line: str) -> bool:
    if len(line) > 20:
        return False
    return _EDGE_NORM_RE.sub("-", line.strip(" .:›»>").lower()) in EDGE_WORDS


def _iter_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (``text.split("\\n")`` without the list)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _clean_lines_streaming(text: str, changes: list[dict[str, Any]]) -> tuple[str, int, int]:
    """Strip, drop boilerplate and join the lines of a very long text without a list of them.

    The same result as the list steps (strip → ``_remove_boilerplate`` → ``_join_lines``), in two
    passes over the text: a hostile input of millions of short lines would otherwise hold ~60
    bytes per line. Returns (text, lines stripped, blank lines dropped).
    """
    first, last, k = -1, -1, 0
    for raw in _iter_lines(text):
        line = raw.strip(" ")
        if line and len(line) <= MAX_BOILERPLATE_LEN and _is_boilerplate(line):
            continue
        if line.count(" ") + 1 >= PROSE_MIN_WORDS:
            first = k if first < 0 else first
            last = k
        k += 1
    if first < 0:
        first = k
    buf = io.StringIO()
    removed: list[dict[str, Any]] = []
    stripped = dropped = trailing = 0
    have = pending = False
    k = 0
    for number, raw in enumerate(_iter_lines(text), start=1):
        line = raw.strip(" ")
        if line is not raw and line != raw:
            stripped += 1
        if line and len(line) <= MAX_BOILERPLATE_LEN and _is_boilerplate(line):
            removed.append({"op": "remove_boilerplate", "line": number, "text": line})
            continue
        i, k = k, k + 1
        if (i < first or i > last) and line and _is_edge_word(line):
            removed.append({"op": "remove_boilerplate", "line": number, "text": line})
            continue
        if not line:
            trailing += 1
            if not have or pending:
                dropped += 1
            else:
                pending = True
            continue
        trailing = 0
        if have:
            buf.write("\n\n" if pending else "\n")
        buf.write(line)
        have, pending = True, False
    if trailing and not have:
        dropped -= 1  # the final newline itself is not a dropped blank line (as _join_lines)
    changes.extend(removed)
    out = buf.getvalue()
    return (out + "\n" if have else ""), stripped, dropped


def _join_lines(lines: list[str]) -> tuple[str, int]:
    """Join lines with one blank line at most between paragraphs and one final newline."""
    out: list[str] = []
    dropped = 0
    if lines and not lines[-1]:
        lines = lines[:-1]  # the final newline itself
    for line in lines:
        if not line and (not out or not out[-1]):
            dropped += 1
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
        dropped += 1
    if not out:
        return "", dropped
    return "\n".join(out) + "\n", dropped


# --- front matter ----------------------------------------------------------------------------------


def _front(lines: list[str], limit: int = FRONT_LINES, short: bool = False) -> list[tuple[int, str]]:
    """The first ``limit`` non-blank lines, or only the short ones among them."""
    found: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line:
            if short and len(line) > MAX_FRONT_LINE_LEN:
                limit -= 1
                if limit <= 0:
                    break
                continue
            found.append((i, line))
            if len(found) >= limit:
                break
    return found


def _find_title(lines: list[str]) -> str | None:
    """The headline: the first headline-like line at the top, skipping a short masthead above it.

    A page paste often starts with the outlet's name ("NBC Connecticut") above the headline, so a
    line of three words or fewer gives way to a longer headline-like line right below it.
    """
    found: list[str] = []
    for _i, line in _front(lines, TITLE_LOOKAHEAD):
        if not _looks_like_headline(line):
            break
        found.append(line)
    if not found:
        return None
    for line in found:
        if len(line.split()) > MASTHEAD_MAX_WORDS:
            return line
    return found[0]


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    if len(line) > MAX_TITLE_LEN or len(words) > MAX_TITLE_WORDS or len(words) < 2 and len(line) < 4:
        return False
    if not TITLE_START_RE.match(line) or URLISH_RE.match(line) or BYLINE_RE.match(line):
        return False
    if DATE_KEYWORD_RE.match(line) or _date_only(line) or AP_DATELINE_RE.match(line):
        return False
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return False
    all_caps = all(c.isupper() for c in letters) and len(letters) > 1
    if line.endswith(".") and not all_caps and not line.endswith(("..", "Jr.", "Sr.", "Inc.", "Co.", "U.S.")):
        return False
    return not line.endswith((",", ";", ":"))


def _find_byline(lines: list[str]) -> list[str]:
    return read_byline([line for _i, line in _front(lines, short=True)], _tail(lines))


def _find_dateline(lines: list[str]) -> tuple[str | None, str | None]:
    for _i, line in _front(lines):
        found = parse_dateline(line)
        if found is not None:
            return found.place, found.date
    return None, None


def _find_published(lines: list[str], dateline_date: str | None) -> str | None:
    """Find the publication date in the front matter: keyword lines, date-only lines, datelines."""
    published: str | None = None
    bare: str | None = None
    updated: str | None = None
    candidates = [line for _i, line in _front(lines, short=True)] + _tail(lines)
    for line in candidates:
        for segment in SEGMENT_SPLIT_RE.split(line):
            segment = segment.strip()
            km = DATE_KEYWORD_RE.match(segment)
            if km:
                value = _parse_date(segment[km.end() :], strict=False)
                if value is None:
                    continue
                if km.group("kw").lower().startswith("updated") or "updated" in km.group("kw").lower():
                    updated = updated or value
                else:
                    published = published or value
            elif bare is None and len(segment) <= 60 and _date_only(segment):
                bare = _parse_date(segment, strict=True)
    return published or bare or dateline_date or updated


def _date_only(segment: str) -> bool:
    if "19" not in segment and "20" not in segment:
        return False  # every form of DATE_RE holds a year: most lines are settled without it
    m = DATE_RE.search(segment)
    if not m:
        return False
    rest = segment[: m.start()] + " " + segment[m.end() :]
    rest = TIME_ANY_RE.sub("", rest)
    return not DATE_FILLER_RE.sub("", rest).strip()


def _parse_date(segment: str, strict: bool) -> str | None:
    """Parse the first date (and time) in ``segment`` into an ISO 8601 string.

    The regex has already found the parts, so they are read directly (dateutil's general parser
    costs ~0.1 ms a call); dateutil supplies the US time zones, whose offset depends on the date.
    """
    m = DATE_RE.search(segment)
    if not m or (not strict and m.start() > 40):
        return None
    day_text, time_text, tz = m.group("date"), m.group("time"), m.group("tz")
    if not time_text:
        before = list(TIME_ANY_RE.finditer(segment[: m.start()]))
        if before:
            time_text, tz = before[-1].group("time"), before[-1].group("tz")
    day = _read_day(day_text)
    if day is None:
        return None
    if not time_text:
        return day.isoformat()
    if (
        "-" in day_text
        and ":" in time_text
        and (time_text[-1] == "Z" or "+" in time_text or "-" in time_text)
    ):
        try:
            return datetime.fromisoformat(f"{day.isoformat()}T{time_text}").isoformat()
        except ValueError:
            return day.isoformat()
    stamp = _read_time(day, time_text)
    if stamp is None:
        return day.isoformat()
    if tz:
        tz = tz.upper()
        if tz in TZ_OFFSETS:
            return stamp.isoformat() + TZ_OFFSETS[tz]
        zone = _zone(TZ_ZONES[tz]) if tz in TZ_ZONES else None
        if zone is not None:
            return stamp.replace(tzinfo=zone).isoformat()
    return stamp.isoformat()


def _read_day(text: str) -> date | None:
    numbers = [int(n) for n in DIGITS_RE.findall(text)]
    try:
        if "-" in text:
            return date(numbers[0], numbers[1], numbers[2])
        if "/" in text:
            return date(numbers[2], numbers[0], numbers[1])  # US order, as the outlets we read use
        month = MONTHS[MONTH_WORD_RE.search(text).group(0)[:3].lower()]  # type: ignore[union-attr]
        return date(numbers[-1], month, numbers[0])
    except (ValueError, IndexError, KeyError, AttributeError):
        return None


def _read_time(day: date, text: str) -> datetime | None:
    m = CLOCK_RE.match(text)
    if not m:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    meridiem = (m.group(4) or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    try:
        return datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _zone(name: str) -> Any:
    from dateutil import tz as date_tz  # only articles with a zoned time pay the import

    return date_tz.gettz(name)


def _tail(lines: list[str]) -> list[str]:
    """The last few non-blank lines that are short enough to be a credit or date line."""
    found: list[str] = []
    for line in reversed(lines):
        if line:
            if len(line) <= MAX_FRONT_LINE_LEN:
                found.append(line)
            if len(found) + 1 > TAIL_LINES:
                break
    return found[::-1]


def _edge_lines(text: str) -> list[str]:
    """The lines front matter and credits are read from: all of them, or for a very long text
    the first and last ``EDGE_LINES`` (a hostile input of millions of lines is not split whole)."""
    if text.count("\n", 0, MAX_SPLIT_CHARS) <= 2 * EDGE_LINES and len(text) <= MAX_SPLIT_CHARS:
        return text.split("\n")
    return [*text.split("\n", EDGE_LINES)[:EDGE_LINES], "", *text.rsplit("\n", EDGE_LINES)[1:]]


def count_words(text: str) -> int:
    """Count whitespace-separated words, not counting free-standing dashes and bullets.

    >>> count_words("Rain — then sun - and wind • 2 days")
    7
    """
    if len(text) > MAX_SPLIT_CHARS:  # count without a list of millions of words
        words = sum(1 for _ in WORD_RE.finditer(text))
    else:
        words = len(text.split())
    return words - sum(text.count(mark) for mark in FREE_PUNCTUATION)


def detect_language(text: str) -> str:
    """Guess the language (ISO 639-1) from stopword shares; "und" when unsure.

    >>> detect_language("The mayor said on Monday that the city would not change its policy on the matter.")
    'en'
    """
    # Plain split: a stopword glued to punctuation ("the,") is rare enough not to matter.
    sample = text[:LANGUAGE_SAMPLE_CHARS].lower().split()
    if len(sample) >= MIN_LANGUAGE_WORDS:
        counts = Counter(sample)
        words = counts.keys()
        # (the stopwords present, by a set intersection in C, rather than every stopword looked up)
        scores = sorted(
            (
                (sum(map(counts.__getitem__, words & stops)), lang)
                for lang, stops in LANGUAGE_STOPWORDS.items()
            ),
            reverse=True,
        )
        (top, best), (runner_up, _second) = scores[0], scores[1]
        if top >= MIN_STOPWORD_SHARE * len(sample) and top >= 1.5 * runner_up:
            return best
    return _identified_language(text[:LANGUAGE_SAMPLE_CHARS])


def _identified_language(sample: str) -> str:
    """py3langid's answer where the stopword test is unsure (Russian, Polish, Japanese, ...),
    when it is confident; "und" otherwise, and where py3langid is not installed."""
    if sum(c.isalpha() for c in sample) < MIN_LANGUAGE_LETTERS:
        return "und"
    identifier = _language_identifier()
    if identifier is None:
        return "und"
    lang, prob = identifier.classify(sample)
    return lang if prob >= MIN_LANGUAGE_PROB else "und"


@functools.lru_cache(maxsize=1)
def _language_identifier():
    try:  # loads a model of ~2 MB: only when the stopword test could not tell
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
