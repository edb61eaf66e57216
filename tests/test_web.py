"""The web app (``archiver serve``) through Starlette's test client: pages, JSON API, safety rules."""

from __future__ import annotations

import fcntl
import html
import io
import json
import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[web]')")
pytest.importorskip("httpx", reason="the test client needs httpx")

from starlette.testclient import TestClient  # noqa: E402
from webarchive import XSS_TEXT, XSS_TITLE, build  # noqa: E402

from archiver.index.query import SearchRequest  # noqa: E402
from archiver.store.archive import open_archive  # noqa: E402
from archiver.web.app import create_app  # noqa: E402
from tests.indexfiles import catalog_path  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("web") / "archive"
    ids = build(root)
    return root, ids


@pytest.fixture
def client(site):
    return TestClient(create_app(site[0]))


@pytest.fixture
def ids(site):
    return site[1]


def hit_titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="hit-title">([^<]*)</a>', page)]


def facet_links(page: str) -> dict[tuple[str, str], tuple[int, str]]:
    """{(field, value): (count, href)} of the facet links on a search page."""
    out = {}
    for field, body in re.findall(r'<section class="facet" data-field="(\w+)">(.*?)</section>', page, re.S):
        for href, name, count in re.findall(
            r'<a class="facet-value" href="([^"]*)"><span class="name">([^<]*)</span> '
            r'<span class="count">([\d,]+)</span>',
            body,
        ):
            out[(field, html.unescape(name))] = (int(count.replace(",", "")), html.unescape(href))
    return out


def total(page: str) -> int:
    return int(re.search(r'<strong id="total">([\d,]+)</strong>', page).group(1).replace(",", ""))


def library_total(root: Path, **kwargs) -> int:
    with open_archive(root) as archive:
        return archive.search(SearchRequest(**kwargs)).total


# --- search page ---------------------------------------------------------------------------------


def test_search_page_lists_hits_with_outlet_date_and_highlighted_snippet(client, site):
    r = client.get("/", params={"q": "overtime"})
    assert r.status_code == 200
    assert hit_titles(r.text) == ["Danbury Mayor Defends Police Overtime"]
    assert "Hartford Courant" in r.text and "2024-03-15" in r.text
    assert re.search(r"<mark>overtime</mark>", r.text, re.I)
    assert total(r.text) == library_total(site[0], query="overtime") == 1


def test_empty_query_lists_every_article(client, site):
    r = client.get("/")
    assert total(r.text) == library_total(site[0]) == 6


def test_facets_are_links_with_counts_that_narrow_the_search(client, site):
    page = client.get("/", params={"q": "danbury"}).text
    facets = facet_links(page)
    count, href = facets[("outlet", "NBC Connecticut")]
    assert count == library_total(site[0], query='danbury outlet:"NBC Connecticut"')
    assert ("person", "Mark Boughton") in facets
    narrowed = client.get(href)
    assert narrowed.status_code == 200
    assert total(narrowed.text) == count < total(page)
    assert dict(parse_qsl(urlsplit(href).query)) == {"q": "danbury", "outlet": "NBC Connecticut"}
    removed = re.search(r'<a class="chip" href="([^"]*)"', narrowed.text).group(1)
    assert total(client.get(html.unescape(removed)).text) == total(page)


def test_filters_combine_and_reach_organizations(client, site):
    r = client.get("/", params=[("location", "Danbury"), ("person", "Mark Boughton")])
    assert total(r.text) == library_total(site[0], query='location:"Danbury" person:"Mark Boughton"') == 2
    r = client.get("/", params={"org": "ICE"})
    assert hit_titles(r.text) == ["Danbury Council Backs New Rules on Immigration Cooperation"]


def test_date_range_and_sort(client):
    r = client.get("/", params={"since": "2024-02-15", "until": "2024-03-31", "sort": "oldest"})
    assert hit_titles(r.text) == [
        "Hartford Approves School Budget After Long Debate",
        XSS_TITLE,
        "Danbury Mayor Defends Police Overtime",
    ]
    newest = client.get("/", params={"since": "2024-02-15", "until": "2024-03-31", "sort": "newest"})
    assert hit_titles(newest.text) == hit_titles(r.text)[::-1]


def test_paging_walks_the_whole_result_set_once(client):
    seen = []
    for page in (1, 2, 3):
        r = client.get("/", params={"sort": "newest", "size": "2", "page": str(page)})
        assert r.status_code == 200
        seen.extend(hit_titles(r.text))
        assert ('id="next"' in r.text) == (page < 3)
    everything = hit_titles(client.get("/", params={"sort": "newest"}).text)
    assert seen == everything and len(seen) == 6


def test_every_state_is_in_the_links(client):
    params = {
        "q": "danbury",
        "outlet": "NBC Connecticut",
        "since": "2024-01-01",
        "sort": "newest",
        "by": "week",
    }
    page = client.get("/", params=params).text
    export = html.unescape(re.search(r'href="([^"]*)" id="export-csv"', page).group(1))
    chart = html.unescape(re.search(r'data-src="([^"]*)"', page).group(1))
    for link in (export, chart):
        assert dict(parse_qsl(urlsplit(link).query)) == params


# --- bad parameters: 400 with the parser's message, never 500 ----------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": '"open phrase'}, "unbalanced quote"),
        ({"q": "danbury OR"}, "OR needs a term on both sides"),
        ({"q": "(danbury"}, "unbalanced parenthesis"),
        ({"q": "ab*"}, "too short"),
        ({"since": "not a date at all"}, "not a date at all"),
        ({"since": "2024-05-01", "until": "2024-01-01"}, "after"),
        ({"sort": "random"}, "unknown sort"),
        ({"page": "0"}, "page must be"),
        ({"page": "x"}, "page must be"),
        ({"size": "100000"}, "size must be"),
        ({"page": "100000"}, "too deep"),
        ({"by": "decade"}, "unknown timeline period"),
        ({"split": "weather"}, "can be split by"),
    ],
)
def test_bad_parameters_are_a_400_with_the_message(client, params, message):
    r = client.get("/", params=params)
    assert r.status_code == 400
    shown = html.unescape(re.search(r'id="error-message">(.*?)</p>', r.text, re.S).group(1))
    assert message in shown
    api = client.get("/api/search", params=params)
    assert api.status_code == 400 and message in api.json()["error"]
    assert client.get("/api/timeline", params=params).status_code == 400


def test_the_message_is_the_parsers_own(client):
    from archiver.errors import QuerySyntaxError
    from archiver.index.query import parse_query

    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("person:")
    assert client.get("/api/search", params={"q": "person:"}).json()["error"] == str(caught.value)


# --- escaping -----------------------------------------------------------------------------------


def test_title_and_text_with_markup_are_escaped(client, ids):
    search = client.get("/", params={"q": "catalogue"}).text
    assert XSS_TITLE not in search and html.escape(XSS_TITLE, quote=False) in search
    article = client.get(f"/article/{ids['xss']}").text
    assert "<script>alert" not in article and "<img src=x" not in article
    assert html.escape(XSS_TITLE, quote=False) in article
    assert html.escape(XSS_TEXT, quote=False) in article


def test_query_and_filter_values_are_escaped(client):
    evil = '"><script>alert(3)</script>'
    r = client.get("/", params={"q": "x", "person": evil})
    assert r.status_code == 200
    assert "<script>alert(3)" not in r.text
    bad = client.get("/", params={"q": '<script>alert(4)</script> "'})
    assert bad.status_code == 400 and "<script>alert(4)" not in bad.text


# --- security headers, read-only, paths --------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/?q=%22", "/api/search", "/static/app.js", "/nope", "/article/ffff0000"]
)
def test_every_response_carries_a_strict_csp(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_hold_no_inline_script(client, ids):
    for path in ("/", f"/article/{ids['danbury']}", "/?q=%22"):
        page = client.get(path).text
        assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js" defer>']
        assert not re.search(r"\son\w+=", page)


@pytest.mark.parametrize(
    "path",
    [
        "/raw/../../etc/passwd",
        "/raw/%2e%2e/%2e%2e/etc/passwd",
        "/raw/..%2f..%2fetc%2fpasswd",
        "/article/..%2f..%2fetc%2fpasswd",
        "/record/%2fetc%2fpasswd",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/export.passwd",
    ],
)
def test_no_url_path_reaches_the_file_system(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text and "create_app" not in r.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_no_route_writes(client, ids, method):
    for path in ("/", f"/article/{ids['danbury']}", "/api/search", f"/raw/{ids['danbury']}"):
        assert client.request(method, path).status_code == 405


def test_requests_leave_the_archive_files_untouched(client, site, ids):
    root = site[0]

    def snapshot():
        return {
            p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*")
            if p.is_file() and "index" not in p.relative_to(root).parts[:1]
        }

    before = snapshot()
    for path in ("/", "/?q=danbury", f"/article/{ids['danbury']}", f"/raw/{ids['danbury']}", "/api/timeline"):
        assert client.get(path).status_code == 200
    assert snapshot() == before


# --- article page --------------------------------------------------------------------------------


def test_article_page_highlights_tags_with_their_kind_place_and_confidence(client, ids):
    page = client.get(f"/article/{ids['danbury']}").text
    mentions = re.findall(r'<a class="tag tag-(\w+)" href="[^"]*" title="([^"]*)"[^>]*>([^<]*)</a>', page)
    kinds = {(kind, text) for kind, _, text in mentions}
    assert ("person", "Mark Boughton") in kinds
    assert ("place", "Danbury") in kinds
    titles = [html.unescape(t) for kind, t, text in mentions if kind == "place" and text == "Danbury"]
    assert titles and "Connecticut" in titles[0] and "confidence" in titles[0]


def test_article_page_lists_tags_with_evidence_and_geonames_links(client, ids):
    page = client.get(f"/article/{ids['danbury']}").text
    assert re.search(r'href="https://www\.geonames\.org/\d+"', page)
    assert "immigration" in page and "evidence:" in page
    assert "NBC Connecticut" in page


def test_more_like_this_shares_people_or_places(client, ids):
    page = client.get(f"/article/{ids['boughton']}").text
    section = page[page.index('id="more-like-this"') :]
    linked = re.findall(r'href="/article/(\w+)"', section)
    assert ids["danbury"] in linked and ids["boughton"] not in linked
    assert linked.index(ids["danbury"]) == 0  # shares both Mark Boughton and Danbury


def test_raw_download_is_the_original_bytes(client, ids):
    from webarchive import ARTICLES

    r = client.get(f"/raw/{ids['danbury']}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert "attachment" in r.headers["content-disposition"]
    assert r.content == ARTICLES[0][1].encode()


def test_record_download_names_file_offsets_and_digests(client, site, ids):
    r = client.get(f"/record/{ids['danbury']}")
    body = r.json()
    assert "attachment" in r.headers["content-disposition"]
    assert body["warc"]["file"].startswith("warc/") and (site[0] / body["warc"]["file"]).exists()
    assert {rec["type"] for rec in body["warc"]["records"]} == {"resource", "conversion", "metadata"}
    assert body["digests"]["raw"].startswith("sha256:")


def test_article_ids_by_prefix_unknown_and_ambiguous(client, ids):
    assert client.get(f"/article/{ids['nairobi'][:6]}").status_code == 200
    assert client.get("/article/0000000000").status_code == 404
    assert client.get("/api/article/0000000000").json()["status"] == 404
    assert client.get("/article/not-an-id").status_code == 404


# --- JSON API -----------------------------------------------------------------------------------


def test_api_search_matches_the_page(client, site):
    body = client.get("/api/search", params={"q": "danbury", "sort": "newest"}).json()
    assert body["total"] == library_total(site[0], query="danbury")
    assert [h["title"] for h in body["hits"]] == hit_titles(
        client.get("/", params={"q": "danbury", "sort": "newest"}).text
    )
    assert {"outlet", "location", "person", "topic"} <= set(body["facets"])
    assert all(h["url"] == f"/article/{h['id']}" for h in body["hits"])


def test_api_article_has_sidecar_and_text(client, ids):
    body = client.get(f"/api/article/{ids['danbury'][:8]}").json()
    assert body["sidecar"]["id"] == ids["danbury"]
    assert "Mayor Mark Boughton" in body["text"].replace("\n", " ")
    assert body["links"]["raw"] == f"/raw/{ids['danbury']}"


def test_api_timeline_counts_are_exact(client, site):
    body = client.get("/api/timeline", params={"by": "month"}).json()
    dated = sum(sum(s["counts"]) for s in body["series"])
    assert body["total"] == library_total(site[0]) and dated + body["undated"] == body["total"]
    assert body["undated"] == 1  # the earnings story has no date
    assert body["periods"] == ["2024-02", "2024-03", "2024-04"]
    assert body["ranges"][0] == ["2024-02-01", "2024-02-29"]
    split = client.get("/api/timeline", params={"q": "danbury", "split": "outlet", "by": "week"}).json()
    assert {s["label"] for s in split["series"]} == {"NBC Connecticut", "Hartford Courant"}
    assert all(p.startswith("2024-W") for p in split["periods"])


# --- export -------------------------------------------------------------------------------------


def test_export_streams_the_current_result_set(client, site):
    n = library_total(site[0], query="danbury")
    jsonl = client.get("/export.jsonl", params={"q": "danbury"})
    assert jsonl.status_code == 200
    assert len([line for line in jsonl.text.splitlines() if line.strip()]) == n
    csv_ = client.get("/export.csv", params={"q": "danbury"})
    assert csv_.status_code == 200 and csv_.headers["content-type"].startswith("text/csv")
    assert client.get("/export.csv", params={"q": '"'}).status_code == 400


# --- reading while add writes -------------------------------------------------------------------


def test_pages_work_while_a_writer_holds_the_lock_and_a_transaction(client, site, ids):
    root = site[0]
    fd = os.open(root / ".lock", os.O_RDWR)
    conn = sqlite3.connect(catalog_path(root), timeout=1, isolation_level=None)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE articles SET id = id WHERE 0")
        assert client.get("/", params={"q": "danbury"}).status_code == 200
        assert client.get(f"/article/{ids['danbury']}").status_code == 200
        assert client.get("/api/timeline").status_code == 200
    finally:
        conn.execute("ROLLBACK")
        conn.close()
        os.close(fd)


def test_new_articles_show_up_without_a_restart(tmp_path):
    from archiver.inputs.reader import iter_inputs
    from archiver.store.archive import AddOptions

    root = tmp_path / "live"
    build(root)
    client = TestClient(create_app(root))
    before = client.get("/api/search").json()["total"]
    line = json.dumps({"text": "Harbor Ferry Adds a Night Run\n\nThe harbor ferry adds a night run.\n"})
    with open_archive(root) as archive:
        list(
            archive.add(iter_inputs(["-"], fmt="jsonl", stdin=io.BytesIO(line.encode())), AddOptions(jobs=1))
        )
    assert client.get("/api/search").json()["total"] == before + 1
    assert client.get("/", params={"q": "ferry"}).status_code == 200


def test_a_missing_archive_is_a_clear_error_page(tmp_path):
    r = TestClient(create_app(tmp_path / "nothing")).get("/")
    assert r.status_code == 503 and "no archive at" in html.unescape(r.text)


def test_history_lists_the_earlier_copy_of_the_same_text(tmp_path):
    from articles import HARTFORD_BUDGET

    from archiver.inputs.reader import iter_inputs
    from archiver.store.archive import AddOptions

    root = tmp_path / "dups"
    lines = [
        json.dumps({"text": HARTFORD_BUDGET}),
        json.dumps({"text": HARTFORD_BUDGET.replace("\n", "\r\n")}),
    ]
    with open_archive(root, create=True) as archive:
        stdin = io.BytesIO(("\n".join(lines) + "\n").encode())
        first, second = list(archive.add(iter_inputs(["-"], fmt="jsonl", stdin=stdin), AddOptions(jobs=1)))
    assert first.status == second.status == "added"
    page = TestClient(create_app(root)).get(f"/article/{second.id}").text
    history = page[page.index('id="history"') :]
    assert f'href="/article/{first.id}"' in history and "same text as" in history


def test_results_come_first_and_the_facets_after_them(client, ids):
    page = client.get("/", params={"q": "danbury"}).text
    assert page.index('id="hits"') < page.index('id="facets"') < page.index("</html>")
    assert "<!--flush-->" not in page
    article = client.get(f"/article/{ids['danbury']}").text
    assert article.index('id="text"') < article.index('id="more-like-this"')
    assert "<!--flush-->" not in article and article.rstrip().endswith("</html>")
