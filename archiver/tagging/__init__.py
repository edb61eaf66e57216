"""The tagger: outlet, places, people, organizations and IPTC topics for one article.

``tag_article`` is the one entry point the pipeline calls; it composes the specialised
taggers below. Every tagger works on the *normalized* text, and every span it reports is a
pair of character offsets into that text.

Contract of the pieces (each module owns one):
  outlet.detect_outlet(text, given=..., url=...)   -> OutletMatch | None   (.to_json(), .home)
  entities.find_mentions(text)                      -> list[Mention]        (PER/LOC/ORG/MISC spans)
  people.tag_people(text, mentions)                 -> list[dict]
  organizations.tag_organizations(text, mentions, outlet) -> list[dict]
  places.tag_locations(text, mentions, home=..., dateline=...) -> list[dict]
  topics.tag_topics(text, title=..., mentions=...)  -> list[dict]
"""

from __future__ import annotations

from typing import Any

TAGGER_VERSION = "1.0.0"


def tag_article(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    dateline: str | None = None,
) -> dict[str, Any]:
    """Tag one article.

    Args:
        text: the normalized article text (title line included); spans index into it.
        title: the title, when known (given by the user or found by normalization).
        outlet: an outlet name the user gave (``--outlet``); wins over every guess.
        url: the source URL the user gave; its domain identifies the outlet.
        dateline: the dateline place found by normalization ("HARTFORD, Conn.").

    Returns:
        ``{"outlet", "locations", "people", "organizations", "topics"}`` as JSON-ready values,
        in the shapes of DESIGN section 5.
    """
    from archiver.tagging import entities, organizations, outlet as outlet_mod, people, places, topics

    match = outlet_mod.detect_outlet(text, given=outlet, url=url)
    mentions = entities.find_mentions(text)
    return {
        "outlet": match.to_json() if match else None,
        "locations": places.tag_locations(
            text, mentions, home=match.home if match else None, dateline=dateline
        ),
        "people": people.tag_people(text, mentions),
        "organizations": organizations.tag_organizations(text, mentions, match),
        "topics": topics.tag_topics(text, title=title, mentions=mentions),
    }
