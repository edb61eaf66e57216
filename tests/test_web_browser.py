"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright; no browser download):
type a query, click a facet, brush the timeline, open an article, and check the XSS cases render as text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install '.[web]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from webarchive import XSS_TEXT, XSS_TITLE, build  # noqa: E402
from webserver import LAUNCH_ARGS, serving  # noqa: E402

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).is_file()), None
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (as root: apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def ids_and_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser") / "archive"
    ids = build(root)
    with serving(root) as server:
        yield ids, server


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, ids_and_server):
    """A fresh page that records dialogs (an alert means an XSS ran), console errors and CSP reports."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.console_errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture
def base(ids_and_server):
    return ids_and_server[1].base


@pytest.fixture
def ids(ids_and_server):
    return ids_and_server[0]


def count(pg) -> int:
    return int(pg.locator("#total").inner_text().replace(",", ""))


def params(pg) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(pg.url).query))


def test_type_a_query_then_click_a_facet_and_the_count_changes(page, base):
    page.goto(base + "/")
    everything = count(page)
    page.fill("#q", "danbury")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=danbury"))
    found = count(page)
    assert 0 < found < everything
    assert page.locator(".hit mark").count() > 0
    facet = page.locator('section.facet[data-field="outlet"] a.facet-value', has_text="NBC Connecticut")
    expected = int(facet.locator(".count").inner_text().replace(",", ""))
    facet.click()
    page.wait_for_url(re.compile(r"outlet=NBC"))
    assert count(page) == expected < found
    assert params(page) == {"q": "danbury", "outlet": "NBC Connecticut"}
    page.locator("a.chip").click()  # remove the filter again
    page.wait_for_load_state()
    assert count(page) == found
    assert page.dialogs == [] and page.console_errors == []


def test_sort_select_submits_and_keeps_the_state_in_the_url(page, base):
    page.goto(base + "/?q=danbury")
    page.select_option("#sort", "oldest")
    page.wait_for_url(re.compile(r"sort=oldest"))
    dates = page.locator(".hit time").all_inner_texts()
    assert dates == sorted(dates) and params(page)["q"] == "danbury"


def test_timeline_draws_and_brushing_sets_the_date_range(page, base):
    page.goto(base + "/")
    page.wait_for_selector("#timeline[data-ready='1']")
    bars = page.locator("#timeline-chart rect.bar")
    assert bars.count() == 3  # Feb, Mar, Apr 2024
    everything = count(page)
    first = bars.nth(0).bounding_box()
    second = bars.nth(1).bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] - 2)
    page.mouse.down()
    page.mouse.move(second["x"] + second["width"] / 2, second["y"] + second["height"] - 2, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r"since="))
    assert params(page)["since"] == "2024-02-01" and params(page)["until"] == "2024-03-31"
    assert count(page) == 4 < everything
    assert page.input_value("#since") == "2024-02-01"
    assert page.console_errors == []


def test_timeline_split_by_outlet_shows_a_legend(page, base):
    page.goto(base + "/?q=danbury&split=outlet&by=week")
    page.wait_for_selector("#timeline[data-ready='1']")
    legend = page.locator("#timeline .legend").inner_text()
    assert "NBC Connecticut" in legend and "Hartford Courant" in legend


def test_open_an_article_and_see_its_highlights(page, base):
    page.goto(base + "/?q=immigration")
    page.locator("a.hit-title", has_text="Danbury Council").click()
    page.wait_for_url(re.compile(r"/article/"))
    person = page.locator("#text a.tag-person", has_text="Mark Boughton").first
    assert person.is_visible()
    assert "person: Mark Boughton" in person.get_attribute("title")
    place = page.locator("#text a.tag-place", has_text="Danbury").first
    assert "Connecticut" in place.get_attribute("title")
    color = person.evaluate("e => getComputedStyle(e).backgroundColor")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet loaded under the CSP
    person.click()  # everything else about him
    page.wait_for_url(re.compile(r"person="))
    assert count(page) == 2
    assert page.console_errors == []


def test_xss_title_and_text_render_as_text(page, base, ids):
    page.goto(base + "/?q=catalogue")
    assert page.locator("a.hit-title").first.inner_text() == XSS_TITLE
    page.goto(f"{base}/article/{ids['xss']}")
    assert page.locator("#title").inner_text() == XSS_TITLE
    assert XSS_TEXT in page.locator("#text").inner_text()
    assert page.locator("#text img").count() == 0 and page.locator("main script").count() == 0
    page.goto(base + "/?q=" + "%3Cscript%3Ealert(5)%3C%2Fscript%3E%20%22")  # a bad query echoed back
    assert "unbalanced quote" in page.locator("#error-message").inner_text()
    assert page.input_value("#q") == '<script>alert(5)</script> "'
    page.wait_for_timeout(200)
    assert page.dialogs == []


def test_the_csp_blocks_an_injected_inline_script(page, base):
    page.goto(base + "/")
    ran = page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 1';
                  document.body.appendChild(s); return window.__pwned === 1; }"""
    )
    assert ran is False
    assert any("Content Security Policy" in e for e in page.console_errors)


def test_bad_query_shows_the_message_not_a_crash(page, base):
    response = page.goto(base + "/?q=danbury%20OR")
    assert response.status == 400
    assert "OR needs a term on both sides" in page.locator("#error-message").inner_text()
