"""Saved web pages: trafilatura extraction, page metadata, and markup never reaching the tagger."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from archiver.cli import main
from archiver.errors import InputError
from archiver.inputs import html as html_mod
from archiver.inputs.html import ExtractionTimeout, extract_page, looks_like_html
from archiver.warc import read_record, target_uri_for
from tests.crawls import HARTFORD_PARAGRAPHS, page_html


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", None, True),
        (b"\xef\xbb\xbf  <!doctype HTML>\n<html>", None, True),
        (b"<!-- saved from url=(0014)about:internet -->\n<html lang=en>", None, True),
        (b"<html>\n<head>", None, True),
        (b"Danbury council meets <html> tonight", None, False),
        (b"Plain story text.", "story.HTM", True),
        (b"Plain story text.", "story.txt", False),
    ],
)
def test_html_is_recognized_by_name_or_by_its_first_bytes(data, name, expected):
    assert looks_like_html(data, name) is expected


def test_extract_page_finds_the_article_and_the_page_metadata():
    page = extract_page(page_html().encode("utf-8"))
    assert page.title == "Danbury Asks for Extra $1.2 Million After Snowy Winter"
    assert page.authors == ("Alicia Moreno",)
    assert page.published == "2025-03-18"
    assert page.site_name == "Valley Ledger"
    assert page.canonical_url == "https://www.example-ledger.com/news/danbury-snow-budget"
    assert page.language == "en"
    assert page.charset == "utf-8"
    assert page.text.startswith(page.title + "\n\n")
    assert "Public Works Director Alan Kowalczyk" in page.text
    for noise in ("<", "tracking", "Privacy Policy", "Subscribe", "font-family", "Most read"):
        assert noise not in page.text


def test_meta_charset_decides_the_decoding():
    doc = page_html(
        paragraphs=["Le café de la rue Saint-Honoré a rouvert ses portes mardi à Paris, dit le maire."]
    )
    raw = doc.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    page = extract_page(raw)
    assert page.charset == "windows-1252"
    assert "café de la rue Saint-Honoré" in page.text


@pytest.mark.parametrize(
    "raw",
    [
        b"<!DOCTYPE html><html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>",
        b"<!DOCTYPE html><html><body><script>while(true){}</script></body></html>",
    ],
)
def test_a_page_without_an_article_fails_clearly(raw):
    with pytest.raises(InputError, match="no article text found"):
        extract_page(raw)


def test_extraction_over_the_time_limit_fails_as_a_timeout(monkeypatch):
    def stall(html, url):
        time.sleep(30)

    monkeypatch.setattr(html_mod, "_bare_extraction", stall)
    with pytest.raises(ExtractionTimeout, match="longer than 0.2 s"):
        extract_page(page_html().encode("utf-8"), time_limit=0.2)


def test_hostile_markup_is_parsed_not_run():
    story = " ".join(HARTFORD_PARAGRAPHS)
    deep = "<div>" * 20000 + "x" + "</div>" * 20000
    huge_attr = f'<p data-x="{"A" * 2_000_000}">attribute</p>'
    raw = (
        "<!DOCTYPE html><html><body><script>document.title='pwned'; fetch('http://evil')</script>"
        f"{huge_attr}<article><h1>Warming centers open</h1><p>{story}</p></article>{deep}</body></html>"
    ).encode()
    page = extract_page(raw)
    assert "Parkville library" in page.text
    assert "pwned" not in page.text and "evil" not in page.text and "AAAA" not in page.text


def test_add_keeps_the_raw_html_and_stores_only_extracted_text(tmp_path):
    page = tmp_path / "danbury.html"
    page.write_text(page_html(), encoding="utf-8")
    root = tmp_path / "arch"
    r = run("--archive", root, "add", "--no-tag", "--json", page)
    assert r.exit_code == 0, r.output
    article_id = json.loads(r.stdout)["id"]
    shown = run("--archive", root, "show", article_id, "--json")
    sidecar = json.loads(shown.stdout)
    assert sidecar["title"] == "Danbury Asks for Extra $1.2 Million After Snowy Winter"
    assert sidecar["published"] == "2025-03-18"
    assert sidecar["byline"] == ["Alicia Moreno"]
    assert sidecar["language"] == "en"
    assert sidecar["source"]["page"]["site_name"] == "Valley Ledger"
    refs = {rec["type"]: rec for rec in sidecar["warc"]["records"]}
    warc_path = root / sidecar["warc"]["file"]
    headers, block = read_record(warc_path, refs["resource"]["offset"])
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert block == page.read_bytes()
    _, text = read_record(warc_path, refs["conversion"]["offset"])
    assert b"<" not in text and b"Privacy Policy" not in text
    raw = run("--archive", root, "show", article_id, "--raw")
    assert raw.stdout_bytes == page.read_bytes()


def test_sniffed_html_without_a_suffix_is_extracted_too(tmp_path):
    page = tmp_path / "saved-page"
    page.write_text(page_html(), encoding="utf-8")
    r = run("tag", "--json", page)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["title"].startswith("Danbury Asks")


def test_markup_never_reaches_the_tagger_and_the_canonical_host_names_the_outlet(tmp_path):
    # The report: a saved page was titled "(untitled)" and DOCTYPE tagged as an organization.
    page = tmp_path / "page.html"
    page.write_text(
        page_html(url="https://www.nbcconnecticut.com/news/local/danbury-snow/"), encoding="utf-8"
    )
    r = run("tag", "--json", page)
    assert r.exit_code == 0, r.output
    tags = json.loads(r.stdout)
    assert tags["title"] == "Danbury Asks for Extra $1.2 Million After Snowy Winter"
    names = {o["name"].lower() for o in tags["organizations"]}
    assert not names & {"doctype", "html", "meta", "script"}
    assert tags["outlet"]["name"] == "NBC Connecticut"
    assert tags["outlet"]["how"] == "url"
    assert "Danbury" in {p["name"] for p in tags["locations"]}


def test_a_page_without_article_fails_as_that_item_and_the_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-empty.html").write_text("<!DOCTYPE html><html><body><nav>Home | News</nav></body></html>")
    (d / "b-story.html").write_text(page_html())
    r = run("--archive", tmp_path / "arch", "add", "--no-tag", "--json", d)
    assert r.exit_code == 1
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["status"] for x in lines] == ["failed", "added"]
    assert "no article text found" in lines[0]["error"]


def test_format_text_keeps_markup_as_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(page_html())
    r = run("--archive", tmp_path / "arch", "add", "--no-tag", "--format", "text", "--json", page)
    assert r.exit_code == 0
    sidecar = json.loads(
        run("--archive", tmp_path / "arch", "show", json.loads(r.stdout)["id"], "--json").stdout
    )
    assert "page" not in sidecar["source"]


def test_two_saves_of_one_page_are_versions_of_one_story(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "morning.html").write_text(page_html())
    (d / "evening.html").write_text(page_html(paragraphs=HARTFORD_PARAGRAPHS))  # same canonical URL
    root = tmp_path / "arch"
    r = run("--archive", root, "add", "--no-tag", "--json", d)
    ids = [json.loads(x)["id"] for x in r.stdout.splitlines()]
    assert len(set(ids)) == 2
    targets = set()
    for article_id in ids:
        sc = json.loads(run("--archive", root, "show", article_id, "--json").stdout)
        ref = next(x for x in sc["warc"]["records"] if x["type"] == "resource")
        targets.add(read_record(root / sc["warc"]["file"], ref["offset"])[0]["WARC-Target-URI"])
    assert targets == {target_uri_for(b"", "https://www.example-ledger.com/news/danbury-snow-budget")}
