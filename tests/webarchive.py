"""A small archive for the web tests: the articles of ``articles.py`` plus two written for these tests
(one whose title and text are HTML an attacker would like rendered), with outlets and dates given."""

from __future__ import annotations

import io
import itertools
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from articles import DANBURY, EARNINGS, HARTFORD_BUDGET, NAIROBI_FLOODS

XSS_TITLE = "<script>alert(1)</script>"
XSS_TEXT = "<img src=x onerror=alert(2)>"

BOUGHTON_AGAIN = """Danbury Mayor Defends Police Overtime

DANBURY, Conn. — Mayor Mark Boughton defended the police department's overtime bill on Friday,
saying the city had to cover shifts while several officers were on leave.

Boughton told the Danbury City Council that overtime would fall once new recruits finish training
in the spring.
"""

XSS_BODY = f"""Danbury Library Tests a New Catalogue

DANBURY, Conn. — The Danbury Public Library began testing a new online catalogue this week. A
librarian said a web page that showed {XSS_TEXT} as a picture had confused the old system.
"""

# (key, text, outlet, title, published)
ARTICLES = [
    ("danbury", DANBURY, "NBC Connecticut", None, "2024-02-03"),
    ("hartford", HARTFORD_BUDGET, "Hartford Courant", None, "2024-02-20"),
    ("boughton", BOUGHTON_AGAIN, "Hartford Courant", None, "2024-03-15"),
    ("xss", XSS_BODY, "NBC Connecticut", XSS_TITLE, "2024-03-01"),
    ("nairobi", NAIROBI_FLOODS, "Reuters", None, "2024-04-10"),
    ("earnings", EARNINGS, "Reuters", None, None),
]


def jsonl() -> bytes:
    """The articles as the JSONL ``archiver add --format jsonl`` reads."""
    lines = []
    for key, text, outlet, title, published in ARTICLES:
        row = {"text": text, "outlet": outlet, "url": f"https://news.example.com/{key}"}
        if title:
            row["title"] = title
        if published:
            row["published"] = published
        lines.append(json.dumps(row))
    return ("\n".join(lines) + "\n").encode()


def build(root: Path) -> dict[str, str]:
    """Create the archive at ``root`` (clock and record ids pinned); return {key: article id}."""
    from archiver.inputs.reader import iter_inputs
    from archiver.store.archive import AddOptions, open_archive

    start = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    ticks = itertools.count()
    counter = itertools.count(1)
    with open_archive(
        root,
        create=True,
        clock=lambda: start + timedelta(milliseconds=next(ticks)),
        make_id=lambda: f"<urn:uuid:{uuid.UUID(int=next(counter))}>",
    ) as archive:
        items = iter_inputs(["-"], fmt="jsonl", stdin=io.BytesIO(jsonl()))
        results = list(archive.add(items, AddOptions(jobs=1)))
    assert [r.status for r in results] == ["added"] * len(ARTICLES), results
    return {key: r.id for (key, *_), r in zip(ARTICLES, results, strict=True)}
