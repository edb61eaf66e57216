"""The tagger: outlet, places, people, organizations and IPTC topics for one article.

``tag_article`` is the one entry point the pipeline calls; it composes the specialised
taggers below. Every tagger works on the *normalized* text, and every span it reports is a
pair of character offsets into that text.

Contract of the pieces (each module owns one):
  outlet.detect_outlet(text, given=..., url=...)   -> OutletMatch | None   (.to_json(), .home)
  entities.find_mentions(text)                      -> list[Mention]        (PER/LOC/ORG/MISC spans)
  labels.reconcile_mentions(text, mentions)         -> list[Mention]        (document-level label rules)
  people.tag_people(text, mentions)                 -> list[dict]
  organizations.tag_organizations(text, mentions, outlet) -> list[dict]
  places.tag_locations(text, mentions, home=..., dateline=...) -> list[dict]
  topics.tag_topics(text, title=..., mentions=...)  -> list[dict]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

TAGGER_VERSION = "1.1.0"


def tag_article(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    dateline: str | None = None,
    byline: list[str] | None = None,
    furniture: Sequence[str] = (),
) -> dict[str, Any]:
    """Tag one article.

    Args:
        text: the normalized article text (title line included); spans index into it.
        title: the title, when known (given by the user or found by normalization).
        outlet: an outlet name the user gave (``--outlet``); wins over every guess.
        url: the source URL the user gave; its domain identifies the outlet.
        dateline: the dateline place found by normalization ("HARTFORD, Conn.").
        byline: the authors found by normalization; the byline line is not part of the story, so
            its names are neither people in the story nor places ("By Alicia Moreno").
        furniture: page-furniture lines normalization removed ("Follow BBC Cumbria on
            Facebook"): not story text, but evidence of who published it, so only the outlet
            detector reads them.

    Returns:
        ``{"outlet", "locations", "people", "organizations", "topics"}`` as JSON-ready values,
        in the shapes of DESIGN section 5.
    """
    from archiver.inputs.byline import byline_spans
    from archiver.tagging import entities, labels, organizations, people, places, topics
    from archiver.tagging import outlet as outlet_mod

    outlet_text = text + "\n\n" + "\n".join(furniture) if furniture else text
    match = outlet_mod.detect_outlet(outlet_text, given=outlet, url=url)
    mentions = labels.reconcile_mentions(text, entities.find_mentions(text))
    skip = byline_spans(text, byline) if byline else []
    if skip:
        mentions = [m for m in mentions if not _inside(m.start, skip)]
    locations = places.tag_locations(text, mentions, home=match.home if match else None, dateline=dateline)
    if skip:
        locations = [p for p in locations if not all(_inside(a, skip) for a, _ in p["spans"])]
    return {
        "outlet": match.to_json() if match else None,
        "locations": locations,
        "people": people.tag_people(text, mentions),
        "organizations": organizations.tag_organizations(text, mentions, match),
        "topics": topics.tag_topics(text, title=title, mentions=mentions),
    }


def removed_furniture(changes: Sequence[dict[str, Any]]) -> list[str]:
    """The page-furniture lines a normalization removed (its ``changes`` records), for
    ``tag_article(furniture=...)``."""
    return [c["text"] for c in changes if c.get("op") == "remove_boilerplate" and c.get("text")]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)
