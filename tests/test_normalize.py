"""Tests for archiver.inputs.normalize: text clean-up, boilerplate, and front matter."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.inputs.decode import decode_bytes
from archiver.inputs.normalize import Normalized, count_words, detect_language, normalize_article

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

BODY = (
    "The Board of Aldermen met for three hours on Tuesday night and heard from more than forty residents.\n"
    "\n"
    "Most of them asked the city to delay the vote until the spring, when the budget is final.\n"
)


def ops(result: Normalized) -> list[str]:
    return [change["op"] for change in result.changes]


# --- text clean-up ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "op"),
    [
        pytest.param("One line\r\nTwo line\r\n", "One line\nTwo line\n", "line_endings", id="crlf"),
        pytest.param("One line\rTwo line\r", "One line\nTwo line\n", "line_endings", id="cr"),
        pytest.param("One\u2028Two\x0cThree", "One\nTwo\nThree\n", "line_endings", id="unicode-breaks"),
        pytest.param("\ufeffHello world", "Hello world\n", "strip_bom", id="bom"),
        pytest.param("Cafe\u0301 au lait", "Café au lait\n", "unicode_nfc", id="nfc"),
        pytest.param("Bell\x07 and\x1b escape\x9d", "Bell and escape\n", "remove_control", id="controls"),
        pytest.param(
            "zero\u200bwidth and soft\u00adhyphen",
            "zerowidth and softhyphen\n",
            "remove_control",
            id="invisible",
        ),
        pytest.param("a\tb\u00a0c\u2009d\u3000e", "a b c d e\n", "collapse_whitespace", id="odd-spaces"),
        pytest.param(
            "trailing   \n  leading", "trailing\nleading\n", "collapse_whitespace", id="strip-lines"
        ),
        pytest.param("one  two     three", "one two three\n", "collapse_whitespace", id="space-runs"),
        pytest.param(
            "para one\n\n\n\n\npara two\n\n\n",
            "para one\n\npara two\n",
            "collapse_whitespace",
            id="blank-runs",
        ),
        pytest.param(
            "It\u00e2\u20ac\u2122s a \u00e2\u20ac\u0153test\u00e2\u20ac\x9d",
            "It’s a “test”\n",
            "repair_mojibake",
            id="mojibake",
        ),
        pytest.param(
            "Caf\u00c3\u00a9 cr\u00c3\u00a8me", "Café crème\n", "repair_mojibake", id="mojibake-latin"
        ),
        pytest.param(
            "It\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s done",
            "It’s done\n",
            "repair_mojibake",
            id="double-mojibake",
        ),
    ],
)
def test_text_cleanup(raw: str, expected: str, op: str) -> None:
    result = normalize_article(raw)
    assert result.text == expected
    assert op in ops(result)


@pytest.mark.parametrize(
    "text",
    [
        "São Paulo, Ärger, and a real Ã alone stays.",  # "Ã" without a valid sequence after it
        "Prices rose 5 ¢ and the café’s “special” costs €4.",
        "Plain ASCII text stays as it is.",
    ],
)
def test_no_false_mojibake_repair(text: str) -> None:
    result = normalize_article(text)
    assert "repair_mojibake" not in ops(result)


def test_clean_text_records_no_changes() -> None:
    result = normalize_article("Clean Headline\n\n" + BODY)
    assert result.changes == []
    assert result.text == "Clean Headline\n\n" + BODY


def test_crlf_change_names_the_kind() -> None:
    result = normalize_article("A\r\nB\r\n")
    assert {"op": "line_endings", "from": "CRLF", "count": 2} in result.changes
    assert (
        next(c for c in normalize_article("A\r\nB\rC").changes if c["op"] == "line_endings")["from"]
        == "mixed"
    )


def test_empty_and_blank_text() -> None:
    for raw in ("", "   \n\n\t", "\ufeff"):
        result = normalize_article(raw)
        assert result.text == "" and result.title is None and result.word_count == 0
        assert result.language == "und"


# --- boilerplate -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Contact Us",
        "Share this article",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Skip to content",
        "Sign up for our newsletter",
        "Subscribe to the Morning Briefing newsletter for the latest headlines",
        "Click here to download our free app.",
        "Follow us on Twitter",
        "Follow NBC Connecticut on Facebook",
        "Related: Budget talks stall again at the Capitol",
        "Read more: How the vote went",
        "READ MORE:",
        "Facebook Twitter Email",
        "Facebook | Twitter | LinkedIn | Copy link",
        "We use cookies to give you the best experience on our website.",
        "Accept all cookies",
        "Image source, Getty Images",
        "Privacy Policy",
        "Listen to this article",
        "4 min read",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    result = normalize_article(f"Council Delays Vote\n\n{BODY}\n{line}\n\n{BODY}\n{line}\n")
    assert line not in result.text.split("\n")
    removed = [c for c in result.changes if c["op"] == "remove_boilerplate"]
    assert [c["text"] for c in removed] == [line, line]
    assert [c["line"] for c in removed] == [7, 13]


@pytest.mark.parametrize(
    "line",
    [
        "Residents said they would contact us again if the plan changed.",  # a sentence, not a link
        "Advertisement revenue at the paper fell by a third last year.",
        "Click here, he said, was the only instruction on the page.",
        "Share",  # a generic word inside the story is kept
        "Copyright 2025 The Associated Press. All rights reserved.",
        "© 2025 Hartford Courant",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Image caption, Residents gathered outside City Hall on Monday",
    ],
)
def test_story_lines_and_notices_are_kept(line: str) -> None:
    result = normalize_article(f"Council Delays Vote\n\n{BODY}\n{line}\n\n{BODY}")
    assert line in result.text.split("\n")


def test_edge_words_only_at_top_and_bottom() -> None:
    raw = f"Menu\nSearch\nHome\nCouncil Delays Vote\n\n{BODY}\nShare\n\n{BODY}\nPrint\nEmail\n"
    result = normalize_article(raw)
    lines = result.text.split("\n")
    assert lines[0] == "Council Delays Vote" and result.title == "Council Delays Vote"
    assert "Share" in lines
    assert "Print" not in lines and "Email" not in lines


def test_footer_without_final_newline() -> None:
    result = normalize_article(f"Council Delays Vote\n\n{BODY}\nContact Us")
    assert result.text.endswith("spring, when the budget is final.\n")


# --- front matter ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("Danbury Council Delays Vote on Library Hours", "Danbury Council Delays Vote on Library Hours"),
        ("Is the Bridge Safe? Engineers Say Yes", "Is the Bridge Safe? Engineers Say Yes"),
        ("SOCCER - CITY WIN DERBY IN THE RAIN.", "SOCCER - CITY WIN DERBY IN THE RAIN."),
        ("“We will not back down,” Mayor Says", "“We will not back down,” Mayor Says"),
        ("The council met on Tuesday and heard from more than forty residents about the plan.", None),
        ("By Jane Roe", None),
        ("March 3, 2024", None),
        ("https://www.example.com/news/story", None),
        ("HARTFORD, Conn. (AP) — The governor signed the bill.", None),
    ],
)
def test_title(first: str, title: str | None) -> None:
    result = normalize_article(f"{first}\n\n{BODY}")
    assert result.title == title
    if title:
        assert result.text.startswith(title)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Roe", ["Jane Roe"]),
        ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
        ("By JANE ROE, Associated Press", ["Jane Roe"]),
        ("BY JANE ROE and MARY O'NEILL, Associated Press", ["Jane Roe", "Mary O'Neill"]),
        ("By Ana de la Cruz, Tom Price & Lee Wong", ["Ana de la Cruz", "Tom Price", "Lee Wong"]),
        ("By Jane Roe | Published March 3, 2024", ["Jane Roe"]),
        ("By Jane Roe • Published March 3, 2024 • Updated on March 4, 2024 at 9:10 am", ["Jane Roe"]),
        ("By Jane Roe, Staff Writer", ["Jane Roe"]),
        ("By The Associated Press", []),
        ("By staff", []),
    ],
)
def test_byline(line: str, names: list[str]) -> None:
    assert normalize_article(f"Council Delays Vote\n{line}\n\n{BODY}").byline == names


def test_reuters_style_credit_at_the_end() -> None:
    raw = f"Council Delays Vote\n\n{BODY}\nReporting by Wanjiru Kamau in Nairobi; Editing by Peter Holt\n"
    assert normalize_article(raw).byline == ["Wanjiru Kamau"]


@pytest.mark.parametrize(
    ("first_para", "dateline"),
    [
        ("HARTFORD, Conn. (AP) — The governor signed the bill on Monday.", "HARTFORD, Conn."),
        ("SPRINGFIELD, Ill. (AP) — Lawmakers returned to the Capitol.", "SPRINGFIELD, Ill."),
        ("NAIROBI, Kenya (Reuters) - Kenya's central bank held rates.", "NAIROBI, Kenya"),
        ("NAIROBI, March 3 (Reuters) - Kenya's central bank held rates.", "NAIROBI"),
        ("PARIS — The city will close the bridge for repairs.", "PARIS"),
        ("ST. LOUIS — The team traded its closer.", "ST. LOUIS"),
        ("LONDON 1996-08-30", "LONDON"),
        ("UPDATE — The road has reopened.", None),
        ("The governor signed the bill on Monday in HARTFORD.", None),
    ],
)
def test_dateline(first_para: str, dateline: str | None) -> None:
    assert normalize_article(f"Council Delays Vote\n\n{first_para}\n\n{BODY}").dateline == dateline


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published March 3, 2024", "2024-03-03"),
        ("Published: Jan. 5, 2025", "2025-01-05"),
        ("Updated: 2024-03-03 10:15 a.m. ET", "2024-03-03T10:15:00-05:00"),
        ("Updated: 2024-07-03 10:15 a.m. ET", "2024-07-03T10:15:00-04:00"),
        ("Posted Sept. 9, 2023 at 4:05 PM EDT", "2023-09-09T16:05:00-04:00"),
        ("Monday, March 3, 2025", "2025-03-03"),
        ("3 March 2025", "2025-03-03"),
        ("2025-03-03T08:30:00Z", "2025-03-03T08:30:00+00:00"),
        ("Jan. 5, 2025", "2025-01-05"),
        ("10:15 AM EST, Mon March 3, 2025", "2025-03-03T10:15:00-05:00"),
        ("LONDON 1996-08-30", "1996-08-30"),
        ("Published March 3", None),  # no year: never guessed
    ],
)
def test_published(line: str, published: str | None) -> None:
    assert normalize_article(f"Council Delays Vote\n{line}\n\n{BODY}").published == published


def test_published_prefers_published_over_updated() -> None:
    raw = f"Council Delays Vote\nUpdated March 5, 2024\nPublished March 3, 2024\n\n{BODY}"
    assert normalize_article(raw).published == "2024-03-03"


def test_dates_in_the_story_are_not_the_published_date() -> None:
    raw = (
        "Council Delays Vote\n\n"
        "The vote, first set for March 3, 2024, was moved after residents asked for more time.\n\n"
        "Officials said the hearing on April 9, 2024 would be the last one before the budget.\n"
    )
    assert normalize_article(raw).published is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (BODY, "en"),
        ("Le maire de la ville a annoncé que le pont sera fermé pour des travaux pendant un mois.", "fr"),
        (
            "Der Bürgermeister sagte, dass die Brücke für einen Monat geschlossen wird und die Stadt zahlt.",
            "de",
        ),
        ("El alcalde dijo que el puente estará cerrado por un mes para obras de la ciudad.", "es"),
        ("12-4 3-1 7-7 0-2", "und"),
        ("Short", "und"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert normalize_article(text).language == language


def test_word_count() -> None:
    assert normalize_article("Rain — then sun.\nWind, 20 mph").word_count == 6
    assert count_words("") == 0


def test_result_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        normalize_article("x").text = "y"  # type: ignore[misc]


# --- properties ------------------------------------------------------------------------------------

FURNITURE = ["Contact Us", "Advertisement", "Share", "Menu", "Facebook Twitter Email", "Related: More", ""]
PIECES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        FURNITURE
        + [
            "\r\n",
            "\r",
            "\n\n\n",
            "\ufeff",
            "\u00a0",
            "\t",
            "e\u0301",
            "\u00e2\u20ac\u2122",
            "\u00c3",
            "\u00a9",
            "\x9d",
            "\x00",
            "\u2028",
            "By JANE ROE",
            "HARTFORD, Conn. (AP) — ",
            "Published March 3, 2024",
            "  ",
        ]
    ),
)
ARTICLES = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(ARTICLES)
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize_article(text)
    twice = normalize_article(once.text)
    assert twice.text == once.text
    assert twice.title == once.title and twice.byline == once.byline
    assert twice.dateline == once.dateline and twice.published == once.published


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_idempotent_on_any_text(text: str) -> None:
    once = normalize_article(text).text
    assert normalize_article(once).text == once
    assert "\r" not in once and "\ufeff" not in once
    assert once == "" or (once.endswith("\n") and not once.endswith("\n\n"))
    once.encode("utf-8")  # no lone surrogates survive


# --- samples and speed ------------------------------------------------------------------------------


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_samples_normalize(path: Path) -> None:
    text, _charset = decode_bytes(path.read_bytes())
    result = normalize_article(text)
    assert result.title, path.name
    assert result.language == "en"
    assert 150 <= result.word_count <= 700
    assert normalize_article(result.text).text == result.text


def test_speed_of_a_3kb_article() -> None:
    article = ("Council Delays Vote\nBy Jane Roe\nPublished March 3, 2024\n\n" + BODY * 20)[:3000]
    normalize_article(article)
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        normalize_article(article)
    per_article = (time.perf_counter() - start) / runs
    assert per_article < 0.005  # generous for slow CI; measured ~0.15 ms on the dev machine


def test_sample_encodings_are_what_the_readme_says() -> None:
    expected = {
        "hartford-budget-ap-utf8-bom.txt": "UTF-8",
        "springfield-illinois-pension-crlf.txt": "UTF-8",
        "paris-metro-strike-windows-1252.txt": "windows-1252",
        "nairobi-mobile-money-utf16.txt": "UTF-16",
    }
    for name, charset in expected.items():
        data = (SAMPLES / name).read_bytes()
        text, found = decode_bytes(data)
        assert found == charset, name
        assert "é" in text or "’" in text or name != "paris-metro-strike-windows-1252.txt"
    assert (SAMPLES / "hartford-budget-ap-utf8-bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (SAMPLES / "springfield-illinois-pension-crlf.txt").read_bytes()


def test_sample_front_matter() -> None:
    def read(name: str) -> Normalized:
        return normalize_article(decode_bytes((SAMPLES / name).read_bytes())[0])

    danbury = read("danbury-council-ice-nbc-connecticut.txt")
    assert danbury.title == "Danbury Mayor Says City Will Not Join New ICE Agreement"
    assert danbury.byline == ["Alicia Moreno"] and danbury.published == "2025-02-12"
    assert {"Contact Us", "Share this article", "Advertisement"} <= {
        c["text"] for c in danbury.changes if c["op"] == "remove_boilerplate"
    }
    assert "Danbury" in danbury.text and "Connecticut" in danbury.text
    hartford = read("hartford-budget-ap-utf8-bom.txt")
    assert hartford.byline == ["Marisa Kelleher", "Thomas Brandt"]
    assert hartford.dateline == "HARTFORD, Conn." and hartford.published == "2025-06-04"
    assert "All rights reserved" in hartford.text
    assert read("london-markets-allcaps.txt").dateline == "LONDON"


def test_batch_jsonl_lines() -> None:
    import json

    lines = (SAMPLES / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 5
    for line in lines:
        item = json.loads(line)
        assert set(item) <= {"text", "id", "url", "outlet", "title", "published"} and item["text"]
        result = normalize_article(item["text"])
        assert 150 <= result.word_count <= 600 and result.language == "en"
        if "title" in item:
            assert result.title == item["title"]
